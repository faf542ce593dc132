#include "services/user_service.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

#include "core/auth/write_rule.hpp"
#include "core/text/utf8.hpp"
#include "platform/logging.hpp"
#include "services/auth_service.hpp"
#include "storage/repositories/user_repository.hpp"

namespace safegrid::services {
namespace {

constexpr size_t kMinUsername = 3;
constexpr size_t kMaxUsername = 32;
constexpr size_t kMinPassword = 8;          // code points
constexpr size_t kMaxPasswordBytes = 1024;  // argon2 reads it all; no human needs more
constexpr size_t kMaxDisplayName = 64;      // code points
constexpr size_t kMaxPhone = 32;
constexpr int64_t kMaxListPageSize = 200;

// Code points in `s`, or nullopt when it is not valid UTF-8 or holds control characters
// (which would corrupt logs and exports).
std::optional<size_t> PrintableLength(std::string_view s) {
    size_t count = 0;
    for (size_t i = 0; i < s.size();) {
        size_t len = 0;
        const std::optional<char32_t> decoded = DecodeUtf8(s, i, len);  // the one UTF-8 rule (core/text)
        if (!decoded) return std::nullopt;
        const char32_t cp = *decoded;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return std::nullopt;
        i += len;
        ++count;
    }
    return count;
}

bool ValidUsername(std::string_view u) {
    if (u.size() < kMinUsername || u.size() > kMaxUsername) return false;
    return std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
}

}  // namespace

UserView ToUserView(const storage::UserRecord& r) {
    UserView v;
    v.id = r.id;
    v.username = r.username;
    v.role = ParseRole(r.role).value_or(Role::kEnterprise);
    v.region_id = r.region_id;
    v.enterprise_id = r.enterprise_id;
    v.town_id = r.town_id;
    v.display_name = r.display_name;
    v.phone = r.phone;
    v.disabled = r.disabled;
    v.created_at = r.created_at;
    v.updated_at = r.updated_at;
    v.version = r.version;
    return v;
}

namespace {

const Text kNoSuchRegion{"区域不存在或不在您的管辖范围内", "No such region in your area"};
const Text kNoSuchEnterprise{"企业不存在或不在您的管辖范围内", "No such enterprise in your area"};
const Text kMustBeEmpty{"该角色不应填写此项", "Must be empty for this role"};
const Text kRequired{"必填", "Required"};

// The town a new user belongs to, checking that its region/enterprise exists, lies within
// `within_town` when given (a town officer's own town) and has the right kind. Errors are 422 on
// the field; an id outside the town reads exactly like a missing one, before its kind is looked at.
Result<int64_t> ResolveTown(storage::UserRepository& repo, Role role, const NewUser& u,
                            std::optional<int64_t> within_town) {
    if (role == Role::kAdmin) return int64_t{0};
    if (role == Role::kEnterprise) {
        SG_ASSIGN_OR_RETURN(auto town, repo.EnterpriseTown(*u.enterprise_id));
        if (!town || (within_town && *town != *within_town)) return Invalid("enterprise_id", kNoSuchEnterprise);
        return *town;
    }
    SG_ASSIGN_OR_RETURN(auto region, repo.FindRegion(*u.region_id));
    if (region && within_town && region->town_id != *within_town) region.reset();
    const bool kind_ok =
        region &&
        ((role == Role::kTown && region->kind == "town") || (role == Role::kVillage && region->kind == "village") ||
         (role == Role::kCounty && region->kind == "county") ||
         (role == Role::kInspector && (region->kind == "grid" || region->kind == "village")));
    if (!kind_ok) {
        if (!region) return Invalid("region_id", kNoSuchRegion);
        if (role == Role::kCounty) return Invalid("region_id", {"须为县级区域", "Must be a county"});
        return Invalid("region_id", role == Role::kTown      ? Text{"须为镇级区域", "Must be a town"}
                                    : role == Role::kVillage ? Text{"须为村级区域", "Must be a village"}
                                                             : Text{"须为网格或村", "Must be a grid or a village"});
    }
    // A county user's town_id is the county's own id (its row's path), the chain its account changes go to.
    return role == Role::kTown ? *u.region_id : region->town_id;
}

}  // namespace

boost::json::object UserAuditJson(const UserView& u) {
    boost::json::object o;
    o["id"] = u.id;
    o["username"] = u.username;
    o["role"] = RoleName(u.role);
    o["region_id"] = u.region_id ? boost::json::value(*u.region_id) : boost::json::value(nullptr);
    o["enterprise_id"] = u.enterprise_id ? boost::json::value(*u.enterprise_id) : boost::json::value(nullptr);
    o["town_id"] = u.town_id;
    o["display_name"] = u.display_name;
    o["phone"] = u.phone;
    o["disabled"] = u.disabled;
    o["version"] = u.version;
    return o;
}

UserService::UserService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                         AuthService* sessions)
    : db_(std::move(db)), clock_(clock), audit_(audit), sessions_(sessions) {}

std::optional<Text> NewPasswordProblem(std::string_view password) {
    if (password.size() > kMaxPasswordBytes) return Text{"密码过长", "Password too long"};
    if (PrintableLength(password).value_or(password.size()) < kMinPassword) {
        return Text{"密码至少 8 位", "At least 8 characters"};
    }
    return std::nullopt;
}

bool UserService::MayCreateUsers(const Principal& caller) {
    // The scope check keeps a misconfigured account (scope None) from acting on any town.
    return (caller.role == Role::kAdmin && caller.scope.level == Scope::Level::kAll) ||
           (caller.role == Role::kTown && caller.scope.level == Scope::Level::kTown);
}

