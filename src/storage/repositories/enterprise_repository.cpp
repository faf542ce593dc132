#include "storage/repositories/enterprise_repository.hpp"

#include <algorithm>
#include <array>

#include "core/region/text.hpp"
#include "storage/sqlite/char_tokenizer.hpp"

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, village_id, grid_id, building_id, name, credit_code, address, industry_code, employees, tags, "
    "lat, lng, contact_name, contact_phone, risk_level, version, created_at, updated_at, risk_score, "
    "risk_computed_at, last_inspected_at, last_inspection_failures, inspection_due_at";

Enterprise FromRow(const Row& row) {
    Enterprise e;
    e.id = row.Int(0);
    e.path.town_id = row.Int(1);
    e.path.village_id = row.OptInt(2);
    e.path.grid_id = row.OptInt(3);
    e.building_id = row.OptInt(4);
    e.name = row.Text(5);
    e.credit_code = row.Text(6);
    e.address = row.Text(7);
    e.industry_code = row.Text(8);
    e.employees = row.OptInt(9);
    e.tags = TagSet::FromStored(row.Text(10));
    e.lat = row.OptDouble(11);
    e.lng = row.OptDouble(12);
    e.contact_name = row.Text(13);
    e.contact_phone = row.Text(14);
    e.risk_level = ParseRiskLevel(row.Text(15)).value_or(RiskLevel::kBlue);
    e.version = row.Int(16);
    e.created_at = row.Int(17);
    e.updated_at = row.Int(18);
    e.risk_score = row.Int(19);
    e.risk_computed_at = row.Int(20);
    e.last_inspected_at = row.OptInt(21);
    e.last_inspection_failures = row.OptInt(22);
    e.inspection_due_at = row.Int(23);
    return e;
}

// FTS5 query syntax: a double-quoted string is one phrase; inner quotes are doubled. With the
// trigram tokenizer a phrase matches any row containing the text as a substring.
std::string FtsPhrase(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

void AppendSearch(Dialect dialect, const std::string& q, std::string& where, std::vector<Value>& params) {
    const bool indexable = CodePointCount(q) >= 3;  // a trigram index needs a whole trigram
    if (dialect == Dialect::kPostgres) {
        // The first expression is the one enterprises_search_trgm indexes (0002_registry.sql); its
        // LIKE escape character is the default backslash. Short queries use the 1-2 character index
        // of 0007 instead, so even a generic plan never walks the whole trigram index for a pattern
        // with no trigram in it.
        if (indexable) {
            where += " AND (name || chr(31) || address || chr(31) || credit_code) ILIKE ?";
            params.emplace_back(LikeContains(q));
        } else if (q.find('\x1f') == std::string::npos) {
            // The index of 0007_enterprise_short_grams: every 1- and 2-character piece of the text.
            where += " AND sg_short_grams(name || chr(31) || address || chr(31) || credit_code) @> ARRAY[lower(?)]";
            params.emplace_back(q);
        } else {
            where += " AND strpos(lower(name || chr(31) || address || chr(31) || credit_code), lower(?)) > 0";
            params.emplace_back(q);
        }
        return;
    }
    if (indexable) {
        where += " AND id IN (SELECT rowid FROM enterprises_fts WHERE enterprises_fts MATCH ?)";
        params.emplace_back(FtsPhrase(q));
        return;
    }
    if (!detail::CharTokens(q).empty()) {
        // One or two characters: the per-character index of 0005 (safegrid_chars tokenizer).
        where += " AND id IN (SELECT rowid FROM enterprises_chars WHERE enterprises_chars MATCH ?)";
        params.emplace_back(FtsPhrase(q));
        return;
    }
    // Only whitespace: no token to look up. SQLite's LIKE already ignores the case of ASCII letters.
    where += " AND (name LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' OR credit_code LIKE ? ESCAPE '\\')";
    const std::string pattern = LikeContains(q);
    for (int i = 0; i < 3; ++i) params.emplace_back(pattern);
}

std::vector<Value> WriteParams(const Enterprise& e) {
    return {e.path.town_id,
            Nullable(e.path.village_id),
            Nullable(e.path.grid_id),
            Nullable(e.building_id),
            e.name,
            e.credit_code,
            e.address,
            e.industry_code,
            Nullable(e.employees),
            e.tags.Stored(),
            Nullable(e.lat),
            Nullable(e.lng),
            e.contact_name,
            e.contact_phone,
            std::string(RiskLevelName(e.risk_level)),
            e.risk_score,
            e.risk_computed_at,
            e.inspection_due_at};
}

}  // namespace

