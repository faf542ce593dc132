#include "storage/repositories/user_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, username, password_hash, role, region_id, enterprise_id, town_id, display_name, phone, disabled, "
    "created_at, updated_at, version, demo_password, password_changed_at";

UserRecord FromRow(const Row& row) {
    UserRecord u;
    u.id = row.Int(0);
    u.username = row.Text(1);
    u.password_hash = row.Text(2);
    u.role = row.Text(3);
    u.region_id = row.OptInt(4);
    u.enterprise_id = row.OptInt(5);
    u.town_id = row.Int(6);
    u.display_name = row.Text(7);
    u.phone = row.Text(8);
    u.disabled = row.Int(9) != 0;
    u.created_at = row.Int(10);
    u.updated_at = row.Int(11);
    u.version = row.Int(12);
    if (auto demo = row.OptInt(13)) u.demo_password = *demo != 0;
    u.password_changed_at = row.OptInt(14);
    return u;
}

Result<std::optional<UserRecord>> FirstUser(Result<Rows> rows) {
    if (!rows) return Fail(std::move(rows.error()));
    if (rows->rows.empty()) return std::optional<UserRecord>();
    return std::optional<UserRecord>(FromRow(rows->rows.front()));
}

}  // namespace

Result<int64_t> UserRepository::Insert(const UserRecord& u) {
    const std::optional<int64_t> demo =
        u.demo_password ? std::optional<int64_t>(*u.demo_password ? 1 : 0) : std::nullopt;
    const std::array<Value, 14> params = {
        u.username,   u.password_hash, u.role,         Nullable(u.region_id),          Nullable(u.enterprise_id),
        u.town_id,    u.display_name,  u.phone,        int64_t{u.disabled ? 1 : 0},    u.created_at,
        u.updated_at, u.version,       Nullable(demo), Nullable(u.password_changed_at)};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO users (username, password_hash, role, region_id, enterprise_id, "
                                    "town_id, display_name, phone, disabled, created_at, updated_at, version, "
                                    "demo_password, password_changed_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO users returned no id");
    return rows.rows.front().Int(0);
}

Result<std::optional<UserRecord>> UserRepository::FindById(int64_t id) {
    static const std::string sql = std::string("SELECT ").append(kColumns).append(" FROM users WHERE id = ?");
    const std::array<Value, 1> params = {id};
    return FirstUser(conn_.Query(sql, params));
}

Result<std::optional<UserRecord>> UserRepository::FindByUsername(std::string_view username) {
    // Matches the expression index users_username_lower on both backends.
    static const std::string sql =
        std::string("SELECT ").append(kColumns).append(" FROM users WHERE lower(username) = lower(?)");
    const std::array<Value, 1> params = {std::string(username)};
    return FirstUser(conn_.Query(sql, params));
}

Result<std::pair<std::vector<UserRecord>, int64_t>> UserRepository::List(const ListQuery& q) {
    std::string where;
    std::vector<Value> params;
    if (q.town_id) {
        where = " WHERE town_id = ?";
        params.emplace_back(*q.town_id);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM users" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM users") + where +
                                                   " ORDER BY id LIMIT ? OFFSET ?",
                                               params));
    std::vector<UserRecord> users;
    users.reserve(rows.rows.size());
    for (const Row& row : rows.rows) users.push_back(FromRow(row));
    return std::make_pair(std::move(users), total);
}

Result<bool> UserRepository::UpdatePassword(int64_t id, std::string_view password_hash, bool demo_password,
                                            int64_t at) {
    const std::array<Value, 5> params = {std::string(password_hash), int64_t{demo_password ? 1 : 0}, at, at, id};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("UPDATE users SET password_hash = ?, demo_password = ?, password_changed_at = ?, "
                                      "updated_at = ?, version = version + 1 WHERE id = ?",
                                      params));
    return changed > 0;
}

Result<bool> UserRepository::SetDisabled(int64_t id, bool disabled, int64_t expected_version, int64_t at) {
    const std::array<Value, 4> params = {int64_t{disabled ? 1 : 0}, at, id, expected_version};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("UPDATE users SET disabled = ?, updated_at = ?, version = version + 1 "
                                      "WHERE id = ? AND version = ?",
                                      params));
    return changed > 0;
}

Status UserRepository::SetDemoPassword(int64_t id, bool demo_password) {
    const std::array<Value, 2> params = {int64_t{demo_password ? 1 : 0}, id};
    SG_TRY(conn_.Execute("UPDATE users SET demo_password = ? WHERE id = ?", params));
    return {};
}

namespace {

Result<std::vector<UserRecord>> AllUsers(Result<Rows> rows) {
    if (!rows) return Fail(std::move(rows.error()));
    std::vector<UserRecord> users;
    users.reserve(rows->rows.size());
    for (const Row& row : rows->rows) users.push_back(FromRow(row));
    return users;
}

}  // namespace

Result<std::vector<UserRecord>> UserRepository::WithUnknownDemoPassword() {
    static const std::string sql =
        std::string("SELECT ").append(kColumns).append(" FROM users WHERE demo_password IS NULL ORDER BY id");
    return AllUsers(conn_.Query(sql));
}

Result<std::vector<UserRecord>> UserRepository::WithDemoPassword() {
    static const std::string sql =
        std::string("SELECT ").append(kColumns).append(" FROM users WHERE demo_password = 1 ORDER BY id");
    return AllUsers(conn_.Query(sql));
}

Result<bool> UserRepository::IsDemoStore() {
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT value FROM store_meta WHERE key = 'demo_store'"));
    return !rows.rows.empty() && rows.rows.front().Text(0) == "1";
}

Status UserRepository::MarkDemoStore() {
    SG_TRY(
        conn_.Execute("INSERT INTO store_meta (key, value) VALUES ('demo_store', '1') "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    return {};
}

Result<std::optional<RegionInfo>> UserRepository::FindRegion(int64_t region_id) {
    const std::array<Value, 1> params = {region_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT kind, town_id FROM regions WHERE id = ?", params));
    if (rows.rows.empty()) return std::optional<RegionInfo>();
    RegionInfo info{rows.rows.front().Text(0), rows.rows.front().Int(1), {}};
    if (info.kind == "county") {
        SG_ASSIGN_OR_RETURN(Rows towns, conn_.Query("SELECT id FROM regions WHERE parent_id = ? AND kind = 'town' "
                                                    "ORDER BY id",
                                                    params));
        for (const Row& row : towns.rows) info.towns.push_back(row.Int(0));
    }
    return std::optional<RegionInfo>(std::move(info));
}

Result<std::optional<std::string>> UserRepository::RegionName(int64_t region_id) {
    const std::array<Value, 1> params = {region_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT name FROM regions WHERE id = ?", params));
    if (rows.rows.empty()) return std::optional<std::string>();
    return rows.rows.front().OptText(0);
}

Result<std::optional<int64_t>> UserRepository::EnterpriseTown(int64_t enterprise_id) {
    const std::array<Value, 1> params = {enterprise_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT town_id FROM enterprises WHERE id = ?", params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

}  // namespace safegrid::storage
