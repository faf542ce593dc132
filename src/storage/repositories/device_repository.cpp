#include "storage/repositories/device_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, enterprise_id, building_id, kind, serial, protocol, unit_address, state, "
    "online, last_seen_at, version, created_at, updated_at";

DeviceRecord FromRow(const Row& row) {
    DeviceRecord d;
    d.id = row.Int(0);
    d.path = {row.Int(1), row.OptInt(2), row.OptInt(3)};
    d.enterprise_id = row.Int(4);
    d.building_id = row.OptInt(5);
    d.kind = row.Text(6);
    d.serial = row.Text(7);
    d.protocol = row.Text(8);
    d.unit_address = row.OptInt(9);
    d.state = row.Text(10);
    d.online = row.Int(11) != 0;
    d.last_seen_at = row.OptInt(12);
    d.version = row.Int(13);
    d.created_at = row.Int(14);
    d.updated_at = row.Int(15);
    return d;
}

std::string Select(std::string_view where) {
    return std::string("SELECT ").append(kColumns).append(" FROM devices ").append(where);
}

}  // namespace

Result<int64_t> DeviceRepository::Insert(const DeviceRecord& d) {
    const std::array<Value, 15> params = {d.path.town_id,
                                          Nullable(d.path.village_id),
                                          Nullable(d.path.grid_id),
                                          d.enterprise_id,
                                          Nullable(d.building_id),
                                          d.kind,
                                          d.serial,
                                          d.protocol,
                                          Nullable(d.unit_address),
                                          d.state,
                                          int64_t{d.online ? 1 : 0},
                                          Nullable(d.last_seen_at),
                                          d.created_at,
                                          d.updated_at,
                                          int64_t{1}};
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("INSERT INTO devices (town_id, village_id, grid_id, enterprise_id, building_id, kind, serial, "
                    "protocol, unit_address, state, online, last_seen_at, created_at, updated_at, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO devices returned no id");
    return rows.rows.front().Int(0);
}

Result<std::optional<DeviceRecord>> DeviceRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = Select("WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<DeviceRecord>();
    return std::optional<DeviceRecord>(FromRow(rows.rows.front()));
}

Result<std::pair<std::vector<DeviceRecord>, int64_t>> DeviceRepository::List(const DeviceQuery& query) {
    std::string where = "WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(query.filters, where, params);
    for (int64_t enterprise_id : query.enterprise_equals) {
        where += " AND enterprise_id = ?";
        params.emplace_back(enterprise_id);
    }
    if (query.online) {
        where += " AND online = ?";
        params.emplace_back(int64_t{*query.online ? 1 : 0});
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM devices " + where, params));
    params.emplace_back(query.limit);
    params.emplace_back(query.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(Select(where) + " ORDER BY id LIMIT ? OFFSET ?", params));
    std::vector<DeviceRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::make_pair(std::move(out), count.rows.empty() ? int64_t{0} : count.rows.front().Int(0));
}

Result<bool> DeviceRepository::Update(const DeviceRecord& d, int64_t expected_version) {
    const std::array<Value, 12> params = {d.path.town_id,
                                          Nullable(d.path.village_id),
                                          Nullable(d.path.grid_id),
                                          d.enterprise_id,
                                          Nullable(d.building_id),
                                          d.kind,
                                          d.serial,
                                          d.protocol,
                                          Nullable(d.unit_address),
                                          d.updated_at,
                                          d.id,
                                          expected_version};
    SG_ASSIGN_OR_RETURN(int64_t n,
                        conn_.Execute("UPDATE devices SET town_id = ?, village_id = ?, grid_id = ?, enterprise_id = ?, "
                                      "building_id = ?, kind = ?, serial = ?, protocol = ?, unit_address = ?, "
                                      "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                                      params));
    return n == 1;
}

Result<std::optional<DeviceRecord>> DeviceRepository::FindByUnitAddress(int64_t unit_address) {
    static const std::string sql = Select("WHERE protocol = 'gb26875' AND unit_address = ?");
    const std::array<Value, 1> params = {unit_address};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<DeviceRecord>();
    return std::optional<DeviceRecord>(FromRow(rows.rows.front()));
}

Result<std::optional<DeviceRecord>> DeviceRepository::FindMqttBySerial(const std::string& serial) {
    static const std::string sql = Select("WHERE protocol = 'mqtt' AND serial = ?");
    const std::array<Value, 1> params = {serial};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<DeviceRecord>();
    return std::optional<DeviceRecord>(FromRow(rows.rows.front()));
}

Result<std::optional<int64_t>> DeviceRepository::SerialHolder(const std::string& protocol, const std::string& serial,
                                                              int64_t except_id) {
    const std::array<Value, 3> params = {protocol, serial, except_id};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT id FROM devices WHERE protocol = ? AND serial = ? AND id <> ?", params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::vector<DeviceComponentRecord>> DeviceRepository::Components(int64_t device_id, const TownLimit& town) {
    std::vector<Value> params = {device_id};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT device_id, system_type, system_address, component_type, "
                                               "component_address, state, last_seen_at FROM device_components "
                                               "WHERE device_id = ?" +
                                                   limit +
                                                   " ORDER BY system_type, system_address, "
                                                   "component_type, component_address",
                                               params));
    std::vector<DeviceComponentRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Text(5), row.Int(6)});
    }
    return out;
}

Status DeviceRepository::UpsertComponent(const DeviceComponentRecord& c) {
    // town_id (0031) is the device's, read in the same statement so no caller can get it wrong.
    const std::array<Value, 8> params = {c.device_id,      c.device_id,         c.system_type, c.system_address,
                                         c.component_type, c.component_address, c.state,       c.last_seen_at};
    SG_TRY(conn_.Execute(
        "INSERT INTO device_components (device_id, town_id, system_type, system_address, component_type, "
        "component_address, state, last_seen_at) VALUES (?, (SELECT d.town_id FROM devices d WHERE d.id = ?), ?, ?, "
        "?, ?, ?, ?) ON CONFLICT (device_id, system_type, system_address, "
        "component_type, component_address) DO UPDATE SET state = excluded.state, last_seen_at = excluded.last_seen_at",
        params));
    return {};
}

Status DeviceRepository::SetContact(int64_t id, const std::string& state, bool online,
                                    std::optional<UnixSeconds> last_seen_at, UnixSeconds updated_at) {
    const std::array<Value, 5> params = {state, int64_t{online ? 1 : 0}, Nullable(last_seen_at), updated_at, id};
    SG_TRY(conn_.Execute("UPDATE devices SET state = ?, online = ?, last_seen_at = ?, updated_at = ? WHERE id = ?",
                         params));
    return {};
}

Result<std::vector<DeviceRecord>> DeviceRepository::SilentSince(UnixSeconds cutoff, int64_t limit) {
    static const std::string sql = Select("WHERE online = 1 AND last_seen_at < ? ORDER BY id LIMIT ?");
    const std::array<Value, 2> params = {cutoff, limit};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<DeviceRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return out;
}

}  // namespace safegrid::storage
