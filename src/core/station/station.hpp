// Micro fire stations (微型消防站, CONTRACT "Training, micro fire stations, scorecards"): the rules
// that turn micro_fire_station_equipment.json into a table of minimums, and a station's equipment
// into what is missing and what expires; and the coverage gaps (enterprises outside every
// station's radius). Pure: the file is read by services/station_standard_loader, "today" is given.
//
// THE TABLE (BuildStationStandard), from the file's own words, nothing retyped:
//   - which items a kind must have, from each standard_equipment `requirement`:
//       starts "required", names no list            → every kind ("required")
//       names the community list as required        → community and town_village (the file's
//         ("required (community list)", "optional     town_village type has no table of its own;
//          (key units) / required (community list)")  a village station follows the community one)
//       "key-unit standard"                         → key_unit only
//       anything else ("optional ('选配')", ...)     → no kind (never missing)
//   - how many: suggested_minimum_quantities rows of the same `kind` whose item_zh begins the
//     item's name (灭火器 → 灭火器; 逃生面罩 → 逃生面罩（防烟/防毒面具）) or, for a group row such as
//     个人防护（头盔/防护服/手套/靴/腰带）, one of whose parts the item's name contains; the number is the
//     first one after "≥" in suggested_min_qty (else its leading number). A required item with no
//     such row needs 1.
// MISSING: a required item whose count is below its minimum (absent = 0).
// EXPIRING: an item whose expires_on is on or before today + kExpiryWarningDays
//   (the town's calendar day); `expired` when it is before today (the day itself still counts).
//
// Thread-safety: pure functions and immutable data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan/route.hpp"

namespace safegrid::station {

inline constexpr int kExpiryWarningDays = 30;

// What the loader reads from the file, as written there.
struct RawEquipment {
    std::string id;  // MFS-EQ-NN
    std::string item_zh;
    std::string item_en;
    std::string kind;  // extinguishing, ppe, ...
    std::string requirement;
};
struct RawQuantity {
    std::string item_zh;
    std::string kind;
    std::string suggested_min_qty;
};
struct RawStandard {
    std::vector<std::string> types;  // type codes
    std::vector<RawEquipment> equipment;
    std::vector<RawQuantity> quantities;
};

struct EquipmentItem {
    std::string code;
    std::string name_zh;
    std::string name_en;
};

class StationStandard {
  public:
    [[nodiscard]] bool HasKind(std::string_view kind) const;
    [[nodiscard]] const EquipmentItem* FindItem(std::string_view code) const;
    // 0 when the kind need not have the item.
    [[nodiscard]] int64_t Minimum(std::string_view kind, std::string_view item) const;
    [[nodiscard]] const std::vector<std::string>& kinds() const { return kinds_; }
    [[nodiscard]] const std::vector<EquipmentItem>& items() const { return items_; }

  private:
    friend StationStandard BuildStationStandard(const RawStandard& raw);
    std::vector<std::string> kinds_;
    std::vector<EquipmentItem> items_;                                        // file order
    std::map<std::string, std::map<std::string, int64_t>, std::less<>> min_;  // kind → item → minimum
};

// The kinds that must have an item with this `requirement` text (see THE TABLE).
std::vector<std::string> RequiredKinds(std::string_view requirement, const std::vector<std::string>& kinds);
// The first number after "≥", else the leading number, else nullopt.
std::optional<int64_t> SuggestedMinimum(std::string_view text);
StationStandard BuildStationStandard(const RawStandard& raw);

struct EquipmentRow {
    std::string item;
    int64_t count = 0;
    std::optional<std::string> expires_on;  // YYYY-MM-DD
};
struct MissingItem {
    std::string item;
    int64_t have = 0;
    int64_t min = 0;
};
struct ExpiringItem {
    std::string item;
    std::string expires_on;
    bool expired = false;
};
struct Readiness {
    std::vector<MissingItem> missing;    // in the standard's order
    std::vector<ExpiringItem> expiring;  // soonest first
};

// `today`: YYYY-MM-DD in the town's zone. Rows naming items the standard lacks are ignored.
Readiness AssessReadiness(const StationStandard& standard, std::string_view kind, const std::vector<EquipmentRow>& rows,
                          std::string_view today);
// Whether expires_on falls on or before today + kExpiryWarningDays (both YYYY-MM-DD; false when
// either is not a date).
bool ExpiresSoon(std::string_view expires_on, std::string_view today);
// The day `days` after an ISO date (YYYY-MM-DD); nullopt when it is not one.
std::optional<std::string> AddDays(std::string_view iso_date, int days);

// Coverage: one station's circle.
struct CoverageCircle {
    GeoPoint at;
    double radius_m = 0;
};
struct CoverageGap {
    size_t index = 0;                 // into the enterprises given
    std::optional<double> nearest_m;  // none when there is no station at all
};
// The enterprises outside every circle (distance > radius), in input order, with the metres to the
// nearest station's centre (HaversineMeters). A latitude band prefilter skips the exact distance
// for circles that cannot hold the point; the answer is the plain loop's.
std::vector<CoverageGap> FindCoverageGaps(const std::vector<GeoPoint>& enterprises,
                                          const std::vector<CoverageCircle>& stations);

}  // namespace safegrid::station
