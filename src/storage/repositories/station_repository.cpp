#include "storage/repositories/station_repository.hpp"

#include <algorithm>
#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, region_id, name, kind, lat, lng, staff, radius_m, responsible_user_id, "
    "version, created_at, updated_at";

StationRecord FromRow(const Row& row) {
    StationRecord s;
    s.id = row.Int(0);
    s.path = {row.Int(1), row.OptInt(2), row.OptInt(3)};
    s.region_id = row.Int(4);
    s.name = row.Text(5);
    s.kind = row.Text(6);
    s.lat = row.Double(7);
    s.lng = row.Double(8);
    s.staff = row.Int(9);
    s.radius_m = row.Int(10);
    s.responsible_user_id = row.OptInt(11);
    s.version = row.Int(12);
    s.created_at = row.Int(13);
    s.updated_at = row.Int(14);
    return s;
}

std::string Placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
    return out;
}

// Long IN lists are split so no statement carries more parameters than SQLite's default limit allows.
constexpr size_t kInChunk = 500;

}  // namespace

Result<int64_t> StationRepository::Insert(const StationRecord& s) {
    const std::array<Value, 14> params = {s.path.town_id,
                                          Nullable(s.path.village_id),
                                          Nullable(s.path.grid_id),
                                          s.region_id,
                                          s.name,
                                          s.kind,
                                          s.lat,
                                          s.lng,
                                          s.staff,
                                          s.radius_m,
                                          Nullable(s.responsible_user_id),
                                          s.created_at,
                                          s.updated_at,
                                          int64_t{1}};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO stations (town_id, village_id, grid_id, region_id, name, kind, lat, "
                                    "lng, staff, radius_m, responsible_user_id, created_at, updated_at, version) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO stations returned no id");
    return rows.rows.front().Int(0);
}

Result<std::optional<StationRecord>> StationRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = std::string("SELECT ").append(kColumns).append(" FROM stations WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<StationRecord>();
    return std::optional<StationRecord>(FromRow(rows.rows.front()));
}

Result<std::pair<std::vector<StationRecord>, int64_t>> StationRepository::List(const std::vector<PathFilter>& filters,
                                                                               int64_t offset, int64_t limit) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM stations" + where, params));
    params.emplace_back(limit);
    params.emplace_back(offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM stations") +
                                                   where + " ORDER BY id LIMIT ? OFFSET ?",
                                               params));
    std::vector<StationRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::make_pair(std::move(out), count.rows.empty() ? int64_t{0} : count.rows.front().Int(0));
}

Result<std::vector<StationRecord>> StationRepository::InTowns(const std::vector<int64_t>& town_ids) {
    std::vector<StationRecord> out;
    for (size_t start = 0; start < town_ids.size(); start += kInChunk) {
        const size_t n = std::min(kInChunk, town_ids.size() - start);
        std::vector<Value> params(town_ids.begin() + static_cast<std::ptrdiff_t>(start),
                                  town_ids.begin() + static_cast<std::ptrdiff_t>(start + n));
        SG_ASSIGN_OR_RETURN(
            Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM stations WHERE town_id IN (") +
                                       Placeholders(n) + ") ORDER BY id",
                                   params));
        for (const Row& row : rows.rows) out.push_back(FromRow(row));
    }
    return out;
}

Result<bool> StationRepository::Update(const StationRecord& s, int64_t expected_version) {
    const std::array<Value, 10> params = {
        s.name,       s.kind, s.lat,           s.lng, s.staff, s.radius_m, Nullable(s.responsible_user_id),
        s.updated_at, s.id,   expected_version};
    SG_ASSIGN_OR_RETURN(int64_t n, conn_.Execute("UPDATE stations SET name = ?, kind = ?, lat = ?, lng = ?, staff = ?, "
                                                 "radius_m = ?, responsible_user_id = ?, updated_at = ?, "
                                                 "version = version + 1 WHERE id = ? AND version = ?",
                                                 params));
    return n == 1;
}

