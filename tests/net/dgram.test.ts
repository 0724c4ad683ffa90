// dgram: unicast both ways with exact contents, and back-pressure on the way out: at most
// 512 datagrams wait inside Node's socket, the rest queue in the NetQueue and drain.
import t from "tap";
import "../../net/netdevs";
import { connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { formatInfoNetwork } from "../../net/info";
import { TestClient, frame } from "./test-client";
import { freePort, udpEndpoint, waitUntil } from "./qemu-ref";

t.test("dgram unicast and TX back-pressure", async (t) => {
  const [pa, pb] = [await freePort("udp"), await freePort("udp")];
  await netdevAddFromText(
    `dgram,id=dg,local.type=inet,local.host=127.0.0.1,local.port=${pa},remote.type=inet,remote.host=127.0.0.1,remote.port=${pb}`,
  );
  const dg = findNetClientsByName("dg")[0] as TestClient;
  const nic = new TestClient("gnic");
  connectPeers(dg, nic);
  const far = await udpEndpoint(pb);
  t.teardown(() => {
    netdevDel("dg");
    nic.runCleanup();
    nic.runFree();
    far.close();
  });
  t.equal(
    formatInfoNetwork(),
    `gnic: index=0,type=nic,\n \\ dg: index=0,type=dgram,udp=127.0.0.1:${pa}/127.0.0.1:${pb}\n`,
  );

  await far.send(frame(1, 300), pa);
  await nic.waitFor(1);
  t.ok((nic.got[0] as Buffer).equals(frame(1, 300)), "inbound exact");

  const burst = 2000;
  for (let i = 0; i < burst; i++) nic.sendPacket(frame(i, 60));
  t.equal(dg.incomingQueue.length, burst - 512, "beyond 512 in flight, frames wait in the queue");
  await waitUntil("the queue to drain", () => dg.incomingQueue.length === 0, 20000);
  await waitUntil("some datagrams at the far end", () => far.got.length > 0);
  // Loopback may drop datagrams when the receiver's buffer is full; what arrives is in order.
  const seq = far.got.map((b) => b.readUInt32BE(14));
  t.ok(
    seq.every((v, i) => i === 0 || v > (seq[i - 1] as number)),
    `${seq.length} datagrams arrived in order`,
  );
});
