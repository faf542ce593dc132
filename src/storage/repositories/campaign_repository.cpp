#include "storage/repositories/campaign_repository.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "c.id, c.town_id, c.name, c.starts_on, c.ends_on, c.parent_id, c.created_by, c.version, c.created_at, "
    "c.updated_at";

CampaignRecord FromRow(const Row& row) {
    CampaignRecord c;
    c.id = row.Int(0);
    c.town_id = row.Int(1);
    c.name = row.Text(2);
    c.starts_on = row.Text(3);
    c.ends_on = row.Text(4);
    c.parent_id = row.OptInt(5);
    c.created_by = row.OptInt(6);
    c.version = row.Int(7);
    c.created_at = row.Int(8);
    c.updated_at = row.Int(9);
    return c;
}

// "?, ?, ?" for n parameters.
std::string Placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
    return out;
}

// Long IN lists are split so no statement carries more parameters than SQLite's default limit allows.
constexpr size_t kInChunk = 500;

// The scope test of enterprise `e` for the campaign whose id is `campaign` (a column or "?"; a "?"
// appears kInScopeBinds times, so the caller binds the id that often). Tags are stored as a canonical
// comma list (0002), so "has tag t" is `',' || tags || ','` containing `,t,`; the `_` of a tag name is
// a LIKE wildcard, harmless because no two tags differ only where one has `_`. A re-check round
// (parent_id set) also requires the enterprise in its frozen campaign_enterprises list.
constexpr size_t kInScopeBinds = 4;
std::string InScopeSql(std::string_view campaign) {
    std::string c(campaign);
    return "EXISTS (SELECT 1 FROM campaign_regions cr WHERE cr.campaign_id = " + c +
           " AND cr.region_id IN (e.town_id, e.village_id, e.grid_id)) AND NOT EXISTS (SELECT 1 FROM campaign_tags "
           "ct WHERE ct.campaign_id = " +
           c +
           " AND ',' || e.tags || ',' NOT LIKE '%,' || ct.tag || ',%') AND (EXISTS (SELECT 1 FROM "
           "campaign_enterprises ce WHERE ce.campaign_id = " +
           c + " AND ce.enterprise_id = e.id) OR NOT EXISTS (SELECT 1 FROM campaigns pc WHERE pc.id = " + c +
           " AND pc.parent_id IS NOT NULL))";
}

std::vector<Value> Repeat(int64_t id, size_t n) { return std::vector<Value>(n, Value(id)); }

const char* ColumnName(PathFilter::Column column) {
    switch (column) {
        case PathFilter::Column::kTown:
            return "town_id";
        case PathFilter::Column::kVillage:
            return "village_id";
        case PathFilter::Column::kGrid:
            return "grid_id";
        case PathFilter::Column::kId:
            return "id";
        case PathFilter::Column::kAny:
        case PathFilter::Column::kNothing:
        case PathFilter::Column::kCounty:  // not a column: PathFilterCondition
            break;
    }
    return nullptr;
}

// AppendPathFilters with the columns qualified by `alias` (these queries join several tables).
void AppendFilters(const std::vector<PathFilter>& filters, std::string_view alias, std::string& where,
                   std::vector<Value>& params) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kAny) continue;
        if (f.column == PathFilter::Column::kNothing) {
            where += " AND 1 = 0";
            continue;
        }
        where.append(" AND ").append(PathFilterCondition(f, std::string(alias) + ".", "id", params));
    }
}

}  // namespace

