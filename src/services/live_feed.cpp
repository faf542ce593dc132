#include "services/live_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <list>

namespace safegrid::services {

// The open subscriptions and the per-user counts. Shared with each subscription so one that
// outlives the feed (a session still unwinding) can still unregister safely.
struct LiveSubscription::Registry {
    std::mutex mutex;
    std::list<std::weak_ptr<LiveSubscription>> open;
    std::unordered_map<int64_t, size_t> per_user;
};

struct LiveFeed::Row {
    StreamedEvent event;
    RegionPath path;
    std::optional<int64_t> enterprise_id;
};

LiveSubscription::LiveSubscription(std::shared_ptr<Registry> registry, Principal caller, int64_t cursor)
    : registry_(std::move(registry)), caller_(std::move(caller)), cursor_(cursor) {}

LiveSubscription::~LiveSubscription() { Close(); }

void LiveSubscription::SetNotify(std::function<void()> notify) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    notify_ = std::move(notify);
    // Rows may have arrived before the transport was ready to listen.
    if (notify_ && (!pending_.empty() || ended_)) notify_();
}

std::vector<StreamedEvent> LiveSubscription::Take(bool& ended) {
    std::lock_guard lock(mutex_);
    ended = ended_;
    pending_bytes_ = 0;
    return std::exchange(pending_, {});
}

void LiveSubscription::Close() {
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        closed_ = true;
        notify_ = nullptr;
        pending_.clear();
    }
    std::lock_guard lock(registry_->mutex);
    std::erase_if(registry_->open, [this](const std::weak_ptr<LiveSubscription>& weak) {
        auto strong = weak.lock();
        return !strong || strong.get() == this;
    });
    auto it = registry_->per_user.find(caller_.user_id);
    if (it != registry_->per_user.end() && --it->second == 0) registry_->per_user.erase(it);
}

void LiveSubscription::Push(std::vector<StreamedEvent> events, size_t max_pending_bytes) {
    if (events.empty()) return;
    std::lock_guard lock(mutex_);
    if (closed_ || ended_) return;
    for (auto& e : events) {
        pending_bytes_ += e.data.size() + e.type.size() + 32;
        pending_.push_back(std::move(e));
    }
    if (pending_bytes_ > max_pending_bytes) {
        // The client stopped reading: end it rather than buffer without bound; it resumes by id.
        ended_ = true;
        pending_.clear();
        pending_bytes_ = 0;
    }
    if (notify_) notify_();
}

LiveFeed::LiveFeed(std::shared_ptr<storage::Database> db, LiveEvents& events, const Clock& clock,
                   LiveFeedOptions options)
    : db_(std::move(db)),
      events_(events),
      clock_(clock),
      options_(options),
      registry_(std::make_shared<LiveSubscription::Registry>()) {}

LiveFeed::~LiveFeed() { Stop(); }

Status LiveFeed::Start() {
    if (thread_.joinable()) return Internal("LiveFeed::Start called twice");
    SG_ASSIGN_OR_RETURN(head_, NewestId());
    stop_ = false;
    thread_ = std::thread([this] { Run(); });
    return {};
}

void LiveFeed::Stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    events_.Wake();  // out of WaitAfter at once
    thread_.join();
}

Result<std::shared_ptr<LiveSubscription>> LiveFeed::Subscribe(const Principal& caller,
                                                              std::optional<int64_t> last_event_id) {
    // The newest row in the store, not only what the poller has handed out: "from now on" means
    // after what exists at the connect.
    SG_ASSIGN_OR_RETURN(const int64_t newest, NewestId());
    const int64_t head = head_.load();
    // An id from the future (a store that was reset) would silence the stream until ids caught up.
    const int64_t cursor = last_event_id ? std::clamp<int64_t>(*last_event_id, 0, newest) : newest;
    std::shared_ptr<LiveSubscription> sub(new LiveSubscription(registry_, caller, cursor));
    {
        std::lock_guard lock(registry_->mutex);
        size_t& open = registry_->per_user[caller.user_id];
        if (open >= options_.max_streams_per_user) {
            if (open == 0) registry_->per_user.erase(caller.user_id);
            sub->closed_ = true;  // never registered: its destructor must not unregister
            return Fail({Code::kRateLimited,
                         "too_many_streams",
                         {"打开的实时连接过多，请关闭其他页面后重试", "Too many live event streams open"},
                         {},
                         {}});
        }
        ++open;
        registry_->open.push_back(sub);
    }
    if (cursor < head) events_.Wake();  // catch it up now rather than at the next poll
    return sub;
}

Result<int64_t> LiveFeed::NewestId() {
    SG_ASSIGN_OR_RETURN(auto rows, db_->Read([](storage::Connection& conn) {
        return conn.Query("SELECT COALESCE(MAX(id), 0) FROM live_events");
    }));
    return rows.rows.empty() ? 0 : rows.rows.front().Int(0);
}

