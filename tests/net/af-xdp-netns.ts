// Network namespaces with veth pairs for the AF_XDP tests: made fresh per test, always
// deleted (deleting a namespace removes its devices, XDP programs and sockets).
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "..", "..");

export function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Why AF_XDP tests cannot run here, or undefined when they can.
export function afXdpUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces, XDP)";
  try {
    sh("ip", ["-V"]);
  } catch {
    return "iproute2 (ip) is not installed";
  }
  const ns = `xdpprobe${process.pid}`;
  try {
    sh("ip", ["netns", "add", ns]);
  } catch (e) {
    return `cannot create a network namespace: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    try {
      sh("ip", ["netns", "del", ns]);
    } catch {
      // not created
    }
  }
  return undefined;
}

let seq = 0;

export interface VethNs {
  ns: string;
  a: string;
  b: string;
  run(cmd: string, args: string[]): string;
  del(): void;
}

// A namespace holding veth pair a <-> b, both up. `queues` sets numrx/numtxqueues.
export function makeVethNs(queues = 1): VethNs {
  const ns = `xdpt${process.pid}x${seq++}`;
  sh("ip", ["netns", "add", ns]);
  const v: VethNs = {
    ns,
    a: "xva",
    b: "xvb",
    run: (cmd, args) => sh("ip", ["netns", "exec", ns, cmd, ...args]),
    del: () => {
      try {
        sh("ip", ["netns", "del", ns]);
      } catch {
        // already gone
      }
    },
  };
  try {
    const q = queues > 1 ? ["numtxqueues", String(queues), "numrxqueues", String(queues)] : [];
    sh("ip", ["-n", ns, "link", "add", v.a, ...q, "type", "veth", "peer", "name", v.b, ...q]);
    sh("ip", ["-n", ns, "link", "set", v.a, "up"]);
    sh("ip", ["-n", ns, "link", "set", v.b, "up"]);
    sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
  } catch (e) {
    v.del();
    throw e;
  }
  return v;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs a command inside the namespace with a time limit (killed after timeoutMs).
export function runInNs(
  ns: string,
  cmd: string[],
  timeoutMs = 30000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", ns, ...cmd], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Like runInNs, plus `ready`: resolves when the command prints a {"ready":true} line (or ends).
export function startInNs(
  ns: string,
  cmd: string[],
  timeoutMs = 30000,
): { ready: Promise<void>; done: Promise<RunResult> } {
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  const done = new Promise<RunResult>((resolve) => {
    const child = spawn("ip", ["netns", "exec", ns, ...cmd], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('{"ready":true}')) onReady();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      onReady();
      resolve({ code, stdout, stderr });
    });
  });
  return { ready, done };
}

// Runs tests/net/af-xdp-driver.ts in the namespace with one scenario; returns its JSON.
export async function driver(
  ns: string,
  scenario: object,
  timeoutMs = 30000,
): Promise<Record<string, unknown>> {
  const r = await runInNs(
    ns,
    ["node", "--import", "tsx", path.join(here, "af-xdp-driver.ts"), JSON.stringify(scenario)],
    timeoutMs,
  );
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`driver failed (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  }
}
