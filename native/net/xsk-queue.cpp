// AF_XDP queue: UMEM, fill/completion/RX/TX rings and the free-frame pool. Set up with
// libxdp (which also loads its default XSK program), or, for sock-fds, directly on the
// given socket with the kernel's socket options (libxdp 1.3.1 has no
// xsk_umem__create_with_fd).
#include "xsk-queue.h"

#include <cerrno>
#include <cstring>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net-diag.h"
#include "xsk-program.h"

namespace xsknet {

namespace {

std::string withErrno(const std::string& msg, int err) { return msg + ": " + std::strerror(err); }

// Hints for the errors that mean "this process lacks a privilege", naming the fix.
std::string privilegeHint(int err, bool umem) {
  if (umem && (err == ENOBUFS || err == ENOMEM)) {
    return " (an AF_XDP queue needs 32 MiB of locked memory: raise RLIMIT_MEMLOCK to at least 32 MiB"
           " per queue (ulimit -l) or grant CAP_IPC_LOCK)";
  }
  if (err == EPERM || err == EACCES) {
    return " (AF_XDP sockets need CAP_NET_RAW, and loading the XDP program CAP_NET_ADMIN plus CAP_BPF"
           " or CAP_SYS_ADMIN; without them pass ready sockets with inhibit=on,sock-fds=... as"
           " qemu-e2k-xdp-helper does)";
  }
  return "";
}

uint32_t modeFlag(XdpMode m) { return m == XdpMode::Native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE; }

template <typename Ring>
void initProdRing(Ring* r, void* map, const xdp_ring_offset& off, uint32_t size) {
  auto* base = static_cast<uint8_t*>(map);
  r->producer = reinterpret_cast<__u32*>(base + off.producer);
  r->consumer = reinterpret_cast<__u32*>(base + off.consumer);
  r->flags = reinterpret_cast<__u32*>(base + off.flags);
  r->ring = base + off.desc;
  r->mask = size - 1;
  r->size = size;
  r->cached_prod = *r->producer;
  r->cached_cons = *r->consumer + size;
}

template <typename Ring>
void initConsRing(Ring* r, void* map, const xdp_ring_offset& off, uint32_t size) {
  auto* base = static_cast<uint8_t*>(map);
  r->producer = reinterpret_cast<__u32*>(base + off.producer);
  r->consumer = reinterpret_cast<__u32*>(base + off.consumer);
  r->flags = reinterpret_cast<__u32*>(base + off.flags);
  r->ring = base + off.desc;
  r->mask = size - 1;
  r->size = size;
  r->cached_prod = *r->producer;
  r->cached_cons = *r->consumer;
}

}  // namespace

const char* modeName(XdpMode m) {
  switch (m) {
    case XdpMode::Native: return "native";
    case XdpMode::Skb: return "skb";
    default: return "auto";
  }
}

XskQueue::XskQueue(const XskConfig& cfg) : ifname_(cfg.ifname) {
  quietLibraries();
  ifindex_ = static_cast<int>(if_nametoindex(cfg.ifname.c_str()));
  if (ifindex_ == 0) {
    int err = errno;
    throw XskError(withErrno("failed to get ifindex for '" + cfg.ifname + "'", err), err);
  }
  area_ = mmap(nullptr, kUmemBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area_ == MAP_FAILED) {
    area_ = nullptr;
    int err = errno;
    throw XskError(withErrno("failed to allocate 32 MiB of UMEM for " + cfg.ifname, err), err);
  }
  pool_.reserve(kFrameCount);
  for (uint32_t i = kFrameCount; i > 0; i--) pool_.push_back(uint64_t(i - 1) * kFrameSize);
  try {
    if (cfg.sockFd >= 0) {
      setupOnFd(cfg);
    } else {
      setupWithLibxdp(cfg);
    }
    struct xdp_options opts {};
    socklen_t optlen = sizeof(opts);
    if (getsockopt(fd_, SOL_XDP, XDP_OPTIONS, &opts, &optlen) == 0) {
      zeroCopy_ = (opts.flags & XDP_OPTIONS_ZEROCOPY) != 0;
    }
    if (!cfg.mapPath.empty()) insertIntoMap(cfg);
    if (!cfg.inhibit) verifyProgram(cfg);
    fillRing(kRingSize);
  } catch (...) {
    close();
    throw;
  }
}

XskQueue::~XskQueue() { close(); }

void XskQueue::setupWithLibxdp(const XskConfig& cfg) {
  struct xsk_umem_config ucfg {};
  ucfg.fill_size = kRingSize;
  ucfg.comp_size = kRingSize;
  ucfg.frame_size = kFrameSize;
  ucfg.frame_headroom = 0;
  ucfg.flags = 0;
  int ret = xsk_umem__create(&umem_, area_, kUmemBytes, &fill_, &comp_, &ucfg);
  if (ret) {
    umem_ = nullptr;
    int err = -ret;
    throw XskError(withErrno("failed to create umem for " + cfg.ifname + " queue_index: " +
                                 std::to_string(cfg.queueIndex),
                             err) +
                       privilegeHint(err, true),
                   err);
  }
  // The socket is made with libxdp's program loading inhibited: the program is ours
  // (xsk-program.h), attached through a BPF link and shared by this process's queues.
  struct xsk_socket_config scfg {};
  scfg.rx_size = kRingSize;
  scfg.tx_size = kRingSize;
  scfg.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD;
  scfg.xdp_flags = 0;
  scfg.bind_flags = XDP_USE_NEED_WAKEUP | (cfg.forceCopy ? XDP_COPY : 0);
  const std::string what =
      "failed to create AF_XDP socket for " + cfg.ifname + " queue_id: " + std::to_string(cfg.queueId);
  ret = xsk_socket__create(&xsk_, cfg.ifname.c_str(), cfg.queueId, umem_, &rx_, &tx_, &scfg);
  // A socket closed a moment ago (netdev_del, then netdev_add of the same queue) releases its
  // queue binding in a kernel work item after close() returns, so bind() can still see the queue
  // busy: wait for that release, boundedly (2 s), before calling the queue taken.
  for (int tries = 0; ret == -EBUSY && tries < 40; tries++) {
    usleep(50 * 1000);
    ret = xsk_socket__create(&xsk_, cfg.ifname.c_str(), cfg.queueId, umem_, &rx_, &tx_, &scfg);
  }
  if (ret) {
    xsk_ = nullptr;
    int err = -ret;
    throw XskError(withErrno(what, err) + privilegeHint(err, false) + channelHint(cfg.ifname, cfg.queueId, err),
                   err);
  }
  fd_ = xsk_socket__fd(xsk_);
  if (cfg.inhibit) {
    __u32 id = 0;
    boundMode_ = bpf_xdp_query_id(ifindex_, XDP_FLAGS_DRV_MODE, &id) == 0 && id ? XdpMode::Native : XdpMode::Skb;
    return;
  }
  // Unset mode: native first, then skb when the driver refuses (as QEMU does).
  int err = 0;
  int m = cfg.mode == XdpMode::Auto ? 0 : cfg.mode == XdpMode::Native ? 1 : 2;
  prog_ = XskProgram::acquire(ifindex_, m, &err);
  if (!prog_) {
    std::string hint = privilegeHint(err, false);
    if (err == EOPNOTSUPP && cfg.mode == XdpMode::Native) {
      hint = " (the driver of '" + cfg.ifname + "' has no native XDP: use mode=skb or leave mode unset)";
    } else if (err == EBUSY || err == EEXIST) {
      hint = " (another XDP program is attached to '" + cfg.ifname + "', or this process uses it in the other mode)";
    }
    throw XskError(withErrno(what, err) + hint, err);
  }
  boundMode_ = prog_->native() ? XdpMode::Native : XdpMode::Skb;
  err = prog_->insert(cfg.queueId, fd_);
  if (err) throw XskError(withErrno(what, err), err);
  progKey_ = cfg.queueId;
}

void XskQueue::setupOnFd(const XskConfig& cfg) {
  fd_ = cfg.sockFd;
  ownFd_ = false;  // the fd becomes ours (closed on cleanup) once the UMEM is on it
  const std::string where = cfg.ifname + " queue_index: " + std::to_string(cfg.queueIndex);
  int domain = 0;
  socklen_t dlen = sizeof(domain);
  if (getsockopt(fd_, SOL_SOCKET, SO_DOMAIN, &domain, &dlen) != 0 || domain != AF_XDP) {
    int err = errno && domain == 0 ? errno : ENOTSOCK;
    throw XskError(withErrno("failed to create umem for " + where, err) + " (fd " + std::to_string(fd_) +
                       " is not an AF_XDP socket)",
                   err);
  }
  struct xdp_umem_reg mr {};
  mr.addr = reinterpret_cast<uintptr_t>(area_);
  mr.len = kUmemBytes;
  mr.chunk_size = kFrameSize;
  mr.headroom = 0;
  if (setsockopt(fd_, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) != 0) {
    int err = errno;
    std::string extra = err == EBUSY ? " (fd " + std::to_string(fd_) + " already has a UMEM)"
                                     : privilegeHint(err, true);
    throw XskError(withErrno("failed to create umem for " + where, err) + extra, err);
  }
  ownFd_ = true;
  const uint32_t size = kRingSize;
  const int opts[] = {XDP_UMEM_FILL_RING, XDP_UMEM_COMPLETION_RING, XDP_RX_RING, XDP_TX_RING};
  for (int opt : opts) {
    if (setsockopt(fd_, SOL_XDP, opt, &size, sizeof(size)) != 0) {
      int err = errno;
      throw XskError(withErrno("failed to create umem for " + where, err), err);
    }
  }
  struct xdp_mmap_offsets off {};
  socklen_t optlen = sizeof(off);
  if (getsockopt(fd_, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen) != 0) {
    int err = errno;
    throw XskError(withErrno("failed to create umem for " + where, err), err);
  }
  auto mapRing = [&](size_t len, off_t pgoff) {
    void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_, pgoff);
    if (p == MAP_FAILED) {
      int err = errno;
      throw XskError(withErrno("failed to map the rings of the AF_XDP socket for " + where, err), err);
    }
    maps_.push_back({p, len});
    return p;
  };
  void* fm = mapRing(off.fr.desc + size * sizeof(__u64), XDP_UMEM_PGOFF_FILL_RING);
  initProdRing(&fill_, fm, off.fr, size);
  void* cm = mapRing(off.cr.desc + size * sizeof(__u64), XDP_UMEM_PGOFF_COMPLETION_RING);
  initConsRing(&comp_, cm, off.cr, size);
  void* rm = mapRing(off.rx.desc + size * sizeof(struct xdp_desc), XDP_PGOFF_RX_RING);
  initConsRing(&rx_, rm, off.rx, size);
  void* tm = mapRing(off.tx.desc + size * sizeof(struct xdp_desc), XDP_PGOFF_TX_RING);
  initProdRing(&tx_, tm, off.tx, size);

