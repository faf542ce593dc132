#include "services/campaign_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/checklist/checklist.hpp"
#include "core/enterprise/tags.hpp"
#include "core/region/text.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::CampaignQuery;
using storage::CampaignRepository;
using storage::PathFilter;

const Text kNoSuchCampaign{"不是此企业当前可参加的专项整治", "Not a campaign open for this enterprise today"};

bool MayRead(const Principal& caller) { return caller.role != Role::kEnterprise; }
bool MayWrite(const Principal& caller) { return caller.role == Role::kTown || caller.role == Role::kAdmin; }

template <class T>
std::vector<T> SortedUnique(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

}  // namespace

bj::object CampaignAuditJson(const CampaignRecord& c) {
    bj::object o;
    o["id"] = c.id;
    o["town_id"] = c.town_id;
    o["name"] = c.name;
    o["starts_on"] = c.starts_on;
    o["ends_on"] = c.ends_on;
    o["region_ids"] = bj::value_from(c.region_ids);
    o["tags"] = bj::value_from(c.tags);
    o["categories"] = bj::value_from(c.categories);
    if (c.parent_id) o["parent_id"] = *c.parent_id;
    o["version"] = c.version;
    return o;
}

namespace {

// Merges `in` into `c` and checks what needs no store; `creating` makes the core fields required.
void Merge(const CampaignInput& in, bool creating, CampaignRecord& c, Validation& v) {
    if (in.name) c.name = TrimText(*in.name);
    if (creating || in.name) CheckText(v, "name", c.name, kMaxCampaignName, true);
    if (in.starts_on) c.starts_on = *in.starts_on;
    if (in.ends_on) c.ends_on = *in.ends_on;
    if (creating && !in.starts_on) {
        v.Add("starts_on", {"必填", "Required"});
    } else if (!IsIsoDate(c.starts_on)) {
        v.Add("starts_on", {"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"});
    }
    if (creating && !in.ends_on) {
        v.Add("ends_on", {"必填", "Required"});
    } else if (!IsIsoDate(c.ends_on)) {
        v.Add("ends_on", {"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"});
    } else if (IsIsoDate(c.starts_on) && c.ends_on < c.starts_on) {
        v.Add("ends_on", {"结束日期早于开始日期", "Ends before it starts"});
    }
    if (in.region_ids) c.region_ids = SortedUnique(*in.region_ids);
    if (creating || in.region_ids) {
        if (c.region_ids.empty()) {
            v.Add("scope.region_ids", {"至少选择一个区域", "Name at least one region"});
        } else if (c.region_ids.size() > 200) {
            v.Add("scope.region_ids", {"最多 200 个区域", "At most 200 regions"});
        }
    }
    if (in.tags) {
        auto tags = TagSet::FromNames(*in.tags, "scope.tags");
        if (tags) {
            c.tags = SortedUnique(*in.tags);
        } else {
            for (auto& [field, why] : tags.error().fields) v.Add(field, why);
            if (tags.error().fields.empty()) v.Add("scope.tags", {"未知标签", "Unknown tag"});
        }
    }
    if (in.categories) {
        for (const std::string& name : *in.categories) {
            if (!checklist::ParseCategory(name)) {
                v.Add("categories", {"未知类别：" + name, "Unknown category: " + name});
                break;
            }
        }
        c.categories = SortedUnique(*in.categories);
    }
}

}  // namespace

Result<std::vector<campaign::ParentHazard>> RecheckParentHazards(storage::Connection& conn, int64_t campaign_id,
                                                                 int64_t enterprise_id) {
    std::vector<campaign::ParentHazard> out;
    CampaignRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto round, repo.FindById(campaign_id));
    if (!round || !round->parent_id) return out;
    SG_ASSIGN_OR_RETURN(auto items, repo.HazardsAt(*round->parent_id, enterprise_id));
    out.reserve(items.size());
    for (auto& h : items) out.push_back({h.id, std::move(h.checklist_item), h.closed, h.closed_at});
    return out;
}

bool IsIsoDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return false;
    return ParseRfc3339(text).has_value();
}

