// Logging in and out, and turning a bearer token back into a Principal on every request.
//
// Tokens are 256 random bits (platform::RandomToken). Only their SHA-256 is stored (sessions
// table), so a leaked database or backup logs nobody in. Sessions expire `session_ttl_seconds`
// after login (not sliding). Authenticate() keeps a small in-process cache token-hash →
// principal for `cache_ttl_seconds`, so a request costs a hash and a map lookup instead of three
// queries. Consequence, by design: a logout in another process, or a user disabled in the store,
// takes effect here within that TTL; a logout, logout-all, password change or disable in this
// process takes effect at once (ForgetUser). `safegrid user disable|passwd` run while `serve` runs
// is such another process: the server notices within cache_ttl_seconds.
//
// Wrong username and wrong password answer the same 401 "invalid_credentials" and take the same
// time: an unknown username is verified against a dummy argon2id hash. Password hashing
// (argon2id, t=2, m=19 MiB, ~20–50 ms on the reference machine; see platform/crypto.hpp) runs
// outside any transaction and at most kPasswordHashSlots at once, which caps both the memory a
// burst of logins can take and the CPU a password-guessing flood can burn.
//
// Thread-safety: safe to share between request threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/login_throttle.hpp"
#include "services/user_service.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {
struct RegionInfo;
}

namespace safegrid::services {

// How many argon2id computations may run at once in the process, and how long a caller waits for
// a slot before giving up with 503 "unavailable" (so a login flood cannot park every worker thread).
inline constexpr int kPasswordHashSlots = 2;
inline constexpr int kPasswordSlotWaitMs = 3000;
// platform::HashPassword / VerifyPassword in one of kPasswordHashSlots.
Result<std::string> HashPasswordBounded(std::string_view password);
Result<bool> VerifyPasswordBounded(std::string_view hash, std::string_view password);

// Role + region kind → the part of the data the user sees:
// admin → All; town → Town(region); village → Village(region); inspector → Grid(region), or
// Village(region) when the inspector answers for a whole village; enterprise → Enterprise(id).
// Anything inconsistent (missing region, wrong kind) → None: the user sees nothing.
Scope ResolveScope(Role role, std::optional<int64_t> region_id, std::optional<int64_t> enterprise_id,
                   const std::optional<storage::RegionInfo>& region);

struct AuthOptions {
    int64_t session_ttl_seconds = 12 * 3600;
    int64_t cache_ttl_seconds = 30;
    size_t cache_capacity = 10'000;
    ThrottleOptions throttle;
};

struct LoginResult {
    std::string token;  // give to the client once; it is not stored
    UserView user;
    Principal principal;
    int64_t expires_at = 0;
};

class AuthService {
  public:
    AuthService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                AuthOptions options = {});

    // 401 "invalid_credentials" for a wrong username or password; 401 "account_disabled" for a
    // disabled user who knows the password; 429 "rate_limited" when throttled (see RetryAfter).
    // `client_ip` may be empty (command line): then only the username is throttled.
    Result<LoginResult> Login(std::string_view username, std::string_view password, std::string_view client_ip);
    // Seconds the client must wait before the next login attempt; 0 when it may try now.
    [[nodiscard]] int64_t RetryAfter(std::string_view username, std::string_view client_ip) const;
    // Revokes the session of `token` (which must belong to `caller`).
    Status Logout(const Principal& caller, std::string_view token);
    // The caller changes its own password: 422 on "new" when it is too short or too long, 422 on
    // "old" when the old password is wrong (not 401: the session itself is fine). Every other
    // session of the user ends; the one of `current_token` stays. Audited ("password_change"),
    // without password material.
    Status ChangePassword(const Principal& caller, std::string_view current_token, std::string_view old_password,
                          std::string_view new_password);
    // Ends every session of the caller, the current one included. Audited ("logout_all").
    Status LogoutAll(const Principal& caller);
    // Drops the cached sessions of `user_id`, whose sessions just ended in the store.
    void ForgetUser(int64_t user_id);
    // 401 for unknown, expired or revoked tokens and for disabled users.
    Result<Principal> Authenticate(std::string_view token);
    // Deletes sessions that ended more than a day ago (for the lead's scheduler); returns how many.
    Result<int64_t> PurgeEndedSessions();
    // Deletes every rate limit's counters that expired (rate_windows, shared by all processes on
    // PostgreSQL; login_throttle.hpp); returns how many.
    Result<int64_t> PurgeRateWindows();

    [[nodiscard]] int64_t session_ttl_seconds() const { return options_.session_ttl_seconds; }

  private:
    struct CacheEntry {
        Principal principal;
        int64_t valid_until = 0;
    };
    std::optional<Principal> CacheGet(const std::string& token_hash, int64_t now);
    void CachePut(const std::string& token_hash, const Principal& principal, int64_t valid_until, int64_t now);
    void CacheErase(const std::string& token_hash);
    const std::string& DummyHash();

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    AuthOptions options_;
    LoginThrottle throttle_;
    std::mutex cache_mu_;
    std::unordered_map<std::string, CacheEntry> cache_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

}  // namespace safegrid::services
