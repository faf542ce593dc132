// `safegrid seed-demo`: alarms on the demo devices (demo_devices.hpp), so the alarms page and the
// dashboard show every case from the start. Written the way a real one is: the messages go into
// the device inbox and the alarm processor turns them into alarms; people's actions go through
// AlarmService as the grid's inspector (audited, with live events).
//   - enterprise1's smoke detector reports a fire: active, in inspector1's grid;
//   - the smoke detector in "fault" reports its fault, acknowledged by its grid's inspector;
//   - the first fire panel reports a fire on a smoke head that then clears: resolved;
//   - each device the demo left offline since yesterday has its `offline` alarm.
//
// Thread-safety: single-threaded; run it once, after SeedDemoDevices.
#pragma once

#include <cstdint>
#include <memory>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/alarm_service.hpp"
#include "services/device_inbox.hpp"
#include "services/live_events.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

struct AlarmSeedSummary {
    int64_t alarms = 0;
};

Result<AlarmSeedSummary> SeedDemoAlarms(const std::shared_ptr<storage::Database>& db, DeviceInbox& inbox,
                                        LiveEvents& events, AlarmService& alarms, const Clock& clock,
                                        const SeedSummary& town);

}  // namespace safegrid::services::seed
