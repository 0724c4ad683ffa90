// -cpu models: the OpenE2K fork's names with the MCST names as aliases (ISA.md §11).
#include <cstring>

#include "target/e2k/cpu.h"

namespace e2k {

static const CpuModel kModels[] = {
    {"e2c+", "elbrus-2c+ elbrus-2cm elbrus-v2", 2, "Elbrus-2C+ (iset v2)"},
    {"e2s", "elbrus-4c elbrus-v3", 3, "Elbrus-4C (iset v3)"},
    {"e8c", "elbrus-8c elbrus-1c+ elbrus-v4", 4, "Elbrus-8C (iset v4)"},
    {"e8c2", "elbrus-8c2 elbrus-8cb elbrus-v5", 5, "Elbrus-8C2 (iset v5)"},
    {"e16c", "elbrus-16c elbrus-12c elbrus-2c3 elbrus-v6", 6, "Elbrus-16C (iset v6)"},
};

static const CpuModel *const kModelList[] = {&kModels[0], &kModels[1], &kModels[2], &kModels[3], &kModels[4],
                                             nullptr};

static bool alias_matches(const char *aliases, const char *name) {
  size_t n = std::strlen(name);
  for (const char *p = aliases; *p;) {
    const char *e = std::strchr(p, ' ');
    size_t len = e ? static_cast<size_t>(e - p) : std::strlen(p);
    if (len == n && std::strncmp(p, name, n) == 0) return true;
    if (!e) break;
    p = e + 1;
  }
  return false;
}

const CpuModel *find_cpu_model(const char *name) {
  if (name == nullptr) return nullptr;
  for (const CpuModel &m : kModels)
    if (std::strcmp(m.name, name) == 0 || alias_matches(m.aliases, name)) return &m;
  return nullptr;
}

const CpuModel *cpu_model_for_iset(int iset) {
  for (const CpuModel &m : kModels)
    if (m.iset == iset) return &m;
  if (iset > 6) return &kModels[4];
  return &kModels[2];  // generic / unknown: e8c, as the OpenE2K fork does
}

const CpuModel *const *all_cpu_models() { return kModelList; }

}  // namespace e2k
