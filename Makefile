# qemu-e2k top-level build. Everything goes into build/; every step is incremental.
#   make          build the TypeScript commands, the native runtime and the addon
#   make check    build and run every test (lint, format, types, unit, toolchain, CPU, net)
#   make demo     build, then assemble and run a bundled E2K program
#   make bench    CPU benchmarks (bench/cpu); make bench-net: network benchmarks;
#                 make bench-startup: start-up time of hello (bench/startup)

NODE_MODULES := node_modules/.package-lock.json
TS_SOURCES := $(shell find target linux-user system hw net accel scripts native -name '*.ts' -o -name '*.mjs' 2>/dev/null)
NATIVE_SOURCES := $(shell find native -name '*.cpp' -o -name '*.h' -o -name '*.hpp' -o -name 'sources.txt' -o -name '*.c' 2>/dev/null) meson.build $(wildcard native/meson.build)

.PHONY: all js native addon check test lint demo bench bench-net bench-startup clean

all: js native addon

# Debian packages and Node modules: ./configure checks them and, run as root, installs what
# is missing (so `make demo` and `make check` work on a fresh Debian 12 machine).
build/.deps-stamp: configure
	./configure --install-deps
	@mkdir -p build && touch $@

$(NODE_MODULES): package.json package-lock.json | build/.deps-stamp
	npm ci --no-audit --no-fund
	@touch $@

# tap compiles its plugin set (package.json "tap.plugin": tsx instead of ts-node) into
# node_modules with `tap build`; npm ci leaves the default set, which cannot load our sources.
TAP_PLUGINS := node_modules/.tap-plugins-stamp
$(TAP_PLUGINS): package.json $(NODE_MODULES)
	npx tap build
	@touch $@

build/.js-stamp: $(NODE_MODULES) $(TS_SOURCES)
	node scripts/build.mjs
	@touch $@

js: build/.js-stamp

# Node addon (native/CMakeLists.txt) via cmake-js, headers from the system's Node
# (/usr/include/node), so nothing is downloaded. cmake/ninja keep it incremental.
build/addon/Release/qemu_e2k.node: $(NATIVE_SOURCES) native/CMakeLists.txt $(NODE_MODULES)
	npm_config_nodedir=$${npm_config_nodedir:-/usr} npx cmake-js build -d native -O build/addon --log-level warn
	@touch $@

addon: build/addon/Release/qemu_e2k.node

build/native/build.ninja: meson.build $(NODE_MODULES)
	meson setup build/native --buildtype=debugoptimized --wipe >/dev/null 2>&1 || meson setup build/native --buildtype=debugoptimized

native: build/native/build.ninja
	ninja -C build/native
	@ln -sf native/qemu-e2k-static build/qemu-e2k-static
	@ln -sf native/qemu-e2k-xdp-helper build/qemu-e2k-xdp-helper

lint: $(NODE_MODULES)
	npx tsc --noEmit -p .
	npx eslint .
	npx prettier --check .

test: all $(TAP_PLUGINS)
	npx tap

check: all lint $(TAP_PLUGINS)
	bash tests/run-native-tests.sh
	npx tap

demo: all
	bash scripts/demo.sh

bench: all
	node --import tsx bench/cpu/run.ts

bench-net: all
	node --import tsx bench/net/run.ts

# Start-up time of hello under the launchers (bench/startup; QEMU_E2K_REF=... adds another emulator).
bench-startup: all
	node --import tsx bench/startup/run.ts

clean:
	rm -rf build
