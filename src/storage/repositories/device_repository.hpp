// SQL for monitoring devices (0026_devices.sql): the device rows, their per-component states, and
// the two look-ups the GB26875 gateway and the MQTT listener use to find the device a message is
// from. Stateless: each method runs on the connection it is given, inside the caller's transaction.
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

struct DeviceRecord {
    int64_t id = 0;
    RegionPath path;  // the enterprise's
    int64_t enterprise_id = 0;
    std::optional<int64_t> building_id;
    std::string kind;
    std::string serial;
    std::string protocol;
    std::optional<int64_t> unit_address;
    std::string state = "normal";
    bool online = false;
    std::optional<UnixSeconds> last_seen_at;
    int64_t version = 1;
    UnixSeconds created_at = 0;
    UnixSeconds updated_at = 0;
};

struct DeviceComponentRecord {
    int64_t device_id = 0;
    int64_t system_type = 0;
    int64_t system_address = 0;
    int64_t component_type = 0;     // 0 with address 0: the system's own state
    int64_t component_address = 0;  // the 4 address bytes as one little-endian uint32
    std::string state;
    UnixSeconds last_seen_at = 0;
};

struct DeviceQuery {
    std::vector<PathFilter> filters;  // path columns of the device
    // Each one adds "enterprise_id = ?": the enterprise role's own scope and the ?enterprise_id= filter.
    std::vector<int64_t> enterprise_equals;
    std::optional<bool> online;
    int64_t offset = 0;
    int64_t limit = 50;
};

class DeviceRepository {
  public:
    explicit DeviceRepository(Connection& conn) : conn_(conn) {}

    Result<int64_t> Insert(const DeviceRecord& d);  // version 1; returns the new id
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<DeviceRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Ordered by id; the page and the total under the same filters.
    Result<std::pair<std::vector<DeviceRecord>, int64_t>> List(const DeviceQuery& query);
    // Writes the editable columns and the path; version = expected + 1. False when missing or stale.
    Result<bool> Update(const DeviceRecord& d, int64_t expected_version);

    // The gateway's look-ups: a transmission unit by its address, an MQTT device by its serial.
    Result<std::optional<DeviceRecord>> FindByUnitAddress(int64_t unit_address);
    Result<std::optional<DeviceRecord>> FindMqttBySerial(const std::string& serial);
    // The device (other than `except_id`) already holding this serial under this protocol, if any.
    Result<std::optional<int64_t>> SerialHolder(const std::string& protocol, const std::string& serial,
                                                int64_t except_id);

    // By system type, system address, component type, component address.
    Result<std::vector<DeviceComponentRecord>> Components(int64_t device_id, const TownLimit& town = TownLimit::Any());
    // Inserts or replaces the state of one (system, component) of a device.
    Status UpsertComponent(const DeviceComponentRecord& c);

    // What the alarm processor and the offline job learn (state, online, last_seen_at). No version
    // change: it is not an edit, and must not make an officer's open form stale at every heartbeat.
    Status SetContact(int64_t id, const std::string& state, bool online, std::optional<UnixSeconds> last_seen_at,
                      UnixSeconds updated_at);
    // Online devices last heard from before `cutoff` (the offline job's work list), by id.
    Result<std::vector<DeviceRecord>> SilentSince(UnixSeconds cutoff, int64_t limit);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
