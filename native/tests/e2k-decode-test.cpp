// The bundle decoder: the worked example of ISA.md §2.3, illegal encodings, and every bundle
// of the golden corpus (bundles the real MCST assembler produced, tests/fixtures/golden): each
// must decode on its iset, and the ALU operations found must be the ones the record names.
//   e2k-decode-test <golden dir> [--list-failures]
#include <cstring>
#include <map>
#include <set>
#include <string>

#include "target/e2k/decode.h"
#include "test-util.h"

using namespace e2k;

namespace {

const char *decode_words(std::initializer_list<uint32_t> words, int iset, Bundle &b) {
  uint8_t buf[64] = {};
  size_t i = 0;
  for (uint32_t w : words) {
    std::memcpy(buf + 4 * i, &w, 4);
    i++;
  }
  return decode_bundle(buf, 0x10000, iset, b);
}

void test_worked_example() {
  // { adds 0x1, %r0, %r1 }: bytes 01 00 00 04 81 80 c1 10
  const uint8_t bytes[8] = {0x01, 0x00, 0x00, 0x04, 0x81, 0x80, 0xc1, 0x10};
  Bundle b;
  CHECK(decode_bundle(bytes, 0x10000, 3, b) == nullptr);
  CHECK_EQ(b.len, 8);
  CHECK(b.alu[0].present);
  CHECK(b.alu[0].t && b.alu[0].t->mn == Mn::adds);
  CHECK_EQ(b.alu[0].src1, 0xc1);
  CHECK_EQ(b.alu[0].src2, 0x80);
  CHECK_EQ(b.alu[0].dst, 0x81);
  for (int i = 1; i < 6; i++) CHECK(!b.alu[i].present);
}

void test_illegal() {
  Bundle b;
  // mdl says 3 words of F1 but only HS + ALS0 are present
  CHECK(decode_words({0x04000002, 0x10c18081, 0, 0}, 3, b) != nullptr);
  // opcode 0x0d is not a short operation on any channel
  CHECK(decode_words({0x04000001, 0x0dc18081}, 3, b) != nullptr);
  // sdivx (0x46) exists only on ALC5, not ALC0
  CHECK(decode_words({0x04000001, 0x46c18081}, 3, b) != nullptr);
  // the same on ALC5 is fine: HS al bit 31, ALS5
  CHECK(decode_words({0x80000001, 0x46c18081}, 3, b) == nullptr);
  // CS1 opcode 9 is reserved: HS c1 (bit 15), mdl 1
  CHECK(decode_words({0x00008001, 0x90000000}, 3, b) != nullptr);
  // CS0 `done` (ctpr 0, opc 3) is privileged
  CHECK(decode_words({0x00004001, 0x30000000}, 3, b) != nullptr);
  // reserved ct condition type 0xA in SS
  CHECK(decode_words({0x00001001, 0x00000540}, 3, b) != nullptr);
  // umulhd needs v3 (ALOPF11 EXT 0x70 on ALC1 with ALES1 01c0)
  uint8_t buf[16] = {};
  uint32_t w[2] = {0x08200011, 0x70818283};  // al1, ale1, mdl 1, lng 1
  uint32_t hw = 0x01c00000;                  // ALES1 is the high half of the first F2 word
  std::memcpy(buf, &w[0], 4);
  std::memcpy(buf + 4, &w[1], 4);
  std::memcpy(buf + 8, &hw, 4);
  CHECK(decode_bundle(buf, 0, 2, b) != nullptr);
  CHECK(decode_bundle(buf, 0, 3, b) == nullptr);
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Pulls a JSON string field out of one record (the corpus is machine-written, no escapes in hex).
std::string field(const std::string &line, const char *name) {
  std::string key = std::string("\"") + name + "\": ";
  size_t p = line.find(key);
  if (p == std::string::npos) return "";
  p += key.size();
  if (line[p] == '"') {
    size_t e = line.find('"', p + 1);
    return line.substr(p + 1, e - p - 1);
  }
  size_t e = line.find(']', p);
  return line.substr(p, e - p + 1);
}

// Spellings that share one encoding: the table's first row names the operation, the record
// may use another (gas aliases, MAS-selected names, numbered/named plog tables).
std::string canonical(std::string m) {
  if (m.rfind("apur", 0) == 0) m = "aaur" + m.substr(4);
  if (m.rfind("staa", 0) == 0) m = "aaurw" + m.substr(4);  // staa* with MAS 0x3F is aaurw*
  if (m.rfind("ldaa", 0) == 0) m = "aaurr" + m.substr(4);
  if (m == "aaurws") m = "aaurw";
  if (m == "aaurrs") m = "aaurr";
  if (m.rfind("qplog_", 0) == 0) return "qplog";
  if (m.rfind("plog_", 0) == 0) return "plog";
  if (m == "mmurr") return "ldd";
  if (m == "mmurw") return "std";
  if ((m.rfind("ldl", 0) == 0 || m.rfind("stl", 0) == 0) && m.size() == 6) m = m.substr(0, 2) + m.substr(3);
  return m;
}

bool record_names(const std::string &list, const std::string &name) {
  std::string want = canonical(name);
  size_t p = 0;
  while ((p = list.find('"', p)) != std::string::npos) {
    size_t e = list.find('"', p + 1);
    if (e == std::string::npos) break;
    if (canonical(list.substr(p + 1, e - p - 1)) == want) return true;
    p = e + 1;
  }
  return false;
}

// Operations the CPU does not decode on purpose (privileged, hypervisor, unsupported units).
bool expected_unsupported(const std::string &mnemonics, const std::string &cls) {
  static const char *const names[] = {"\"setei\"", "\"setsft\"", "\"done\"", "\"iret\"", "\"hret\"",
                                      "\"glaunch\"", "\"icall\"", "\"hcall\"", "\"abg\"", "\"vfdi\"",
                                      "\"puttsd\"", "\"vfbg\"", "\"vfrpsz\"", "\"rbranch\"", "\"fapb\""};
  for (const char *n : names)
    if (mnemonics.find(n) != std::string::npos) return true;
  return cls == "aau-fapb";
}

void test_golden(const std::string &dir, bool list) {
  size_t total = 0, ok = 0, skipped = 0;
  std::map<std::string, size_t> reasons;
  for (int iset = 2; iset <= 6; iset++) {
    std::string path = dir + "/v" + std::to_string(iset) + ".jsonl.gz";
    std::string cmd = "gzip -dc '" + path + "'";
    FILE *f = popen(cmd.c_str(), "r");
    CHECK(f != nullptr);
    if (!f) continue;
    std::string line;
    char buf[1 << 16];
    size_t n_iset = 0;
    while (fgets(buf, sizeof buf, f)) {
      line = buf;
      std::string hex = field(line, "hex");
      if (hex.empty() || hex.size() % 16 != 0 || hex.size() > 128) continue;
      uint8_t bytes[64];
      for (size_t i = 0; i < hex.size() / 2; i++)
        bytes[i] = static_cast<uint8_t>(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
      std::string mn = field(line, "mnemonics"), cls = field(line, "class");
      total++;
      n_iset++;
      // a record may hold several bundles; decode them one after the other
      size_t pos = 0;
      const char *err = nullptr;
      std::set<std::string> found;
      while (pos < hex.size() / 2 && !err) {
        uint32_t hs;
        std::memcpy(&hs, bytes + pos, 4);
        if (pos + bundle_length(hs) > hex.size() / 2) {
          err = "bundle longer than the record";
          break;
        }
        Bundle b;
        err = decode_bundle(bytes + pos, pos, iset, b);
        if (!err)
          for (const AluSlot &s : b.alu)
            if (s.present) found.insert(mnemonic_name(s.t->mn));
        pos += bundle_length(hs);
      }
      // gas accepts a store on ALC2 with a load on ALC3 (or ALC5 with ALC0); the hardware model
      // (Q) rejects the bundle, and so do we (ISA.md §4.1).
      bool conflict = err && std::strcmp(err, "store and load in conflicting channels") == 0;
      if (err && (expected_unsupported(mn, cls) || conflict)) {
        skipped++;
        continue;
      }
      bool names_ok = true;
      for (const std::string &m : found)
        if (!record_names(mn, m)) names_ok = false;
      if (!err && names_ok) {
        ok++;
        continue;
      }
      std::string why = err ? err : "ALU mnemonic differs";
      reasons[why]++;
      if (list) std::fprintf(stderr, "v%d %s %s: %s\n", iset, hex.c_str(), mn.c_str(), why.c_str());
    }
    pclose(f);
    CHECK(n_iset > 1000);
  }
  std::printf("golden: %zu records, %zu decoded as expected, %zu unsupported on purpose\n", total, ok, skipped);
  for (auto &r : reasons) std::printf("  %zu x %s\n", r.second, r.first.c_str());
  CHECK(total > 100000);
  CHECK_EQ(ok + skipped, total);
}

}  // namespace

int main(int argc, char **argv) {
  test_worked_example();
  test_illegal();
  if (argc > 1) test_golden(argv[1], argc > 2 && std::strcmp(argv[2], "--list-failures") == 0);
  return test::finish("e2k-decode-test");
}
