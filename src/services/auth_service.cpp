#include "services/auth_service.hpp"

#include <boost/json/object.hpp>
#include <chrono>
#include <semaphore>

#include "platform/crypto.hpp"
#include "platform/logging.hpp"
#include "storage/repositories/coordination_repository.hpp"
#include "storage/repositories/session_repository.hpp"
#include "storage/repositories/user_repository.hpp"

namespace safegrid::services {
namespace {

// Tokens we issue are 43 characters; anything much longer is not ours and is not worth hashing.
constexpr size_t kMaxTokenLength = 256;
constexpr size_t kMaxPasswordBytes = 1024;
// Ended sessions are kept a day for forensics, then purged.
constexpr int64_t kEndedSessionRetention = 24 * 3600;

std::counting_semaphore<kPasswordHashSlots>& HashSlots() {
    static std::counting_semaphore<kPasswordHashSlots> slots(kPasswordHashSlots);
    return slots;
}

// Holds one hashing slot; `held` is false when none came free in time.
struct SlotGuard {
    SlotGuard() : held(HashSlots().try_acquire_for(std::chrono::milliseconds(kPasswordSlotWaitMs))) {}
    ~SlotGuard() {
        if (held) HashSlots().release();
    }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;
    const bool held;
};

tl::unexpected<Error> HashingBusy() { return Unavailable("all password hashing slots busy"); }

// The client address can come from X-Forwarded-For (behind a proxy), i.e. from the client. Keep
// only what an IPv4/IPv6 address is made of, so it cannot forge log lines or bloat rows.
std::string CleanAddress(std::string_view address) {
    std::string out;
    for (char c : address.substr(0, 64)) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':') {
            out.push_back(c);
        }
    }
    // Junk still counts, in one shared bucket, so it cannot dodge the per-address limit.
    if (out.empty() && !address.empty()) out = "invalid";
    return out;
}

tl::unexpected<Error> InvalidCredentials() {
    return Fail(
        {Code::kUnauthenticated, "invalid_credentials", {"用户名或密码错误", "Wrong username or password"}, {}, {}});
}

Result<Principal> PrincipalOf(storage::UserRepository& repo, const storage::UserRecord& user) {
    const std::optional<Role> role = ParseRole(user.role);
    if (!role) return Internal("user " + std::to_string(user.id) + " has an unknown role");
    Principal p;
    p.user_id = user.id;
    p.username = user.username;
    p.role = *role;
    p.region_id = user.region_id;
    p.enterprise_id = user.enterprise_id;
    std::optional<storage::RegionInfo> region;
    if (user.region_id &&
        (*role == Role::kTown || *role == Role::kVillage || *role == Role::kInspector || *role == Role::kCounty)) {
        SG_ASSIGN_OR_RETURN(region, repo.FindRegion(*user.region_id));
    }
    p.scope = ResolveScope(*role, user.region_id, user.enterprise_id, region);
    // The town every scoped statement names first (docs/scale.md: one shard per town).
    if (p.scope.level == Scope::Level::kTown) p.scope.town_id = p.scope.id;
    if (p.scope.level == Scope::Level::kVillage || p.scope.level == Scope::Level::kGrid)
        p.scope.town_id = region ? region->town_id : 0;
    if (p.scope.level == Scope::Level::kEnterprise) p.scope.town_id = user.town_id;
    if (p.scope.level == Scope::Level::kNone) {
        spdlog::warn("user {} ({}) has an inconsistent region/enterprise and sees nothing", user.id, user.role);
    }
    return p;
}

}  // namespace

Result<std::string> HashPasswordBounded(std::string_view password) {
    SlotGuard slot;
    if (!slot.held) return HashingBusy();
    return platform::HashPassword(password);
}

Result<bool> VerifyPasswordBounded(std::string_view hash, std::string_view password) {
    SlotGuard slot;
    if (!slot.held) return HashingBusy();
    return platform::VerifyPassword(hash, password);
}

Scope ResolveScope(Role role, std::optional<int64_t> region_id, std::optional<int64_t> enterprise_id,
                   const std::optional<storage::RegionInfo>& region) {
    switch (role) {
        case Role::kAdmin:
            return Scope::All();
        case Role::kEnterprise:
            return enterprise_id ? Scope{Scope::Level::kEnterprise, *enterprise_id} : Scope::None();
        case Role::kTown:
            if (region_id && region && region->kind == "town") return Scope{Scope::Level::kTown, *region_id};
            return Scope::None();
        case Role::kVillage:
            if (region_id && region && region->kind == "village") return Scope{Scope::Level::kVillage, *region_id};
            return Scope::None();
        case Role::kInspector:
            if (region_id && region && region->kind == "grid") return Scope{Scope::Level::kGrid, *region_id};
            if (region_id && region && region->kind == "village") return Scope{Scope::Level::kVillage, *region_id};
            return Scope::None();
        case Role::kCounty:
            // The towns are read at login: a town added under the county later shows after a new login.
            if (region_id && region && region->kind == "county") return Scope::County(*region_id, region->towns);
            return Scope::None();
    }
    return Scope::None();
}

