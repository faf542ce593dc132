// The live event log behind GET /api/v1/events (Server-Sent Events, CONTRACT "Devices and alarms"):
// alarm.raised, alarm.updated and hazard.updated, each stored in live_events (0027) with its scope
// so a client that reconnects with Last-Event-ID gets what it missed, and only what it may see.
//
// A publisher records the event INSIDE its own write transaction (so the event exists exactly when
// the change does) and calls Wake() after the commit, which wakes the streams at once. A stream that
// misses a wake (the event committed after it looked) still finds the row at its next poll.
//
// Thread-safety: safe to share.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct LiveEvent {
    std::string type;  // "alarm.raised" | "alarm.updated" | "hazard.updated"
    RegionPath path;   // the scope of the thing it is about
    std::optional<int64_t> enterprise_id;
    std::string data;  // a JSON object: what the SSE "data:" line carries
};

class LiveEvents {
  public:
    explicit LiveEvents(const Clock& clock) : clock_(clock) {}

    // Inside the publisher's write transaction; returns the event id (the SSE id).
    Result<int64_t> Record(storage::Connection& conn, const LiveEvent& event);

    // After the publisher's commit.
    void Wake();
    // Blocks until a Wake() after `seen` (a value of Generation()) or until `timeout`; returns the
    // generation now.
    uint64_t WaitAfter(uint64_t seen, std::chrono::milliseconds timeout);
    uint64_t Generation();

  private:
    const Clock& clock_;
    std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t generation_ = 0;
};

}  // namespace safegrid::services
