// Slows password guessing: counts failed logins per username, per client address and per
// (username, address) pair in a fixed window, and refuses further attempts once a limit is reached.
//
// Who may be locked out by whom (docs/security.md "Rate limits"):
//   - The username limit stops a distributed attack on one account. So that an attacker cannot
//     lock the victim out forever by failing five times every window, it does not apply from an
//     address where that user logged in successfully within `known_pair_seconds` (a "known
//     address"): there only the pair's own limit counts, which the attacker elsewhere cannot touch.
//   - The address limit stops one machine spraying many accounts. So that it cannot lock every
//     user behind one proxy or NAT out, a throttled address still gets `throttled_address_pair_limit`
//     attempts per username per window: a colleague typing the right password still logs in,
//     while the sprayer's rate falls to one guess per account per window.
//   - Addresses are keyed by ClientAddressKey (IPv6 by its /64, which one subscriber holds).
//
// Atomic reservation (Begin → Succeeded): an attempt is counted as a failure *before* the
// password is verified, under the same lock that checked the limit, and forgiven on success.
// So N parallel guesses can never exceed the limit, however many workers verify at once.
//
// Memory is bounded: at most `max_entries` keys per table; when full, ended windows are dropped
// first, then the oldest. Keys are capped in length so hostile input cannot grow them.
//
// Shared through the store (SharedCounters: PostgreSQL, where several serve processes share one
// store; docs/multi-process.md): the same tables are rows of rate_windows (migration
// 0029), and each call loads the few rows it needs, decides with the very same code and writes
// back what changed, in one write transaction of its own that first takes a lock named after the
// limiter (pg_advisory_xact_lock). So the reservation stays atomic across processes and failures
// spread over three processes lock an account at the same count as one. Its own transaction, on
// its own pooled connection: a login inside an idempotent POST's transaction that fails rolls that
// one back, and must not roll the count back with it. Rows expire (expires_at) and the retention
// job deletes them (PurgeRateWindows). If the store cannot be reached the attempt is refused
// (fail closed, retry after a second): a limit that silently stops counting is no limit.
// SQLite keeps the counters in memory: one process serves a SQLite store (and a second write
// transaction beside an idempotent POST's would wait on SQLite's single write lock).
//
// Thread-safety: all methods are thread-safe (one mutex; the store's transactions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ports/clock.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

// The key every per-address rate limit counts by: an IPv4 address as is (IPv4-mapped IPv6 as
// IPv4), an IPv6 address as its /64 ("2001:db8:1:2::/64"), anything unparsable as "invalid" (one
// shared bucket, so junk cannot dodge a limit), empty as empty (the command line: not counted).
std::string ClientAddressKey(std::string_view address);

struct ThrottleOptions {
    int username_limit = 5;                // failures per username per window (and per pair from a known address)
    int address_limit = 20;                // failures per client address per window
    int throttled_address_pair_limit = 1;  // attempts per username from an address over its limit
    int64_t window_seconds = 15 * 60;
    int64_t known_pair_seconds = 30 * 24 * 3600;  // a success makes the address "known" this long
    size_t max_entries = 10'000;                  // per table
};

// Where a throttle keeps its counters when several processes must share them.
struct SharedCounters {
    std::shared_ptr<storage::Database> db;  // null: in memory
    std::string limiter;                    // its rows' name in rate_windows ("login", ...)
};
// The counters a service's throttle should use on `db`: shared on PostgreSQL, in memory on SQLite.
SharedCounters SharedCountersFor(const std::shared_ptr<storage::Database>& db, std::string limiter);

class LoginThrottle {
  public:
    explicit LoginThrottle(const Clock& clock, ThrottleOptions options = {}, SharedCounters shared = {});

    // One reserved login attempt. `retry_after` > 0: refused, nothing counted.
    struct Attempt {
        int64_t retry_after = 0;
        std::string user_key, address_key;
        int64_t user_window = 0, address_window = 0, pair_window = 0;  // windows the attempt was counted in
    };
    // Checks the limits and, when allowed, counts the attempt as a failure in the same critical
    // section. Call Succeeded() when the password was right; a failure needs nothing more.
    [[nodiscard]] Attempt Begin(std::string_view username, std::string_view address);
    // Forgives the attempt, clears the username's and the pair's counters (not the address's: an
    // attacker with one valid account must not reset it), and remembers the address as known.
    void Succeeded(const Attempt& attempt);

    // Seconds until another attempt for this username/address is allowed; 0 when allowed now.
    // An empty address (the command line) counts the username only.
    [[nodiscard]] int64_t RetryAfter(std::string_view username, std::string_view address) const;
    // Counts one failure / clears the username (also the simple per-key limiters of public routes).
    void RecordFailure(std::string_view username, std::string_view address);
    void RecordSuccess(std::string_view username);

    [[nodiscard]] size_t EntriesForTest() const;

  private:
    struct Window {
        int64_t started = 0;
        int failures = 0;
    };
    using Table = std::unordered_map<std::string, Window>;
    struct Tables {
        Table by_user;
        Table by_address;
        Table by_pair;
        Table known_pairs;  // Window::started = time of the last success
    };

    // The decisions, on whichever tables hold the state (the members, or rows loaded from the store).
    [[nodiscard]] int64_t Wait(const Tables& t, const std::string& user, const std::string& address, int64_t now) const;
    [[nodiscard]] int64_t Remaining(const Table& table, const std::string& key, int limit, int64_t now) const;
    [[nodiscard]] int Failures(const Table& table, const std::string& key, int64_t now) const;
    void DoBegin(Tables& t, Attempt& attempt, int64_t now);
    void DoSucceeded(Tables& t, const Attempt& attempt, int64_t now);
    void DoRecordFailure(Tables& t, const std::string& user, const std::string& address, int64_t now);
    int64_t Count(Table& table, std::string key, int64_t now);
    void Forgive(Table& table, const std::string& key, int64_t window);
    void Evict(Table& table, int64_t now, int64_t lifetime);
    static std::string UserKey(std::string_view username);
    static std::string PairKey(const std::string& user, const std::string& address);

    // Runs `change` on the rows of (user, address) in the store (login_throttle_store.cpp); false
    // when the store failed. `write` false: read only, nothing locked.
    bool WithStore(const std::string& user, const std::string& address, bool write,
                   const std::function<void(Tables&)>& change) const;

    const Clock& clock_;
    ThrottleOptions options_;
    SharedCounters shared_;
    mutable std::mutex mu_;
    Tables tables_;  // in memory (no shared store)
};

}  // namespace safegrid::services