AuthService::AuthService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                         AuthOptions options)
    : db_(std::move(db)),
      clock_(clock),
      audit_(audit),
      options_(options),
      throttle_(clock, options.throttle, SharedCountersFor(db_, "login")) {}

const std::string& AuthService::DummyHash() {
    // Made on first need rather than at start-up, which would add an argon2 run to every start.
    std::call_once(dummy_once_, [&] {
        // Unbounded on purpose: this runs once, and a busy answer here would be cached forever.
        auto h = platform::HashPassword(platform::RandomToken());
        dummy_hash_ = h ? *h : std::string();
    });
    return dummy_hash_;
}

int64_t AuthService::RetryAfter(std::string_view username, std::string_view client_ip) const {
    return throttle_.RetryAfter(username, CleanAddress(client_ip));
}

Result<LoginResult> AuthService::Login(std::string_view username, std::string_view password,
                                       std::string_view raw_client_ip) {
    const std::string client_ip = CleanAddress(raw_client_ip);
    // Reserve the attempt (counted as a failure) before the slow hash check, in one critical
    // section with the limit check: a parallel burst cannot get more guesses than the limit.
    const LoginThrottle::Attempt attempt = throttle_.Begin(username, client_ip);
    if (attempt.retry_after > 0) {
        spdlog::info("login throttled: ip={}", client_ip);
        return RateLimited();
    }
    SG_ASSIGN_OR_RETURN(auto user, db_->Read([&](storage::Connection& conn) {
        return storage::UserRepository(conn).FindByUsername(username);
    }));
    const bool usable_input = !username.empty() && !password.empty() && password.size() <= kMaxPasswordBytes;
    bool ok = false;
    if (user && usable_input) {
        SG_ASSIGN_OR_RETURN(ok, VerifyPasswordBounded(user->password_hash, password));
    } else {
        // Same argon2 work as for a real user, so the answer time does not reveal who exists.
        SG_TRY(VerifyPasswordBounded(DummyHash(), password.substr(0, kMaxPasswordBytes)));
    }
    if (!ok) {
        // Already counted by Begin().
        // The username is attacker-chosen text: log the user id when it exists, never the input.
        if (user)
            spdlog::info("login failed: user={} ip={}", user->id, client_ip);
        else
            spdlog::info("login failed: unknown user, ip={}", client_ip);
        return InvalidCredentials();
    }
    if (user->disabled) {
        spdlog::info("login refused: user={} is disabled, ip={}", user->id, client_ip);
        return Fail({Code::kUnauthenticated, "account_disabled", {"该账号已停用", "This account is disabled"}, {}, {}});
    }

    const int64_t now = clock_.Now();
    LoginResult out;
    out.token = platform::RandomToken();
    out.expires_at = now + options_.session_ttl_seconds;
    out.user = ToUserView(*user);
    const std::string token_hash = platform::Sha256Hex(out.token);
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::UserRepository users(conn);
        SG_ASSIGN_OR_RETURN(out.principal, PrincipalOf(users, *user));
        SG_TRY(storage::SessionRepository(conn).Insert(
            {token_hash, user->id, now, out.expires_at, std::nullopt, client_ip}));
        boost::json::object after;
        after["client_ip"] = client_ip;
        after["expires_at"] = FormatRfc3339(out.expires_at);
        return audit_.Append(conn, &out.principal,
                             AuditChange{user->town_id, "user", user->id, "login", nullptr, std::move(after)});
    }));
    throttle_.Succeeded(attempt);
    CachePut(token_hash, out.principal, std::min(now + options_.cache_ttl_seconds, out.expires_at), now);
    spdlog::info("login: user={} ip={}", user->id, client_ip);
    return out;
}

Status AuthService::Logout(const Principal& caller, std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength) return {};
    const std::string token_hash = platform::Sha256Hex(token);
    CacheErase(token_hash);
    const int64_t now = clock_.Now();
    return db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::SessionRepository sessions(conn);
        SG_ASSIGN_OR_RETURN(auto session, sessions.Find(token_hash));
        if (!session || session->user_id != caller.user_id) return {};
        SG_ASSIGN_OR_RETURN(bool revoked, sessions.Revoke(token_hash, now));
        if (!revoked) return {};
        SG_ASSIGN_OR_RETURN(auto user, storage::UserRepository(conn).FindById(caller.user_id));
        const int64_t town_id = user ? user->town_id : 0;
        return audit_.Append(conn, &caller, AuditChange{town_id, "user", caller.user_id, "logout", nullptr, nullptr});
    });
}

