// The alarm processor: drains the device inbox (services/device_inbox.hpp) into device state and
// alarms, off the network path. Per batch of pending rows (kBatch, one write transaction):
//   - each row's signals (the SIGNALS format) → components' states (device_components), alarms
//     raised and cleared by core/alarm's EffectOf, the device's open `offline` alarm cleared (it is
//     heard from), the device's state / online / last_seen_at;
//   - an alarm.raised or alarm.updated live event for each alarm it raised or cleared;
//   - the rows marked processed; then commit, then LiveEvents::Wake.
// Times: raised_at / cleared_at / last_seen_at are when the server received the message (device
// clocks drift; escalation and offline are measured on the server's clock); the device's own time
// is kept in the alarm's source as "reported_at".
// A row whose signals are not the format (or whose device is gone) is marked processed without
// effect and counted (safegrid_alarm_bad_inbox_rows_total in /metrics): it never stops the queue.
// Idempotent: the marks commit with the effects, so a crash before the commit re-applies the batch
// from scratch, and one after it (before Wake) leaves nothing to redo.
//
// Several processes on one PostgreSQL: each batch transaction first takes a transaction lock
// (CoordinationRepository::LockForTransaction), so the processors of all processes drain in turn.
//
// Thread-safety: Start/Stop/Wake from any thread; RunOnce from one thread at a time (the loop, or
// a test with the loop stopped).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/device_inbox.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services {

class AlarmProcessor {
  public:
    static constexpr int64_t kBatch = 500;

    AlarmProcessor(std::shared_ptr<storage::Database> db, const Clock& clock, DeviceInbox& inbox, LiveEvents& events);
    ~AlarmProcessor();
    AlarmProcessor(const AlarmProcessor&) = delete;
    AlarmProcessor& operator=(const AlarmProcessor&) = delete;

    // One batch; returns how many inbox rows it processed (0: nothing pending).
    Result<int64_t> RunOnce();
    // Batches until nothing is pending; returns the rows processed.
    Result<int64_t> Drain();

    // The thread: woken by DeviceInbox::OnStored (installed by Start) and every `poll`.
    void Start(std::chrono::milliseconds poll = std::chrono::seconds(1));
    void Stop();
    void Wake();

    // Hook for the duty part (escalation, notifications): called inside the transaction for each
    // alarm raised. Null (the default) does nothing; a failure rolls the batch back (retried).
    std::function<Status(storage::Connection&, const storage::AlarmRecord&)> on_raised;
    // Called inside the transaction, once per enterprise of the batch whose alarms the device cleared
    // (the risk regrade: an open fault stops counting). Null does nothing.
    std::function<Status(storage::Connection&, int64_t enterprise_id)> on_cleared;

  private:
    void Loop(std::stop_token stop, std::chrono::milliseconds poll);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    DeviceInbox& inbox_;
    LiveEvents& events_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    bool pending_wake_ = false;
    std::jthread thread_;
};

}  // namespace safegrid::services
