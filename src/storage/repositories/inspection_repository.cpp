#include "storage/repositories/inspection_repository.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "storage/bulk_insert.hpp"

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, enterprise_id, checklist_id, checklist_version, kind, inspector_id, "
    "inspector_name, at, passed, failed, not_applicable, note, lat, lng, created_at, campaign_id";

// inspections.checklist_version is TEXT (0003 kept it open for non-numeric editions); ours are numbers.
int64_t VersionFromText(const std::string& text) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() && v > 0 ? v : 1;
}

InspectionRecord FromRow(const Row& row) {
    InspectionRecord r;
    r.id = row.Int(0);
    r.path.town_id = row.Int(1);
    r.path.village_id = row.OptInt(2);
    r.path.grid_id = row.OptInt(3);
    r.enterprise_id = row.Int(4);
    r.checklist_id = row.Text(5);
    r.checklist_version = VersionFromText(row.Text(6));
    r.kind = row.Text(7);
    r.inspector_id = row.OptInt(8);
    r.inspector_name = row.Text(9);
    r.at = row.Int(10);
    r.passed = row.Int(11);
    r.failed = row.Int(12);
    r.not_applicable = row.Int(13);
    r.note = row.Text(14);
    r.lat = row.OptDouble(15);
    r.lng = row.OptDouble(16);
    r.created_at = row.Int(17);
    r.campaign_id = row.OptInt(18);
    return r;
}

ChecklistTemplateRow TemplateFromRow(const Row& row) {
    return {row.Text(0), row.Int(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5)};
}

constexpr std::string_view kTemplateColumns = "id, version, title, body_json, effective_date, loaded_at";

// "?, ?, ?" for n parameters.
std::string Placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
    return out;
}

// Long IN lists are split so no statement carries more parameters than SQLite's default limit allows.
constexpr size_t kInChunk = 500;

}  // namespace

std::string IdsToJson(const std::vector<int64_t>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : ",") + std::to_string(ids[i]);
    return out + "]";
}

std::vector<int64_t> IdsFromJson(std::string_view text) {
    // Reads the integers of what IdsToJson wrote; anything else (a hand edit) yields what it can read.
    std::vector<int64_t> out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '-' || (text[i] >= '0' && text[i] <= '9')) {
            int64_t v = 0;
            auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
            if (ec == std::errc()) out.push_back(v);
            i = ec == std::errc() ? static_cast<size_t>(end - text.data()) : i + 1;
        } else {
            ++i;
        }
    }
    return out;
}