Result<std::vector<CampaignTarget>> OpenCampaignTargets(Connection& conn, std::string_view date,
                                                        const std::vector<int64_t>& grid_ids, int64_t town_id) {
    std::vector<CampaignTarget> out;
    for (size_t start = 0; start < grid_ids.size(); start += kInChunk) {
        const size_t n = std::min(kInChunk, grid_ids.size() - start);
        std::vector<Value> params(grid_ids.begin() + static_cast<std::ptrdiff_t>(start),
                                  grid_ids.begin() + static_cast<std::ptrdiff_t>(start + n));
        const std::string town = TownCondition(TownLimit::Town(town_id), "e.", params);
        params.emplace_back(std::string(date));
        params.emplace_back(std::string(date));
        // From the grids' enterprises (enterprises_grid) to the campaigns naming their town, village
        // or grid (campaign_regions_region): a grid's few hundred enterprises, three lookups each.
        SG_ASSIGN_OR_RETURN(
            Rows rows, conn.Query("SELECT DISTINCT e.id, c.id FROM enterprises e "
                                  "JOIN campaign_regions cr0 ON cr0.region_id IN (e.town_id, e.village_id, e.grid_id) "
                                  "JOIN campaigns c ON c.id = cr0.campaign_id "
                                  "WHERE e.grid_id IN (" +
                                      Placeholders(n) + ")" + town +
                                      " AND c.starts_on <= ? AND c.ends_on >= ? "
                                      "AND NOT EXISTS (SELECT 1 FROM campaign_tags ct WHERE ct.campaign_id = c.id "
                                      "AND ',' || e.tags || ',' NOT LIKE '%,' || ct.tag || ',%') "
                                      "AND (c.parent_id IS NULL OR EXISTS (SELECT 1 FROM campaign_enterprises ce "
                                      "WHERE ce.campaign_id = c.id AND ce.enterprise_id = e.id)) "
                                      "AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.campaign_id = c.id "
                                      "AND i.enterprise_id = e.id) ORDER BY e.id, c.id",
                                  params));
        for (const Row& row : rows.rows) out.push_back({row.Int(0), row.Int(1)});
    }
    if (grid_ids.size() > kInChunk) {
        std::sort(out.begin(), out.end(), [](const CampaignTarget& a, const CampaignTarget& b) {
            return std::pair(a.enterprise_id, a.campaign_id) < std::pair(b.enterprise_id, b.campaign_id);
        });
    }
    return out;
}

