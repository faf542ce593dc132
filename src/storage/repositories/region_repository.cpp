#include "storage/repositories/region_repository.hpp"

#include <array>
#include <set>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, name, kind, code, parent_id, town_id, village_id, grid_id, responsible_name, responsible_phone, "
    "responsible_user_id, version, created_at, updated_at";

Region FromRow(const Row& row) {
    Region r;
    r.id = row.Int(0);
    r.name = row.Text(1);
    r.kind = ParseRegionKind(row.Text(2)).value_or(RegionKind::kGrid);
    r.code = row.Text(3);
    r.parent_id = row.OptInt(4);
    r.path.town_id = row.Int(5);
    r.path.village_id = row.OptInt(6);
    r.path.grid_id = row.OptInt(7);
    r.responsible.name = row.Text(8);
    r.responsible.phone = row.Text(9);
    r.responsible.user_id = row.OptInt(10);
    r.version = row.Int(11);
    r.created_at = row.Int(12);
    r.updated_at = row.Int(13);
    if (row.size() > 14) r.boundary = row.OptText(14);
    return r;
}

}  // namespace

PathFilter PathFilter::Subtree(RegionKind kind, int64_t region_id, int64_t town) {
    switch (kind) {
        case RegionKind::kTown:
            return {Column::kTown, region_id};
        case RegionKind::kVillage:
            return {Column::kVillage, region_id, town};
        case RegionKind::kGrid:
            return {Column::kGrid, region_id, town};
        case RegionKind::kCounty:
            return {Column::kCounty, region_id};
    }
    return Nothing();
}

PathFilter PathFilter::FromScope(const Scope& scope) {
    switch (scope.level) {
        case Scope::Level::kAll:
            return Any();
        case Scope::Level::kTown:
            return {Column::kTown, scope.id};
        case Scope::Level::kVillage:
            return {Column::kVillage, scope.id, scope.town_id};
        case Scope::Level::kGrid:
            return {Column::kGrid, scope.id, scope.town_id};
        case Scope::Level::kCounty:
            return {Column::kCounty, scope.id};
        case Scope::Level::kEnterprise:
        case Scope::Level::kNone:
            return Nothing();
    }
    return Nothing();
}

std::string PathFilterCondition(const PathFilter& f, std::string_view prefix, std::string_view id_column,
                                std::vector<Value>& params) {
    std::string out;
    if (f.town != 0 && (f.column == PathFilter::Column::kVillage || f.column == PathFilter::Column::kGrid)) {
        out.append(prefix).append("town_id = ? AND ");
        params.emplace_back(f.town);
    }
    out += prefix;
    switch (f.column) {
        case PathFilter::Column::kAny:
            return "1 = 1";
        case PathFilter::Column::kNothing:
            return "1 = 0";
        case PathFilter::Column::kTown:
            out += "town_id = ?";
            break;
        case PathFilter::Column::kVillage:
            out += "village_id = ?";
            break;
        case PathFilter::Column::kGrid:
            out += "grid_id = ?";
            break;
        case PathFilter::Column::kId:
            out.append(id_column).append(" = ?");
            break;
        case PathFilter::Column::kCounty:
            // regions_parent (parent_id, id) answers the subquery; regions is small (a reference
            // table on a distributed store), so this stays a filter on the shard key.
            out +=
                "town_id IN (SELECT county_r.id FROM regions county_r WHERE county_r.id = ? OR "
                "(county_r.parent_id = ? AND county_r.kind = 'town'))";
            params.emplace_back(f.value);
            break;
    }
    params.emplace_back(f.value);
    return out;
}

void AppendPathFilters(const std::vector<PathFilter>& filters, std::string& where, std::vector<Value>& params) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kAny) continue;
        where += " AND " + PathFilterCondition(f, "", "id", params);
    }
}

bool PathFiltersFitCounts(const std::vector<PathFilter>& filters) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kId) return false;
    }
    return true;
}

std::string LikeContains(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

Result<int64_t> RegionRepository::Insert(const Region& r) {
    const std::array<Value, 13> params = {r.name,
                                          std::string(RegionKindName(r.kind)),
                                          r.code,
                                          Nullable(r.parent_id),
                                          r.path.town_id,
                                          Nullable(r.path.village_id),
                                          Nullable(r.path.grid_id),
                                          r.responsible.name,
                                          r.responsible.phone,
                                          Nullable(r.responsible.user_id),
                                          r.created_at,
                                          r.updated_at,
                                          Nullable(r.boundary)};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO regions (name, kind, code, parent_id, town_id, village_id, "
                                               "grid_id, responsible_name, responsible_phone, responsible_user_id, "
                                               "version, created_at, updated_at, boundary) "
                                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
                                               params));
    if (rows.rows.empty()) return Internal("INSERT INTO regions returned no id");
    const int64_t id = rows.rows.front().Int(0);
    // The own-level column can only be written once the id exists; same transaction, so no reader
    // ever sees the row without it.
    const char* own = r.kind == RegionKind::kTown || r.kind == RegionKind::kCounty
                          ? "UPDATE regions SET town_id = ? WHERE id = ?"
                      : r.kind == RegionKind::kVillage ? "UPDATE regions SET village_id = ? WHERE id = ?"
                                                       : "UPDATE regions SET grid_id = ? WHERE id = ?";
    const std::array<Value, 2> own_params = {id, id};
    SG_TRY(conn_.Execute(own, own_params));
    return id;
}

Result<std::optional<Region>> RegionRepository::FindById(int64_t id) {
    static const std::string sql =
        std::string("SELECT ").append(kColumns).append(", boundary FROM regions WHERE id = ?");
    const std::array<Value, 1> params = {id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<Region>();
    return std::optional<Region>(FromRow(rows.rows.front()));
}

Result<std::vector<Region>> RegionRepository::List(const std::vector<PathFilter>& filters) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM regions") + where + " ORDER BY id", params));
    std::vector<Region> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return out;
}

Result<bool> RegionRepository::Update(const Region& r, int64_t expected_version) {
    const std::array<Value, 10> params = {r.name,
                                          r.code,
                                          r.responsible.name,
                                          r.responsible.phone,
                                          Nullable(r.responsible.user_id),
                                          Nullable(r.boundary),
                                          expected_version + 1,
                                          r.updated_at,
                                          r.id,
                                          expected_version};
    SG_ASSIGN_OR_RETURN(
        int64_t changed,
        conn_.Execute("UPDATE regions SET name = ?, code = ?, responsible_name = ?, "
                      "responsible_phone = ?, responsible_user_id = ?, boundary = ?, version = ?, updated_at = ? "
                      "WHERE id = ? AND version = ?",
                      params));
    return changed == 1;
}

Result<std::optional<int64_t>> RegionRepository::UserTown(int64_t user_id) {
    const std::array<Value, 1> params = {user_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT town_id FROM users WHERE id = ?", params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::map<int64_t, std::string>> RegionRepository::Names(const std::vector<int64_t>& ids) {
    const std::set<int64_t> unique(ids.begin(), ids.end());
    std::map<int64_t, std::string> out;
    if (unique.empty()) return out;
    std::string sql = "SELECT id, name FROM regions WHERE id IN (";
    std::vector<Value> params;
    params.reserve(unique.size());
    for (int64_t id : unique) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(id);
    }
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql + ")", params));
    for (const Row& row : rows.rows) out.emplace(row.Int(0), row.Text(1));
    return out;
}

}  // namespace safegrid::storage
