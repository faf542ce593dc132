#include "storage/repositories/alarm_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

// The device's serial and kind and the enterprise's name by correlated look-ups, so the filters
// name alarms' own columns unqualified (AppendPathFilters) without a join making them ambiguous.
constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, enterprise_id, device_id, kind, status, component_key, source, raised_at, "
    "cleared_at, escalation_level, escalated_at, acknowledged_at, acknowledged_by, closed_at, closed_by, hazard_id, "
    "version, created_at, updated_at, "
    "(SELECT serial FROM devices WHERE devices.id = alarms.device_id), "
    "(SELECT kind FROM devices WHERE devices.id = alarms.device_id), "
    "(SELECT name FROM enterprises WHERE enterprises.id = alarms.enterprise_id)";

// The open set of the alarms_open index (core/alarm kOpenStatuses).
constexpr std::string_view kOpen = "cleared_at IS NULL AND (status = 'active' OR status = 'acknowledged')";

AlarmRecord FromRow(const Row& row) {
    AlarmRecord a;
    a.id = row.Int(0);
    a.path = {row.Int(1), row.OptInt(2), row.OptInt(3)};
    a.enterprise_id = row.Int(4);
    a.device_id = row.Int(5);
    a.kind = row.Text(6);
    a.status = row.Text(7);
    a.component_key = row.Text(8);
    a.source = row.Text(9);
    a.raised_at = row.Int(10);
    a.cleared_at = row.OptInt(11);
    a.escalation_level = row.Int(12);
    a.escalated_at = row.OptInt(13);
    a.acknowledged_at = row.OptInt(14);
    a.acknowledged_by = row.OptInt(15);
    a.closed_at = row.OptInt(16);
    a.closed_by = row.OptInt(17);
    a.hazard_id = row.OptInt(18);
    a.version = row.Int(19);
    a.created_at = row.Int(20);
    a.updated_at = row.Int(21);
    a.device_serial = row.OptText(22).value_or("");
    a.device_kind = row.OptText(23).value_or("");
    a.enterprise_name = row.OptText(24).value_or("");
    return a;
}

std::string Select(std::string_view where) {
    return std::string("SELECT ").append(kColumns).append(" FROM alarms ").append(where);
}

}  // namespace

Result<std::optional<int64_t>> AlarmRepository::InsertIfNoneOpen(const AlarmRecord& a) {
    const std::array<Value, 14> params = {a.path.town_id,
                                          Nullable(a.path.village_id),
                                          Nullable(a.path.grid_id),
                                          a.enterprise_id,
                                          a.device_id,
                                          a.kind,
                                          a.status,
                                          a.component_key,
                                          a.source,
                                          a.raised_at,
                                          Nullable(a.cleared_at),
                                          a.created_at,
                                          a.updated_at,
                                          int64_t{1}};
    // No conflict target: the only unique index that can refuse the row is alarms_open.
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("INSERT INTO alarms (town_id, village_id, grid_id, enterprise_id, device_id, kind, status, "
                    "component_key, source, raised_at, cleared_at, created_at, updated_at, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                    params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::optional<AlarmRecord>> AlarmRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = Select("WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<AlarmRecord>();
    return std::optional<AlarmRecord>(FromRow(rows.rows.front()));
}

Result<std::pair<std::vector<AlarmRecord>, int64_t>> AlarmRepository::List(const AlarmQuery& query) {
    std::string where = "WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(query.filters, where, params);
    for (int64_t enterprise_id : query.enterprise_equals) {
        where += " AND enterprise_id = ?";
        params.emplace_back(enterprise_id);
    }
    if (query.status) {
        where += " AND status = ?";
        params.emplace_back(*query.status);
    }
    if (query.kind) {
        where += " AND kind = ?";
        params.emplace_back(*query.kind);
    }
    if (query.device_id) {
        where += " AND device_id = ?";
        params.emplace_back(*query.device_id);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM alarms " + where, params));
    params.emplace_back(query.limit);
    params.emplace_back(query.offset);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query(Select(where) + " ORDER BY raised_at DESC, id DESC LIMIT ? OFFSET ?", params));
    std::vector<AlarmRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::make_pair(std::move(out), count.rows.empty() ? int64_t{0} : count.rows.front().Int(0));
}

Result<bool> AlarmRepository::Update(const AlarmRecord& a, int64_t expected_version) {
    const std::array<Value, 11> params = {a.status,
                                          Nullable(a.acknowledged_at),
                                          Nullable(a.acknowledged_by),
                                          Nullable(a.closed_at),
                                          Nullable(a.closed_by),
                                          Nullable(a.hazard_id),
                                          a.escalation_level,
                                          Nullable(a.escalated_at),
                                          a.updated_at,
                                          a.id,
                                          expected_version};
    SG_ASSIGN_OR_RETURN(int64_t n,
                        conn_.Execute("UPDATE alarms SET status = ?, acknowledged_at = ?, acknowledged_by = ?, "
                                      "closed_at = ?, closed_by = ?, hazard_id = ?, escalation_level = ?, "
                                      "escalated_at = ?, updated_at = ?, version = version + 1 "
                                      "WHERE id = ? AND version = ?",
                                      params));
    return n == 1;
}

Result<std::vector<AlarmRecord>> AlarmRepository::OpenOfDevice(int64_t device_id, std::optional<std::string> kind) {
    std::string where = "WHERE device_id = ? AND " + std::string(kOpen);
    std::vector<Value> params = {device_id};
    if (kind) {
        where += " AND kind = ?";
        params.emplace_back(*kind);
    }
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(Select(where) + " ORDER BY id", params));
    std::vector<AlarmRecord> out;
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return out;
}

Result<std::vector<int64_t>> AlarmRepository::Clear(int64_t device_id, const std::vector<std::string>& kinds,
                                                    const std::optional<std::string>& component_key, UnixSeconds at) {
    std::vector<int64_t> out;
    if (kinds.empty()) return out;
    std::string sql =
        "UPDATE alarms SET cleared_at = ?, updated_at = ?, version = version + 1 "
        "WHERE device_id = ? AND cleared_at IS NULL AND kind IN (";
    std::vector<Value> params = {at, at, device_id};
    for (size_t i = 0; i < kinds.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
        params.emplace_back(kinds[i]);
    }
    sql += ")";
    if (component_key) {
        sql += " AND component_key = ?";
        params.emplace_back(*component_key);
    }
    sql += " RETURNING id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    for (const Row& row : rows.rows) out.push_back(row.Int(0));
    return out;
}

Result<bool> AlarmRepository::Uncleared(int64_t device_id, const std::string& kind,
                                        const std::optional<std::string>& component_key) {
    std::string sql = "SELECT 1 FROM alarms WHERE device_id = ? AND kind = ? AND cleared_at IS NULL";
    std::vector<Value> params = {device_id, kind};
    if (component_key) {
        sql += " AND component_key = ?";
        params.emplace_back(*component_key);
    }
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql + " LIMIT 1", params));
    return !rows.rows.empty();
}

}  // namespace safegrid::storage
