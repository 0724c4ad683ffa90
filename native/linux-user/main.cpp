// qemu-e2k-static: the native user-mode runtime (no Node). Option parsing and the
// program start live here; the CPU, loader and syscall layer are added by the CPU issue.
#include <cstdio>
#include <cstring>

static void print_version() {
  std::printf("qemu-e2k version 0.1.0 (user mode)\n");
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "-version") == 0 || std::strcmp(argv[i], "--version") == 0) {
      print_version();
      return 0;
    }
  }
  std::fprintf(stderr, "qemu-e2k: the E2K CPU is not built yet; cannot run '%s'\n", argc > 1 ? argv[1] : "");
  return 1;
}