Result<int64_t> EnterpriseRepository::Insert(const Enterprise& e) {
    std::vector<Value> params = WriteParams(e);
    params.emplace_back(e.created_at);
    params.emplace_back(e.updated_at);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO enterprises (town_id, village_id, grid_id, building_id, "
                                    "name, credit_code, address, industry_code, employees, tags, lat, lng, "
                                    "contact_name, contact_phone, risk_level, risk_score, risk_computed_at, "
                                    "inspection_due_at, version, created_at, updated_at) VALUES (?, ?, ?, ?, "
                                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO enterprises returned no id");
    return rows.rows.front().Int(0);
}

Result<std::optional<Enterprise>> EnterpriseRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = std::string("SELECT ").append(kColumns).append(" FROM enterprises WHERE id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<Enterprise>();
    return std::optional<Enterprise>(FromRow(rows.rows.front()));
}

Result<std::map<int64_t, RegionPath>> EnterpriseRepository::PathsOf(const std::vector<int64_t>& ids) {
    std::map<int64_t, RegionPath> out;
    constexpr size_t kPerStatement = 500;
    for (size_t done = 0; done < ids.size(); done += kPerStatement) {
        const size_t n = std::min(kPerStatement, ids.size() - done);
        std::string sql = "SELECT id, town_id, village_id, grid_id FROM enterprises WHERE id IN (";
        for (size_t i = 0; i < n; ++i) sql.append(i == 0 ? "?" : ", ?");
        sql.append(")");
        const std::vector<Value> params(ids.begin() + static_cast<std::ptrdiff_t>(done),
                                        ids.begin() + static_cast<std::ptrdiff_t>(done + n));
        SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
        for (const Row& row : rows.rows) out[row.Int(0)] = RegionPath{row.Int(1), row.OptInt(2), row.OptInt(3)};
    }
    return out;
}

Result<std::optional<int64_t>> EnterpriseRepository::FindIdByCreditCode(int64_t town_id,
                                                                        const std::string& credit_code) {
    const std::array<Value, 2> params = {town_id, credit_code};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT id FROM enterprises WHERE town_id = ? AND credit_code = ?", params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::pair<std::vector<Enterprise>, int64_t>> EnterpriseRepository::List(const EnterpriseQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.building_id) {
        where += " AND building_id = ?";
        params.emplace_back(*q.building_id);
    }
    if (q.risk_level) {
        where += " AND risk_level = ?";
        params.emplace_back(std::string(RiskLevelName(*q.risk_level)));
    }
    if (q.tag) {
        where += " AND ',' || tags || ',' LIKE ?";
        params.emplace_back("%," + std::string(TagName(*q.tag)) + ",%");
    }
    if (q.due_at) {  // IsInspectionDue: the (path, inspection_due_at) indexes of 0013
        where += " AND inspection_due_at < ?";
        params.emplace_back(*q.due_at);
    }
    const bool has_search = q.q && !q.q->empty();
    if (has_search) AppendSearch(conn_.dialect(), *q.q, where, params);
    // The total rides on the page as an uncorrelated scalar subquery (evaluated once per
    // statement on both stores): one round trip instead of two.
    std::string total_sql;
    std::vector<Value> all_params;
    if (!has_search && !q.tag && !q.building_id && !q.due_at && PathFiltersFitCounts(q.filters)) {
        // By place and colour only: a few rows of enterprise_counts (0004) instead of COUNT(*).
        auto [sql, counter_params] = CountersTotalSql(q);
        total_sql = std::move(sql);
        all_params = std::move(counter_params);
    } else {
        total_sql = "(SELECT COUNT(*) FROM enterprises" + where + ")";
        all_params = params;
    }
    const size_t total_params = all_params.size();
    all_params.insert(all_params.end(), params.begin(), params.end());
    all_params.emplace_back(q.limit);
    all_params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query(std::string("SELECT ").append(kColumns).append(", CAST(") + total_sql +
                                        " AS BIGINT) FROM enterprises" + where + " ORDER BY id LIMIT ? OFFSET ?",
                                    all_params));
    int64_t total = 0;
    std::vector<Enterprise> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back(FromRow(row));
        total = row.Int(row.size() - 1);
    }
    // Past the end no row carries the total; at offset 0 no row means none matches.
    if (rows.rows.empty() && q.offset > 0) {
        all_params.resize(total_params);
        SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT CAST(" + total_sql + " AS BIGINT)", all_params));
        total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    }
    return std::make_pair(std::move(out), total);
}

std::pair<std::string, std::vector<Value>> EnterpriseRepository::CountersTotalSql(const EnterpriseQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.risk_level) {
        where += " AND risk_level = ?";
        params.emplace_back(std::string(RiskLevelName(*q.risk_level)));
    }
    return {"(SELECT COALESCE(SUM(n), 0) FROM enterprise_counts" + where + ")", std::move(params)};
}

Result<bool> EnterpriseRepository::Update(const Enterprise& e, int64_t expected_version) {
    std::vector<Value> params = WriteParams(e);
    params.emplace_back(expected_version + 1);
    params.emplace_back(e.updated_at);
    params.emplace_back(e.id);
    params.emplace_back(expected_version);
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("UPDATE enterprises SET town_id = ?, village_id = ?, grid_id = ?, "
                                      "building_id = ?, name = ?, credit_code = ?, address = ?, industry_code = ?, "
                                      "employees = ?, tags = ?, lat = ?, lng = ?, contact_name = ?, contact_phone = ?, "
                                      "risk_level = ?, risk_score = ?, risk_computed_at = ?, inspection_due_at = ?, "
                                      "version = ?, updated_at = ? WHERE id = ? AND version = ?",
                                      params));
    return changed == 1;
}

Status EnterpriseRepository::SetRiskLevel(int64_t id, RiskLevel level) {
    const std::array<Value, 2> params = {std::string(RiskLevelName(level)), id};
    SG_TRY(conn_.Execute("UPDATE enterprises SET risk_level = ? WHERE id = ?", params));
    return {};
}

Status EnterpriseRepository::SetRisk(const Enterprise& e) {
    const std::array<Value, 5> params = {std::string(RiskLevelName(e.risk_level)), e.risk_score, e.risk_computed_at,
                                         e.inspection_due_at, e.id};
    SG_TRY(
        conn_.Execute("UPDATE enterprises SET risk_level = ?, risk_score = ?, risk_computed_at = ?, "
                      "inspection_due_at = ? WHERE id = ?",
                      params));
    return {};
}

Status EnterpriseRepository::SetLastInspection(int64_t id, int64_t at, int64_t failures) {
    const std::array<Value, 3> params = {at, failures, id};
    SG_TRY(conn_.Execute("UPDATE enterprises SET last_inspected_at = ?, last_inspection_failures = ? WHERE id = ?",
                         params));
    return {};
}

}  // namespace safegrid::storage
