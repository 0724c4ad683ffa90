// Registers every netdev type this binary has (`-netdev help` lists them in this order).
import "./socket";
import "./stream";
import "./dgram";
import "./hub";
import "./tap";
import "./af-xdp";
