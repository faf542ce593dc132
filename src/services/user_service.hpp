// User accounts: creation (by `safegrid user add` and POST /api/v1/users), listing and reading.
// Who may do what:
//   - the system (caller null: the command line, seeding) and admins create any user;
//   - a town officer creates town/village/inspector/enterprise users inside its own town;
//   - admins list every user, town officers the users of their town; anyone may read themself.
// Passwords are hashed with argon2id (platform/crypto.hpp) and never leave this service: not in
// UserView, not in audit entries, not in logs.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/user_repository.hpp"

namespace safegrid::services {

class AuthService;

// The password every account of `safegrid seed-demo` gets; `serve` warns about accounts that still
// have it in a store that is not a demo store.
inline constexpr std::string_view kDemoAccountPassword = "demo1234";

// Why `password` may not be a new password (too short, too long), or nullopt when it may.
std::optional<Text> NewPasswordProblem(std::string_view password);

// A user as the rest of the system may see it (no password hash).
struct UserView {
    int64_t id = 0;
    std::string username;
    Role role = Role::kEnterprise;
    std::optional<int64_t> region_id;
    std::optional<int64_t> enterprise_id;
    int64_t town_id = 0;
    std::string display_name;
    std::string phone;
    bool disabled = false;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    int64_t version = 1;
};

struct NewUser {
    std::string username;                  // 3–32 of [A-Za-z0-9_.-]; unique regardless of case
    std::string role;                      // admin | town | village | inspector | enterprise
    std::optional<int64_t> region_id;      // required for town (a town), village (a village),
                                           // inspector (a grid or a village); empty otherwise
    std::optional<int64_t> enterprise_id;  // required for enterprise; empty otherwise
    std::string password;                  // at least 8 characters
    std::optional<std::string> display_name;
    std::optional<std::string> phone;
};

UserView ToUserView(const storage::UserRecord& record);
// The user's fields for the audit log: everything but secrets.
boost::json::object UserAuditJson(const UserView& user);

class UserService {
  public:
    // `sessions`, when given, is told to forget its cached sessions of a user whose sessions end
    // here (disable, password set on the command line), so they end at once in this process.
    UserService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                AuthService* sessions = nullptr);

    // Whether `caller` may create any user at all (admins and town officers); lets the transport
    // answer 403 before it reads the body.
    static bool MayCreateUsers(const Principal& caller);
    // `caller` null means the system. 403 when the caller may not create this user, 422 with
    // per-field reasons for invalid input (a region outside the caller's town reads as missing),
    // 409 "username_taken".
    Result<UserView> Create(const Principal* caller, const NewUser& user);
    Result<std::pair<std::vector<UserView>, int64_t>> List(const Principal& caller, int64_t offset, int64_t limit);
    // 404 when missing or outside the caller's reach; 403 for roles that read no users but their own.
    Result<UserView> Get(const Principal& caller, int64_t id);
    // Disables or enables user `id` and, when disabling, ends all its sessions. `caller` null is the
    // system (command line: no version needed). Admins act on anyone, town officers on the
    // non-admin users of their town; other roles 403; a user outside the caller's reach 404. Acting
    // on oneself → 409 "self_disable". `expected_version` is required from callers (422), stale →
    // 409. Audited ("disable" / "enable").
    Result<UserView> SetDisabled(const Principal* caller, int64_t id, bool disabled,
                                 std::optional<int64_t> expected_version);
    // The system sets a user's password (`safegrid user passwd`) and ends all its sessions.
    // Audited ("password_set"), without any password material. 404 when no such user.
    Result<UserView> SetPasswordBySystem(std::string_view username, std::string_view password);
    // The system looks a user up by name (command line); 404 when missing.
    Result<UserView> FindByUsername(std::string_view username);

    // Usernames of the accounts that still have the demo password, or none when the store is a
    // demo store. Accounts made before migration 0009 are checked once here (one argon2 run each)
    // and the answer recorded, so later starts cost one query.
    Result<std::vector<std::string>> DemoPasswordAccounts();
    // Records that this store is a demo store (`safegrid seed-demo`).
    Status MarkDemoStore();

    // The name of a region, for GET /me; nullopt when it has none or does not exist.
    Result<std::optional<std::string>> RegionName(int64_t region_id);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    AuthService* sessions_;
};

}  // namespace safegrid::services