  struct sockaddr_xdp sxdp {};
  sxdp.sxdp_family = AF_XDP;
  sxdp.sxdp_ifindex = static_cast<__u32>(ifindex_);
  sxdp.sxdp_queue_id = cfg.queueId;
  sxdp.sxdp_flags = XDP_USE_NEED_WAKEUP | (cfg.forceCopy ? XDP_COPY : 0);
  if (bind(fd_, reinterpret_cast<struct sockaddr*>(&sxdp), sizeof(sxdp)) != 0) {
    int err = errno;
    throw XskError(withErrno("failed to create AF_XDP socket for " + cfg.ifname + " queue_id: " +
                                 std::to_string(cfg.queueId),
                             err) +
                       channelHint(cfg.ifname, cfg.queueId, err),
                   err);
  }
  // The program belongs to whoever made the socket; report the mode it is attached in.
  __u32 id = 0;
  boundMode_ = bpf_xdp_query_id(ifindex_, XDP_FLAGS_DRV_MODE, &id) == 0 && id ? XdpMode::Native
                                                                             : XdpMode::Skb;
}

void XskQueue::insertIntoMap(const XskConfig& cfg) {
  mapFd_ = bpf_obj_get(cfg.mapPath.c_str());
  int fd = fd_;
  if (mapFd_ < 0 || bpf_map_update_elem(mapFd_, &cfg.mapKey, &fd, 0) != 0) {
    int err = errno;
    throw XskError(withErrno("failed to insert AF_XDP socket into map " + cfg.mapPath, err), err);
  }
  mapKey_ = cfg.mapKey;
  mapPath_ = cfg.mapPath;
}