Result<int64_t> InspectionRepository::Insert(const InspectionRecord& r) {
    const std::vector<Value> params = {r.path.town_id,
                                       Nullable(r.path.village_id),
                                       Nullable(r.path.grid_id),
                                       r.enterprise_id,
                                       r.checklist_id,
                                       std::to_string(r.checklist_version),
                                       r.kind,
                                       Nullable(r.inspector_id),
                                       r.inspector_name,
                                       r.at,
                                       r.passed,
                                       r.failed,
                                       r.not_applicable,
                                       r.note,
                                       Nullable(r.lat),
                                       Nullable(r.lng),
                                       r.created_at,
                                       Nullable(r.campaign_id)};
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("INSERT INTO inspections (town_id, village_id, grid_id, enterprise_id, checklist_id, "
                               "checklist_version, kind, inspector_id, inspector_name, at, passed, failed, "
                               "not_applicable, note, lat, lng, created_at, campaign_id) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                               params));
    if (rows.rows.empty()) return Internal("INSERT INTO inspections returned no id");
    return rows.rows.front().Int(0);
}

Status InspectionRepository::InsertItem(const InspectionItemRecord& item) {
    const std::vector<Value> params = {item.inspection_id,
                                       item.town_id,
                                       item.position,
                                       item.item_id,
                                       item.result,
                                       item.note,
                                       IdsToJson(item.attachments),
                                       Nullable(item.hazard_id)};
    SG_TRY(
        conn_.Execute("INSERT INTO inspection_items (inspection_id, town_id, position, item_id, result, note, "
                      "attachments, hazard_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      params));
    return {};
}

Result<std::vector<int64_t>> InspectionRepository::InsertMany(const std::vector<InspectionRecord>& rs) {
    std::vector<int64_t> ids;
    ids.reserve(rs.size());
    if (conn_.dialect() == Dialect::kSqlite) {
        for (const InspectionRecord& r : rs) {
            SG_ASSIGN_OR_RETURN(int64_t id, Insert(r));
            ids.push_back(id);
        }
        return ids;
    }
    SG_ASSIGN_OR_RETURN(ids, ReserveIds(conn_, "inspections", static_cast<int64_t>(rs.size())));
    constexpr size_t kWidth = 19;
    std::vector<Value> values;
    values.reserve(rs.size() * kWidth);
    for (size_t i = 0; i < rs.size(); ++i) {
        const InspectionRecord& r = rs[i];
        values.insert(values.end(),
                      {ids[i], r.path.town_id, Nullable(r.path.village_id), Nullable(r.path.grid_id), r.enterprise_id,
                       r.checklist_id, std::to_string(r.checklist_version), r.kind, Nullable(r.inspector_id),
                       r.inspector_name, r.at, r.passed, r.failed, r.not_applicable, r.note, Nullable(r.lat),
                       Nullable(r.lng), r.created_at, Nullable(r.campaign_id)});
    }
    SG_TRY(InsertRows(conn_,
                      "INSERT INTO inspections (id, town_id, village_id, grid_id, enterprise_id, checklist_id, "
                      "checklist_version, kind, inspector_id, inspector_name, at, passed, failed, not_applicable, "
                      "note, lat, lng, created_at, campaign_id)",
                      kWidth, values));
    return ids;
}

Status InspectionRepository::InsertItems(const std::vector<InspectionItemRecord>& items) {
    if (conn_.dialect() == Dialect::kSqlite) {
        for (const InspectionItemRecord& item : items) SG_TRY(InsertItem(item));
        return {};
    }
    constexpr size_t kWidth = 8;
    std::vector<Value> values;
    values.reserve(items.size() * kWidth);
    for (const InspectionItemRecord& item : items) {
        values.insert(values.end(), {item.inspection_id, item.town_id, item.position, item.item_id, item.result,
                                     item.note, IdsToJson(item.attachments), Nullable(item.hazard_id)});
    }
    return InsertRows(conn_,
                      "INSERT INTO inspection_items (inspection_id, town_id, position, item_id, result, note, "
                      "attachments, hazard_id)",
                      kWidth, values);
}

Result<std::optional<InspectionRecord>> InspectionRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = std::string("SELECT ").append(kColumns).append(" FROM inspections WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<InspectionRecord>();
    return std::optional<InspectionRecord>(FromRow(rows.rows.front()));
}

Result<std::vector<InspectionItemRecord>> InspectionRepository::Items(int64_t inspection_id, const TownLimit& town) {
    std::vector<Value> params = {inspection_id};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT inspection_id, town_id, position, item_id, result, note, "
                                               "attachments, hazard_id FROM inspection_items WHERE inspection_id = ?" +
                                                   limit + " ORDER BY position",
                                               params));
    std::vector<InspectionItemRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4), row.Text(5),
                       IdsFromJson(row.Text(6)), row.OptInt(7)});
    }
    return out;
}

Result<std::map<int64_t, std::vector<int64_t>>> InspectionRepository::HazardIds(const std::vector<int64_t>& ids,
                                                                                const TownLimit& town) {
    std::map<int64_t, std::vector<int64_t>> out;
    for (size_t from = 0; from < ids.size(); from += kInChunk) {
        const size_t n = std::min(kInChunk, ids.size() - from);
        std::vector<Value> params(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                  ids.begin() + static_cast<std::ptrdiff_t>(from + n));
        const std::string limit = TownCondition(town, "", params);
        SG_ASSIGN_OR_RETURN(Rows rows,
                            conn_.Query("SELECT inspection_id, hazard_id FROM inspection_items WHERE "
                                        "hazard_id IS NOT NULL AND inspection_id IN (" +
                                            Placeholders(n) + ")" + limit + " ORDER BY inspection_id, position",
                                        params));
        for (const Row& row : rows.rows) out[row.Int(0)].push_back(row.Int(1));
    }
    return out;
}

Result<std::pair<std::vector<InspectionRecord>, int64_t>> InspectionRepository::List(const InspectionQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.enterprise_id) {
        where += " AND enterprise_id = ?";
        params.emplace_back(*q.enterprise_id);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM inspections" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM inspections") +
                                                   where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                                               params));
    std::vector<InspectionRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::make_pair(std::move(out), total);
}

