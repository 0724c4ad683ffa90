// Loading a static (or static-PIE) E2K ELF64 executable into the guest window, and building the
// initial user stack (argc, argv, envp, auxv) the way the E2K Linux kernel does (LINUX-ABI.md §2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/guest-memory.h"

namespace e2k {

struct ElfImage {
  uint64_t entry = 0;      // entry point after relocation (the interpreter's when there is one)
  uint64_t prog_entry = 0;  // AT_ENTRY: the program's own entry
  uint64_t load_bias = 0;
  uint64_t phdr_addr = 0;  // AT_PHDR
  uint16_t phnum = 0, phent = 0;
  uint64_t interp_base = 0;  // AT_BASE (0 without interpreter)
  uint64_t start_brk = 0;    // first byte after the highest segment
  uint64_t lowest = 0, highest = 0;
  int iset = 0;           // from e_flags (0 = generic)
  uint32_t e_flags = 0;
};

// Reads and checks the ELF headers of `path` without touching memory: used to pick the CPU model
// before the window exists. Returns false with "<path>: <what is wrong>" in *err.
bool elf_probe(const std::string &path, uint32_t *e_flags, int *iset, std::string *err);

// Loads `path` (and its PT_INTERP under ld_prefix, if any). Returns false with a message naming the
// file in *err.
bool elf_load(GuestMemory *mem, const std::string &path, const std::string &ld_prefix, ElfImage *img,
              std::string *err);

// Builds the initial stack in [stack_top - stack_size, stack_top), mapped by the caller, and
// returns the address of argc (what `getsp 0` shows at _start). False with *err when it does not fit.
bool build_initial_stack(GuestMemory *mem, uint64_t stack_top, uint64_t stack_size, const ElfImage &img,
                         const std::vector<std::string> &argv, const std::vector<std::string> &envp,
                         const std::string &execfn, uint64_t *sp, std::string *err);

}  // namespace e2k