void XskQueue::verifyProgram(const XskConfig& cfg) {
  __u32 id = 0;
  if (bpf_xdp_query_id(ifindex_, static_cast<int>(modeFlag(boundMode_)), &id) != 0 || id == 0) {
    throw XskError("no XDP program loaded on '" + cfg.ifname + "', ifindex: " + std::to_string(ifindex_),
                   ENOENT);
  }
}

void XskQueue::fillRing(uint32_t want) {
  if (pool_.empty()) return;
  uint32_t n = xsk_prod_nb_free(&fill_, want);
  if (n > want) n = want;
  if (n > pool_.size()) n = static_cast<uint32_t>(pool_.size());
  if (n == 0) return;
  uint32_t idx = 0;
  if (xsk_ring_prod__reserve(&fill_, n, &idx) != n) return;
  for (uint32_t i = 0; i < n; i++) {
    *xsk_ring_prod__fill_addr(&fill_, idx + i) = pool_.back();
    pool_.pop_back();
  }
  xsk_ring_prod__submit(&fill_, n);
}

uint32_t XskQueue::rxPeek(uint8_t* out, size_t cap, uint32_t* lens, uint32_t maxFrames) {
  if (fd_ < 0 || peeked_ != 0) return 0;
  uint32_t idx = 0;
  uint32_t n = xsk_ring_cons__peek(&rx_, maxFrames, &idx);
  size_t used = 0;
  uint32_t k = 0;
  for (; k < n; k++) {
    const struct xdp_desc* d = xsk_ring_cons__rx_desc(&rx_, idx + k);
    if (used + d->len > cap) break;
    std::memcpy(out + used, xsk_umem__get_data(area_, xsk_umem__add_offset_to_addr(d->addr)), d->len);
    lens[k] = d->len;
    used += d->len;
  }
  if (k < n) xsk_ring_cons__cancel(&rx_, n - k);
  peeked_ = k;
  peekIdx_ = idx;
  return k;
}