Status AuthService::ChangePassword(const Principal& caller, std::string_view current_token,
                                   std::string_view old_password, std::string_view new_password) {
    if (auto problem = NewPasswordProblem(new_password)) return Invalid("new", *problem);
    SG_ASSIGN_OR_RETURN(auto user, db_->Read([&](storage::Connection& conn) {
        return storage::UserRepository(conn).FindById(caller.user_id);
    }));
    if (!user || user->disabled) return Unauthenticated();
    bool old_ok = false;
    if (!old_password.empty() && old_password.size() <= kMaxPasswordBytes) {
        SG_ASSIGN_OR_RETURN(old_ok, VerifyPasswordBounded(user->password_hash, old_password));
    }
    if (!old_ok) {
        spdlog::info("password change refused: wrong old password, user={}", user->id);
        return Invalid("old", {"当前密码不正确", "The current password is wrong"});
    }
    SG_ASSIGN_OR_RETURN(std::string hash, HashPasswordBounded(new_password));
    const std::string keep = platform::Sha256Hex(current_token);
    const int64_t now = clock_.Now();
    int64_t ended = 0;
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::UserRepository users(conn);
        SG_ASSIGN_OR_RETURN(bool updated,
                            users.UpdatePassword(user->id, hash, new_password == kDemoAccountPassword, now));
        if (!updated) return Unauthenticated();
        SG_ASSIGN_OR_RETURN(ended, storage::SessionRepository(conn).RevokeAllOf(user->id, now, keep));
        boost::json::object after;
        after["sessions_ended"] = ended;  // no password material, not even its length
        return audit_.Append(
            conn, &caller, AuditChange{user->town_id, "user", user->id, "password_change", nullptr, std::move(after)});
    }));
    ForgetUser(user->id);
    spdlog::info("password changed: user={} other_sessions_ended={}", user->id, ended);
    return {};
}

Status AuthService::LogoutAll(const Principal& caller) {
    const int64_t now = clock_.Now();
    int64_t ended = 0;
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(ended, storage::SessionRepository(conn).RevokeAllOf(caller.user_id, now, std::nullopt));
        SG_ASSIGN_OR_RETURN(auto user, storage::UserRepository(conn).FindById(caller.user_id));
        boost::json::object after;
        after["sessions_ended"] = ended;
        return audit_.Append(
            conn, &caller,
            AuditChange{user ? user->town_id : 0, "user", caller.user_id, "logout_all", nullptr, std::move(after)});
    }));
    ForgetUser(caller.user_id);
    spdlog::info("logout everywhere: user={} sessions_ended={}", caller.user_id, ended);
    return {};
}

void AuthService::ForgetUser(int64_t user_id) {
    std::lock_guard lock(cache_mu_);
    std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

Result<Principal> AuthService::Authenticate(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength) return Unauthenticated();
    const std::string token_hash = platform::Sha256Hex(token);
    const int64_t now = clock_.Now();
    if (auto hit = CacheGet(token_hash, now)) return *hit;

    int64_t expires_at = 0;
    SG_ASSIGN_OR_RETURN(Principal principal, db_->Read([&](storage::Connection& conn) -> Result<Principal> {
        SG_ASSIGN_OR_RETURN(auto session, storage::SessionRepository(conn).Find(token_hash));
        if (!session || session->revoked_at || session->expires_at <= now) return Unauthenticated();
        storage::UserRepository users(conn);
        SG_ASSIGN_OR_RETURN(auto user, users.FindById(session->user_id));
        if (!user || user->disabled) return Unauthenticated();
        expires_at = session->expires_at;
        return PrincipalOf(users, *user);
    }));
    CachePut(token_hash, principal, std::min(now + options_.cache_ttl_seconds, expires_at), now);
    return principal;
}

Result<int64_t> AuthService::PurgeEndedSessions() {
    const int64_t before = clock_.Now() - kEndedSessionRetention;
    return db_->Transact(
        true, [&](storage::Connection& conn) { return storage::SessionRepository(conn).PurgeEnded(before); });
}

Result<int64_t> AuthService::PurgeRateWindows() {
    const int64_t now = clock_.Now();
    return db_->Transact(
        true, [&](storage::Connection& conn) { return storage::CoordinationRepository(conn).PurgeRateWindows(now); });
}

std::optional<Principal> AuthService::CacheGet(const std::string& token_hash, int64_t now) {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(token_hash);
    if (it == cache_.end()) return std::nullopt;
    if (now >= it->second.valid_until || now < it->second.valid_until - options_.cache_ttl_seconds) {
        // Stale, or the clock went back: ask the store again.
        cache_.erase(it);
        return std::nullopt;
    }
    return it->second.principal;
}

void AuthService::CachePut(const std::string& token_hash, const Principal& principal, int64_t valid_until,
                           int64_t now) {
    if (options_.cache_ttl_seconds <= 0 || options_.cache_capacity == 0) return;
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= options_.cache_capacity) {
        std::erase_if(cache_, [&](const auto& kv) { return now >= kv.second.valid_until; });
        // Still full of live entries: start over rather than track recency; misses only cost queries.
        if (cache_.size() >= options_.cache_capacity) cache_.clear();
    }
    cache_[token_hash] = CacheEntry{principal, valid_until};
}

void AuthService::CacheErase(const std::string& token_hash) {
    std::lock_guard lock(cache_mu_);
    cache_.erase(token_hash);
}

}  // namespace safegrid::services
