// `safegrid seed-demo`: monitoring devices (智慧防控) for the devices tab of the enterprise file,
// written through DeviceService as the system. enterprise1's workshop and the next eleven enterprises
// of the town (by id) each get an MQTT smoke detector; every third also a fire panel behind a GB/T
// 26875.3 transmission unit (unit_address 100001, 100002, ...), every fourth an electrical fire
// monitor. What the gateway would have written (online, last_seen_at, state) is set so the page
// shows every case: most online and seen within the last minutes, every fifth offline since
// yesterday, one smoke detector in "fault", and the first panel with two component states.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/device_service.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

struct DeviceSeedSummary {
    int64_t devices = 0;
};

Result<DeviceSeedSummary> SeedDemoDevices(storage::Database& db, DeviceService& devices, const Clock& clock,
                                          const SeedSummary& town);

}  // namespace safegrid::services::seed
