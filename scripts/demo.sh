#!/bin/bash
# make demo: assemble and link the bundled hello world with the project's own toolchain,
# show it, and run it under the emulator once the CPU exists.
set -euo pipefail
cd "$(dirname "$0")/.."
src=tests/fixtures/programs
out=build/demo
mkdir -p "$out"
echo "== build/e2k-as -mcpu=elbrus-v3 -I $src/include $src/hello.S -o $out/hello.o"
build/e2k-as -mcpu=elbrus-v3 -I "$src/include" "$src/hello.S" -o "$out/hello.o"
echo "== build/e2k-ld -o $out/hello $out/hello.o"
build/e2k-ld -o "$out/hello" "$out/hello.o"
echo "== build/e2k-objdump -d $out/hello"
build/e2k-objdump -d "$out/hello"
echo "== build/qemu-e2k $out/hello"
build/qemu-e2k "$out/hello"
