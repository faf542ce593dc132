#include "services/login_throttle.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace safegrid::services {
namespace {

// Longer keys are cut: usernames are at most 32 characters and addresses at most 45 (IPv6), so
// anything longer is junk that must not cost memory.
constexpr size_t kMaxKeyLength = 64;

}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

std::string LoginThrottle::UserKey(std::string_view username) {
    // Usernames match case-insensitively at login, so "Admin" and "admin" share one counter.
    std::string key(username.substr(0, kMaxKeyLength));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

std::string LoginThrottle::AddressKey(std::string_view address) {
    return std::string(address.substr(0, kMaxKeyLength));
}

int64_t LoginThrottle::Remaining(const Table& table, const std::string& key, int limit, int64_t now) const {
    auto it = table.find(key);
    if (it == table.end()) return 0;
    const Window& w = it->second;
    const int64_t ends = w.started + options_.window_seconds;
    if (now >= ends || now < w.started || w.failures < limit) return 0;
    return ends - now;
}

int64_t LoginThrottle::RetryAfter(std::string_view username, std::string_view address) const {
    const int64_t now = clock_.Now();
    std::lock_guard lock(mu_);
    int64_t wait = Remaining(by_user_, UserKey(username), options_.username_limit, now);
    if (!address.empty()) {
        wait = std::max(wait, Remaining(by_address_, AddressKey(address), options_.address_limit, now));
    }
    return wait;
}

void LoginThrottle::Count(Table& table, std::string key, int64_t now) {
    auto it = table.find(key);
    if (it == table.end()) {
        if (table.size() >= options_.max_entries) Evict(table, now);
        table.emplace(std::move(key), Window{now, 1});
        return;
    }
    Window& w = it->second;
    // A window that ended (or a clock that went backwards) starts afresh.
    if (now >= w.started + options_.window_seconds || now < w.started) {
        w = Window{now, 1};
    } else {
        ++w.failures;
    }
}

void LoginThrottle::Evict(Table& table, int64_t now) {
    std::erase_if(table, [&](const auto& kv) { return now >= kv.second.started + options_.window_seconds; });
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

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
    const int64_t now = clock_.Now();
    std::lock_guard lock(mu_);
    Count(by_user_, UserKey(username), now);
    if (!address.empty()) Count(by_address_, AddressKey(address), now);
}

void LoginThrottle::RecordSuccess(std::string_view username) {
    std::lock_guard lock(mu_);
    by_user_.erase(UserKey(username));
}

size_t LoginThrottle::EntriesForTest() const {
    std::lock_guard lock(mu_);
    return by_user_.size() + by_address_.size();
}

}  // namespace safegrid::services
