// Slows password guessing: counts failed logins per username and per client address in a
// fixed window and refuses further attempts once a limit is reached, until the window ends.
// The username limit stops a distributed attack on one account; the address limit stops one
// machine spraying many accounts. A success clears the username's counter only (an attacker
// with one valid account must not be able to reset their address's counter).
//
// Memory is bounded: at most `max_entries` keys per table; when full, ended windows are dropped
// first, then the oldest windows. Keys are capped in length so hostile input cannot grow them.
//
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ports/clock.hpp"

namespace safegrid::services {

struct ThrottleOptions {
    int username_limit = 5;  // failures per username per window
    int address_limit = 20;  // failures per client address per window
    int64_t window_seconds = 15 * 60;
    size_t max_entries = 10'000;  // per table
};

class LoginThrottle {
public:
    explicit LoginThrottle(const Clock& clock, ThrottleOptions options = {});

    // Seconds until another attempt for this username/address is allowed; 0 when allowed now.
    // An empty address (the command line) is not counted.
    [[nodiscard]] int64_t RetryAfter(std::string_view username, std::string_view address) const;
    void RecordFailure(std::string_view username, std::string_view address);
    void RecordSuccess(std::string_view username);

    [[nodiscard]] size_t EntriesForTest() const;

private:
    struct Window {
        int64_t started = 0;
        int failures = 0;
    };
    using Table = std::unordered_map<std::string, Window>;

    [[nodiscard]] int64_t Remaining(const Table& table, const std::string& key, int limit, int64_t now) const;
    void Count(Table& table, std::string key, int64_t now);
    void Evict(Table& table, int64_t now);
    static std::string UserKey(std::string_view username);
    static std::string AddressKey(std::string_view address);

    const Clock& clock_;
    ThrottleOptions options_;
    mutable std::mutex mu_;
    Table by_user_;
    Table by_address_;
};

}  // namespace safegrid::services
