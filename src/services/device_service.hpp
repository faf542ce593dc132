// Monitoring devices (智慧防控, CONTRACT "Devices and alarms", docs/devices.md): the registry of the
// smoke detectors, electrical fire monitors, fire panels (through their GB/T 26875.3 transmission
// unit) and MQTT sensors an enterprise has, with what the gateway last saw of them.
//
// Who may do what (scope as everywhere: outside it → 404, never revealing existence):
//   town, village, admin   register devices of enterprises they see, edit them
//   inspector              list and read the devices of its grid(s)
//   enterprise             list and read its own devices
// Bad input → 422 naming the field (core/device: kind, protocol, serial, unit_address; building_id: a
// building of the enterprise's town). A serial already registered under the protocol → 409
// "device_serial_taken"; a unit address already registered → 409 "device_unit_address_taken".
// Moving a device to another enterprise copies that enterprise's path (the new one must be visible to
// the caller, else 404; it must be of the same town, since the audit chain is per town → 422).
// Every write is audited (entity "device").
//
// Thread-safety: safe to share; state lives in the Database.
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
#include "services/audit_service.hpp"
#include "services/last_change.hpp"
#include "storage/db.hpp"
#include "storage/repositories/device_repository.hpp"

namespace safegrid::services {

using storage::DeviceComponentRecord;
using storage::DeviceRecord;

// POST: enterprise_id, kind, serial, protocol required; unit_address for gb26875. PATCH: absent stays;
// the inner nullopt of building_id / unit_address clears it.
struct DeviceInput {
    std::optional<int64_t> enterprise_id;
    std::optional<std::string> kind;
    std::optional<std::string> serial;
    std::optional<std::string> protocol;
    std::optional<std::optional<int64_t>> unit_address;
    std::optional<std::optional<int64_t>> building_id;
};

struct DeviceView {
    DeviceRecord device;
    std::string enterprise_name;
    std::vector<DeviceComponentRecord> components;  // Get/Create/Update only
};

struct DeviceListQuery {
    std::optional<int64_t> enterprise_id;
    std::optional<bool> online;
    int64_t offset = 0;
    int64_t limit = 50;
};

class DeviceService {
  public:
    DeviceService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit);

    Result<std::pair<std::vector<DeviceView>, int64_t>> List(const Principal& caller, const DeviceListQuery& query);
    Result<DeviceView> Get(const Principal& caller, int64_t id);
    // caller null: the system (seed), which may use any enterprise.
    Result<DeviceView> Create(const Principal* caller, const DeviceInput& input);
    Result<DeviceView> Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                              const DeviceInput& patch);
    Result<StaleEdit<DeviceView>> StaleEditOf(const Principal& caller, int64_t id);

  private:
    Result<DeviceView> Load(storage::Connection& conn, const Principal* caller, int64_t id);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
};

}  // namespace safegrid::services
