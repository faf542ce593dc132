// Micro fire stations (微型消防站, CONTRACT "Training, micro fire stations, scorecards"): stations
// with kind, place, staff and coverage radius; their equipment against the loaded standard
// (micro_fire_station_equipment.json → core/station: what is missing for the kind, what expires
// within 30 days of the town's today or has expired); drills with response times; the coverage
// gaps (enterprises outside every station's radius, with the metres to the nearest station).
//
// Who may do what (scope as everywhere: outside it → 404, never revealing existence):
//   town, village, admin   create and edit stations in regions they see, add equipment and drills
//   inspector              list and read the stations of its grid(s) (a village-level station sits
//                          above the grid and is not theirs); the coverage figure of its scope
//   enterprise             nothing (403)
// Bad input → 422 naming the field: name (1..200), kind (a `type` of the file), lat (−90..90),
// lng (−180..180), staff (0..10000), radius_m (1..50000), responsible_user_id (an enabled user of
// the station's town), item (a code of the standard), count (≥ 0), expires_on / held_on
// (YYYY-MM-DD), response_s (0..86400), note (≤ 500). region_id outside the scope → 404.
//
// Equipment rows are not part of the station's version: a PATCH of the station's own fields and a
// count entered at the store room do not conflict. Every change is audited (entity "station"; the
// equipment and drills as actions "equipment" and "drill" of entity "station_equipment" /
// "station_drill" so a stale PATCH's "last change" names the station's own edit).
//
// Thread-safety: safe to share; state lives in the Database; the standard is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/station/station.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/last_change.hpp"
#include "storage/db.hpp"
#include "storage/repositories/station_repository.hpp"

namespace safegrid::services {

using storage::DrillRecord;
using storage::StationRecord;

inline constexpr size_t kMaxStationName = 200;
inline constexpr int64_t kMaxStationRadius = 50'000;
inline constexpr int64_t kMaxStationStaff = 10'000;
inline constexpr int64_t kStationDrillsShown = 50;

// POST: name, kind, region_id, lat, lng, radius_m required; staff defaults to 0. PATCH: absent stays;
// responsible_user_id's inner nullopt clears it.
struct StationInput {
    std::optional<std::string> name;
    std::optional<std::string> kind;
    std::optional<int64_t> region_id;
    std::optional<double> lat;
    std::optional<double> lng;
    std::optional<int64_t> staff;
    std::optional<int64_t> radius_m;
    std::optional<std::optional<int64_t>> responsible_user_id;
};

struct EquipmentInput {
    std::optional<std::string> item;
    std::optional<int64_t> count;
    std::optional<std::string> expires_on;  // absent or null: no expiry
};

struct DrillInput {
    std::optional<std::string> held_on;
    std::optional<int64_t> response_s;
    std::string note;
};

struct StationView {
    StationRecord station;
    std::string region_name;
    std::optional<std::string> village_name;
    std::vector<station::EquipmentRow> equipment;  // by item code
    station::Readiness readiness;
    std::vector<DrillRecord> drills;  // newest first; Get/Create/Update/equipment only
};

struct CoverageGapView {
    int64_t enterprise_id = 0;
    std::string name;
    std::optional<double> nearest_m;  // none: the town has no station
};

struct CoverageReport {
    int64_t enterprises = 0;  // with a position, in the scope asked
    int64_t covered = 0;
    std::vector<CoverageGapView> uncovered;  // by enterprise id
};

class StationService {
  public:
    StationService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                   std::shared_ptr<const station::StationStandard> standard, TimeZone zone = {});

    // region_id: its subtree (out of scope → 404).
    Result<std::pair<std::vector<StationView>, int64_t>> List(const Principal& caller, std::optional<int64_t> region_id,
                                                              int64_t offset, int64_t limit);
    Result<StationView> Get(const Principal& caller, int64_t id);
    // caller null: the system (seed), which may use any region.
    Result<StationView> Create(const Principal* caller, const StationInput& input);
    Result<StationView> Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                               const StationInput& patch);
    Result<StaleEdit<StationView>> StaleEditOf(const Principal& caller, int64_t id);
    // Adds or replaces the station's row for the item; answers the whole station.
    // `created` (when given) says whether the item was new to the station: the API answers 201 for a new
    // row and 200 for a replaced one.
    Result<StationView> SetEquipment(const Principal* caller, int64_t station_id, const EquipmentInput& input,
                                     bool* created = nullptr);
    Result<DrillRecord> AddDrill(const Principal* caller, int64_t station_id, const DrillInput& input);
    // GET /stats/coverage: enterprises of the scope (region_id's subtree when given) against every
    // station of their town.
    Result<CoverageReport> Coverage(const Principal& caller, std::optional<int64_t> region_id);

    [[nodiscard]] const station::StationStandard& standard() const { return *standard_; }
    [[nodiscard]] std::string Today() const;

  private:
    Result<StationView> Load(storage::Connection& conn, const Principal* caller, int64_t id, bool drills);
    Result<std::vector<StationView>> Views(storage::Connection& conn, std::vector<StationRecord> stations);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    std::shared_ptr<const station::StationStandard> standard_;
    TimeZone zone_;
};

}  // namespace safegrid::services