void XskQueue::rxRelease(uint32_t consumed) {
  if (fd_ < 0) return;
  if (consumed > peeked_) consumed = peeked_;
  for (uint32_t k = 0; k < consumed; k++) {
    const struct xdp_desc* d = xsk_ring_cons__rx_desc(&rx_, peekIdx_ + k);
    pool_.push_back(d->addr & ~uint64_t(kFrameSize - 1));
  }
  xsk_ring_cons__cancel(&rx_, peeked_ - consumed);
  if (consumed) xsk_ring_cons__release(&rx_, consumed);
  peeked_ = 0;
  fillRing(kRingSize);
  if (xsk_ring_prod__needs_wakeup(&fill_)) recvfrom(fd_, nullptr, 0, MSG_DONTWAIT, nullptr, nullptr);
}

uint32_t XskQueue::rxPeekInPlace(uint32_t maxFrames) {
  if (fd_ < 0 || peeked_ != 0) return 0;
  uint32_t idx = 0;
  peeked_ = xsk_ring_cons__peek(&rx_, maxFrames, &idx);
  peekIdx_ = idx;
  return peeked_;
}

const uint8_t* XskQueue::rxFrame(uint32_t k, uint32_t* len) const {
  const struct xdp_desc* d = xsk_ring_cons__rx_desc(&rx_, peekIdx_ + k);
  // The kernel writes descriptors; a length past the frame would be its bug, but never
  // let it take a read beyond the UMEM frame.
  *len = d->len <= kFrameSize ? d->len : kFrameSize;
  return static_cast<const uint8_t*>(xsk_umem__get_data(area_, xsk_umem__add_offset_to_addr(d->addr)));
}

bool XskQueue::rxNeedsWakeup() const { return fd_ >= 0 && xsk_ring_prod__needs_wakeup(&fill_); }

void XskQueue::reclaim() {
  uint32_t idx = 0;
  uint32_t n = xsk_ring_cons__peek(&comp_, kRingSize, &idx);
  if (n == 0) return;
  for (uint32_t i = 0; i < n; i++) pool_.push_back(*xsk_ring_cons__comp_addr(&comp_, idx + i));
  xsk_ring_cons__release(&comp_, n);
  outstanding_ -= n < outstanding_ ? n : outstanding_;
}

void XskQueue::kick() {
  if (!xsk_ring_prod__needs_wakeup(&tx_)) return;
  // Copy mode transmits at most a small batch per call and answers EAGAIN when more is
  // left: kick again a bounded number of times.
  for (int i = 0; i < 1 + int(kRingSize / 16); i++) {
    if (sendto(fd_, nullptr, 0, MSG_DONTWAIT, nullptr, 0) >= 0) break;
    if (errno != EAGAIN && errno != EBUSY) break;
    if (*tx_.consumer == *tx_.producer) break;
  }
}

uint32_t XskQueue::txCredit() {
  if (fd_ < 0) return 0;
  reclaim();
  uint32_t free = xsk_prod_nb_free(&tx_, kRingSize);
  return free < pool_.size() ? free : static_cast<uint32_t>(pool_.size());
}

