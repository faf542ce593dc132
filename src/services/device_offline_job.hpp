// The offline job (Scheduler, every kPeriodSeconds): a device that is online but has not been heard
// from for longer than `offline_after` seconds (config device.offline_after_s, default 600) goes
// offline: online false, state "offline", and an `offline` alarm (at most one open per device, the
// alarms_open index; none either while an earlier offline alarm is not cleared) with an
// alarm.raised live event. The alarm processor clears that alarm at the device's next message.
// Each device in its own short write transaction, re-checked inside it, so a message that arrives
// meanwhile wins; a run that is repeated finds nothing more to do.
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services {

class DeviceOfflineJob {
  public:
    static constexpr const char* kName = "device_offline";
    static constexpr int64_t kPeriodSeconds = 60;
    static constexpr int64_t kDefaultOfflineAfter = 600;

    DeviceOfflineJob(std::shared_ptr<storage::Database> db, const Clock& clock, LiveEvents& events,
                     int64_t offline_after_seconds = kDefaultOfflineAfter);

    // How many devices went offline in this run.
    Result<int64_t> Run();

    // As AlarmProcessor::on_raised: the duty part's hook, inside the transaction.
    std::function<Status(storage::Connection&, const storage::AlarmRecord&)> on_raised;

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    LiveEvents& events_;
    int64_t offline_after_;
};

}  // namespace safegrid::services