Result<std::map<int64_t, std::vector<station::EquipmentRow>>> StationRepository::Equipment(
    const std::vector<int64_t>& station_ids, const TownLimit& town) {
    std::map<int64_t, std::vector<station::EquipmentRow>> out;
    for (size_t start = 0; start < station_ids.size(); start += kInChunk) {
        const size_t n = std::min(kInChunk, station_ids.size() - start);
        std::vector<Value> params(station_ids.begin() + static_cast<std::ptrdiff_t>(start),
                                  station_ids.begin() + static_cast<std::ptrdiff_t>(start + n));
        const std::string limit = TownCondition(town, "", params);
        SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT station_id, item, count, expires_on FROM station_equipment "
                                                   "WHERE station_id IN (" +
                                                       Placeholders(n) + ")" + limit + " ORDER BY station_id, item",
                                                   params));
        for (const Row& row : rows.rows) out[row.Int(0)].push_back({row.Text(1), row.Int(2), row.OptText(3)});
    }
    return out;
}

Status StationRepository::UpsertEquipment(int64_t station_id, const station::EquipmentRow& row, UnixSeconds at) {
    // town_id (0031) is the station's, read in the same statement so no caller can get it wrong.
    const std::array<Value, 6> params = {station_id, station_id, row.item, row.count, Nullable(row.expires_on), at};
    SG_TRY(conn_.Execute(
        "INSERT INTO station_equipment (station_id, town_id, item, count, expires_on, updated_at) "
        "VALUES (?, (SELECT s.town_id FROM stations s WHERE s.id = ?), ?, ?, ?, ?) ON CONFLICT (station_id, item) DO "
        "UPDATE SET count = excluded.count, expires_on = excluded.expires_on, updated_at = excluded.updated_at",
        params));
    return {};
}

Result<int64_t> StationRepository::InsertDrill(const DrillRecord& d) {
    const std::array<Value, 7> params = {
        d.station_id, d.station_id, d.held_on, d.response_s, d.note, Nullable(d.recorded_by), d.created_at};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO station_drills (station_id, town_id, held_on, response_s, note, "
                                    "recorded_by, created_at) VALUES (?, (SELECT s.town_id FROM stations s WHERE s.id "
                                    "= ?), ?, ?, ?, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO station_drills returned no id");
    return rows.rows.front().Int(0);
}

Result<std::vector<DrillRecord>> StationRepository::Drills(int64_t station_id, int64_t limit, const TownLimit& town) {
    std::vector<Value> params = {station_id};
    const std::string sql =
        "SELECT id, station_id, held_on, response_s, note, recorded_by, created_at FROM station_drills WHERE "
        "station_id = ?" +
        TownCondition(town, "", params) + " ORDER BY held_on DESC, id DESC LIMIT ?";
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<DrillRecord> out;
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Text(4), row.OptInt(5), row.Int(6)});
    }
    return out;
}

Result<std::vector<ExpiringEquipmentRow>> StationRepository::ExpiringUntil(const std::string& until) {
    const std::array<Value, 1> params = {until};
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT s.id, s.name, s.town_id, s.village_id, s.grid_id, s.responsible_user_id, e.item, "
                    "e.expires_on FROM station_equipment e JOIN stations s ON s.id = e.station_id "
                    "WHERE e.expires_on IS NOT NULL AND e.expires_on <= ? AND e.count > 0 "
                    "ORDER BY e.expires_on, s.id, e.item",
                    params));
    std::vector<ExpiringEquipmentRow> out;
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0),
                       row.Text(1),
                       {row.Int(2), row.OptInt(3), row.OptInt(4)},
                       row.OptInt(5),
                       row.Text(6),
                       row.Text(7)});
    }
    return out;
}

Result<bool> StationRepository::IsEnabledUserOfTown(int64_t user_id, int64_t town_id) {
    const std::array<Value, 2> params = {user_id, town_id};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT 1 FROM users WHERE id = ? AND town_id = ? AND disabled = 0", params));
    return !rows.rows.empty();
}

Result<std::vector<PositionedEnterpriseRow>> StationRepository::PositionedEnterprises(
    const std::vector<PathFilter>& filters) {
    std::string where = " WHERE lat IS NOT NULL AND lng IS NOT NULL";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("SELECT id, town_id, name, lat, lng FROM enterprises" + where + " ORDER BY id", params));
    std::vector<PositionedEnterpriseRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back({row.Int(0), row.Int(1), row.Text(2), row.Double(3), row.Double(4)});
    return out;
}

}  // namespace safegrid::storage
