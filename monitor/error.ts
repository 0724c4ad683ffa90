// QEMU's Error with its QMP error class. Every failure a user can cause (a bad option, an
// unknown netdev id, a command that does not exist) is thrown as a QemuError; the monitor
// turns it into {"error": {"class": …, "desc": …}} and the command line prints
// "qemu-e2k: <desc>" and exits 1, as QEMU does.

// The classes QEMU's QAPI still defines (qapi/error.json); almost everything is GenericError.
export type QmpErrorClass =
  "GenericError" | "CommandNotFound" | "DeviceNotActive" | "DeviceNotFound" | "KVMMissingCap";

export class QemuError extends Error {
  constructor(
    message: string,
    readonly errorClass: QmpErrorClass = "GenericError",
  ) {
    super(message);
    this.name = "QemuError";
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
