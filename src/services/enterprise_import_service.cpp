#include "services/enterprise_import_service.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/enterprise/tags.hpp"
#include "core/region/text.hpp"
#include "importer/read_table.hpp"
#include "importer/table_builder.hpp"
#include "platform/crypto.hpp"
#include "storage/repositories/building_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

using storage::PathFilter;

const std::vector<ImportField> kFields = {
    {"name", "企业名称", true},
    {"credit_code", "统一社会信用代码", true},
    {"grid", "所属网格", true},
    {"address", "地址", false},
    {"employees", "从业人数", false},
    {"industry_code", "行业代码", false},
    {"contact_name", "联系人", false},
    {"contact_phone", "联系电话", false},
    {"tags", "标签", false},
    {"lat", "纬度", false},
    {"lng", "经度", false},
    {"building", "所在厂房", false},
};

// Tag labels as towns write them in their sheets; the API's names are accepted too.
const std::vector<std::pair<std::string, std::string>> kTagLabels = {
    {"三合一", "three_in_one"},
    {"三合一场所", "three_in_one"},
    {"群租厂房", "group_rented"},
    {"群租", "group_rented"},
    {"消防安全重点单位", "key_unit"},
    {"重点单位", "key_unit"},
    {"危险化学品", "hazardous_chemicals"},
    {"危化品", "hazardous_chemicals"},
    {"粉尘涉爆", "dust"},
    {"粉尘", "dust"},
    {"有限空间", "confined_space"},
};

// Grids (and villages, for "村/网格" cells) of the town(s) rows may name.
class GridMatcher {
  public:
    explicit GridMatcher(std::vector<Region> regions) : regions_(std::move(regions)) {}

    // The grid id, or the reason the cell names none.
    Result<int64_t> Match(const std::string& cell) const {
        std::vector<const Region*> hits;
        for (const Region& r : regions_)
            if (r.kind == RegionKind::kGrid && !r.code.empty() && r.code == cell) hits.push_back(&r);
        if (hits.empty()) hits = ByName(cell, std::nullopt);
        const size_t slash = cell.find('/');
        if (hits.empty() && slash != std::string::npos) {
            for (const Region* village : ByKindName(RegionKind::kVillage, TrimText(cell.substr(0, slash)))) {
                for (const Region* grid : ByName(TrimText(cell.substr(slash + 1)), village->id)) hits.push_back(grid);
            }
        }
        if (hits.size() == 1) return hits.front()->id;
        if (hits.empty()) {
            return Invalid("grid",
                           {"本镇没有名称或编码为“" + cell + "”的网格", "No grid named or coded \"" + cell + "\""});
        }
        return Invalid("grid", {"有多个网格名为“" + cell + "”，请填写网格编码或“村名/网格名”",
                                "Several grids are named \"" + cell + "\"; give the grid's code or \"village/grid\""});
    }

  private:
    std::vector<const Region*> ByKindName(RegionKind kind, const std::string& name) const {
        std::vector<const Region*> exact, loose;
        const std::string key = importer::NormaliseHeader(name);
        for (const Region& r : regions_) {
            if (r.kind != kind) continue;
            if (r.name == name) exact.push_back(&r);
            if (!key.empty() && importer::NormaliseHeader(r.name) == key) loose.push_back(&r);
        }
        return exact.empty() ? loose : exact;
    }
    std::vector<const Region*> ByName(const std::string& name, std::optional<int64_t> village) const {
        std::vector<const Region*> out;
        for (const Region* r : ByKindName(RegionKind::kGrid, name))
            if (!village || r->parent_id == village) out.push_back(r);
        return out;
    }

    std::vector<Region> regions_;
};

std::vector<std::string> SplitTags(const std::string& cell) {
    static constexpr std::string_view kSeparators[] = {",", ";", " ", "\t", "，", "、", "；", "　"};
    std::vector<std::string> out;
    std::string token;
    for (size_t i = 0; i < cell.size();) {
        size_t sep = 0;
        for (std::string_view s : kSeparators) {
            if (cell.compare(i, s.size(), s) == 0) {
                sep = s.size();
                break;
            }
        }
        if (sep == 0) {
            token += cell[i++];
            continue;
        }
        if (!token.empty()) out.push_back(std::move(token));
        token.clear();
        i += sep;
    }
    if (!token.empty()) out.push_back(std::move(token));
    return out;
}