uint32_t XskQueue::tx(const uint8_t* data, const uint32_t* lens, uint32_t count) {
  if (fd_ < 0) return 0;
  reclaim();
  uint32_t taken = 0;
  size_t off = 0;
  uint32_t posted = 0;
  while (taken < count) {
    uint32_t want = count - taken;
    uint32_t slots = xsk_prod_nb_free(&tx_, want);
    if (slots > want) slots = want;
    if (slots > pool_.size()) slots = static_cast<uint32_t>(pool_.size());
    if (slots == 0) break;
    uint32_t idx = 0;
    xsk_ring_prod__reserve(&tx_, slots, &idx);
    uint32_t used = 0;
    while (used < slots && taken < count) {
      uint32_t len = lens[taken];
      if (len <= kFrameSize) {
        uint64_t addr = pool_.back();
        pool_.pop_back();
        std::memcpy(xsk_umem__get_data(area_, addr), data + off, len);
        struct xdp_desc* d = xsk_ring_prod__tx_desc(&tx_, idx + used);
        d->addr = addr;
        d->len = len;
        d->options = 0;
        used++;
      }
      off += len;
      taken++;
    }
    tx_.cached_prod -= slots - used;  // give back slots reserved for oversized frames
    if (used) xsk_ring_prod__submit(&tx_, used);
    posted += used;
  }
  outstanding_ += posted;
  if (posted) kick();
  return taken;
}

uint32_t XskQueue::txReserve(uint32_t want) {
  resv_.clear();
  if (fd_ < 0) return 0;
  reclaim();
  uint32_t n = xsk_prod_nb_free(&tx_, want);
  if (n > want) n = want;
  if (n > pool_.size()) n = static_cast<uint32_t>(pool_.size());
  if (n == 0 || xsk_ring_prod__reserve(&tx_, n, &resvIdx_) != n) return 0;
  for (uint32_t i = 0; i < n; i++) {
    resv_.push_back(pool_.back());
    pool_.pop_back();
  }
  return n;
}

void XskQueue::txCommit(const uint32_t* lens, uint32_t n) {
  const uint32_t held = static_cast<uint32_t>(resv_.size());
  if (n > held) n = held;
  for (uint32_t k = 0; k < n; k++) {
    struct xdp_desc* d = xsk_ring_prod__tx_desc(&tx_, resvIdx_ + k);
    d->addr = resv_[k];
    d->len = lens[k] <= kFrameSize ? lens[k] : kFrameSize;
    d->options = 0;
  }
  tx_.cached_prod -= held - n;  // slots not used go back
  for (uint32_t k = held; k > n; k--) pool_.push_back(resv_[k - 1]);
  resv_.clear();
  if (n == 0) return;
  xsk_ring_prod__submit(&tx_, n);
  outstanding_ += n;
  kick();
}

bool XskQueue::txKick() {
  if (fd_ < 0) return false;
  if (outstanding_) kick();
  reclaim();
  return outstanding_ > 0 && xsk_ring_prod__needs_wakeup(&tx_);
}

XskStats XskQueue::stats() const {
  XskStats s {};
  if (fd_ < 0) return s;
  struct xdp_statistics st {};
  socklen_t len = sizeof(st);
  if (getsockopt(fd_, SOL_XDP, XDP_STATISTICS, &st, &len) == 0) {
    s.rxDropped = st.rx_dropped;
    s.rxInvalid = st.rx_invalid_descs;
    s.txInvalid = st.tx_invalid_descs;
    s.rxRingFull = st.rx_ring_full;
    s.fillRingEmpty = st.rx_fill_ring_empty_descs;
    s.txRingEmpty = st.tx_ring_empty_descs;
  }
  return s;
}

void XskQueue::close() {
  if (mapFd_ >= 0) {
    if (!mapPath_.empty() && bpf_map_delete_elem(mapFd_, &mapKey_) != 0) {
      diagWarn("af-xdp: unable to remove AF_XDP socket from map " + mapPath_);
    }
    ::close(mapFd_);
    mapFd_ = -1;
  }
  if (prog_) prog_->remove(progKey_);
  if (xsk_) {
    xsk_socket__delete(xsk_);
    xsk_ = nullptr;
  } else {
    for (auto& m : maps_) munmap(m.addr, m.len);
    maps_.clear();
    if (fd_ >= 0 && ownFd_) ::close(fd_);
    ownFd_ = true;
  }
  fd_ = -1;
  if (umem_) {
    xsk_umem__delete(umem_);
    umem_ = nullptr;
  }
  prog_.reset();
  if (area_) {
    munmap(area_, kUmemBytes);
    area_ = nullptr;
  }
  pool_.clear();
  pool_.shrink_to_fit();
  resv_.clear();
  peeked_ = 0;
  outstanding_ = 0;
}

}  // namespace xsknet
