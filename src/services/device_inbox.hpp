// The device inbox (0027_device_inbox.sql): where the GB/T 26875.3 gateway and the MQTT listener put
// every message a device sends, durably and once, before they confirm it. The alarm processor turns
// the stored rows into device state and alarms afterwards, off the network path.
//
// SIGNALS: both protocols describe a message as the same JSON array, so one processor serves both:
//   [{"event": "fire" | "fault" | "clear" | "heartbeat" | "other",
//     "at": <Unix seconds, as the device dated it>,
//     "component": {"system_type", "system_address", "component_type", "component_address"}?,
//     "detail": "<text>"?}]
//   fire / fault  the device or component reports that condition (GB26875: the fire / fault bit of a
//                 system or component state, upload types 1 and 2; MQTT: the event)
//   clear         the device or component reports neither fire nor fault: its open fire and fault
//                 alarms clear (for the component given, or the whole device without one)
//   heartbeat     proof of life only
//   other         anything else worth keeping (an operation record, a supervisory state), no alarm
// A message without signals (a GB26875 frame carrying only a time sync answer) still counts as
// contact: send [{"event":"heartbeat","at":...}].
//
// DURABILITY: Append commits the whole batch in one write transaction (the store fsyncs each
// commit), then returns; only after it returns may the caller confirm. A crash before the commit
// loses the batch unconfirmed, and the device sends it again.
//
// Thread-safety: safe to share; Append may be called from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct InboxMessage {
    int64_t device_id = 0;
    std::string protocol;    // "gb26875" | "mqtt"
    std::string dedupe_key;  // see 0027_device_inbox.sql
    UnixSeconds occurred_at = 0;
    std::string signals;  // the JSON array above
    std::string raw;      // the frame bytes or the payload
};

enum class InboxOutcome {
    kStored,     // new: the processor will apply it
    kDuplicate,  // the same (device, dedupe_key) is stored already: confirm it, apply nothing
};

struct InboxRow {
    int64_t id = 0;
    int64_t device_id = 0;
    std::string protocol;
    UnixSeconds received_at = 0;
    UnixSeconds occurred_at = 0;
    std::string signals;
};

class DeviceInbox {
  public:
    DeviceInbox(std::shared_ptr<storage::Database> db, const Clock& clock);

    // One transaction for the batch; one outcome per message, in order. received_at is the clock's now.
    Result<std::vector<InboxOutcome>> Append(std::span<const InboxMessage> batch);

    // The oldest unprocessed rows, by id (the processor's work list).
    Result<std::vector<InboxRow>> Pending(storage::Connection& conn, int64_t limit);
    // Marks rows processed, inside the processor's transaction.
    static Status MarkProcessed(storage::Connection& conn, std::span<const int64_t> ids, UnixSeconds at);

    // Called after every Append that stored something (outside the transaction): wakes the processor.
    void OnStored(std::function<void()> wake);

    // Retention (the daily retention job): deletes processed rows received more than `max_age_seconds`
    // ago, in short transactions of `batch` rows; unprocessed rows stay whatever their age (the
    // processor has not applied them yet). Returns the rows deleted.
    Result<int64_t> PurgeProcessed(int64_t max_age_seconds, int64_t batch = 5000);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    std::mutex wake_mutex_;
    std::function<void()> wake_;
};

}  // namespace safegrid::services
