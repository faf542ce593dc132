#include "storage/repositories/building_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, name, address, landlord_name, landlord_phone, floors, area_m2, version, "
    "created_at, updated_at, people_sleeping, sleeping_separated, height_m, sandwich_panels";

Building FromRow(const Row& row) {
    Building b;
    b.id = row.Int(0);
    b.path.town_id = row.Int(1);
    b.path.village_id = row.OptInt(2);
    b.path.grid_id = row.OptInt(3);
    b.name = row.Text(4);
    b.address = row.Text(5);
    b.landlord_name = row.Text(6);
    b.landlord_phone = row.Text(7);
    b.floors = row.OptInt(8);
    b.area_m2 = row.OptDouble(9);
    b.version = row.Int(10);
    b.created_at = row.Int(11);
    b.updated_at = row.Int(12);
    b.people_sleeping = row.Int(13);
    b.sleeping_separated = row.Int(14) != 0;
    b.height_m = row.OptDouble(15);
    b.sandwich_panels = row.Int(16) != 0;
    return b;
}

}  // namespace

Result<int64_t> BuildingRepository::Insert(const Building& b) {
    const std::array<Value, 15> params = {b.path.town_id,
                                          Nullable(b.path.village_id),
                                          Nullable(b.path.grid_id),
                                          b.name,
                                          b.address,
                                          b.landlord_name,
                                          b.landlord_phone,
                                          Nullable(b.floors),
                                          Nullable(b.area_m2),
                                          b.created_at,
                                          b.updated_at,
                                          b.people_sleeping,
                                          int64_t{b.sleeping_separated ? 1 : 0},
                                          Nullable(b.height_m),
                                          int64_t{b.sandwich_panels ? 1 : 0}};
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("INSERT INTO buildings (town_id, village_id, grid_id, name, address, landlord_name, "
                               "landlord_phone, floors, area_m2, version, created_at, updated_at, people_sleeping, "
                               "sleeping_separated, height_m, sandwich_panels) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?) RETURNING id",
                               params));
    if (rows.rows.empty()) return Internal("INSERT INTO buildings returned no id");
    return rows.rows.front().Int(0);
}

Result<std::optional<Building>> BuildingRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = std::string("SELECT ").append(kColumns).append(" FROM buildings WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<Building>();
    return std::optional<Building>(FromRow(rows.rows.front()));
}

Result<std::pair<std::vector<Building>, int64_t>> BuildingRepository::List(const BuildingQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.q && !q.q->empty()) {
        // A town has hundreds of buildings, not hundreds of thousands: LIKE within the scope is enough.
        const bool pg = conn_.dialect() == Dialect::kPostgres;
        where += pg ? " AND (name ILIKE ? ESCAPE '\\' OR address ILIKE ? ESCAPE '\\')"
                    : " AND (name LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')";
        const std::string pattern = LikeContains(*q.q);
        params.emplace_back(pattern);
        params.emplace_back(pattern);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM buildings" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM buildings") +
                                                   where + " ORDER BY id LIMIT ? OFFSET ?",
                                               params));
    std::vector<Building> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::make_pair(std::move(out), total);
}

Result<bool> BuildingRepository::Update(const Building& b, int64_t expected_version) {
    const std::array<Value, 17> params = {b.path.town_id,
                                          Nullable(b.path.village_id),
                                          Nullable(b.path.grid_id),
                                          b.name,
                                          b.address,
                                          b.landlord_name,
                                          b.landlord_phone,
                                          Nullable(b.floors),
                                          Nullable(b.area_m2),
                                          b.people_sleeping,
                                          int64_t{b.sleeping_separated ? 1 : 0},
                                          Nullable(b.height_m),
                                          int64_t{b.sandwich_panels ? 1 : 0},
                                          expected_version + 1,
                                          b.updated_at,
                                          b.id,
                                          expected_version};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("UPDATE buildings SET town_id = ?, village_id = ?, grid_id = ?, name = ?, "
                                      "address = ?, landlord_name = ?, landlord_phone = ?, floors = ?, area_m2 = ?, "
                                      "people_sleeping = ?, sleeping_separated = ?, height_m = ?, sandwich_panels = ?, "
                                      "version = ?, updated_at = ? WHERE id = ? AND version = ?",
                                      params));
    return changed == 1;
}

Result<std::map<int64_t, BuildingTenants>> BuildingRepository::TenantFacts(const std::vector<int64_t>& ids,
                                                                           const TownLimit& town) {
    std::map<int64_t, BuildingTenants> facts;
    if (ids.empty()) return facts;
    // The canonical tag list (core/enterprise/tags.hpp) is filtered the same way everywhere.
    std::string sql =
        "SELECT building_id, COUNT(*), CAST(SUM(CASE WHEN ',' || tags || ',' LIKE '%,hazardous_chemicals,%' THEN 1 "
        "ELSE 0 END) AS BIGINT) FROM enterprises WHERE building_id IN (";
    std::vector<Value> params;
    for (size_t i = 0; i < ids.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
        params.emplace_back(ids[i]);
    }
    sql += ")" + TownCondition(town, "", params) + " GROUP BY building_id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    for (const Row& row : rows.rows) facts[row.Int(0)] = BuildingTenants{row.Int(1), row.Int(2)};
    return facts;
}

Result<std::vector<int64_t>> BuildingRepository::TenantIds(int64_t building_id) {
    const std::array<Value, 1> params = {building_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id FROM enterprises WHERE building_id = ? ORDER BY id", params));
    std::vector<int64_t> ids;
    ids.reserve(rows.rows.size());
    for (const Row& row : rows.rows) ids.push_back(row.Int(0));
    return ids;
}

}  // namespace safegrid::storage
