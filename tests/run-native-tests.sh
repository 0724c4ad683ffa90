#!/bin/bash
# Runs the native (C++) test programs built by meson, if any are defined.
set -euo pipefail
cd "$(dirname "$0")/.."
if meson test -C build/native --list >/dev/null 2>&1 && [ -n "$(meson test -C build/native --list 2>/dev/null)" ]; then
  meson test -C build/native --print-errorlogs
else
  echo "native tests: none defined yet"
fi
