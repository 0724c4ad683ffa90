/* The raw C AF_XDP reference of bench/net: one socket on queue 0 over libxdp with QEMU's
 * sizing (rings 2048, 8192 frames of 4 KiB, need-wakeup, batches of 64), libxdp's default
 * XSK program, event-loop style (poll() only when there is nothing to do).
 *   xsk-ref tx|rx|l2fwd IFNAME native|skb SECONDS
 * Prints {"ready":true} once set up, then {"pkts":N,"secs":S,"cpu":C} (C = user+sys s).
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#define RING 2048
#define FRAME 4096
#define NFRAMES (2 * (RING + RING))
#define BATCH 64

static struct xsk_ring_prod fq, tx;
static struct xsk_ring_cons cq, rx;
static struct xsk_umem *umem;
static struct xsk_socket *xsk;
static void *area;
static unsigned long long freelist[NFRAMES];
static unsigned nfree;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void refill(void) {
  unsigned n = xsk_prod_nb_free(&fq, RING), idx;
  if (n > nfree) n = nfree;
  if (n == 0 || xsk_ring_prod__reserve(&fq, n, &idx) != n) return;
  for (unsigned i = 0; i < n; i++) *xsk_ring_prod__fill_addr(&fq, idx + i) = freelist[--nfree];
  xsk_ring_prod__submit(&fq, n);
}

static unsigned reclaim(int to_fill) {
  unsigned idx, n = xsk_ring_cons__peek(&cq, RING, &idx);
  for (unsigned i = 0; i < n; i++) freelist[nfree++] = *xsk_ring_cons__comp_addr(&cq, idx + i);
  if (n) xsk_ring_cons__release(&cq, n);
  if (to_fill) refill();
  return n;
}

/* Copy mode sends a small batch per sendto() and answers EAGAIN while more is queued:
 * kick until the kernel has taken the ring (bounded), as native/net does. */
static void kick(void) {
  if (!xsk_ring_prod__needs_wakeup(&tx)) return;
  for (int i = 0; i < 1 + RING / 16; i++) {
    if (sendto(xsk_socket__fd(xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0) break;
    if (errno != EAGAIN && errno != EBUSY) break;
    if (*tx.consumer == *tx.producer) break;
  }
}

static void wait_fd(short events) {
  struct pollfd p = {.fd = xsk_socket__fd(xsk), .events = events};
  poll(&p, 1, 100);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: xsk-ref tx|rx|l2fwd IFNAME native|skb SECONDS\n");
    return 2;
  }
  const char *test = argv[1], *ifname = argv[2];
  int native = !strcmp(argv[3], "native");
  double secs = atof(argv[4]);
  area = mmap(NULL, (size_t)NFRAMES * FRAME, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return perror("mmap"), 1;
  struct xsk_umem_config ucfg = {.fill_size = RING, .comp_size = RING, .frame_size = FRAME};
  int ret = xsk_umem__create(&umem, area, (size_t)NFRAMES * FRAME, &fq, &cq, &ucfg);
  if (ret) return fprintf(stderr, "xsk-ref: umem: %s\n", strerror(-ret)), 1;
  struct xsk_socket_config cfg = {.rx_size = RING, .tx_size = RING, .bind_flags = XDP_USE_NEED_WAKEUP,
                                  .xdp_flags = XDP_FLAGS_UPDATE_IF_NOEXIST |
                                               (native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE)};
  ret = xsk_socket__create(&xsk, ifname, 0, umem, &rx, &tx, &cfg);
  if (ret) return fprintf(stderr, "xsk-ref: socket: %s\n", strerror(-ret)), 1;
  for (unsigned i = 0; i < NFRAMES; i++) {
    unsigned char *f = (unsigned char *)area + (size_t)i * FRAME;
    memset(f, 0xff, 6);
    memcpy(f + 6, "\x02\0\0\0\0\x02", 6);
    f[12] = 0x88;
    f[13] = 0xb5;
    freelist[nfree++] = (unsigned long long)i * FRAME;
  }
  int is_tx = !strcmp(test, "tx"), is_l2 = !strcmp(test, "l2fwd");
  if (!is_tx) refill();
  printf("{\"ready\":true}\n");
  fflush(stdout);
  usleep(300000);
  unsigned long long pkts = 0;
  double t0 = now(), c0 = cpu();
  while (now() - t0 < secs) {
    if (is_tx) {
      pkts += reclaim(0);
      unsigned n = nfree < BATCH ? nfree : BATCH, idx;
      if (n == 0 || xsk_ring_prod__reserve(&tx, n, &idx) != n) {
        kick();
        if (!reclaim(0)) wait_fd(POLLOUT);
        continue;
      }
      for (unsigned i = 0; i < n; i++) {
        struct xdp_desc *d = xsk_ring_prod__tx_desc(&tx, idx + i);
        d->addr = freelist[--nfree];
        d->len = 64;
      }
      xsk_ring_prod__submit(&tx, n);
      kick();
      continue;
    }
    unsigned idx, n = xsk_ring_cons__peek(&rx, BATCH, &idx);
    if (n == 0) {
      if (is_l2) {
        kick();
        pkts += reclaim(1);
      }
      wait_fd(POLLIN);
      continue;
    }
    if (!is_l2) {
      for (unsigned i = 0; i < n; i++) freelist[nfree++] = xsk_ring_cons__rx_desc(&rx, idx + i)->addr & ~(unsigned long long)(FRAME - 1);
      xsk_ring_cons__release(&rx, n);
      refill();
      pkts += n;
      continue;
    }
    unsigned tidx;
    while (xsk_ring_prod__reserve(&tx, n, &tidx) != n) {
      kick();
      pkts += reclaim(1);
    }
    for (unsigned i = 0; i < n; i++) {
      const struct xdp_desc *r = xsk_ring_cons__rx_desc(&rx, idx + i);
      unsigned char *f = (unsigned char *)area + r->addr, mac[6];
      memcpy(mac, f, 6);
      memcpy(f, f + 6, 6);
      memcpy(f + 6, mac, 6);
      struct xdp_desc *d = xsk_ring_prod__tx_desc(&tx, tidx + i);
      d->addr = r->addr;
      d->len = r->len;
    }
    xsk_ring_prod__submit(&tx, n);
    xsk_ring_cons__release(&rx, n);
    kick();
    pkts += reclaim(1);
  }
  double t1 = now(), c1 = cpu();
  printf("{\"pkts\":%llu,\"secs\":%.3f,\"cpu\":%.3f}\n", pkts, t1 - t0, c1 - c0);
  fflush(stdout);
  xsk_socket__delete(xsk);
  xsk_umem__delete(umem);
  return 0;
}