Status CheckCampaignFor(storage::Connection& conn, int64_t campaign_id, int64_t enterprise_id, UnixSeconds at,
                        const TimeZone& zone) {
    CampaignRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto campaign, repo.FindById(campaign_id));
    if (!campaign) return Invalid("campaign_id", kNoSuchCampaign);
    const std::string day = FormatLocalIsoDate(at, zone);
    if (day < campaign->starts_on || day > campaign->ends_on) return Invalid("campaign_id", kNoSuchCampaign);
    SG_ASSIGN_OR_RETURN(bool covers, repo.Covers(campaign_id, enterprise_id));
    if (!covers) return Invalid("campaign_id", kNoSuchCampaign);
    return {};
}

CampaignService::CampaignService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                 TimeZone zone)
    : db_(std::move(db)), clock_(clock), audit_(audit), zone_(std::move(zone)) {}

std::string CampaignService::Today() const { return FormatLocalIsoDate(clock_.Now(), zone_); }

namespace {

// The caller's subtree and own region's ancestors, as the repository's visibility test reads them.
Result<CampaignQuery> VisibleTo(storage::Connection& conn, const Principal& caller) {
    CampaignQuery q;
    if (caller.scope.level == Scope::Level::kAll) return q;
    q.subtree = PathFilter::FromScope(caller.scope);
    if (q.subtree.column == PathFilter::Column::kNothing) return q;
    SG_ASSIGN_OR_RETURN(auto own, storage::RegionRepository(conn).FindById(caller.scope.id));
    if (!own) {
        q.subtree = PathFilter::Nothing();
        return q;
    }
    for (const auto& id : {std::optional<int64_t>(own->path.town_id), own->path.village_id, own->path.grid_id})
        if (id) q.ancestors.push_back(*id);
    return q;
}

}  // namespace

Result<std::optional<CampaignRecord>> CampaignService::FindVisible(storage::Connection& conn, const Principal& caller,
                                                                   int64_t id) {
    SG_ASSIGN_OR_RETURN(CampaignQuery q, VisibleTo(conn, caller));
    q.id = id;
    q.limit = 1;
    SG_ASSIGN_OR_RETURN(auto page, CampaignRepository(conn).List(q));
    if (page.first.empty()) return std::optional<CampaignRecord>();
    return std::optional<CampaignRecord>(std::move(page.first.front()));
}

Result<CampaignView> CampaignService::WithProgress(storage::Connection& conn, const Principal& caller,
                                                   CampaignRecord campaign, bool by_grid) {
    // By village for the town's view (unless asked by grid), by grid for a village officer's or an inspector's.
    by_grid = by_grid || caller.scope.level == Scope::Level::kVillage || caller.scope.level == Scope::Level::kGrid;
    SG_ASSIGN_OR_RETURN(auto rows, CampaignRepository(conn).Progress(
                                       campaign.id, by_grid ? PathFilter::Column::kGrid : PathFilter::Column::kVillage,
                                       {PathFilter::FromScope(caller.scope)}));
    std::vector<int64_t> ids;
    for (const auto& row : rows) ids.push_back(row.region_id);
    SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names(ids));
    CampaignView view;
    view.progress = CampaignCounts{};
    for (const auto& row : rows) {
        const CampaignCounts counts{row.in_scope, row.inspected, row.hazards, row.closed, row.recurred};
        view.progress->in_scope += counts.in_scope;
        view.progress->inspected += counts.inspected;
        view.progress->hazards += counts.hazards;
        view.progress->closed += counts.closed;
        view.progress->recurred += counts.recurred;
        view.by_region.push_back(
            {row.region_id, names[row.region_id], by_grid ? RegionKind::kGrid : RegionKind::kVillage, counts});
    }
    view.campaign = std::move(campaign);
    return view;
}

Status CampaignService::CheckScope(storage::Connection& conn, const Principal* caller, CampaignRecord& c) {
    std::optional<int64_t> town;
    for (int64_t id : c.region_ids) {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, id));
        if (!region) {
            return Invalid("scope.region_ids", {"区域 " + std::to_string(id) + " 不在您的管辖范围内",
                                                "Region " + std::to_string(id) + " is not one you manage"});
        }
        if (town && *town != region->path.town_id) {
            return Invalid("scope.region_ids", {"所有区域须属于同一个镇", "Every region must be in one town"});
        }
        town = region->path.town_id;
    }
    if (c.town_id != 0 && town && *town != c.town_id) {
        return Invalid("scope.region_ids", {"不能改到另一个镇", "A campaign stays in its town"});
    }
    if (town) c.town_id = *town;
    return {};
}

