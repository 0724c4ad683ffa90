// Operation coverage of the translator: every golden-corpus bundle (real MCST assembler output,
// ISA.md §0) is translated for its own iset and each operation that decodes but is not
// implemented (SIGILL) is noted. The operations allowed to be missing are listed, one mnemonic
// a line, in --known FILE (e2k-unimplemented-ops.txt); the run fails when an operation outside
// that list is missing (a listed one that is implemented is reported, to keep the list true).
// --list prints "iset mnemonic format bundles" for every missing pair instead.
//   e2k-op-coverage [--golden DIR] [--known FILE] [--list]
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "target/e2k/alu-template.h"
#include "target/e2k/decode.h"
#include "target/e2k/tb-flags.h"
#include "target/e2k/translate.h"
#include "test-util.h"

using namespace e2k;

namespace {

std::map<std::tuple<int, std::string, std::string>, unsigned> g_missing;
int g_iset = 0;

void note(Mn mn, Fmt fmt) { g_missing[{g_iset, mnemonic_name(mn), format_name(fmt)}]++; }

}  // namespace

int main(int argc, char **argv) {
  std::string golden = "tests/fixtures/golden", known_file;
  bool list = false;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--golden") && i + 1 < argc) golden = argv[++i];
    else if (!std::strcmp(argv[i], "--known") && i + 1 < argc) known_file = argv[++i];
    else if (!std::strcmp(argv[i], "--list")) list = true;
    else {
      std::fprintf(stderr, "e2k-op-coverage: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  g_unimplemented_hook = note;
  test::Window w(20);
  const uint64_t code = 0x10000;
  w.map(code, 0x1000, PAGE_READ | PAGE_EXEC);
  unsigned records = 0;
  for (int iset = 2; iset <= 6; iset++) {
    g_iset = iset;
    std::string cmd = "gzip -dc '" + golden + "/v" + std::to_string(iset) + ".jsonl.gz'";
    FILE *f = popen(cmd.c_str(), "r");
    if (!f) return 2;
    static char buf[1 << 16];
    while (fgets(buf, sizeof buf, f)) {
      const char *p = std::strstr(buf, "\"hex\": \"");
      if (!p) continue;
      p += 8;
      size_t n = 0;
      auto hv = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
      while (p[0] && p[0] != '"' && p[1] && n < 0x800) {
        w.mem.base[code + n++] = static_cast<uint8_t>(hv(p[0]) * 16 + hv(p[1]));
        p += 2;
      }
      if (n == 0 || n % 8 != 0) continue;
      tcg::Block blk;
      TranslateOptions opt{iset, 1};
      translate_block(w.mem, code, TB_FLAG_GENERIC, opt, blk, nullptr);
      records++;
    }
    pclose(f);
  }
  std::fprintf(stderr, "e2k-op-coverage: %u bundles, %zu (iset, operation) pairs not implemented\n", records,
               g_missing.size());
  if (records == 0) return 2;
  if (list) {
    for (const auto &[k, count] : g_missing)
      std::printf("v%d %s %s %u\n", std::get<0>(k), std::get<1>(k).c_str(), std::get<2>(k).c_str(), count);
    return 0;
  }
  if (known_file.empty()) {
    std::fprintf(stderr, "e2k-op-coverage: --known FILE (or --list) is required\n");
    return 2;
  }
  std::ifstream in(known_file);
  if (!in) {
    std::fprintf(stderr, "e2k-op-coverage: cannot read %s\n", known_file.c_str());
    return 2;
  }
  std::set<std::string> known, missing;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') known.insert(line.substr(0, line.find_first_of(" \t")));
  for (const auto &[k, count] : g_missing) missing.insert(std::get<1>(k));
  int bad = 0;
  for (const std::string &m : missing)
    if (!known.count(m)) {
      std::fprintf(stderr, "e2k-op-coverage: %s decodes but is not implemented (not in %s)\n", m.c_str(),
                   known_file.c_str());
      bad++;
    }
  // A listed operation that now works is only reported: another change implementing it must not
  // fail this test; whoever sees the note removes the line.
  for (const std::string &m : known)
    if (!missing.count(m))
      std::fprintf(stderr, "e2k-op-coverage: note: %s is listed in %s but is implemented; remove the line\n",
                   m.c_str(), known_file.c_str());
  return bad ? 1 : 0;
}
