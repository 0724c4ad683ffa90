// Bundles every TypeScript command into build/js/*.mjs with esbuild (incremental: esbuild
// is fast enough that a full rebuild takes well under a second) and writes the launchers.
import * as esbuild from "esbuild";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { qemuE2kLauncherScript } from "../linux-user/launcher.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "build");

// command name -> entry module. Each becomes build/js/<name>.mjs and a launcher build/<name>.
const commands = {
  "e2k-as": "target/e2k/asm/main.ts",
  "e2k-ld": "target/e2k/ld/main.ts",
  "e2k-objdump": "target/e2k/objdump/main.ts",
  "qemu-e2k": "system/main.ts",
};

mkdirSync(path.join(out, "js"), { recursive: true });
const entryPoints = Object.entries(commands)
  .filter(([, src]) => existsSync(path.join(root, src)))
  .map(([name, src]) => ({ in: path.join(root, src), out: name }));

await esbuild.build({
  entryPoints,
  outdir: path.join(out, "js"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  // Native addon and Node built-ins stay outside the bundle.
  external: ["*.node"],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});

for (const { out: name } of entryPoints) {
  const launcher = path.join(out, name);
  // qemu-e2k applies the user/system mode rule in sh, so user mode never starts Node.
  const script =
    name === "qemu-e2k"
      ? qemuE2kLauncherScript(`${name}.mjs`)
      : `#!/bin/sh\n# Launcher written by scripts/build.mjs\nexec node --enable-source-maps "$(dirname "$(readlink -f "$0")")/js/${name}.mjs" "$@"\n`;
  writeFileSync(launcher, script);
  chmodSync(launcher, 0o755);
}
