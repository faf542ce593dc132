// The demo town 匡堰镇 as data: its real village units (from shared/data/regions), 3–5 grids per
// village, garment and textile workshops with plausible names, addresses in their village, valid
// credit codes, multi-tenant buildings (群租厂房) and tags. Pure and deterministic: the same seed
// and sizes give the same town on every machine (no std:: distributions, whose output differs
// between standard libraries).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace safegrid::services::seed {

struct VillageSource {
    std::string code;  // 12-digit statistical division code, e.g. 330282110201
    std::string name;  // as published, e.g. 王家埭村委会
};

struct DemoPerson {
    std::string name;
    std::string phone;
};

struct DemoGrid {
    std::string name;
    std::string code;
    DemoPerson responsible;
};

struct DemoVillage {
    std::string name;  // short form used in addresses and the tree: 王家埭村
    std::string code;
    DemoPerson responsible;
    double lat = 0, lng = 0;
    std::vector<DemoGrid> grids;
};

struct DemoBuilding {
    size_t village = 0, grid = 0;
    std::string name;
    std::string address;
    DemoPerson landlord;
    int floors = 1;
    double area_m2 = 0;
    int people_sleeping = 0;  // 三合一: workers sleeping on site (GA 703 warnings, a risk factor)
};

struct DemoEnterprise {
    size_t village = 0, grid = 0;
    std::optional<size_t> building;  // index into DemoTown::buildings
    std::string name;
    std::string credit_code;
    std::string address;
    std::string industry_code;
    int employees = 0;
    std::vector<std::string> tags;
    double lat = 0, lng = 0;
    DemoPerson contact;
};

struct DemoTown {
    std::string name = "匡堰镇";
    std::string code = "330282110000";
    DemoPerson responsible;
    std::vector<DemoVillage> villages;
    std::vector<DemoBuilding> buildings;
    std::vector<DemoEnterprise> enterprises;
};

// A small deterministic generator (SplitMix64): identical output everywhere.
class SeedRandom {
  public:
    explicit SeedRandom(uint64_t seed) : state_(seed) {}
    uint64_t Next();
    // Uniform in [0, n). REQUIRES: n > 0.
    uint64_t Below(uint64_t n) { return Next() % n; }
    int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1))); }
    bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
    template <class T>
    const T& Pick(const std::vector<T>& v) {
        return v[Below(v.size())];
    }

  private:
    uint64_t state_;
};

DemoPerson MakePerson(SeedRandom& rng);
// Builds the town. `villages` must not be empty.
DemoTown GenerateDemoTown(const std::vector<VillageSource>& villages, int64_t enterprises, uint64_t seed);

// 18-character unified social credit code with a valid organisation-code check digit (GB 11714)
// and check character (GB 32100-2015), for division 330282 (慈溪市).
std::string MakeDemoCreditCode(SeedRandom& rng, bool individual_business);

}  // namespace safegrid::services::seed
