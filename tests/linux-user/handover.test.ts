// The mode rule, defined once in linux-user/mode-rule.json, as applied by the sh launcher
// build/qemu-e2k and by linux-user/handover.ts: both must pick the same mode for every line, and a
// user-mode line must end the same way as the runtime (exit status, death signal).
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { isSystemModeCommandLine } from "../../linux-user/handover";
import { buildDir, programsDir, runCommand } from "./lib/guest-run";

const tmp = mkdtempSync(path.join(tmpdir(), "qemu-e2k-handover-"));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

// A copy of the real launcher next to two recorders standing in for the runtime and the Node entry,
// so each line shows which one the launcher chose and with which arguments.
const fakeBuild = path.join(tmp, "build");
mkdirSync(path.join(fakeBuild, "js"), { recursive: true });
copyFileSync(path.join(buildDir, "qemu-e2k"), path.join(fakeBuild, "qemu-e2k"));
writeFileSync(
  path.join(fakeBuild, "qemu-e2k-static"),
  '#!/bin/sh\nprintf "user"; for a in "$@"; do printf " [%s]" "$a"; done\n',
);
chmodSync(path.join(fakeBuild, "qemu-e2k-static"), 0o755);
writeFileSync(
  path.join(fakeBuild, "js", "qemu-e2k.mjs"),
  'process.stdout.write("system" + process.argv.slice(2).map((a) => ` [${a}]`).join(""));\n',
);

const LINES: string[][] = [
  ["./prog"],
  ["./prog", "-M", "virt"],
  ["-cpu", "e8c", "./prog", "-m", "1"],
  ["-M", "virt"],
  ["-machine", "virt", "-m", "128"],
  ["--machine", "virt"],
  ["-m", "128M"],
  ["-nodefaults", "-qtest", "unix:/tmp/q"],
  ["-accel", "tcg", "-M", "virt"],
  ["-accel", "tcg,interp=on", "./prog"],
  ["-d", "-M", "./prog"],
  ["-E", "-M=1", "./prog"],
  ["-strace", "-netdev", "user,id=n0"],
  ["-strace", "./prog", "-netdev"],
  ["--", "-M"],
  ["-L", "/sysroot", "-s", "1M", "-0", "x", "-D", "log", "-U", "A", "./prog"],
  ["-h"],
  [],
  ["-device", "virtio-net-pci"],
  ["-display", "none"],
];

t.test("the sh launcher and handover.ts agree on the mode", async (t) => {
  for (const line of LINES) {
    const r = await runCommand(path.join(fakeBuild, "qemu-e2k"), line);
    const want = isSystemModeCommandLine(line) ? "system" : "user";
    t.equal(
      r.stdout.toString(),
      want + line.map((a) => ` [${a}]`).join(""),
      `${JSON.stringify(line)} -> ${want}`,
    );
  }
});

t.test("handover.ts classifies the documented examples", async (t) => {
  t.equal(
    isSystemModeCommandLine(["./prog", "-M", "virt"]),
    false,
    "options after the program are the guest's",
  );
  t.equal(isSystemModeCommandLine(["-M", "virt"]), true);
  t.equal(isSystemModeCommandLine(["-d", "-M", "./prog"]), false, "-d takes an argument");
  t.equal(isSystemModeCommandLine(["-accel", "tcg", "-m", "64"]), true);
});

t.test("the Node fallback ends like the runtime (exit status, death signal)", async (t) => {
  const entry = path.join(buildDir, "js", "qemu-e2k.mjs");
  const exit = await runCommand(process.execPath, [entry, path.join(programsDir, "exit_code.elf")]);
  t.equal(exit.status, 42, "exit status passed through");
  const segv = await runCommand(process.execPath, [entry, path.join(programsDir, "sigsegv_load.elf")]);
  t.equal(segv.status, 128 + 11, "SIGSEGV: 139 as a shell sees it");
  t.match(segv.stderr, /uncaught target signal 11/);
  const hello = await runCommand(process.execPath, [entry, path.join(programsDir, "hello.elf")]);
  t.equal(hello.stdout.toString(), readFileSync(path.join(programsDir, "hello.expected"), "utf8"), "stdout");
  t.equal(hello.status, 0);
});