Status InspectionRepository::LinkAttachment(int64_t town_id, int64_t inspection_id, int64_t attachment_id) {
    const std::array<Value, 3> params = {attachment_id, town_id, inspection_id};
    SG_TRY(
        conn_.Execute("INSERT INTO attachment_links (attachment_id, town_id, entity, entity_id, role) VALUES (?, ?, "
                      "'inspection', ?, 'evidence') ON CONFLICT DO NOTHING",
                      params));
    return {};
}

Result<std::optional<ChecklistTemplateRow>> InspectionRepository::LatestTemplate(const std::string& id) {
    static const std::string sql = std::string("SELECT ")
                                       .append(kTemplateColumns)
                                       .append(" FROM checklist_templates WHERE id = ? ORDER BY version DESC LIMIT 1");
    const std::array<Value, 1> params = {id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<ChecklistTemplateRow>();
    return std::optional<ChecklistTemplateRow>(TemplateFromRow(rows.rows.front()));
}

Result<std::optional<ChecklistTemplateRow>> InspectionRepository::TemplateVersion(const std::string& id,
                                                                                  int64_t version) {
    static const std::string sql = std::string("SELECT ")
                                       .append(kTemplateColumns)
                                       .append(" FROM checklist_templates WHERE id = ? AND version = ?");
    const std::array<Value, 2> params = {id, version};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<ChecklistTemplateRow>();
    return std::optional<ChecklistTemplateRow>(TemplateFromRow(rows.rows.front()));
}

Result<std::vector<ChecklistTemplateRow>> InspectionRepository::LatestTemplates() {
    static const std::string sql = std::string("SELECT ")
                                       .append(kTemplateColumns)
                                       .append(
                                           " FROM checklist_templates t WHERE version = (SELECT MAX(version) FROM "
                                           "checklist_templates WHERE id = t.id) ORDER BY id");
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql));
    std::vector<ChecklistTemplateRow> out;
    for (const Row& row : rows.rows) out.push_back(TemplateFromRow(row));
    return out;
}

Result<bool> InspectionRepository::InsertTemplate(const ChecklistTemplateRow& r) {
    const std::vector<Value> params = {r.id, r.version, r.title, r.body_json, r.effective_date, r.loaded_at};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO checklist_templates (id, version, title, body_json, "
                                               "effective_date, loaded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO "
                                               "NOTHING RETURNING version",
                                               params));
    return !rows.rows.empty();
}

Result<std::vector<EnterpriseKey>> InspectionRepository::EnterpriseKeys(const std::vector<PathFilter>& filters) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, town_id, village_id, grid_id, name, credit_code FROM "
                                               "enterprises" +
                                                   where + " ORDER BY id",
                                               params));
    std::vector<EnterpriseKey> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), {row.Int(1), row.OptInt(2), row.OptInt(3)}, row.Text(4), row.Text(5)});
    }
    return out;
}

Result<std::map<std::string, int64_t>> InspectionRepository::ImportedRefs(int64_t town_id,
                                                                          const std::vector<std::string>& refs) {
    std::map<std::string, int64_t> out;
    for (size_t from = 0; from < refs.size(); from += kInChunk) {
        const size_t n = std::min(kInChunk, refs.size() - from);
        std::vector<Value> params = {town_id};
        for (size_t i = from; i < from + n; ++i) params.emplace_back(refs[i]);
        SG_ASSIGN_OR_RETURN(Rows rows,
                            conn_.Query("SELECT ref, hazard_id FROM hazard_import_refs WHERE town_id = ? AND "
                                        "ref IN (" +
                                            Placeholders(n) + ")",
                                        params));
        for (const Row& row : rows.rows) out.emplace(row.Text(0), row.Int(1));
    }
    return out;
}

Status InspectionRepository::InsertImportRef(int64_t town_id, const std::string& ref, int64_t hazard_id) {
    const std::array<Value, 3> params = {town_id, ref, hazard_id};
    SG_TRY(conn_.Execute("INSERT INTO hazard_import_refs (town_id, ref, hazard_id) VALUES (?, ?, ?)", params));
    return {};
}

}  // namespace safegrid::storage
