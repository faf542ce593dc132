#include "services/live_events.hpp"

#include <array>

namespace safegrid::services {

Result<int64_t> LiveEvents::Record(storage::Connection& conn, const LiveEvent& event) {
    const std::array<storage::Value, 7> params = {event.path.town_id,
                                                  storage::Nullable(event.path.village_id),
                                                  storage::Nullable(event.path.grid_id),
                                                  storage::Nullable(event.enterprise_id),
                                                  event.type,
                                                  event.data,
                                                  clock_.Now()};
    SG_ASSIGN_OR_RETURN(storage::Rows rows,
                        conn.Query("INSERT INTO live_events (town_id, village_id, grid_id, enterprise_id, type, data, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                   params));
    if (rows.rows.empty()) return Internal("INSERT INTO live_events returned no id");
    return rows.rows.front().Int(0);
}

void LiveEvents::Wake() {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
    }
    changed_.notify_all();
}

uint64_t LiveEvents::WaitAfter(uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
    return generation_;
}

uint64_t LiveEvents::Generation() {
    std::lock_guard lock(mutex_);
    return generation_;
}

}  // namespace safegrid::services
