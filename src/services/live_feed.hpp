// The fan-out behind GET /api/v1/events: ONE poller thread reads new live_events rows once for all
// open streams and hands each stream the rows its caller's Scope sees (Scope::Contains, the rule
// every list uses). A stream is a LiveSubscription: a small buffer the poller fills and the
// transport drains when told (SetNotify); an idle stream holds no thread and no connection.
//
// Order and resume: rows are handed out in id order. A subscription starts after `last_event_id`
// (the SSE Last-Event-ID) or, without one, at the newest row (no history); a resume older than the
// retention simply starts at the oldest row kept. A subscriber that is behind is caught up by the
// poller from the store in pages before it joins the shared batches, so a reconnect gets exactly
// what it missed. PostgreSQL hands out ids before commit, so a row may become visible after a
// higher id: the poller holds rows behind such a gap for up to `gap_wait` (the earlier transaction
// normally commits within milliseconds), then moves on (a rolled-back transaction leaves a gap
// for good).
//
// Early wakes: a publisher whose hook runs inside the transaction (hazard.updated) wakes before
// its commit; so every wake's pass is repeated after 5, 20, 60 and 150 ms (cheap: one indexed read),
// so such a row still reaches the streams within milliseconds of its commit.
//
// Limits: `max_streams_per_user` open subscriptions per user (the next is 429); a subscriber whose
// unsent text passes `max_pending_bytes` (a client that stopped reading) is ended, and reconnects
// with its Last-Event-ID.
//
// Thread-safety: safe to share. Start/Stop from one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

// One live_events row as a stream sends it.
struct StreamedEvent {
    int64_t id = 0;
    std::string type;
    std::string data;
};

struct LiveFeedOptions {
    std::chrono::milliseconds poll{1000};  // the longest a row waits when a Wake() was missed
    std::chrono::milliseconds gap_wait{3000};
    size_t max_streams_per_user = 5;
    size_t page = 1000;                          // rows per read
    size_t max_pending_bytes = 4 * 1024 * 1024;  // unsent text per stream before it is ended
    int64_t retention_seconds = 7 * 86400;       // PurgeOld deletes rows older than this
};

class LiveFeed;

class LiveSubscription {
  public:
    ~LiveSubscription();
    LiveSubscription(const LiveSubscription&) = delete;
    LiveSubscription& operator=(const LiveSubscription&) = delete;

    // `notify` is called on the feed's thread, with this subscription's lock held (so never after
    // Close returns), whenever Take has something new or the feed ended the subscription. It must
    // not block and must not call back into this subscription (post to the stream's executor).
    void SetNotify(std::function<void()> notify);
    // The rows handed over since the last Take, in id order; `ended` is set once the feed gave up
    // on this subscriber (it fell too far behind in reading).
    std::vector<StreamedEvent> Take(bool& ended);
    // Unregisters (frees the per-user slot). Idempotent; the destructor calls it.
    void Close();

    [[nodiscard]] const Principal& caller() const { return caller_; }

  private:
    friend class LiveFeed;
    struct Registry;
    LiveSubscription(std::shared_ptr<Registry> registry, Principal caller, int64_t cursor);
    // Feed thread only: appends what the caller sees; false once ended or closed.
    void Push(std::vector<StreamedEvent> events, size_t max_pending_bytes);

    std::shared_ptr<Registry> registry_;
    const Principal caller_;
    int64_t cursor_;  // the last id accounted for; touched by the poller only (after Subscribe)

    std::mutex mutex_;
    std::vector<StreamedEvent> pending_;
    size_t pending_bytes_ = 0;
    bool ended_ = false;
    bool closed_ = false;
    std::function<void()> notify_;
};

class LiveFeed {
  public:
    LiveFeed(std::shared_ptr<storage::Database> db, LiveEvents& events, const Clock& clock,
             LiveFeedOptions options = {});
    ~LiveFeed();
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    // Reads the newest id (streams start after it) and starts the poller.
    Status Start();
    // Stops the poller (joins it). Open subscriptions receive nothing more.
    void Stop();

    // A stream for `caller` after `last_event_id` (nullopt: from now on). kRateLimited
    // ("too_many_streams") when the user already has max_streams_per_user open.
    Result<std::shared_ptr<LiveSubscription>> Subscribe(const Principal& caller, std::optional<int64_t> last_event_id);

    // Retention: deletes rows older than retention_seconds; returns how many.
    Result<int64_t> PurgeOld();

    [[nodiscard]] size_t OpenStreams() const;

  private:
    struct Row;
    void Run();
    // One pass: catch-up reads for subscribers behind, then the shared batch. True when some
    // subscriber is still behind (poll again at once).
    bool PollOnce();
    Result<int64_t> NewestId();
    Result<std::vector<Row>> ReadAfter(int64_t after, std::optional<int64_t> up_to);
    // The events of `rows` after `after` that `scope` sees.
    static std::vector<StreamedEvent> Visible(const std::vector<Row>& rows, const Scope& scope, int64_t after);

    std::shared_ptr<storage::Database> db_;
    LiveEvents& events_;
    const Clock& clock_;
    const LiveFeedOptions options_;
    std::shared_ptr<LiveSubscription::Registry> registry_;

    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::atomic<int64_t> head_{0};  // every row up to here has been handed out
    std::optional<std::chrono::steady_clock::time_point> gap_since_;
};

}  // namespace safegrid::services
