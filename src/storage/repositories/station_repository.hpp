// SQL for micro fire stations (0019_stations.sql): the station rows, their equipment (one row per
// station and item) and drills, the expiry scan of the reminder job and the positions the coverage
// figure needs. Stateless: each method runs on the connection it is given, inside the caller's
// transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/station/station.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct StationRecord {
    int64_t id = 0;
    RegionPath path;  // town, village, grid of the region it sits in
    int64_t region_id = 0;
    std::string name;
    std::string kind;
    double lat = 0;
    double lng = 0;
    int64_t staff = 0;
    int64_t radius_m = 0;
    std::optional<int64_t> responsible_user_id;
    int64_t version = 1;
    UnixSeconds created_at = 0;
    UnixSeconds updated_at = 0;
};

struct DrillRecord {
    int64_t id = 0;
    int64_t station_id = 0;
    std::string held_on;  // YYYY-MM-DD
    int64_t response_s = 0;
    std::string note;
    std::optional<int64_t> recorded_by;
    UnixSeconds created_at = 0;
};

// A dated equipment row due for a reminder (the job's scan), with what the notification needs.
struct ExpiringEquipmentRow {
    int64_t station_id = 0;
    std::string station_name;
    RegionPath path;
    std::optional<int64_t> responsible_user_id;
    std::string item;
    std::string expires_on;
};

struct PositionedEnterpriseRow {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string name;
    double lat = 0;
    double lng = 0;
};

class StationRepository {
  public:
    explicit StationRepository(Connection& conn) : conn_(conn) {}

    Result<int64_t> Insert(const StationRecord& s);  // version 1; returns the new id
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<StationRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Ordered by id; the page and the total under the same filters (path columns of the station).
    Result<std::pair<std::vector<StationRecord>, int64_t>> List(const std::vector<PathFilter>& filters, int64_t offset,
                                                                int64_t limit);
    // Every station of these towns (the coverage figure: a station covers across village lines).
    Result<std::vector<StationRecord>> InTowns(const std::vector<int64_t>& town_ids);
    // Writes the editable columns; version = expected + 1. False when missing or stale.
    Result<bool> Update(const StationRecord& s, int64_t expected_version);

    Result<std::map<int64_t, std::vector<station::EquipmentRow>>> Equipment(const std::vector<int64_t>& station_ids,
                                                                            const TownLimit& town = TownLimit::Any());
    Status UpsertEquipment(int64_t station_id, const station::EquipmentRow& row, UnixSeconds at);
    Result<int64_t> InsertDrill(const DrillRecord& d);
    // Newest first.
    Result<std::vector<DrillRecord>> Drills(int64_t station_id, int64_t limit,
                                            const TownLimit& town = TownLimit::Any());

    // Equipment rows (count > 0) whose expires_on is on or before `until` (YYYY-MM-DD).
    Result<std::vector<ExpiringEquipmentRow>> ExpiringUntil(const std::string& until);
    // Whether the user exists, is enabled and belongs to the town (a station's responsible person).
    Result<bool> IsEnabledUserOfTown(int64_t user_id, int64_t town_id);
    // Enterprises with a position under `filters`, ordered by id.
    Result<std::vector<PositionedEnterpriseRow>> PositionedEnterprises(const std::vector<PathFilter>& filters);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
