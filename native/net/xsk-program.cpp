#include "xsk-program.h"

#include <cerrno>
#include <map>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <unistd.h>

namespace xsknet {

int xskMapCreate(uint32_t entries) {
  int fd = bpf_map_create(BPF_MAP_TYPE_XSKMAP, "qemu_e2k_xsks", 4, 4, entries, nullptr);
  return fd < 0 ? -errno : fd;
}

int xskProgramLoad(int mapFd, std::string* log) {
  // r2 = ctx->rx_queue_index; return bpf_redirect_map(map, r2, XDP_PASS);
  const struct bpf_insn insns[] = {
      {BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 16, 0},  // offsetof(xdp_md, rx_queue_index)
      {BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, mapFd},
      {0, 0, 0, 0, 0},
      {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, XDP_PASS},
      {BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_redirect_map},
      {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
  };
  const size_t n = sizeof(insns) / sizeof(insns[0]);
  int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "qemu_e2k_xsk", "GPL", insns, n, nullptr);
  if (fd >= 0) return fd;
  int err = errno;
  if (log) {
    char buf[4096] = "";
    LIBBPF_OPTS(bpf_prog_load_opts, opts);
    opts.log_buf = buf;
    opts.log_size = sizeof(buf);
    opts.log_level = 1;
    int again = bpf_prog_load(BPF_PROG_TYPE_XDP, "qemu_e2k_xsk", "GPL", insns, n, &opts);
    if (again >= 0) close(again);
    *log = buf;
  }
  return -err;
}

int xskAttach(int progFd, int ifindex, bool native) {
  LIBBPF_OPTS(bpf_link_create_opts, opts);
  opts.flags = native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
  int fd = bpf_link_create(progFd, ifindex, BPF_XDP, &opts);
  return fd < 0 ? -errno : fd;
}

namespace {
std::map<int, std::weak_ptr<XskProgram>>& registry() {
  static std::map<int, std::weak_ptr<XskProgram>> r;
  return r;
}
}  // namespace

std::shared_ptr<XskProgram> XskProgram::acquire(int ifindex, int mode, int* err) {
  auto& reg = registry();
  auto it = reg.find(ifindex);
  if (it != reg.end()) {
    if (auto p = it->second.lock()) {
      // An explicit mode must match the attachment the other queues use.
      if ((mode == 1 && !p->native_) || (mode == 2 && p->native_)) {
        *err = EBUSY;
        return nullptr;
      }
      return p;
    }
  }
  std::shared_ptr<XskProgram> p(new XskProgram());
  p->ifindex_ = ifindex;
  p->mapFd_ = xskMapCreate(kXskMapEntries);
  if (p->mapFd_ < 0) {
    *err = -p->mapFd_;
    return nullptr;
  }
  p->progFd_ = xskProgramLoad(p->mapFd_, nullptr);
  if (p->progFd_ < 0) {
    *err = -p->progFd_;
    return nullptr;
  }
  int link = -EOPNOTSUPP;
  if (mode != 2) link = xskAttach(p->progFd_, ifindex, true);
  p->native_ = link >= 0;
  if (link < 0 && mode != 1) link = xskAttach(p->progFd_, ifindex, false);
  if (link < 0) {
    *err = -link;
    return nullptr;
  }
  p->linkFd_ = link;
  reg[ifindex] = p;
  return p;
}

XskProgram::~XskProgram() {
  for (int fd : {linkFd_, progFd_, mapFd_}) {
    if (fd >= 0) close(fd);
  }
  auto& reg = registry();
  auto it = reg.find(ifindex_);
  if (it != reg.end() && it->second.expired()) reg.erase(it);
}

int XskProgram::insert(uint32_t queue, int fd) {
  if (queue >= kXskMapEntries) return ERANGE;
  return bpf_map_update_elem(mapFd_, &queue, &fd, BPF_ANY) == 0 ? 0 : errno;
}

void XskProgram::remove(uint32_t queue) {
  if (queue < kXskMapEntries) bpf_map_delete_elem(mapFd_, &queue);
}

}  // namespace xsknet