Result<std::pair<std::vector<CampaignRecord>, int64_t>> CampaignService::List(const Principal& caller,
                                                                              const CampaignListQuery& query) {
    if (!MayRead(caller)) return Forbidden();
    if (query.open_on && !IsIsoDate(*query.open_on)) {
        return Invalid("open_on", {"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"});
    }
    return db_->Transact(false,
                         [&](storage::Connection& conn) -> Result<std::pair<std::vector<CampaignRecord>, int64_t>> {
                             SG_ASSIGN_OR_RETURN(CampaignQuery q, VisibleTo(conn, caller));
                             q.open_on = query.open_on;
                             q.covers = query.enterprise_id;
                             q.offset = std::max<int64_t>(0, query.offset);
                             q.limit = std::clamp<int64_t>(query.limit, 1, 200);
                             return CampaignRepository(conn).List(q);
                         });
}

Result<CampaignView> CampaignService::Get(const Principal& caller, int64_t id, bool by_grid) {
    if (!MayRead(caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<CampaignView> {
        SG_ASSIGN_OR_RETURN(auto campaign, FindVisible(conn, caller, id));
        if (!campaign) return NotFound();
        // A campaign's rounds are its town's, on its town's shard.
        const storage::TownLimit town = storage::TownLimit::Town(campaign->town_id);
        SG_ASSIGN_OR_RETURN(CampaignView view, WithProgress(conn, caller, std::move(*campaign), by_grid));
        // Its re-check rounds (a handful at most), each with its own progress in the caller's area.
        SG_ASSIGN_OR_RETURN(auto round_ids, CampaignRepository(conn).Rounds(id, town));
        for (int64_t round_id : round_ids) {
            SG_ASSIGN_OR_RETURN(auto round, CampaignRepository(conn).FindById(round_id, town));
            if (!round) continue;
            SG_ASSIGN_OR_RETURN(CampaignView rv, WithProgress(conn, caller, std::move(*round), by_grid));
            view.rounds.push_back(std::move(rv));
        }
        return view;
    });
}

Result<CampaignView> CampaignService::Create(const Principal* caller, const CampaignInput& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && !MayWrite(*caller)) return Forbidden();
    static const Principal kSystem = [] {
        Principal p;
        p.role = Role::kAdmin;
        p.scope = Scope::All();
        return p;
    }();
    CampaignRecord c;
    Validation v;
    Merge(input, true, c, v);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<CampaignView> {
        SG_TRY(CheckScope(conn, caller, c));
        if (caller != nullptr) c.created_by = caller->user_id;
        c.created_at = c.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(c.id, CampaignRepository(conn).Insert(c));
        SG_TRY(audit_.Append(conn, caller, {c.town_id, "campaign", c.id, "create", nullptr, CampaignAuditJson(c)}));
        return WithProgress(conn, caller != nullptr ? *caller : kSystem, c);
    });
}

Result<CampaignView> CampaignService::Update(const Principal& caller, int64_t id,
                                             std::optional<int64_t> expected_version, const CampaignInput& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<CampaignView> {
        SG_ASSIGN_OR_RETURN(auto current, FindVisible(conn, caller, id));
        if (!current) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        CampaignRecord c = *current;
        Validation v;
        Merge(patch, false, c, v);
        if (!v.Ok()) return v.Fail();
        SG_TRY(CheckScope(conn, &caller, c));
        c.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(bool updated, CampaignRepository(conn).Update(c, *expected_version));
        if (!updated) return StaleVersion();
        c.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, &caller, {c.town_id, "campaign", c.id, "update", CampaignAuditJson(*current), CampaignAuditJson(c)}));
        return WithProgress(conn, caller, c);
    });
}

}  // namespace safegrid::services