Status CampaignRepository::WriteScope(const CampaignRecord& c) {
    // The scope rows carry the campaign's town (0031), the shard key they live under.
    const std::array<Value, 2> id = {c.id, c.town_id};
    SG_TRY(conn_.Execute("DELETE FROM campaign_regions WHERE campaign_id = ? AND town_id = ?", id));
    SG_TRY(conn_.Execute("DELETE FROM campaign_tags WHERE campaign_id = ? AND town_id = ?", id));
    SG_TRY(conn_.Execute("DELETE FROM campaign_categories WHERE campaign_id = ? AND town_id = ?", id));
    // The lists are deduplicated by the service; ON CONFLICT keeps a repeat harmless all the same.
    for (int64_t region : c.region_ids) {
        const std::array<Value, 3> params = {c.town_id, c.id, region};
        SG_TRY(conn_.Execute(
            "INSERT INTO campaign_regions (town_id, campaign_id, region_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            params));
    }
    for (const std::string& tag : c.tags) {
        const std::array<Value, 3> params = {c.town_id, c.id, tag};
        SG_TRY(conn_.Execute(
            "INSERT INTO campaign_tags (town_id, campaign_id, tag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", params));
    }
    for (const std::string& category : c.categories) {
        const std::array<Value, 3> params = {c.town_id, c.id, category};
        SG_TRY(conn_.Execute(
            "INSERT INTO campaign_categories (town_id, campaign_id, category) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            params));
    }
    return {};
}

Result<std::vector<CampaignRecord>> CampaignRepository::LoadScopes(std::vector<CampaignRecord> campaigns) {
    if (campaigns.empty()) return campaigns;
    std::map<int64_t, CampaignRecord*> by_id;
    std::set<int64_t> towns;
    std::vector<Value> ids;
    for (CampaignRecord& c : campaigns) {
        by_id[c.id] = &c;
        ids.emplace_back(c.id);
        towns.insert(c.town_id);
    }
    // The campaigns' towns too (one for a town's page), so each read stays on those shards.
    for (int64_t town : towns) ids.emplace_back(town);
    const std::string in = " WHERE campaign_id IN (" + Placeholders(by_id.size()) + ") AND town_id IN (" +
                           Placeholders(towns.size()) + ")";
    SG_ASSIGN_OR_RETURN(
        Rows regions, conn_.Query("SELECT campaign_id, region_id FROM campaign_regions" + in + " ORDER BY 1, 2", ids));
    for (const Row& row : regions.rows) by_id[row.Int(0)]->region_ids.push_back(row.Int(1));
    SG_ASSIGN_OR_RETURN(Rows tags,
                        conn_.Query("SELECT campaign_id, tag FROM campaign_tags" + in + " ORDER BY 1, 2", ids));
    for (const Row& row : tags.rows) by_id[row.Int(0)]->tags.push_back(row.Text(1));
    SG_ASSIGN_OR_RETURN(
        Rows categories,
        conn_.Query("SELECT campaign_id, category FROM campaign_categories" + in + " ORDER BY 1, 2", ids));
    for (const Row& row : categories.rows) by_id[row.Int(0)]->categories.push_back(row.Text(1));
    return campaigns;
}

Result<int64_t> CampaignRepository::Insert(const CampaignRecord& c) {
    const std::array<Value, 8> params = {
        c.town_id,    c.name,      c.starts_on, c.ends_on, Nullable(c.parent_id), Nullable(c.created_by),
        c.created_at, c.updated_at};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("INSERT INTO campaigns (town_id, name, starts_on, ends_on, parent_id, created_by, "
                                    "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                                    params));
    if (rows.rows.empty()) return Internal("INSERT INTO campaigns returned no id");
    CampaignRecord stored = c;
    stored.id = rows.rows.front().Int(0);
    SG_TRY(WriteScope(stored));
    return stored.id;
}

Result<std::optional<CampaignRecord>> CampaignRepository::FindById(int64_t id, const TownLimit& town) {
    static const std::string base = std::string("SELECT ").append(kColumns).append(" FROM campaigns c WHERE c.id = ?");
    std::vector<Value> params = {id};
    const std::string sql = base + TownCondition(town, "c.", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<CampaignRecord>();
    SG_ASSIGN_OR_RETURN(auto loaded, LoadScopes({FromRow(rows.rows.front())}));
    return std::optional<CampaignRecord>(std::move(loaded.front()));
}

Result<std::pair<std::vector<CampaignRecord>, int64_t>> CampaignRepository::List(const CampaignQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    if (q.subtree.column == PathFilter::Column::kNothing) {
        where += " AND 1 = 0";
    } else if (q.subtree.column != PathFilter::Column::kAny) {
        // The town first: a campaign belongs to one town, so the statement stays on its shard (docs/scale.md).
        if (q.subtree.town != 0) {
            where += " AND c.town_id = ?";
            params.emplace_back(q.subtree.town);
        }
        // A campaign region inside the caller's subtree (regions carry their own id at their level),
        // or one that contains the caller's region (a town-wide campaign for a grid inspector).
        where +=
            " AND EXISTS (SELECT 1 FROM campaign_regions cr JOIN regions r ON r.id = cr.region_id WHERE "
            "cr.campaign_id = c.id AND (";
        where.append(PathFilterCondition(q.subtree, "r.", "id", params));
        if (!q.ancestors.empty()) {
            where += " OR cr.region_id IN (" + Placeholders(q.ancestors.size()) + ")";
            for (int64_t id : q.ancestors) params.emplace_back(id);
        }
        where += "))";
    }
    if (q.id) {
        where += " AND c.id = ?";
        params.emplace_back(*q.id);
    }
    if (q.covers) {
        where += " AND EXISTS (SELECT 1 FROM enterprises e WHERE e.id = ? AND " + InScopeSql("c.id") + ")";
        params.emplace_back(*q.covers);
    }
    if (q.open_on) {
        where += " AND c.starts_on <= ? AND c.ends_on >= ?";
        params.emplace_back(*q.open_on);
        params.emplace_back(*q.open_on);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM campaigns c" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM campaigns c") +
                                                   where + " ORDER BY c.id DESC LIMIT ? OFFSET ?",
                                               params));
    std::vector<CampaignRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    SG_ASSIGN_OR_RETURN(out, LoadScopes(std::move(out)));
    return std::make_pair(std::move(out), total);
}

Result<bool> CampaignRepository::Update(const CampaignRecord& c, int64_t expected_version) {
    const std::array<Value, 7> params = {c.name,       c.starts_on, c.ends_on,       expected_version + 1,
                                         c.updated_at, c.id,        expected_version};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("UPDATE campaigns SET name = ?, starts_on = ?, ends_on = ?, version = ?, "
                                      "updated_at = ? WHERE id = ? AND version = ?",
                                      params));
    if (changed != 1) return false;
    SG_TRY(WriteScope(c));
    return true;
}

Status AddCampaignInspected(Connection& conn, int64_t campaign_id, const RegionPath& path, int64_t delta) {
    const std::array<Value, 5> p = {campaign_id, path.town_id, path.village_id.value_or(0), path.grid_id.value_or(0),
                                    delta};
    return conn
        .Execute(
            "INSERT INTO campaign_counts (campaign_id, town_id, village_id, grid_id, inspected) VALUES (?, ?, ?, "
            "?, ?) ON CONFLICT (campaign_id, village_id, grid_id) DO UPDATE SET inspected = "
            "campaign_counts.inspected + excluded.inspected",
            p)
        .map([](int64_t) {});
}

Status CountCampaignInspection(Connection& conn, int64_t campaign_id, int64_t enterprise_id, const RegionPath& path) {
    const std::array<Value, 2> key = {campaign_id, enterprise_id};
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn.Query("SELECT COUNT(*) FROM inspections WHERE campaign_id = ? AND enterprise_id = ?", key));
    if (rows.rows.empty() || rows.rows.front().Int(0) != 1) return {};
    return AddCampaignInspected(conn, campaign_id, path, +1);
}

Result<bool> CampaignRepository::Covers(int64_t campaign_id, int64_t enterprise_id) {
    std::vector<Value> params = {enterprise_id};
    for (Value& v : Repeat(campaign_id, kInScopeBinds)) params.push_back(std::move(v));
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT 1 FROM enterprises e WHERE e.id = ? AND " + InScopeSql("?"), params));
    return !rows.rows.empty();
}

Result<std::vector<CampaignProgressRow>> CampaignRepository::Progress(int64_t campaign_id, PathFilter::Column group,
                                                                      const std::vector<PathFilter>& filters) {
    const std::string column = ColumnName(group);
    std::map<int64_t, CampaignProgressRow> by_place;

    // in_scope: the enterprises themselves (campaign_regions_region and the enterprises' path indexes).
    std::vector<Value> params = Repeat(campaign_id, kInScopeBinds);
    std::string where = " WHERE " + InScopeSql("?");
    AppendFilters(filters, "e", where, params);
    SG_ASSIGN_OR_RETURN(
        Rows enterprises,
        conn_.Query("SELECT e." + column + ", COUNT(*) FROM enterprises e" + where + " GROUP BY e." + column, params));
    for (const Row& row : enterprises.rows) by_place[row.OptInt(0).value_or(0)].in_scope = row.Int(1);

    // The rest: campaign_counts (0 stands for "none" in its village/grid columns).
    std::vector<Value> count_params = {campaign_id};
    std::string count_where = " WHERE k.campaign_id = ?";
    AppendFilters(filters, "k", count_where, count_params);
    SG_ASSIGN_OR_RETURN(Rows counts, conn_.Query("SELECT k." + column +
                                                     ", SUM(k.inspected), SUM(k.hazards), SUM(k.closed), "
                                                     "SUM(k.recurred) FROM campaign_counts k" +
                                                     count_where + " GROUP BY k." + column,
                                                 count_params));
    for (const Row& row : counts.rows) {
        const int64_t place = row.OptInt(0).value_or(0);
        const int64_t inspected = row.OptInt(1).value_or(0);
        const int64_t hazards = row.OptInt(2).value_or(0);
        const int64_t closed = row.OptInt(3).value_or(0);
        const int64_t recurred = row.OptInt(4).value_or(0);
        if (inspected == 0 && hazards == 0 && closed == 0 && recurred == 0 && !by_place.contains(place)) continue;
        CampaignProgressRow& p = by_place[place];
        p.inspected = inspected;
        p.hazards = hazards;
        p.closed = closed;
        p.recurred = recurred;
    }

    std::vector<CampaignProgressRow> out;
    out.reserve(by_place.size());
    for (auto& [place, p] : by_place) {
        p.region_id = place;
        out.push_back(p);
    }
    return out;
}

Status CampaignRepository::FreezeRecheckScope(int64_t campaign_id, int64_t parent_id) {
    const std::array<Value, 2> p = {campaign_id, parent_id};
    return conn_
        .Execute(
            "INSERT INTO campaign_enterprises (campaign_id, town_id, enterprise_id) SELECT DISTINCT CAST(? AS "
            "BIGINT), h.town_id, h.enterprise_id "
            "FROM hazards h WHERE h.campaign_id = ? AND h.enterprise_id IS NOT NULL ON CONFLICT DO NOTHING",
            p)
        .map([](int64_t) {});
}

Result<std::vector<int64_t>> CampaignRepository::Rounds(int64_t parent_id, const TownLimit& town) {
    std::vector<Value> p = {parent_id};
    const std::string limit = TownCondition(town, "", p);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT id FROM campaigns WHERE parent_id = ?" + limit + " ORDER BY id", p));
    std::vector<int64_t> out;
    for (const Row& row : rows.rows) out.push_back(row.Int(0));
    return out;
}

Result<std::vector<CampaignHazardItem>> CampaignRepository::HazardsAt(int64_t campaign_id, int64_t enterprise_id) {
    const std::array<Value, 2> p = {campaign_id, enterprise_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, checklist_item, status, closed_at FROM hazards WHERE "
                                               "campaign_id = ? AND enterprise_id = ? ORDER BY id",
                                               p));
    std::vector<CampaignHazardItem> out;
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.OptText(1).value_or(""), row.Text(2) == "closed", row.OptInt(3)});
    }
    return out;
}

