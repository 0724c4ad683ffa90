// ELF64 loader and initial stack for E2K user mode (see elfload.h).
#include "elfload.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "layout.h"

namespace e2k {

namespace {

constexpr uint16_t kEmMcstElbrus = 175;  // EM_MCST_ELBRUS
constexpr uint16_t kEmE2kOld = 49;       // EM_E2K_OLD (EI_SEMANTIC in e_ident[7])
constexpr uint32_t kEfX86App = 1u << 2;
constexpr uint32_t kEfPm = 1u << 5;

// iset of the `mach` field (e_flags[31:24], LINUX-ABI.md §1.2); 0 for generic code.
int iset_from_flags(uint32_t flags) {
  unsigned mach = flags >> 24;
  switch (mach) {
    case 1: case 2: case 3: case 4: case 5: case 6: return int(mach);
    case 19: case 20: return 4;            // 8C, 1C+
    case 21: case 22: case 23: return 6;   // 12C, 16C, 2C3
    default: return 0;
  }
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

bool read_exact(int fd, void *buf, size_t len, uint64_t off) {
  auto *p = static_cast<uint8_t *>(buf);
  while (len > 0) {
    ssize_t n = pread(fd, p, len, off_t(off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= size_t(n);
    off += uint64_t(n);
  }
  return true;
}

struct Headers {
  Elf64_Ehdr eh;
  std::vector<Elf64_Phdr> ph;
  uint64_t file_size;
};

bool read_headers(int fd, const std::string &path, Headers *h, std::string *err) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = path + ": not a regular file";
    return false;
  }
  h->file_size = uint64_t(st.st_size);
  unsigned char ident[EI_NIDENT] = {};
  if (h->file_size < 4 || !read_exact(fd, ident, 4, 0) || memcmp(ident, ELFMAG, SELFMAG) != 0) {
    *err = path + ": not an ELF file";
    return false;
  }
  if (h->file_size < sizeof(Elf64_Ehdr) || !read_exact(fd, &h->eh, sizeof h->eh, 0)) {
    *err = path + ": truncated ELF header";
    return false;
  }
  const Elf64_Ehdr &e = h->eh;
  if (e.e_ident[EI_CLASS] == ELFCLASS32) {
    *err = path + ": 32-bit ELF (e2k32) is not supported; only 64-bit E2K executables run";
    return false;
  }
  if (e.e_ident[EI_CLASS] != ELFCLASS64) {
    *err = path + ": bad ELF class " + std::to_string(e.e_ident[EI_CLASS]);
    return false;
  }
  if (e.e_ident[EI_DATA] != ELFDATA2LSB) {
    *err = path + ": not a little-endian ELF";
    return false;
  }
  if (e.e_machine != kEmMcstElbrus && e.e_machine != kEmE2kOld) {
    *err = path + ": wrong machine (e_machine " + std::to_string(e.e_machine) + ", E2K is 175)";
    return false;
  }
  if (e.e_type != ET_EXEC && e.e_type != ET_DYN) {
    *err = path + ": not an executable (e_type " + std::to_string(e.e_type) + ")";
    return false;
  }
  if (e.e_flags & kEfPm) {
    *err = path + ": protected-mode (e2k128) executables are not supported";
    return false;
  }
  if (e.e_flags & kEfX86App) {
    *err = path + ": x86 binary-compiler executables are not supported";
    return false;
  }
  if (e.e_phentsize != sizeof(Elf64_Phdr) || e.e_phnum == 0 || e.e_phnum > 512) {
    *err = path + ": bad program header table (e_phentsize " + std::to_string(e.e_phentsize) + ", e_phnum " +
           std::to_string(e.e_phnum) + ")";
    return false;
  }
  uint64_t ph_size = uint64_t(e.e_phnum) * sizeof(Elf64_Phdr);
  if (e.e_phoff > h->file_size || ph_size > h->file_size - e.e_phoff) {
    *err = path + ": truncated (program headers end beyond the file)";
    return false;
  }
  h->ph.resize(e.e_phnum);
  if (!read_exact(fd, h->ph.data(), ph_size, e.e_phoff)) {
    *err = path + ": cannot read program headers";
    return false;
  }
  bool any_load = false;
  for (size_t i = 0; i < h->ph.size(); i++) {
    const Elf64_Phdr &p = h->ph[i];
    if (p.p_type != PT_LOAD) continue;
    any_load = true;
    std::string where = path + ": segment " + std::to_string(i);
    if (p.p_offset > h->file_size || p.p_filesz > h->file_size - p.p_offset) {
      *err = where + ": truncated (file data ends beyond the file)";
      return false;
    }
    if (p.p_filesz > p.p_memsz) {
      *err = where + ": p_filesz larger than p_memsz";
      return false;
    }
    if (p.p_vaddr >= layout::kWindowSize || p.p_memsz > layout::kWindowSize - p.p_vaddr) {
      *err = where + ": addresses outside the guest address space";
      return false;
    }
    if ((p.p_vaddr & (layout::kPage - 1)) != (p.p_offset & (layout::kPage - 1))) {
      *err = where + ": p_vaddr and p_offset differ modulo the page size";
      return false;
    }
  }
  if (!any_load) {
    *err = path + ": no loadable segment";
    return false;
  }
  return true;
}

bool open_file(const std::string &path, Fd *f, std::string *err) {
  f->fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f->fd < 0) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  return true;
}

// Maps the PT_LOAD segments at `bias`, copies the file bytes, zero-fills bss, applies protections.
bool map_segments(GuestMemory *mem, int fd, const std::string &path, const Headers &h, uint64_t bias,
                  ElfImage *img, std::string *err) {
  uint64_t lo = ~uint64_t(0), hi = 0;
  for (const Elf64_Phdr &p : h.ph) {
    if (p.p_type != PT_LOAD) continue;
    lo = std::min(lo, layout::page_floor(p.p_vaddr + bias));
    hi = std::max(hi, layout::page_ceil(p.p_vaddr + p.p_memsz + bias));
  }
  if (hi > layout::kWindowSize || lo >= hi) {
    *err = path + ": segments do not fit the guest address space";
    return false;
  }
  // Everything writable first; the final protection is set once the data is in place.
  for (uint64_t a = lo; a < hi; a += layout::kPage) {
    if (mem->flags(a) & PAGE_VALID) {
      *err = path + ": segments overlap memory that is already mapped";
      return false;
    }
  }
  int r = guest_memory_map_anon(mem, lo, hi - lo, 3);
  if (r < 0) {
    *err = path + ": cannot map segments: " + strerror(-r);
    return false;
  }
  for (const Elf64_Phdr &p : h.ph) {
    if (p.p_type != PT_LOAD || p.p_filesz == 0) continue;
    if (!read_exact(fd, mem->g2h(p.p_vaddr + bias), p.p_filesz, p.p_offset)) {
      *err = path + ": read error while loading a segment";
      return false;
    }
  }
  // Protection per page: the union of the segments touching it (a shared boundary page gets both).
  std::vector<uint8_t> prot((hi - lo) / layout::kPage, 0);
  for (const Elf64_Phdr &p : h.ph) {
    if (p.p_type != PT_LOAD) continue;
    int pr = ((p.p_flags & PF_R) ? 1 : 0) | ((p.p_flags & PF_W) ? 2 : 0) | ((p.p_flags & PF_X) ? 4 : 0);
    for (uint64_t a = layout::page_floor(p.p_vaddr + bias); a < p.p_vaddr + bias + p.p_memsz; a += layout::kPage)
      prot[(a - lo) / layout::kPage] |= uint8_t(pr);
  }
  for (size_t i = 0; i < prot.size();) {
    size_t j = i;
    while (j < prot.size() && prot[j] == prot[i]) j++;
    guest_memory_protect(mem, lo + i * layout::kPage, (j - i) * layout::kPage, prot[i]);
    i = j;
  }
  img->lowest = lo;
  img->highest = hi;
  return true;
}

uint64_t choose_bias(const Headers &h, uint64_t base) {
  if (h.eh.e_type != ET_DYN) return 0;
  uint64_t lo = ~uint64_t(0);
  for (const Elf64_Phdr &p : h.ph)
    if (p.p_type == PT_LOAD) lo = std::min(lo, layout::page_floor(p.p_vaddr));
  return base - lo;
}

}  // namespace

bool elf_probe(const std::string &path, uint32_t *e_flags, int *iset, std::string *err) {
  Fd f;
  Headers h;
  if (!open_file(path, &f, err) || !read_headers(f.fd, path, &h, err)) return false;
  *e_flags = h.eh.e_flags;
  *iset = iset_from_flags(h.eh.e_flags);
  return true;
}

bool elf_load(GuestMemory *mem, const std::string &path, const std::string &ld_prefix, ElfImage *img,
              std::string *err) {
  Fd f;
  Headers h;
  if (!open_file(path, &f, err) || !read_headers(f.fd, path, &h, err)) return false;
  uint64_t bias = choose_bias(h, layout::kPieBase);
  if (!map_segments(mem, f.fd, path, h, bias, img, err)) return false;
  img->e_flags = h.eh.e_flags;
  img->iset = iset_from_flags(h.eh.e_flags);
  img->load_bias = bias;
  img->prog_entry = h.eh.e_entry + bias;
  img->entry = img->prog_entry;
  img->phnum = h.eh.e_phnum;
  img->phent = h.eh.e_phentsize;
  img->start_brk = img->highest;
  // AT_PHDR: PT_PHDR if present, else the headers inside the first segment that covers them.
  img->phdr_addr = 0;
  for (const Elf64_Phdr &p : h.ph) {
    if (p.p_type == PT_PHDR) img->phdr_addr = p.p_vaddr + bias;
  }
  if (!img->phdr_addr) {
    for (const Elf64_Phdr &p : h.ph) {
      if (p.p_type == PT_LOAD && h.eh.e_phoff >= p.p_offset && h.eh.e_phoff < p.p_offset + p.p_filesz) {
        img->phdr_addr = p.p_vaddr + bias + (h.eh.e_phoff - p.p_offset);
        break;
      }
    }
  }
  // A dynamic executable: load its interpreter (guest code) too and start there.
  for (const Elf64_Phdr &p : h.ph) {
    if (p.p_type != PT_INTERP) continue;
    if (p.p_filesz < 2 || p.p_filesz > 4096 || p.p_offset > h.file_size || p.p_filesz > h.file_size - p.p_offset) {
      *err = path + ": bad PT_INTERP";
      return false;
    }
    std::string interp(p.p_filesz, '\0');
    if (!read_exact(f.fd, &interp[0], p.p_filesz, p.p_offset)) {
      *err = path + ": cannot read PT_INTERP";
      return false;
    }
    interp.resize(strnlen(interp.c_str(), interp.size()));
    std::string ipath = ld_prefix.empty() ? interp : ld_prefix + "/" + interp;
    Fd fi;
    Headers hi;
    if (!open_file(ipath, &fi, err) || !read_headers(fi.fd, ipath, &hi, err)) {
      *err += " (interpreter of " + path + "; use -L to give the guest's root)";
      return false;
    }
    ElfImage ii;
    uint64_t ibias = choose_bias(hi, layout::kInterpBase);
    if (!map_segments(mem, fi.fd, ipath, hi, ibias, &ii, err)) return false;
    img->interp_base = ibias;
    img->entry = hi.eh.e_entry + ibias;
  }
  return true;
}

bool build_initial_stack(GuestMemory *mem, uint64_t stack_top, uint64_t stack_size, const ElfImage &img,
                         const std::vector<std::string> &argv, const std::vector<std::string> &envp,
                         const std::string &execfn, uint64_t *sp, std::string *err) {
  uint64_t limit = stack_top - stack_size;
  uint64_t p = stack_top;
  bool ok = true;
  auto push_bytes = [&](const void *data, size_t len) -> uint64_t {
    if (p - limit < len + 4096) {
      ok = false;
      return 0;
    }
    p -= len;
    memcpy(mem->g2h(p), data, len);
    return p;
  };
  auto push_str = [&](const std::string &s) { return push_bytes(s.c_str(), s.size() + 1); };

  uint64_t execfn_addr = push_str(execfn);
  std::vector<uint64_t> env_addrs, arg_addrs;
  for (size_t i = envp.size(); i-- > 0;) env_addrs.insert(env_addrs.begin(), push_str(envp[i]));
  for (size_t i = argv.size(); i-- > 0;) arg_addrs.insert(arg_addrs.begin(), push_str(argv[i]));
  uint8_t rnd[16];
  if (getrandom(rnd, sizeof rnd, 0) != ssize_t(sizeof rnd)) memset(rnd, 0x5a, sizeof rnd);
  uint64_t random_addr = push_bytes(rnd, sizeof rnd);
  if (!ok) {
    *err = "arguments and environment do not fit the guest stack (" + std::to_string(stack_size) +
           " bytes; raise it with -s)";
    return false;
  }

  std::vector<uint64_t> auxv = {
      AT_PHDR,   img.phdr_addr, AT_PHENT,  img.phent,        AT_PHNUM,  img.phnum,   AT_PAGESZ,  layout::kPage,
      AT_BASE,   img.interp_base, AT_FLAGS, 0,              AT_ENTRY,  img.prog_entry, AT_UID,   getuid(),
      AT_EUID,   geteuid(),     AT_GID,    getgid(),         AT_EGID,   getegid(),   AT_SECURE,  0,
      AT_RANDOM, random_addr,   AT_EXECFN, execfn_addr,      AT_CLKTCK, 100,         AT_HWCAP,   0,
      AT_NULL,   0,
  };
  // argc, argv[], NULL, envp[], NULL, auxv: argc must end up 16-byte aligned.
  uint64_t words = 1 + arg_addrs.size() + 1 + env_addrs.size() + 1 + auxv.size();
  p = (p - words * 8) & ~uint64_t(15);
  if (p < limit + 4096) {
    *err = "arguments and environment do not fit the guest stack; raise it with -s";
    return false;
  }
  uint64_t w = p;
  auto put = [&](uint64_t v) {
    memcpy(mem->g2h(w), &v, 8);
    w += 8;
  };
  put(arg_addrs.size());
  for (uint64_t a : arg_addrs) put(a);
  put(0);
  for (uint64_t a : env_addrs) put(a);
  put(0);
  for (uint64_t v : auxv) put(v);
  *sp = p;
  return true;
}

}  // namespace e2k
