// Connects a QtestServer to its character device: `unix:PATH` / `tcp:HOST:PORT` connect to a
// socket the test already listens on (libqtest's way), `,server=on` listens for one client
// instead, `stdio` uses the process's stdin/stdout. As in QEMU (system/qtest.c), the test
// hanging up only logs CLOSED: the emulator keeps running until it is told to quit or gets
// a signal (libqtest's qtest_quit sends SIGTERM and expects exit status 0). A listening
// chardev (server=on) then accepts the next client, as QEMU's socket chardev does.
import net from "node:net";
import { Duplex } from "node:stream";
import { QemuError } from "../monitor/error";
import type { ChardevSpec } from "../monitor/server";
import type { QtestServer } from "./qtest";

export interface QtestConnection {
  close(): void;
}

export async function connectQtest(
  server: QtestServer,
  spec: ChardevSpec,
  text: string,
): Promise<QtestConnection> {
  if (spec.kind === "stdio") {
    const d = Duplex.from({ readable: process.stdin, writable: process.stdout });
    server.attach(d);
    return { close: () => d.destroy() };
  }
  if (spec.kind === "none") throw new QemuError(`Failed to initialize device for qtest: "${text}"`);
  const target = spec.kind === "unix" ? { path: spec.path } : { host: spec.host, port: spec.port };
  const where = spec.kind === "unix" ? spec.path : `${spec.host}:${spec.port}`;
  if (!spec.server) {
    const sock = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(target);
      s.once("connect", () => resolve(s));
      s.once("error", (e) => reject(new QemuError(`Failed to connect to '${where}': ${e.message}`)));
    });
    server.attach(sock);
    return { close: () => sock.destroy() };
  }
  const listener = net.createServer({ pauseOnConnect: false });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", (e) => reject(new QemuError(`Failed to bind socket to ${where}: ${e.message}`)));
    listener.listen(target, () => resolve());
  });
  let client: net.Socket | undefined;
  const connected = new Promise<void>((resolve) => {
    listener.on("connection", (s) => {
      if (client) {
        s.destroy(); // one test at a time, as QEMU's chardev
        return;
      }
      client = s;
      server.attach(s, () => {
        if (client === s) client = undefined;
      });
      resolve();
    });
  });
  // wait=on (the default for server=on) holds start-up until the test connects.
  if (spec.wait) await connected;
  return {
    close: () => {
      client?.destroy();
      listener.close();
    },
  };
}