Result<std::pair<std::vector<CampaignEnterpriseRow>, int64_t>> CampaignRepository::Enterprises(
    int64_t campaign_id, bool inspected, const std::vector<PathFilter>& filters, int64_t offset, int64_t limit) {
    std::vector<Value> params = Repeat(campaign_id, kInScopeBinds);
    std::string where = " WHERE " + InScopeSql("?");
    AppendFilters(filters, "e", where, params);
    where += std::string(" AND ") + (inspected ? "" : "NOT ") +
             "EXISTS (SELECT 1 FROM inspections i WHERE i.campaign_id = ? AND i.enterprise_id = e.id)";
    params.emplace_back(campaign_id);
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM enterprises e" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    std::vector<Value> page = {campaign_id};
    page.insert(page.end(), params.begin(), params.end());
    page.emplace_back(limit);
    page.emplace_back(offset);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT e.id, e.name, e.address, e.village_id, e.grid_id, (SELECT MAX(i.at) FROM "
                                    "inspections i WHERE i.campaign_id = ? AND i.enterprise_id = e.id) FROM "
                                    "enterprises e" +
                                        where + " ORDER BY e.id LIMIT ? OFFSET ?",
                                    page));
    std::vector<CampaignEnterpriseRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back(
            {row.Int(0), row.Text(1), row.OptText(2).value_or(""), row.OptInt(3), row.OptInt(4), row.OptInt(5)});
    }
    return std::make_pair(std::move(out), total);
}

}  // namespace safegrid::storage