Result<UserView> UserService::Create(const Principal* caller, const NewUser& u) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    // Who may create users comes before what they sent: a village officer learns nothing from a 422.
    if (caller && !MayCreateUsers(*caller)) return Forbidden();
    const std::optional<Role> role = ParseRole(u.role);
    if (caller && caller->role == Role::kTown && (role == Role::kAdmin || role == Role::kCounty)) return Forbidden();

    Validation v;
    if (!ValidUsername(u.username)) {
        v.Add("username", {"3–32 位字母、数字或 _ . -", "3–32 letters, digits, _ . or -"});
    }
    if (!role)
        v.Add("role", {"须为 admin、town、village、inspector 或 enterprise",
                       "Must be admin, town, village, inspector or enterprise"});
    if (auto problem = NewPasswordProblem(u.password)) v.Add("password", *problem);
    if (u.display_name) {
        const auto n = PrintableLength(*u.display_name);
        if (!n || *n > kMaxDisplayName)
            v.Add("display_name", {"至多 64 个字符，不含控制字符", "At most 64 characters, no control characters"});
    }
    if (u.phone) {
        const auto n = PrintableLength(*u.phone);
        if (!n || *n > kMaxPhone) v.Add("phone", {"至多 32 个字符", "At most 32 characters"});
    }
    if (role) {
        const bool needs_region =
            *role == Role::kTown || *role == Role::kVillage || *role == Role::kInspector || *role == Role::kCounty;
        const bool needs_enterprise = *role == Role::kEnterprise;
        if (needs_region && !u.region_id) v.Add("region_id", kRequired);
        if (!needs_region && u.region_id) v.Add("region_id", kMustBeEmpty);
        if (needs_enterprise && !u.enterprise_id) v.Add("enterprise_id", kRequired);
        if (!needs_enterprise && u.enterprise_id) v.Add("enterprise_id", kMustBeEmpty);
    }
    if (!v.Ok()) return v.Fail();

    // Hash before the write transaction: argon2id takes tens of milliseconds and must not hold
    // SQLite's write lock.
    SG_ASSIGN_OR_RETURN(std::string hash, HashPasswordBounded(u.password));

    return db_->Transact(true, [&](storage::Connection& conn) -> Result<UserView> {
        storage::UserRepository repo(conn);
        std::optional<int64_t> within_town;
        if (caller && caller->role == Role::kTown) within_town = caller->scope.id;
        SG_ASSIGN_OR_RETURN(int64_t town_id, ResolveTown(repo, *role, u, within_town));
        SG_ASSIGN_OR_RETURN(auto existing, repo.FindByUsername(u.username));
        const Text taken{"用户名已被使用", "This username is taken"};
        if (existing) return Conflict("username_taken", taken);

        storage::UserRecord rec;
        rec.username = u.username;
        rec.password_hash = std::move(hash);
        rec.role = std::string(RoleName(*role));
        rec.region_id = u.region_id;
        rec.enterprise_id = u.enterprise_id;
        rec.town_id = town_id;
        rec.display_name = u.display_name.value_or("");
        rec.phone = u.phone.value_or("");
        rec.created_at = rec.updated_at = clock_.Now();
        rec.version = 1;
        rec.demo_password = u.password == kDemoAccountPassword;
        rec.password_changed_at = rec.created_at;
        auto id = repo.Insert(rec);
        // Two creations racing past the check above: the unique index decides.
        if (!id && id.error().code == Code::kConflict) return Conflict("username_taken", taken);
        if (!id) return Fail(std::move(id.error()));
        rec.id = *id;

        UserView view = ToUserView(rec);
        SG_TRY(
            audit_.Append(conn, caller, AuditChange{town_id, "user", view.id, "create", nullptr, UserAuditJson(view)}));
        spdlog::info("user created: id={} role={} town={} by={}", view.id, RoleName(view.role), town_id,
                     caller ? std::to_string(caller->user_id) : std::string("system"));
        return view;
    });
}

Result<std::pair<std::vector<UserView>, int64_t>> UserService::List(const Principal& caller, int64_t offset,
                                                                    int64_t limit) {
    storage::UserRepository::ListQuery q;
    if (caller.role == Role::kTown && caller.scope.level == Scope::Level::kTown) {
        q.town_id = caller.scope.id;
    } else if (!(caller.role == Role::kAdmin && caller.scope.level == Scope::Level::kAll)) {
        return Forbidden();
    }
    q.offset = std::max<int64_t>(0, offset);
    q.limit = std::clamp<int64_t>(limit, 1, kMaxListPageSize);
    return db_->Read([&](storage::Connection& conn) -> Result<std::pair<std::vector<UserView>, int64_t>> {
        SG_ASSIGN_OR_RETURN(auto page, storage::UserRepository(conn).List(q));
        std::vector<UserView> out;
        out.reserve(page.first.size());
        for (const auto& r : page.first) out.push_back(ToUserView(r));
        return std::make_pair(std::move(out), page.second);
    });
}

Result<UserView> UserService::Get(const Principal& caller, int64_t id) {
    const bool self = id == caller.user_id;
    const bool admin = caller.role == Role::kAdmin && caller.scope.level == Scope::Level::kAll;
    const bool town = caller.role == Role::kTown && caller.scope.level == Scope::Level::kTown;
    if (!self && !admin && !town) return Forbidden();
    SG_ASSIGN_OR_RETURN(
        auto rec, db_->Read([&](storage::Connection& conn) { return storage::UserRepository(conn).FindById(id); }));
    if (!rec) return NotFound();
    if (!self && !admin && rec->town_id != caller.scope.id) return NotFound();
    return ToUserView(*rec);
}

Result<std::optional<std::string>> UserService::RegionName(int64_t region_id) {
    return db_->Read([&](storage::Connection& conn) { return storage::UserRepository(conn).RegionName(region_id); });
}

}  // namespace safegrid::services
