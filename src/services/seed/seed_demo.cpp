#include "services/seed/seed_demo.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "importer/csv_reader.hpp"
#include "services/seed/demo_boundaries.hpp"

namespace safegrid::services::seed {
namespace {

constexpr const char* kTownCode = "330282110000";
constexpr const char* kCountyCode = "330282000000";
constexpr size_t kBatch = 2000;  // enterprises per transaction: bounded memory, few commits

Text Msg(std::string zh, std::string en) { return {std::move(zh), std::move(en)}; }

}  // namespace

namespace {

// One row of a divisions file (data/regions/*.csv): its own code, name and parent's code.
struct DivisionRow {
    std::string code;
    std::string name;
    std::string parent_code;
};

Result<std::vector<DivisionRow>> ReadDivisions(const std::string& csv_path) {
    std::ifstream in(csv_path, std::ios::binary);
    if (!in) return Malformed(Msg("找不到行政区划文件 " + csv_path, "cannot read the divisions file " + csv_path));
    std::stringstream ss;
    ss << in.rdbuf();
    SG_ASSIGN_OR_RETURN(auto table, importer::ReadCsv(ss.str()));
    int code_col = -1, name_col = -1, parent_col = -1;
    for (size_t i = 0; i < table.headers.size(); ++i) {
        if (table.headers[i] == "code") code_col = static_cast<int>(i);
        if (table.headers[i] == "name") name_col = static_cast<int>(i);
        if (table.headers[i] == "parent_code") parent_col = static_cast<int>(i);
    }
    if (code_col < 0 || name_col < 0 || parent_col < 0)
        return Malformed(
            Msg("行政区划文件缺少 code/name/parent_code 列", "divisions file lacks code/name/parent_code"));
    std::vector<DivisionRow> rows;
    rows.reserve(table.rows.size());
    for (const auto& row : table.rows) rows.push_back({row[code_col], row[name_col], row[parent_col]});
    return rows;
}

}  // namespace

Result<std::vector<VillageSource>> ReadKuangyanVillages(const std::string& csv_path) {
    SG_ASSIGN_OR_RETURN(auto rows, ReadDivisions(csv_path));
    std::vector<VillageSource> villages;
    for (const DivisionRow& row : rows) {
        if (row.parent_code == kTownCode) villages.push_back({row.code, row.name});
    }
    if (villages.empty())
        return Malformed(Msg("行政区划文件中没有匡堰镇的村", "no village of 匡堰镇 in the divisions file"));
    return villages;
}

Result<std::vector<TownSource>> ReadCixiTowns(const std::string& csv_path) {
    SG_ASSIGN_OR_RETURN(auto rows, ReadDivisions(csv_path));
    std::vector<TownSource> towns;
    std::map<std::string, size_t> index;
    for (const DivisionRow& row : rows) {
        if (row.parent_code == kCountyCode) {
            index[row.code] = towns.size();
            towns.push_back({row.code, row.name, {}});
        } else if (auto town = index.find(row.parent_code); town != index.end()) {
            towns[town->second].villages.push_back({row.code, row.name});
        }
    }
    std::erase_if(towns, [](const TownSource& t) { return t.villages.empty(); });
    if (towns.empty()) return Malformed(Msg("行政区划文件中没有慈溪市的镇", "no town of 慈溪市 in the divisions file"));
    return towns;
}

Result<int64_t> SeedDemoCounty(const SeedDeps& deps) {
    NewRegion r{"慈溪市", "county", std::nullopt, kCountyCode, {"县级应急管理局值班员", "0574-63000000", std::nullopt}};
    SG_ASSIGN_OR_RETURN(auto created, deps.regions.Create(nullptr, r));
    return created.id;
}

Status SeedDemoCountyUser(const SeedDeps& deps, int64_t county_id) {
    NewUser u{"county", "county", county_id, std::nullopt, kDemoPassword, "县级督导员", ""};
    SG_TRY(deps.users.Create(nullptr, u));
    return {};
}

Result<SeedSummary> SeedDemoTown(const SeedDeps& deps, const std::vector<VillageSource>& villages,
                                 int64_t enterprise_count, uint64_t seed) {
    return SeedDemoTownIn(deps, villages, enterprise_count, seed, TownPlacement{});
}

Result<SeedSummary> SeedDemoTownIn(const SeedDeps& deps, const std::vector<VillageSource>& villages,
                                   int64_t enterprise_count, uint64_t seed, const TownPlacement& where) {
    if (where.first) {
        // The county (seed-demo --towns) is written just before the first town.
        SG_ASSIGN_OR_RETURN(auto existing, deps.db.Read([](storage::Connection& c) -> Result<int64_t> {
            SG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT COUNT(*) FROM regions WHERE kind <> 'county'"));
            return rows.rows.at(0).Int(0);
        }));
        if (existing > 0)
            return Conflict("not_empty", Msg("数据库中已有数据；演示数据只能写入空数据库",
                                             "the database already holds data; seed an empty one"));
    }

    DemoTown town = GenerateDemoTown(villages, enterprise_count, seed);
    if (!where.name.empty()) {
        town.name = where.name;
        town.code = where.code;
    }
    SeedSummary summary;
    std::map<int64_t, int64_t> region_versions;  // to link each region to its responsible user afterwards
    auto region = [&](std::string name, const char* kind, std::optional<int64_t> parent, std::string code,
                      const DemoPerson& who) -> Result<int64_t> {
        NewRegion r{std::move(name), kind, parent, std::move(code), {who.name, who.phone, std::nullopt}};
        SG_ASSIGN_OR_RETURN(auto created, deps.regions.Create(nullptr, r));
        region_versions[created.id] = created.version;
        return created.id;
    };
    auto user = [&](std::string username, const char* role, std::optional<int64_t> region_id,
                    std::optional<int64_t> enterprise_id, const DemoPerson& who) -> Result<int64_t> {
        NewUser u{where.user_prefix + username, role, region_id, enterprise_id, kDemoPassword, who.name, who.phone};
        SG_ASSIGN_OR_RETURN(auto created, deps.users.Create(nullptr, u));
        ++summary.users;
        return created.id;
    };
    auto link_responsible = [&](int64_t region_id, int64_t user_id) -> Status {
        RegionPatch patch;
        patch.responsible_user_id = std::optional<int64_t>(user_id);
        SG_TRY(deps.regions.Update(nullptr, region_id, region_versions.at(region_id), patch));
        return {};
    };

    SG_ASSIGN_OR_RETURN(summary.town_id, region(town.name, "town", where.county_id, town.code, town.responsible));
    if (where.first) SG_TRY(user("admin", "admin", std::nullopt, std::nullopt, {"系统管理员", ""}));
    SG_ASSIGN_OR_RETURN(auto town_user, user("town", "town", summary.town_id, std::nullopt, town.responsible));
    SG_TRY(link_responsible(summary.town_id, town_user));

    std::vector<std::vector<int64_t>> grid_ids(town.villages.size());
    int inspector_no = 0;
    for (size_t vi = 0; vi < town.villages.size(); ++vi) {
        const DemoVillage& v = town.villages[vi];
        SG_ASSIGN_OR_RETURN(auto village_id, region(v.name, "village", summary.town_id, v.code, v.responsible));
        ++summary.villages;
        SG_ASSIGN_OR_RETURN(
            auto officer, user("village" + std::to_string(vi + 1), "village", village_id, std::nullopt, v.responsible));
        SG_TRY(link_responsible(village_id, officer));
        for (const DemoGrid& g : v.grids) {
            SG_ASSIGN_OR_RETURN(auto grid_id, region(g.name, "grid", village_id, g.code, g.responsible));
            ++summary.grids;
            grid_ids[vi].push_back(grid_id);
            SG_ASSIGN_OR_RETURN(auto inspector, user("inspector" + std::to_string(++inspector_no), "inspector", grid_id,
                                                     std::nullopt, g.responsible));
            SG_TRY(link_responsible(grid_id, inspector));
            summary.grid_inspectors[grid_id] = {inspector, g.responsible.name};
        }
    }

    std::vector<int64_t> building_ids;
    for (const DemoBuilding& b : town.buildings) {
        NewBuilding nb{
            grid_ids[b.village][b.grid], b.name, b.address, b.landlord.name, b.landlord.phone, b.floors, b.area_m2};
        nb.people_sleeping = b.people_sleeping;
        SG_ASSIGN_OR_RETURN(auto created, deps.buildings.Create(nullptr, nb));
        building_ids.push_back(created.building.id);
        ++summary.buildings;
    }

    std::optional<int64_t> enterprise1;
    DemoPerson enterprise1_contact{"企业联系人", ""};
    const int64_t first_grid = grid_ids.at(0).at(0);
    std::vector<EnterpriseInput> batch;
    auto flush = [&]() -> Status {
        if (batch.empty()) return {};
        SG_ASSIGN_OR_RETURN(auto result, deps.enterprises.CreateMany(nullptr, batch, false));
        if (!result.written) {
            const auto& first = result.errors.at(0);
            Error e = first.error;
            e.internal = "seed row " + std::to_string(first.index) + ": " + e.internal;
            return Fail(std::move(e));
        }
        for (size_t i = 0; i < batch.size(); ++i) {
            if (!enterprise1 && batch[i].grid_id == first_grid) {
                enterprise1 = result.ids[i];
                enterprise1_contact = {batch[i].contact_name, batch[i].contact_phone};
            }
        }
        summary.enterprises += static_cast<int64_t>(result.ids.size());
        batch.clear();
        return {};
    };
    for (const DemoEnterprise& e : town.enterprises) {
        EnterpriseInput in;
        in.grid_id = grid_ids[e.village][e.grid];
        if (e.building) in.building_id = building_ids[*e.building];
        in.name = e.name;
        in.credit_code = e.credit_code;
        in.address = e.address;
        in.industry_code = e.industry_code;
        in.employees = e.employees;
        in.tags = e.tags;
        in.lat = e.lat;
        in.lng = e.lng;
        in.contact_name = e.contact.name;
        in.contact_phone = e.contact.phone;
        batch.push_back(std::move(in));
        if (batch.size() >= kBatch) SG_TRY(flush());
    }
    SG_TRY(flush());
    if (!enterprise1) return Internal("seed: no enterprise in the first grid (too few enterprises for the demo users)");
    // enterprise1 is the contact person of that enterprise, by that person's name.
    SG_TRY(user("enterprise1", "enterprise", std::nullopt, enterprise1, enterprise1_contact));
    SG_TRY(SeedDemoBoundaries(deps, first_grid));
    summary.inspector1_grid_id = first_grid;
    summary.enterprise1_id = *enterprise1;
    return summary;
}

}  // namespace safegrid::services::seed
