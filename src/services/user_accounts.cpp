// UserService: taking accounts back (disable/enable, a password set by the system) and the check
// for accounts that still have the demo password. Creation and reading are in user_service.cpp.
#include <boost/json/object.hpp>

#include "core/auth/write_rule.hpp"
#include "platform/logging.hpp"
#include "services/auth_service.hpp"
#include "services/user_service.hpp"
#include "storage/repositories/session_repository.hpp"
#include "storage/repositories/user_repository.hpp"

namespace safegrid::services {
namespace {

bool IsAdmin(const Principal& p) { return p.role == Role::kAdmin && p.scope.level == Scope::Level::kAll; }
bool IsTownOfficer(const Principal& p) { return p.role == Role::kTown && p.scope.level == Scope::Level::kTown; }

// Whether `caller` may take back `target`: admins anyone, town officers their town's non-admins.
bool Reaches(const Principal& caller, const storage::UserRecord& target) {
    if (IsAdmin(caller)) return true;
    return IsTownOfficer(caller) && target.role != "admin" && target.town_id == caller.scope.id;
}

}  // namespace

Result<UserView> UserService::SetDisabled(const Principal* caller, int64_t id, bool disabled,
                                          std::optional<int64_t> expected_version) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller && !IsAdmin(*caller) && !IsTownOfficer(*caller)) return Forbidden();
    const int64_t now = clock_.Now();
    int64_t sessions_ended = 0;
    SG_ASSIGN_OR_RETURN(UserView view, db_->Transact(true, [&](storage::Connection& conn) -> Result<UserView> {
        storage::UserRepository users(conn);
        SG_ASSIGN_OR_RETURN(auto current, users.FindById(id));
        if (!current || (caller && !Reaches(*caller, *current))) return NotFound();
        if (caller && caller->user_id == id) {
            return Conflict("self_disable",
                            {"不能停用或启用自己的账号", "You cannot disable or enable your own account"});
        }
        // The system (command line) acts on what it reads; a person must say which version they saw.
        const std::optional<int64_t> expected = caller ? expected_version : current->version;
        if (!expected) {
            return Invalid("version", {"请提供版本号（If-Match 请求头或 version 字段）",
                                       "Send the version you edited: an If-Match header or a \"version\" field"});
        }
        if (*expected != current->version) return StaleVersion();
        SG_ASSIGN_OR_RETURN(bool updated, users.SetDisabled(id, disabled, *expected, now));
        if (!updated) return StaleVersion();
        if (disabled) {
            SG_ASSIGN_OR_RETURN(sessions_ended, storage::SessionRepository(conn).RevokeAllOf(id, now, std::nullopt));
        }
        const UserView before = ToUserView(*current);
        UserView after = before;
        after.disabled = disabled;
        after.updated_at = now;
        after.version = current->version + 1;
        boost::json::object after_json = UserAuditJson(after);
        after_json["sessions_ended"] = sessions_ended;
        SG_TRY(audit_.Append(conn, caller,
                             AuditChange{current->town_id, "user", id, disabled ? "disable" : "enable",
                                         UserAuditJson(before), std::move(after_json)}));
        return after;
    }));
    // After the commit: the next request with one of its tokens must read the store again.
    if (sessions_ != nullptr) sessions_->ForgetUser(id);
    spdlog::info("user {}: id={} by={} sessions_ended={}", disabled ? "disabled" : "enabled", id,
                 caller ? std::to_string(caller->user_id) : std::string("system"), sessions_ended);
    return view;
}

Result<UserView> UserService::SetPasswordBySystem(std::string_view username, std::string_view password) {
    if (auto problem = NewPasswordProblem(password)) return Invalid("password", *problem);
    // Hash outside the write transaction (argon2id must not hold the write lock).
    SG_ASSIGN_OR_RETURN(std::string hash, HashPasswordBounded(password));
    const int64_t now = clock_.Now();
    int64_t sessions_ended = 0;
    SG_ASSIGN_OR_RETURN(UserView view, db_->Transact(true, [&](storage::Connection& conn) -> Result<UserView> {
        storage::UserRepository users(conn);
        SG_ASSIGN_OR_RETURN(auto current, users.FindByUsername(username));
        if (!current) return NotFound();
        SG_ASSIGN_OR_RETURN(bool updated,
                            users.UpdatePassword(current->id, hash, password == kDemoAccountPassword, now));
        if (!updated) return NotFound();
        SG_ASSIGN_OR_RETURN(sessions_ended,
                            storage::SessionRepository(conn).RevokeAllOf(current->id, now, std::nullopt));
        boost::json::object after;
        after["sessions_ended"] = sessions_ended;  // no password material, not even its length
        SG_TRY(audit_.Append(
            conn, nullptr,
            AuditChange{current->town_id, "user", current->id, "password_set", nullptr, std::move(after)}));
        UserView v = ToUserView(*current);
        v.updated_at = now;
        v.version = current->version + 1;
        return v;
    }));
    if (sessions_ != nullptr) sessions_->ForgetUser(view.id);
    spdlog::info("password set by the system: user={} sessions_ended={}", view.id, sessions_ended);
    return view;
}

Result<UserView> UserService::FindByUsername(std::string_view username) {
    SG_ASSIGN_OR_RETURN(auto rec, db_->Read([&](storage::Connection& conn) {
        return storage::UserRepository(conn).FindByUsername(username);
    }));
    if (!rec) return NotFound();
    return ToUserView(*rec);
}

Result<std::vector<std::string>> UserService::DemoPasswordAccounts() {
    SG_ASSIGN_OR_RETURN(bool demo_store, db_->Read([](storage::Connection& conn) {
        return storage::UserRepository(conn).IsDemoStore();
    }));
    if (demo_store) return std::vector<std::string>();
    // Accounts older than migration 0009: one verification each, once; the answer is kept.
    SG_ASSIGN_OR_RETURN(auto unknown, db_->Read([](storage::Connection& conn) {
        return storage::UserRepository(conn).WithUnknownDemoPassword();
    }));
    for (const auto& user : unknown) {
        SG_ASSIGN_OR_RETURN(bool is_demo, VerifyPasswordBounded(user.password_hash, kDemoAccountPassword));
        SG_TRY(db_->Transact(true, [&](storage::Connection& conn) {
            return storage::UserRepository(conn).SetDemoPassword(user.id, is_demo);
        }));
    }
    SG_ASSIGN_OR_RETURN(auto with_demo, db_->Read([](storage::Connection& conn) {
        return storage::UserRepository(conn).WithDemoPassword();
    }));
    std::vector<std::string> names;
    names.reserve(with_demo.size());
    for (const auto& user : with_demo) names.push_back(user.username);
    return names;
}

Status UserService::MarkDemoStore() {
    return db_->Transact(true, [](storage::Connection& conn) { return storage::UserRepository(conn).MarkDemoStore(); });
}

}  // namespace safegrid::services
