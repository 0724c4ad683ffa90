// The human monitor (HMP): one command per line, output text with "\r\n" line ends as
// QEMU's monitor writes it. Used by `-monitor stdio` and QMP's human-monitor-command.

import { QemuError, errorMessage } from "./error";
import { findHmpCommand, findHmpInfo, hmpHelpText, hmpInfoHelpText } from "./commands";
import { monitorsReady } from "./runstate";
import { versionString } from "./version";

export function toMonitorText(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

// Runs one HMP line; returns its output with "\n" line ends.
export async function runHmpLine(line: string): Promise<string> {
  const trimmed = line.trim();
  if (trimmed === "") return "";
  const words = trimmed.split(/\s+/);
  const name = words[0] as string;
  try {
    if (name === "info") {
      const what = words[1];
      if (what === undefined) return hmpInfoHelpText();
      const info = findHmpInfo(what);
      if (!info) return `unknown command: 'info ${what}'\n`;
      return await info.handler();
    }
    if (name === "help" || name === "?") return hmpHelpText();
    const cmd = findHmpCommand(name);
    if (!cmd) return `unknown command: '${name}'\n`;
    return await cmd.handler(words.slice(1), trimmed);
  } catch (e) {
    if (e instanceof QemuError) return `Error: ${e.message}\n`;
    return `Error: internal error: ${errorMessage(e)}\n`;
  }
}

export function hmpBanner(): string {
  return `QEMU ${versionString()} monitor - type 'help' for more information\n`;
}

export const HMP_PROMPT = "(qemu) ";

// An interactive HMP session over a text stream (e.g. stdio).
export class HmpSession {
  private buf = "";
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly write: (text: string) => void) {
    this.chain = monitorsReady().then(() => this.write(toMonitorText(hmpBanner()) + HMP_PROMPT));
  }

  feed(text: string): void {
    this.buf += text;
    let nl: number;
    while ((nl = this.buf.indexOf("\n")) >= 0) {
      const line = this.buf.slice(0, nl).replace(/\r$/, "");
      this.buf = this.buf.slice(nl + 1);
      this.chain = this.chain.then(async () => {
        const out = await runHmpLine(line);
        // No prompt after quit: the monitor is going away.
        const quitting = /^\s*(quit|q)\s*$/.test(line);
        this.write(toMonitorText(out) + (quitting ? "" : HMP_PROMPT));
      });
    }
  }

  idle(): Promise<void> {
    return this.chain;
  }
}
