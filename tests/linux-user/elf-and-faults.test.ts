// The ELF loader's errors end to end (they name the file), and guest-pointer safety: a syscall
// given a bad pointer returns -EFAULT (the guest carries on), never a host crash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { LAUNCHERS, programsDir, runCommand } from "./lib/guest-run";
import { helloWithMessageAt } from "./lib/patch-hello";

const tmp = mkdtempSync(path.join(tmpdir(), "qemu-e2k-elf-"));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
const hello = readFileSync(path.join(programsDir, "hello.elf"));

function variant(name: string, data: Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, data, { mode: 0o755 });
  return file;
}

function patched(edit: (b: Buffer) => void): Buffer {
  const b = Buffer.from(hello);
  edit(b);
  return b;
}

for (const [launcherName, launcher] of Object.entries(LAUNCHERS)) {
  t.test(`ELF errors name the file (${launcherName})`, async (t) => {
    const cases: [string, Buffer, RegExp][] = [
      ["script.sh", Buffer.from("#!/bin/sh\necho hi\n"), /script\.sh: not an ELF file/],
      ["empty", Buffer.alloc(0), /empty: not an ELF file/],
      ["short", hello.subarray(0, 40), /short: truncated ELF header/],
      ["x86", patched((b) => b.writeUInt16LE(62, 18)), /x86: wrong machine \(e_machine 62, E2K is 175\)/],
      ["elf32", patched((b) => b.writeUInt8(1, 4)), /elf32: 32-bit ELF \(e2k32\) is not supported/],
      ["bigendian", patched((b) => b.writeUInt8(2, 5)), /bigendian: not a little-endian ELF/],
      ["object", patched((b) => b.writeUInt16LE(1, 16)), /object: not an executable \(e_type 1\)/],
      [
        "protected",
        patched((b) => b.writeUInt32LE(hello.readUInt32LE(48) | 0x20, 48)),
        /protected: protected-mode/,
      ],
      ["cut", hello.subarray(0, 100), /cut: truncated \(program headers end beyond the file\)/],
      ["cut-segment", hello.subarray(0, 0x90), /cut-segment: (segment 0: )?truncated/],
    ];
    for (const [name, data, re] of cases) {
      const file = variant(name, data);
      const r = await runCommand(launcher, [file]);
      t.equal(r.status, 1, `${name}: status 1`);
      t.match(r.stderr, re, `${name}: message`);
      t.match(r.stderr, /^qemu-e2k: /m, `${name}: prefixed`);
    }
    const missing = await runCommand(launcher, [path.join(tmp, "no-such-program")]);
    t.equal(missing.status, 1);
    t.match(missing.stderr, /no-such-program: No such file or directory/);
    const dir = await runCommand(launcher, [tmp]);
    t.equal(dir.status, 1);
    t.match(dir.stderr, /not a regular file/);
  });
}

t.test("the message literal is where the test expects (unpatched hello uses 0x100f0)", async (t) => {
  const r = await runCommand(LAUNCHERS["qemu-e2k-static"], ["-strace", path.join(programsDir, "hello.elf")]);
  t.match(r.stderr, /write\(1,0x100f0,26\) = 26/);
});

for (const [what, addr] of [
  ["unmapped page inside the window", 0xdead0000n],
  ["page 0", 0x10n],
  ["beyond the 1 TiB window", 0x100_0001_00f0n],
  ["far outside (kernel-like address)", 0xe200_0000_0000n],
  ["the last byte of the address space", 0xffff_ffff_ffff_fff0n],
] as const) {
  t.test(`write() with a pointer into ${what} returns -EFAULT`, async (t) => {
    const file = variant(`hello-${addr.toString(16)}`, helloWithMessageAt(addr));
    const r = await runCommand(LAUNCHERS["qemu-e2k-static"], ["-strace", file]);
    t.equal(r.status, 0, "the guest carries on and exits normally");
    t.equal(r.stdout.length, 0, "nothing written");
    t.match(r.stderr, new RegExp(`write\\(1,0x${addr.toString(16)},26\\) = -1 errno=14 \\(Bad address\\)`));
  });
}

t.test("write() from a read-only code page works (pointer into the text segment)", async (t) => {
  const file = variant("hello-text", helloWithMessageAt(0x10000n));
  const r = await runCommand(LAUNCHERS["qemu-e2k-static"], [file]);
  t.equal(r.status, 0);
  t.same(r.stdout, hello.subarray(0, 26), "the first 26 bytes of the ELF image");
});

t.test("an ET_DYN (static PIE) executable is loaded at the PIE base and entered there", async (t) => {
  // hello as ET_DYN: the loader places it at 0x10_0000_0000; hello's absolute message address is
  // not relocated (a real static PIE relocates itself), so its write() then gets -EFAULT.
  const file = variant(
    "hello-pie",
    patched((b) => b.writeUInt16LE(3, 16)),
  );
  const r = await runCommand(LAUNCHERS["qemu-e2k-static"], ["-d", "page", "-strace", file]);
  t.equal(r.status, 0);
  t.match(r.stderr, /^0000001000000000-0000001000001000 0000000000001000 r-x$/m, "segment at the PIE base");
  t.match(r.stderr, /^entry\s+0x0000001000000078$/m, "entry relocated");
  t.match(r.stderr, /write\(1,0x100f0,26\) = -1 errno=14 \(Bad address\)/);
});
