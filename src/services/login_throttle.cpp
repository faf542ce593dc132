#include "services/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace safegrid::services {
namespace {

// Longer keys are cut: usernames are at most 32 characters, so anything longer is junk that must
// not cost memory.
constexpr size_t kMaxKeyLength = 64;
constexpr size_t kMaxAddressText = 64;

}  // namespace

std::string ClientAddressKey(std::string_view address) {
    if (address.empty()) return {};
    if (address.size() > kMaxAddressText) return "invalid";
    const std::string text(address);
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
        char out[INET_ADDRSTRLEN];
        return inet_ntop(AF_INET, bytes.data(), out, sizeof out) ? std::string(out) : "invalid";
    }
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return "invalid";
    static constexpr std::array<unsigned char, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kV4Mapped.begin(), kV4Mapped.end(), bytes.begin())) {
        char out[INET_ADDRSTRLEN];
        return inet_ntop(AF_INET, bytes.data() + 12, out, sizeof out) ? std::string(out) : "invalid";
    }
    // One subscriber gets a whole /64 (RFC 6177); keying by the full address would give a single
    // attacker 2^64 fresh counters.
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    char out[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, bytes.data(), out, sizeof out)) return "invalid";
    return std::string(out) + "/64";
}

SharedCounters SharedCountersFor(const std::shared_ptr<storage::Database>& db, std::string limiter) {
    if (!db || db->dialect() != storage::Dialect::kPostgres) return {};
    return {db, std::move(limiter)};
}

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleOptions options, SharedCounters shared)
    : clock_(clock), options_(options), shared_(std::move(shared)) {}

