// SQL for device alarms (0027_device_inbox.sql, rules in core/alarm): insert under the alarms_open
// index (one open alarm per device + kind + component), reads with the device's serial and kind and
// the enterprise's name, the scoped list, version-guarded updates and the device's clears.
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct AlarmRecord {
    int64_t id = 0;
    RegionPath path;  // the enterprise's
    int64_t enterprise_id = 0;
    int64_t device_id = 0;
    std::string kind;               // core/alarm KindName
    std::string status = "active";  // core/alarm StatusName
    std::string component_key;      // core/alarm ComponentKey
    std::string source = "{}";      // JSON object
    UnixSeconds raised_at = 0;
    std::optional<UnixSeconds> cleared_at;
    int64_t escalation_level = 0;
    std::optional<UnixSeconds> escalated_at;
    std::optional<UnixSeconds> acknowledged_at;
    std::optional<int64_t> acknowledged_by;
    std::optional<UnixSeconds> closed_at;
    std::optional<int64_t> closed_by;
    std::optional<int64_t> hazard_id;
    int64_t version = 1;
    UnixSeconds created_at = 0;
    UnixSeconds updated_at = 0;
    // Read only (joined): for the alarm JSON.
    std::string device_serial;
    std::string device_kind;
    std::string enterprise_name;
};

struct AlarmQuery {
    std::vector<PathFilter> filters;
    std::vector<int64_t> enterprise_equals;  // the enterprise role's scope and ?enterprise_id=
    std::optional<std::string> status;
    std::optional<std::string> kind;
    std::optional<int64_t> device_id;
    int64_t offset = 0;
    int64_t limit = 20;
};

class AlarmRepository {
  public:
    explicit AlarmRepository(Connection& conn) : conn_(conn) {}

    // The new id, or nullopt when an open alarm of the same device, kind and component exists
    // (alarms_open): a repeated fire does not raise a second alarm.
    Result<std::optional<int64_t>> InsertIfNoneOpen(const AlarmRecord& a);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<AlarmRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Newest first (raised_at, then id); the page and the total under the same filters.
    Result<std::pair<std::vector<AlarmRecord>, int64_t>> List(const AlarmQuery& query);
    // Writes status, acknowledged_*, closed_*, hazard_id, escalation, updated_at; version = expected + 1.
    // False when missing or stale.
    Result<bool> Update(const AlarmRecord& a, int64_t expected_version);

    // Open alarms of a device (active or acknowledged and not cleared), of `kind` when given.
    Result<std::vector<AlarmRecord>> OpenOfDevice(int64_t device_id, std::optional<std::string> kind);
    // The device reports these kinds gone: sets cleared_at (version + 1) on its alarms of those kinds
    // not cleared yet, whatever their status (a person may have closed one while the device still
    // reported it), of one component when given ("" the device itself), else of all. Returns their ids.
    Result<std::vector<int64_t>> Clear(int64_t device_id, const std::vector<std::string>& kinds,
                                       const std::optional<std::string>& component_key, UnixSeconds at);
    // Whether the device still reports a condition of this kind (an alarm of it not cleared, whatever
    // its status), of one component when given. A closed alarm the device still reports holds back a
    // new one: a detector that keeps sending "fire" after a person called it a false alarm does not
    // raise again until it has cleared.
    Result<bool> Uncleared(int64_t device_id, const std::string& kind, const std::optional<std::string>& component_key);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
