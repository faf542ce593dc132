#include "storage/repositories/audit_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, actor_id, actor_name, at, entity, entity_id, action, before_json, after_json, prev_hash, hash";

AuditRow FromRow(const Row& r) {
    return AuditRow{r.Int(0), r.Int(1),  r.OptInt(2), r.Text(3), r.Int(4),   r.Text(5),
                    r.Int(6), r.Text(7), r.Text(8),   r.Text(9), r.Text(10), r.Text(11)};
}

}  // namespace

Result<AuditHead> AuditRepository::LockHead(int64_t town_id, const std::string& genesis_hash) {
    const std::array<Value, 2> insert_params = {town_id, genesis_hash};
    SG_TRY(conn_.Execute(
        "INSERT INTO audit_heads (town_id, last_id, last_hash) VALUES (?, 0, ?) ON CONFLICT (town_id) DO NOTHING",
        insert_params));
    const std::array<Value, 1> params = {town_id};
    const std::string_view sql = conn_.dialect() == Dialect::kPostgres
                                     ? "SELECT last_id, last_hash FROM audit_heads WHERE town_id = ? FOR UPDATE"
                                     : "SELECT last_id, last_hash FROM audit_heads WHERE town_id = ?";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return Internal("audit head vanished after insert");
    return AuditHead{town_id, rows.rows.front().Int(0), rows.rows.front().Text(1)};
}

Status AuditRepository::UpdateHead(const AuditHead& head) {
    const std::array<Value, 3> params = {head.last_id, head.last_hash, head.town_id};
    SG_TRY(conn_.Execute("UPDATE audit_heads SET last_id = ?, last_hash = ? WHERE town_id = ?", params));
    return {};
}

Result<int64_t> AuditRepository::Insert(const AuditRow& r) {
    const std::array<Value, 11> params = {r.town_id,    Nullable(r.actor_id), r.actor_name, r.at,
                                          r.entity,     r.entity_id,          r.action,     r.before_json,
                                          r.after_json, r.prev_hash,          r.hash};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO audit_log (town_id, actor_id, actor_name, at, entity, entity_id, "
                                    "action, before_json, after_json, prev_hash, hash) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO audit_log returned no id");
    return rows.rows.front().Int(0);
}

Result<std::vector<AuditHead>> AuditRepository::Heads() {
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT town_id, last_id, last_hash FROM audit_heads ORDER BY town_id"));
    std::vector<AuditHead> heads;
    heads.reserve(rows.rows.size());
    for (const Row& r : rows.rows) heads.push_back(AuditHead{r.Int(0), r.Int(1), r.Text(2)});
    return heads;
}

Result<std::vector<int64_t>> AuditRepository::ChainTowns() {
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT DISTINCT town_id FROM audit_log ORDER BY town_id"));
    std::vector<int64_t> towns;
    towns.reserve(rows.rows.size());
    for (const Row& r : rows.rows) towns.push_back(r.Int(0));
    return towns;
}

Result<std::vector<AuditRow>> AuditRepository::ChainPage(int64_t town_id, int64_t after_id, int64_t up_to_id,
                                                         int64_t limit) {
    static const std::string sql = std::string("SELECT ").append(kColumns).append(
        " FROM audit_log WHERE town_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?");
    const std::array<Value, 4> params = {town_id, after_id, up_to_id, limit};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<AuditRow> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back(FromRow(r));
    return out;
}

Result<std::optional<std::string>> AuditRepository::EntryHash(int64_t town_id, int64_t id) {
    const std::array<Value, 2> params = {town_id, id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT hash FROM audit_log WHERE town_id = ? AND id = ?", params));
    if (rows.rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.rows.front().Text(0));
}

Result<int64_t> AuditRepository::CountChain(int64_t town_id, int64_t after_id, int64_t up_to_id) {
    const std::array<Value, 3> params = {town_id, after_id, up_to_id};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT COUNT(*) FROM audit_log WHERE town_id = ? AND id > ? AND id <= ?", params));
    return rows.rows.empty() ? int64_t{0} : rows.rows.front().Int(0);
}

Result<std::pair<std::vector<AuditRow>, int64_t>> AuditRepository::List(const ListQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    if (q.town_id) {
        where += " AND town_id = ?";
        params.emplace_back(*q.town_id);
    }
    if (q.entity) {
        where += " AND entity = ?";
        params.emplace_back(*q.entity);
    }
    if (q.entity_id) {
        where += " AND entity_id = ?";
        params.emplace_back(*q.entity_id);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM audit_log" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    // The page first (the index on id does the paging), then the names for its rows only.
    static const std::string sql =
        std::string(
            "SELECT a.id, a.town_id, a.actor_id, a.actor_name, a.at, a.entity, a.entity_id, a.action, "
            "a.before_json, a.after_json, a.prev_hash, a.hash, "
            "COALESCE(u.display_name, ''), u.role, "
            "COALESCE(h.title, rh.title, e.name, ie.name, r.name, b.name, "
            "NULLIF(eu.display_name, ''), eu.username, '') "
            "FROM (SELECT ")
            .append(kColumns)
            .append(" FROM audit_log");
    static const std::string joins =
        " ORDER BY id DESC LIMIT ? OFFSET ?) a "
        "LEFT JOIN users u ON u.id = a.actor_id "
        "LEFT JOIN hazards h ON a.entity = 'hazard' AND h.id = a.entity_id "
        "LEFT JOIN public_reports pr ON a.entity = 'public_report' AND pr.id = a.entity_id "
        "LEFT JOIN hazards rh ON rh.id = pr.hazard_id "
        "LEFT JOIN enterprises e ON a.entity = 'enterprise' AND e.id = a.entity_id "
        "LEFT JOIN inspections i ON a.entity = 'inspection' AND i.id = a.entity_id "
        "LEFT JOIN enterprises ie ON ie.id = i.enterprise_id "
        "LEFT JOIN regions r ON a.entity = 'region' AND r.id = a.entity_id "
        "LEFT JOIN buildings b ON a.entity = 'building' AND b.id = a.entity_id "
        "LEFT JOIN users eu ON a.entity = 'user' AND eu.id = a.entity_id "
        "ORDER BY a.id DESC";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql + where + joins, params));
    std::vector<AuditRow> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) {
        AuditRow row = FromRow(r);
        row.actor_display_name = r.Text(12);
        row.actor_role = r.OptText(13);
        row.entity_label = r.Text(14);
        out.push_back(std::move(row));
    }
    return std::make_pair(std::move(out), total);
}

}  // namespace safegrid::storage