std::string LoginThrottle::UserKey(std::string_view username) {
    // Usernames match case-insensitively at login, so "Admin" and "admin" share one counter.
    std::string key(username.substr(0, kMaxKeyLength));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

std::string LoginThrottle::PairKey(const std::string& user, const std::string& address) {
    return user + '\n' + address;  // '\n' cannot occur in an address key
}

int64_t LoginThrottle::Remaining(const Table& table, const std::string& key, int limit, int64_t now) const {
    auto it = table.find(key);
    if (it == table.end()) return 0;
    const Window& w = it->second;
    const int64_t ends = w.started + options_.window_seconds;
    if (now >= ends || now < w.started || w.failures < limit) return 0;
    return ends - now;
}

int LoginThrottle::Failures(const Table& table, const std::string& key, int64_t now) const {
    auto it = table.find(key);
    if (it == table.end()) return 0;
    const Window& w = it->second;
    if (now >= w.started + options_.window_seconds || now < w.started) return 0;
    return w.failures;
}

// The one decision, for Begin and RetryAfter alike (see the header for why each rule is there).
int64_t LoginThrottle::Wait(const Tables& t, const std::string& user, const std::string& address, int64_t now) const {
    if (address.empty()) return Remaining(t.by_user, user, options_.username_limit, now);
    const std::string pair = PairKey(user, address);
    int64_t wait = Remaining(t.by_pair, pair, options_.username_limit, now);
    if (wait > 0) return wait;
    auto known = t.known_pairs.find(pair);
    if (known != t.known_pairs.end() && now >= known->second.started &&
        now < known->second.started + options_.known_pair_seconds) {
        return 0;
    }
    wait = Remaining(t.by_user, user, options_.username_limit, now);
    if (wait > 0) return wait;
    const int64_t address_wait = Remaining(t.by_address, address, options_.address_limit, now);
    if (address_wait > 0 && Failures(t.by_pair, pair, now) >= options_.throttled_address_pair_limit) {
        auto it = t.by_pair.find(pair);
        return std::max<int64_t>(1, std::min(address_wait, it->second.started + options_.window_seconds - now));
    }
    return 0;
}

int64_t LoginThrottle::RetryAfter(std::string_view username, std::string_view address) const {
    const int64_t now = clock_.Now();
    const std::string user = UserKey(username);
    const std::string key = ClientAddressKey(address);
    if (shared_.db) {
        int64_t wait = 0;
        if (!WithStore(user, key, false, [&](Tables& t) { wait = Wait(t, user, key, now); })) return 1;
        return wait;
    }
    std::lock_guard lock(mu_);
    return Wait(tables_, user, key, now);
}

void LoginThrottle::DoBegin(Tables& t, Attempt& attempt, int64_t now) {
    attempt.retry_after = Wait(t, attempt.user_key, attempt.address_key, now);
    if (attempt.retry_after > 0) return;
    // Counted now, before the slow password check: a parallel burst sees every earlier attempt.
    attempt.user_window = Count(t.by_user, attempt.user_key, now);
    if (!attempt.address_key.empty()) {
        attempt.address_window = Count(t.by_address, attempt.address_key, now);
        attempt.pair_window = Count(t.by_pair, PairKey(attempt.user_key, attempt.address_key), now);
    }
}

LoginThrottle::Attempt LoginThrottle::Begin(std::string_view username, std::string_view address) {
    const int64_t now = clock_.Now();
    Attempt attempt;
    attempt.user_key = UserKey(username);
    attempt.address_key = ClientAddressKey(address);
    if (shared_.db) {
        if (!WithStore(attempt.user_key, attempt.address_key, true, [&](Tables& t) { DoBegin(t, attempt, now); })) {
            attempt.retry_after = 1;  // fail closed (see the header)
        }
        return attempt;
    }
    std::lock_guard lock(mu_);
    DoBegin(tables_, attempt, now);
    return attempt;
}

void LoginThrottle::DoSucceeded(Tables& t, const Attempt& attempt, int64_t now) {
    t.by_user.erase(attempt.user_key);
    if (attempt.address_key.empty()) return;
    Forgive(t.by_address, attempt.address_key, attempt.address_window);
    const std::string pair = PairKey(attempt.user_key, attempt.address_key);
    t.by_pair.erase(pair);
    auto it = t.known_pairs.find(pair);
    if (it != t.known_pairs.end()) {
        it->second.started = now;
        return;
    }
    if (t.known_pairs.size() >= options_.max_entries) Evict(t.known_pairs, now, options_.known_pair_seconds);
    t.known_pairs.emplace(pair, Window{now, 0});
}

void LoginThrottle::Succeeded(const Attempt& attempt) {
    if (attempt.retry_after > 0) return;
    const int64_t now = clock_.Now();
    if (shared_.db) {
        WithStore(attempt.user_key, attempt.address_key, true, [&](Tables& t) { DoSucceeded(t, attempt, now); });
        return;
    }
    std::lock_guard lock(mu_);
    DoSucceeded(tables_, attempt, now);
}

void LoginThrottle::Forgive(Table& table, const std::string& key, int64_t window) {
    auto it = table.find(key);
    // Only the window the attempt was counted in; a new window owes it nothing.
    if (it != table.end() && it->second.started == window && it->second.failures > 0) --it->second.failures;
}

int64_t LoginThrottle::Count(Table& table, std::string key, int64_t now) {
    auto it = table.find(key);
    if (it == table.end()) {
        if (table.size() >= options_.max_entries) Evict(table, now, options_.window_seconds);
        table.emplace(std::move(key), Window{now, 1});
        return now;
    }
    Window& w = it->second;
    // A window that ended (or a clock that went backwards) starts afresh.
    if (now >= w.started + options_.window_seconds || now < w.started) {
        w = Window{now, 1};
    } else {
        ++w.failures;
    }
    return w.started;
}

void LoginThrottle::Evict(Table& table, int64_t now, int64_t lifetime) {
    std::erase_if(table, [&](const auto& kv) { return now >= kv.second.started + lifetime; });
    if (table.size() < options_.max_entries) return;
    // Still full of live windows (a spray of distinct keys): drop the oldest quarter at once so
    // eviction runs rarely. The address table still limits the sprayer.
    std::vector<int64_t> starts;
    starts.reserve(table.size());
    for (const auto& kv : table) starts.push_back(kv.second.started);
    const size_t drop = std::max<size_t>(1, table.size() / 4);
    std::nth_element(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(drop - 1), starts.end());
    const int64_t cutoff = starts[drop - 1];
    size_t dropped = 0;
    for (auto it = table.begin(); it != table.end() && dropped < drop;) {
        if (it->second.started <= cutoff) {
            it = table.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
}

void LoginThrottle::DoRecordFailure(Tables& t, const std::string& user, const std::string& key, int64_t now) {
    Count(t.by_user, user, now);
    if (key.empty()) return;
    Count(t.by_address, key, now);
    Count(t.by_pair, PairKey(user, key), now);
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
    const int64_t now = clock_.Now();
    const std::string user = UserKey(username);
    const std::string key = ClientAddressKey(address);
    if (shared_.db) {
        WithStore(user, key, true, [&](Tables& t) { DoRecordFailure(t, user, key, now); });
        return;
    }
    std::lock_guard lock(mu_);
    DoRecordFailure(tables_, user, key, now);
}

void LoginThrottle::RecordSuccess(std::string_view username) {
    const std::string user = UserKey(username);
    if (shared_.db) {
        WithStore(user, "", true, [&](Tables& t) { t.by_user.erase(user); });
        return;
    }
    std::lock_guard lock(mu_);
    tables_.by_user.erase(user);
}

size_t LoginThrottle::EntriesForTest() const {
    std::lock_guard lock(mu_);
    return tables_.by_user.size() + tables_.by_address.size() + tables_.by_pair.size() + tables_.known_pairs.size();
}

}  // namespace safegrid::services
