// One QMP session (QEMU's monitor/qmp.c protocol): greeting on connect, then JSON objects
// {"execute": CMD, "arguments": {…}, "id": ANY}. Until qmp_capabilities only that command
// is accepted. Answers are {"return": …} or {"error": {"class", "desc"}}, with the request's
// id echoed; events go to every session that finished negotiation.

import { QemuError, errorMessage } from "./error";
import { checkQmpArgs, findQmpCommand } from "./commands";
import { JsonStreamSplitter, qmpStringify } from "./json";
import { monitorsReady } from "./runstate";
import { QEMU_E2K_PACKAGE, QEMU_E2K_VERSION } from "./version";

const sessions = new Set<QmpSession>();

export function qmpGreeting(): string {
  return qmpStringify({
    QMP: { version: { qemu: { ...QEMU_E2K_VERSION }, package: QEMU_E2K_PACKAGE }, capabilities: ["oob"] },
  });
}

export function emitQmpEvent(event: string, data?: Record<string, unknown>): void {
  const now = Date.now();
  const msg: Record<string, unknown> = {
    timestamp: { seconds: Math.floor(now / 1000), microseconds: (now % 1000) * 1000 },
    event,
  };
  if (data !== undefined) msg.data = data;
  const text = qmpStringify(msg);
  for (const s of sessions) if (s.negotiated) s.writeLine(text);
}

export class QmpSession {
  negotiated = false;
  private readonly splitter = new JsonStreamSplitter();
  // Requests run one after another, in arrival order, even when a handler is async.
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly write: (text: string) => void) {
    this.chain = monitorsReady().then(() => {
      sessions.add(this);
      this.writeLine(qmpGreeting());
    });
  }

  writeLine(text: string): void {
    if (!this.closed) this.write(text + "\r\n");
  }

  close(): void {
    this.closed = true;
    sessions.delete(this);
  }

  feed(text: string): void {
    for (const raw of this.splitter.feed(text)) {
      this.chain = this.chain.then(() => this.handleText(raw));
    }
  }

  // Resolves when every request fed so far has been answered.
  idle(): Promise<void> {
    return this.chain;
  }

  private async handleText(raw: string): Promise<void> {
    let req: unknown;
    try {
      req = JSON.parse(raw);
    } catch {
      this.writeLine(
        qmpStringify({ error: { class: "GenericError", desc: "JSON parse error, invalid token" } }),
      );
      return;
    }
    const reply = await this.dispatch(req);
    this.writeLine(qmpStringify(reply));
  }

  private async dispatch(req: unknown): Promise<Record<string, unknown>> {
    const withId = (r: Record<string, unknown>, id: unknown) => (id === undefined ? r : { ...r, id });
    if (typeof req !== "object" || req === null || Array.isArray(req)) {
      return errorReply(new QemuError("QMP input must be a JSON object"));
    }
    const o = req as Record<string, unknown>;
    const id = o.id;
    try {
      for (const k of Object.keys(o)) {
        if (k !== "execute" && k !== "exec-oob" && k !== "arguments" && k !== "id" && k !== "control") {
          throw new QemuError(`QMP input member '${k}' is unexpected`);
        }
      }
      if (o["exec-oob"] !== undefined) throw new QemuError("QMP input member 'exec-oob' is unexpected");
      const name = o.execute;
      if (name === undefined) throw new QemuError("QMP input lacks member 'execute'");
      if (typeof name !== "string") throw new QemuError("QMP input member 'execute' must be a string");
      const args = o.arguments ?? {};
      if (typeof args !== "object" || args === null || Array.isArray(args)) {
        throw new QemuError("QMP input member 'arguments' must be an object");
      }
      if (name === "qmp_capabilities") {
        if (this.negotiated) {
          throw new QemuError(
            "Capabilities negotiation is already complete, command ignored",
            "CommandNotFound",
          );
        }
        checkQmpArgs({ enable: { type: "array", optional: true } }, args as Record<string, unknown>);
        const enable = (args as { enable?: unknown[] }).enable ?? [];
        for (const cap of enable) {
          if (cap !== "oob") throw new QemuError(`Parameter 'enable' does not accept value '${String(cap)}'`);
          throw new QemuError("Capability 'oob' not available");
        }
        this.negotiated = true;
        return withId({ return: {} }, id);
      }
      if (!this.negotiated) {
        throw new QemuError("Expecting capabilities negotiation with 'qmp_capabilities'", "CommandNotFound");
      }
      const cmd = findQmpCommand(name);
      if (!cmd) throw new QemuError(`The command ${name} has not been found`, "CommandNotFound");
      checkQmpArgs(cmd.args, args as Record<string, unknown>);
      const ret = await cmd.handler(args as Record<string, unknown>);
      return withId({ return: ret ?? {} }, id);
    } catch (e) {
      return withId(errorReply(e), id);
    }
  }
}

function errorReply(e: unknown): Record<string, unknown> {
  if (e instanceof QemuError) return { error: { class: e.errorClass, desc: e.message } };
  // An unexpected exception inside a handler is a bug, reported rather than fatal.
  return { error: { class: "GenericError", desc: `internal error: ${errorMessage(e)}` } };
}
