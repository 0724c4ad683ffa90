/* Traffic generator and sink for bench/net (NET.md §7's method).
 *   xdp-gen gen IFNAME SECONDS   frames of 64 bytes leave IFNAME via XDP_TX, made with
 *                                BPF_PROG_RUN in live-frames mode (IFNAME as ingress);
 *                                prints {"sent":N,"secs":S}
 *   xdp-gen sink IFNAME SECONDS  attaches an XDP_DROP program (native) to IFNAME for
 *                                SECONDS; prints {"dropped":N} from a per-CPU counter
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int die(const char *what) {
  fprintf(stderr, "xdp-gen: %s: %s\n", what, strerror(errno));
  return 1;
}

static int gen(int ifindex, double secs) {
  struct bpf_insn prog[] = {
      {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_TX},
      {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
  };
  int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bench_gen", "GPL", prog, 2, NULL);
  if (fd < 0) return die("load generator program");
  unsigned char pkt[64];
  memset(pkt, 0, sizeof(pkt));
  memset(pkt, 0xff, 6);
  unsigned char src[6] = {0x02, 0, 0, 0, 0, 0x01};
  memcpy(pkt + 6, src, 6);
  pkt[12] = 0x88;
  pkt[13] = 0xb5;
  struct xdp_md ctx = {.data = 0, .data_end = sizeof(pkt), .ingress_ifindex = (unsigned)ifindex};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt), .ctx_in = &ctx,
              .ctx_size_in = sizeof(ctx), .repeat = 65536, .batch_size = 64,
              .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
  unsigned long long sent = 0;
  double t0 = now();
  while (now() - t0 < secs) {
    if (bpf_prog_test_run_opts(fd, &opts) != 0) return die("BPF_PROG_RUN (live frames)");
    sent += opts.repeat;
  }
  printf("{\"sent\":%llu,\"secs\":%.3f}\n", sent, now() - t0);
  return 0;
}

static int sink(int ifindex, double secs) {
  int map = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "bench_sink", 4, 8, 1, NULL);
  if (map < 0) return die("create counter map");
  /* key 0 on the stack; v = lookup(map, &key); if (v) *v += 1; return XDP_DROP */
  struct bpf_insn prog[] = {
      {BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0},
      {BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0},
      {BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4},
      {BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map},
      {0, 0, 0, 0, 0},
      {BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem},
      {BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 3, 0},
      {BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_0, 0, 0},
      {BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, 1},
      {BPF_STX | BPF_MEM | BPF_DW, BPF_REG_0, BPF_REG_1, 0, 0},
      {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_DROP},
      {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
  };
  int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bench_sink", "GPL", prog, sizeof(prog) / sizeof(prog[0]), NULL);
  if (fd < 0) return die("load sink program");
  LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = XDP_FLAGS_DRV_MODE);
  int link = bpf_link_create(fd, ifindex, BPF_XDP, &lo);
  if (link < 0) return die("attach sink program (native)");
  printf("{\"ready\":true}\n");
  fflush(stdout);
  usleep((useconds_t)(secs * 1e6));
  int ncpu = libbpf_num_possible_cpus();
  unsigned long long *vals = calloc((size_t)ncpu, sizeof(*vals)), total = 0;
  unsigned key = 0;
  if (vals && bpf_map_lookup_elem(map, &key, vals) == 0) {
    for (int i = 0; i < ncpu; i++) total += vals[i];
  }
  printf("{\"dropped\":%llu}\n", total);
  free(vals);
  close(link);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: xdp-gen gen|sink IFNAME SECONDS\n");
    return 2;
  }
  int ifindex = (int)if_nametoindex(argv[2]);
  if (!ifindex) return die(argv[2]);
  double secs = atof(argv[3]);
  if (!strcmp(argv[1], "gen")) return gen(ifindex, secs);
  if (!strcmp(argv[1], "sink")) return sink(ifindex, secs);
  fprintf(stderr, "xdp-gen: unknown mode '%s'\n", argv[1]);
  return 2;
}
