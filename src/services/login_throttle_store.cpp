// LoginThrottle's counters in the store (rate_windows), for several processes on one PostgreSQL;
// the header says why each call is one write transaction of its own behind a per-limiter lock.
#include <spdlog/spdlog.h>

#include <array>
#include <utility>

#include "services/login_throttle.hpp"
#include "storage/repositories/coordination_repository.hpp"

namespace safegrid::services {
namespace {

constexpr std::array<const char*, 4> kTableNames = {"user", "address", "pair", "known"};

}  // namespace

bool LoginThrottle::WithStore(const std::string& user, const std::string& address, bool write,
                              const std::function<void(Tables&)>& change) const {
    const std::string pair = address.empty() ? std::string() : PairKey(user, address);
    auto tables_of = [](Tables& t) {
        return std::array<Table*, 4>{&t.by_user, &t.by_address, &t.by_pair, &t.known_pairs};
    };
    auto run = [&](storage::Connection& conn) -> Status {
        storage::CoordinationRepository repo(conn);
        if (write) SG_TRY(repo.LockForTransaction("rate_windows:" + shared_.limiter));
        SG_ASSIGN_OR_RETURN(auto rows, repo.RateWindows(shared_.limiter, user, address, pair));
        Tables before;
        auto slots = tables_of(before);
        for (const storage::RateWindowRow& r : rows) {
            for (size_t i = 0; i < kTableNames.size(); ++i) {
                if (r.tbl == kTableNames[i]) (*slots[i])[r.bucket] = Window{r.started, static_cast<int>(r.failures)};
            }
        }
        Tables after = before;
        change(after);
        if (!write) return {};
        // Write back only what the decision changed.
        auto after_slots = tables_of(after);
        for (size_t i = 0; i < kTableNames.size(); ++i) {
            const int64_t lifetime = i == 3 ? options_.known_pair_seconds : options_.window_seconds;
            for (const auto& [bucket, w] : *after_slots[i]) {
                auto old = slots[i]->find(bucket);
                if (old != slots[i]->end() && old->second.started == w.started && old->second.failures == w.failures) {
                    continue;
                }
                SG_TRY(repo.PutRateWindow(shared_.limiter, {kTableNames[i], bucket, w.started, w.failures},
                                          w.started + lifetime));
            }
            for (const auto& [bucket, w] : *slots[i]) {
                if (!after_slots[i]->contains(bucket))
                    SG_TRY(repo.DeleteRateWindow(shared_.limiter, kTableNames[i], bucket));
            }
        }
        return {};
    };

    // A pooled connection of its own, not the caller's transaction (see the header).
    auto lease = shared_.db->Acquire();
    Status done = lease ? Status{} : Status(tl::unexpected(lease.error()));
    if (lease) {
        storage::Connection& conn = **lease;
        if (write) {
            done = conn.Begin(true);
            if (done) done = run(conn);
            if (done) {
                done = conn.Commit();
            } else {
                (void)conn.Rollback();
            }
        } else {
            done = run(conn);
        }
    }
    if (!done) spdlog::warn("rate limit {}: the store failed: {}", shared_.limiter, done.error().internal);
    return done.has_value();
}

}  // namespace safegrid::services