template <class T>
std::optional<T> ParseNumber(const std::string& s) {
    T v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// One row's cells → the service's input; problems go to `v` under the API field names.
services::EnterpriseInput RowInput(const std::vector<std::string>& row, const ImportColumns& c,
                                   const importer::ColumnMapping& mapping, const GridMatcher& grids,
                                   const std::vector<safegrid::Building>& buildings, Validation& v) {
    auto cell = [&](const char* f) {
        std::string raw = c.Cell(row, f);
        return importer::MapValue(mapping, f, raw);
    };
    services::EnterpriseInput in;
    in.name = cell("name");
    in.credit_code = cell("credit_code");
    in.address = cell("address");
    in.industry_code = cell("industry_code");
    in.contact_name = cell("contact_name");
    in.contact_phone = cell("contact_phone");
    if (const std::string grid = cell("grid"); grid.empty()) {
        v.Add("grid", {"必填", "Required"});
    } else if (auto id = grids.Match(grid)) {
        in.grid_id = *id;
    } else {
        v.Add("grid", id.error().fields.begin()->second);
    }
    if (const std::string e = cell("employees"); !e.empty()) {
        auto n = ParseNumber<int64_t>(e);
        if (!n) {
            auto d = ParseNumber<double>(e);  // "12.0" from a spreadsheet that stored a float
            if (d && std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 1e12) n = static_cast<int64_t>(*d);
        }
        if (n)
            in.employees = n;
        else
            v.Add("employees", {"应为整数", "Must be a whole number"});
    }
    for (const char* f : {"lat", "lng"}) {
        if (const std::string s = cell(f); !s.empty()) {
            auto d = ParseNumber<double>(s);
            if (!d) v.Add(f, {"应为数字（十进制度）", "Must be a number (decimal degrees)"});
            (std::string_view(f) == "lat" ? in.lat : in.lng) = d;
        }
    }
    for (const std::string& token : SplitTags(c.Cell(row, "tags"))) {
        std::string tag = TranslateCell(mapping, "tags", token, kTagLabels).value_or(token);
        // A mapping may translate into a Chinese label rather than the API's name.
        if (!ParseTag(tag)) tag = TranslateCell({}, "tags", tag, kTagLabels).value_or(tag);
        if (!ParseTag(tag))
            v.Add("tags", {"未知标签：" + token, "Unknown tag: " + token});
        else
            in.tags.push_back(tag);
    }
    if (const std::string b = cell("building"); !b.empty() && in.grid_id) {
        std::vector<int64_t> hits;
        const std::string key = importer::NormaliseHeader(b);
        for (const auto& building : buildings) {
            if (building.path.grid_id == in.grid_id && importer::NormaliseHeader(building.name) == key) {
                hits.push_back(building.id);
            }
        }
        if (hits.size() == 1)
            in.building_id = hits.front();
        else
            v.Add("building",
                  {"该网格内没有唯一名为“" + b + "”的厂房", "No single building named \"" + b + "\" in the grid"});
    }
    return in;
}

}  // namespace

const std::vector<ImportField>& EnterpriseImportColumns() { return kFields; }

const std::vector<std::string>& EnterpriseImportFields() {
    static const std::vector<std::string> fields = ImportFieldNames(kFields);
    return fields;
}

EnterpriseImportService::EnterpriseImportService(std::shared_ptr<storage::Database> db, const Clock& clock,
                                                 AuditService& audit, EnterpriseService& enterprises)
    : db_(std::move(db)), clock_(clock), audit_(audit), enterprises_(enterprises) {}