Result<int64_t> LiveFeed::PurgeOld() {
    const int64_t cutoff = clock_.Now() - options_.retention_seconds;
    const std::array<storage::Value, 1> params = {cutoff};
    return db_->Transact(true, [&](storage::Connection& conn) {
        return conn.Execute("DELETE FROM live_events WHERE created_at < ?", params);
    });
}

size_t LiveFeed::OpenStreams() const {
    std::lock_guard lock(registry_->mutex);
    return registry_->open.size();
}

Result<std::vector<LiveFeed::Row>> LiveFeed::ReadAfter(int64_t after, std::optional<int64_t> up_to) {
    std::vector<storage::Value> params = {after};
    std::string sql =
        "SELECT id, town_id, village_id, grid_id, enterprise_id, type, data FROM live_events WHERE id > ?";
    if (up_to) {
        sql += " AND id <= ?";
        params.emplace_back(*up_to);
    }
    sql += " ORDER BY id LIMIT " + std::to_string(options_.page);
    SG_ASSIGN_OR_RETURN(auto rows, db_->Read([&](storage::Connection& conn) { return conn.Query(sql, params); }));
    std::vector<Row> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) {
        Row row;
        row.event = {r.Int(0), r.Text(5), r.Text(6)};
        row.path = {r.Int(1), r.OptInt(2), r.OptInt(3)};
        row.enterprise_id = r.OptInt(4);
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<StreamedEvent> LiveFeed::Visible(const std::vector<Row>& rows, const Scope& scope, int64_t after) {
    std::vector<StreamedEvent> out;
    for (const auto& row : rows) {
        if (row.event.id > after && scope.Contains(row.path, row.enterprise_id)) out.push_back(row.event);
    }
    return out;
}

bool LiveFeed::PollOnce() {
    std::vector<std::shared_ptr<LiveSubscription>> subs;
    {
        std::lock_guard lock(registry_->mutex);
        for (const auto& weak : registry_->open) {
            if (auto s = weak.lock()) subs.push_back(std::move(s));
        }
    }
    const int64_t head = head_.load();
    auto fresh = ReadAfter(head, std::nullopt);
    if (!fresh) {
        spdlog::warn("live events: reading new rows failed: {}", fresh.error().internal);
        return false;
    }
    // The contiguous run after head; rows behind a gap wait for it (see the header).
    std::vector<Row> batch;
    int64_t next = head;
    const auto now = std::chrono::steady_clock::now();
    for (auto& row : *fresh) {
        if (row.event.id != next + 1) {
            if (!gap_since_) gap_since_ = now;
            if (now - *gap_since_ < options_.gap_wait) break;
        }
        next = row.event.id;
        batch.push_back(std::move(row));
    }
    if (batch.size() == fresh->size()) gap_since_.reset();
    bool behind = fresh->size() >= options_.page && batch.size() == fresh->size();

    for (auto& sub : subs) {
        if (sub->cursor_ < head) {
            auto missed = ReadAfter(sub->cursor_, head);
            if (!missed) {
                spdlog::warn("live events: catching a stream up failed: {}", missed.error().internal);
                behind = true;
                continue;
            }
            sub->Push(Visible(*missed, sub->caller_.scope, sub->cursor_), options_.max_pending_bytes);
            if (missed->size() >= options_.page) {
                sub->cursor_ = missed->back().event.id;
                behind = true;
                continue;  // not yet at head: the shared batch is not for it yet
            }
            sub->cursor_ = head;
        }
        sub->Push(Visible(batch, sub->caller_.scope, sub->cursor_), options_.max_pending_bytes);
        // A new stream may start past `next` (the store's newest at its connect).
        sub->cursor_ = std::max(sub->cursor_, next);
    }
    head_ = next;
    return behind;
}

void LiveFeed::Run() {
    // After each wake: the publisher may not have committed yet (see the header).
    static constexpr std::array<std::chrono::milliseconds, 4> kRecheck = {
        std::chrono::milliseconds(5), std::chrono::milliseconds(20), std::chrono::milliseconds(60),
        std::chrono::milliseconds(150)};
    uint64_t generation = events_.Generation();
    size_t rechecks_left = 0;
    while (!stop_) {
        bool again = false;
        try {
            again = PollOnce();
        } catch (const std::exception& e) {
            spdlog::error("live events poller: {}", e.what());
        }
        if (stop_) break;
        if (again) continue;
        std::chrono::milliseconds wait = options_.poll;
        if (rechecks_left > 0) {
            wait = kRecheck[kRecheck.size() - rechecks_left];
            --rechecks_left;
        }
        // A row behind a gap is looked at again soon, not only at the next wake.
        if (gap_since_) wait = std::min(wait, std::chrono::milliseconds(50));
        const uint64_t now = events_.WaitAfter(generation, wait);
        if (now != generation) rechecks_left = kRecheck.size();
        generation = now;
    }
}

}  // namespace safegrid::services
