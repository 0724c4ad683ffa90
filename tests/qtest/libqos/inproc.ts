// An in-process machine for tests: `virt` with one virtio-net-pci whose netdev is a test peer
// (a NetClient the test controls), driven through the qtest protocol without a socket.
import { QtestServer } from "../../../accel/qtest";
import { VirtMachine } from "../../../hw/virt/virt";
import { NetClient, deleteNetClient } from "../../../net/net";
import type { VirtioNetPci } from "../../../hw/net/virtio-net-pci";
import { QTest } from "./libqtest";
import { InProcessLink } from "./qtest-link";
import { GuestAlloc } from "./malloc";

/** The far end of the NIC: records what the guest sent, sends frames towards the guest. */
export class TestPeer extends NetClient {
  readonly received: Buffer[] = [];
  /** When false, the peer refuses frames (0 = "queue it"), to exercise back-pressure. */
  accepting = true;
  constructor(name: string, queueIndex = 0) {
    super({ type: "socket", model: "test-peer", name, isNetdev: true, queueIndex });
    this.infoStr = "test peer";
  }
  receive(frame: Uint8Array): number {
    if (!this.accepting) return 0;
    this.received.push(Buffer.from(frame));
    return frame.length;
  }
}

export interface InprocMachine {
  machine: VirtMachine;
  qts: QTest;
  link: InProcessLink;
  alloc: GuestAlloc;
  peer: TestPeer;
  dev: VirtioNetPci;
  errors: string[];
  close(): void;
}

export function startInproc(deviceProps: [string, string][] = [], ramMiB = 64): InprocMachine {
  const machine = new VirtMachine(ramMiB * 1048576);
  const peer = new TestPeer("n0");
  const dev = machine.addDevice("virtio-net-pci", [
    ["netdev", "n0"],
    ["id", "net0"],
    ...deviceProps,
  ]) as VirtioNetPci;
  const errors: string[] = [];
  dev.net.errorSink = (m) => errors.push(m);
  const link = new InProcessLink(new QtestServer(machine));
  const qts = new QTest(link);
  // Leave the first MiB of RAM alone; tests allocate rings and buffers above it.
  const alloc = new GuestAlloc(0x40100000, 0x40000000 + ramMiB * 1048576);
  return {
    machine,
    qts,
    link,
    alloc,
    peer,
    dev,
    errors,
    close() {
      machine.destroy();
      deleteNetClient(peer);
    },
  };
}
