// Writes the text of build/qemu-e2k, a POSIX sh launcher that applies the mode rule of
// mode-rule.json: a user-mode line execs build/qemu-e2k-static directly (no Node start-up; exit
// status and death signal are the runtime's own), anything else runs the Node entry.
// Used by scripts/build.mjs; tests/linux-user/handover.test.ts checks it against handover.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** @returns {{ systemOptions: string[], userOptionsWithArgument: string[] }} */
export function readModeRule() {
  return JSON.parse(readFileSync(path.join(here, "mode-rule.json"), "utf8"));
}

/** Both spellings QEMU accepts: -opt and --opt. */
function spellings(options) {
  return options.flatMap((o) => [o, `-${o}`]).join("|");
}

/**
 * @param {string} jsEntry file name of the Node entry under build/js (e.g. "qemu-e2k.mjs")
 * @returns {string} the sh script
 */
export function qemuE2kLauncherScript(jsEntry) {
  const rule = readModeRule();
  return `#!/bin/sh
# Launcher written by scripts/build.mjs from linux-user/launcher.mjs (rule: linux-user/mode-rule.json).
# A user-mode command line runs the native runtime qemu-e2k-static directly; system mode runs Node.
here="$(dirname "$(readlink -f "$0")")"
mode=user
skip=no
for a in "$@"; do
  if [ "$skip" = yes ]; then skip=no; continue; fi
  case "$a" in
    ${spellings(rule.systemOptions)}) mode=system; break ;;
    ${spellings(rule.userOptionsWithArgument)}) skip=yes ;;
    --) break ;;
    -*) ;;
    *) break ;;
  esac
done
if [ "$mode" = user ] && [ -x "$here/qemu-e2k-static" ]; then
  exec "$here/qemu-e2k-static" "$@"
fi
exec node --enable-source-maps "$here/js/${jsEntry}" "$@"
`;
}