Result<ImportReport> EnterpriseImportService::Import(const Principal* caller, std::string_view file,
                                                     const ImportOptions& options) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && caller->role != Role::kTown && caller->role != Role::kAdmin) return Forbidden();
    SG_ASSIGN_OR_RETURN(auto mapping, ParseImportMapping(options.mapping_json, EnterpriseImportFields()));
    SG_ASSIGN_OR_RETURN(auto table, importer::ReadSpreadsheet(file, options.content_hint, mapping.sheet));
    SG_ASSIGN_OR_RETURN(ImportColumns columns, ResolveImportColumns(table, mapping, kFields));
    PathFilter place = PathFilter::Any();
    if (caller != nullptr && caller->role == Role::kTown)
        place = PathFilter::FromScope(caller->scope);
    else if (options.town_id)
        place = {PathFilter::Column::kTown, *options.town_id};

    ImportReport report;
    report.dry_run = options.dry_run;
    report.total_rows = static_cast<int64_t>(table.rows.size());
    auto column_of = [&](const std::string& field) { return columns.HeaderOf(field); };
    Status done = db_->Transact(!options.dry_run, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto regions, storage::RegionRepository(conn).List({place}));
        const GridMatcher grids(std::move(regions));
        std::vector<safegrid::Building> buildings;
        if (columns.Has("building")) {
            storage::BuildingQuery q{{place}, std::nullopt, 0, INT64_MAX};
            SG_ASSIGN_OR_RETURN(auto listed, storage::BuildingRepository(conn).List(q));
            buildings = std::move(listed.first);
        }
        // Every row goes to the service's checks too, so a row whose cells the reader refused still
        // hears what the registry says of its other cells (credit code, phone, ...): one round of fixes.
        std::vector<EnterpriseInput> inputs;
        std::vector<int> input_rows;                       // file row of inputs[i]
        std::map<int, std::set<std::string>> cell_faults;  // row → fields the reader refused
        std::set<int> bad_rows;
        for (size_t i = 0; i < table.rows.size(); ++i) {
            const int row = table.source_rows[i];
            Validation v;
            inputs.push_back(RowInput(table.rows[i], columns, mapping, grids, buildings, v));
            input_rows.push_back(row);
            if (v.Ok()) continue;
            const Error e = v.Fail().value();
            for (const auto& [field, why] : e.fields) cell_faults[row].insert(field);
            AddIssues(report.errors, row, e, column_of);
            bad_rows.insert(row);
        }
        // Rows that could not even be read are not written, so the rest is only checked.
        const bool write = !options.dry_run && report.errors.empty();
        SG_ASSIGN_OR_RETURN(BulkCreateResult bulk, enterprises_.CreateMany(caller, inputs, !write, options.progress));
        for (const auto& e : bulk.errors) {
            const int row = input_rows[e.index];
            Error error = e.error;
            if (error.fields.empty() && error.code == Code::kConflict)
                error.fields.emplace("credit_code", error.message);
            // The service names the references grid_id and building_id; the file's columns are grid
            // and building. A cell the reader already refused is not reported twice.
            std::map<std::string, Text> fresh;
            for (auto& [field, why] : error.fields) {
                const std::string name = field == "grid_id" ? "grid" : field == "building_id" ? "building" : field;
                if (!cell_faults[row].contains(name)) fresh.emplace(name, std::move(why));
            }
            if (!error.fields.empty() && fresh.empty()) continue;
            error.fields = std::move(fresh);
            AddIssues(report.errors, row, error, column_of);
            bad_rows.insert(row);
        }
        FinishImportReport(report, table);
        report.valid_rows = report.total_rows - static_cast<int64_t>(bad_rows.size());
        if (!bulk.written) return {};
        report.created = static_cast<int64_t>(bulk.ids.size());
        const int64_t town = caller != nullptr && caller->scope.level == Scope::Level::kTown
                                 ? caller->scope.id
                                 : options.town_id.value_or(0);
        boost::json::object after{{"kind", "enterprises"},
                                  {"rows", report.total_rows},
                                  {"created", report.created},
                                  {"file_sha256", platform::Sha256Hex(file)}};
        return audit_.Append(conn, caller, {town, "import", 0, "enterprises", nullptr, std::move(after)});
    });
    if (!done) return Fail(std::move(done.error()));
    return report;
}

}  // namespace safegrid::services
