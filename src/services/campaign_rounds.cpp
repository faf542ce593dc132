// CampaignService: re-check rounds (回头看), the enterprises of a campaign's scope, the xlsx export.
// Split from campaign_service.cpp to keep each file readable; same class, same rules.
#include <boost/json.hpp>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "core/text/trim.hpp"
#include "services/campaign_service.hpp"
#include "services/documents/sheets_xlsx.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

using storage::CampaignRepository;
using storage::PathFilter;

bool MayRead(const Principal& caller) { return caller.role != Role::kEnterprise; }
bool MayWrite(const Principal& caller) { return caller.role == Role::kTown || caller.role == Role::kAdmin; }

const Principal& SystemPrincipal() {
    static const Principal kSystem = [] {
        Principal p;
        p.role = Role::kAdmin;
        p.scope = Scope::All();
        return p;
    }();
    return kSystem;
}

void CheckPeriod(const RecheckInput& in, Validation& v) {
    if (!in.starts_on) {
        v.Add("starts_on", {"必填", "Required"});
    } else if (!IsIsoDate(*in.starts_on)) {
        v.Add("starts_on", {"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"});
    }
    if (!in.ends_on) {
        v.Add("ends_on", {"必填", "Required"});
    } else if (!IsIsoDate(*in.ends_on)) {
        v.Add("ends_on", {"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"});
    } else if (in.starts_on && IsIsoDate(*in.starts_on) && *in.ends_on < *in.starts_on) {
        v.Add("ends_on", {"结束日期早于开始日期", "Ends before it starts"});
    }
}

}  // namespace

Result<CampaignView> CampaignService::Recheck(const Principal* caller, int64_t id, const RecheckInput& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && !MayWrite(*caller)) return Forbidden();
    const Principal& who = caller != nullptr ? *caller : SystemPrincipal();
    Validation v;
    CheckPeriod(input, v);
    std::optional<std::string> name;
    if (input.name) {
        name = TrimText(*input.name);
        CheckText(v, "name", *name, kMaxCampaignName, true);
    }
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<CampaignView> {
        SG_ASSIGN_OR_RETURN(auto parent, FindVisible(conn, who, id));
        if (!parent) return NotFound();
        // The round keeps the parent's regions (who may see it) and categories; its scope is the
        // frozen list of the parent's enterprises that had hazards (no tags: the list decides).
        CampaignRecord c;
        c.town_id = parent->town_id;
        c.name = name ? *name : parent->name + "（回头看）";
        c.starts_on = *input.starts_on;
        c.ends_on = *input.ends_on;
        c.parent_id = parent->id;
        c.region_ids = parent->region_ids;
        c.categories = parent->categories;
        if (caller != nullptr) c.created_by = caller->user_id;
        c.created_at = c.updated_at = clock_.Now();
        CampaignRepository repo(conn);
        SG_ASSIGN_OR_RETURN(c.id, repo.Insert(c));
        SG_TRY(repo.FreezeRecheckScope(c.id, parent->id));
        SG_TRY(audit_.Append(conn, caller, {c.town_id, "campaign", c.id, "recheck", nullptr, CampaignAuditJson(c)}));
        return WithProgress(conn, who, c);
    });
}

Result<std::pair<std::vector<CampaignEnterpriseRow>, int64_t>> CampaignService::Enterprises(const Principal& caller,
                                                                                            int64_t id, bool inspected,
                                                                                            int64_t offset,
                                                                                            int64_t limit) {
    if (!MayRead(caller)) return Forbidden();
    return db_->Transact(
        false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<CampaignEnterpriseRow>, int64_t>> {
            SG_ASSIGN_OR_RETURN(auto campaign, FindVisible(conn, caller, id));
            if (!campaign) return NotFound();
            return CampaignRepository(conn).Enterprises(id, inspected, {PathFilter::FromScope(caller.scope)},
                                                        std::max<int64_t>(0, offset),
                                                        std::clamp<int64_t>(limit, 1, 200));
        });
}

Result<std::string> CampaignService::ExportXlsx(const Principal& caller, int64_t id) {
    if (!MayRead(caller)) return Forbidden();
    // The not-yet-inspected list is capped so one export stays one bounded read.
    constexpr int64_t kMaxRows = 20000;
    std::vector<XlsxSheet> sheets;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto campaign, FindVisible(conn, caller, id));
        if (!campaign) return NotFound();
        SG_ASSIGN_OR_RETURN(CampaignView view, WithProgress(conn, caller, std::move(*campaign)));
        const CampaignCounts& p = *view.progress;
        auto n = [](int64_t v) { return XlsxCell(static_cast<double>(v)); };
        const std::string period = view.campaign.starts_on + " 至 " + view.campaign.ends_on;
        sheets.push_back({"进度",
                          {"专项整治", "时间", "范围内企业", "已检查", "隐患", "已整改", "复发", "覆盖率"},
                          {{view.campaign.name, period, n(p.in_scope), n(p.inspected), n(p.hazards), n(p.closed),
                            n(p.recurred), XlsxCell(p.Coverage())}}});
        XlsxSheet regions{"分区域", {"区域", "范围内企业", "已检查", "隐患", "已整改", "复发"}, {}};
        for (const auto& r : view.by_region) {
            regions.rows.push_back({r.region_name.empty() ? std::string("（未分区）") : r.region_name,
                                    n(r.counts.in_scope), n(r.counts.inspected), n(r.counts.hazards),
                                    n(r.counts.closed), n(r.counts.recurred)});
        }
        sheets.push_back(std::move(regions));
        SG_ASSIGN_OR_RETURN(auto pending, CampaignRepository(conn).Enterprises(
                                              id, false, {PathFilter::FromScope(caller.scope)}, 0, kMaxRows));
        std::vector<int64_t> place_ids;
        for (const auto& e : pending.first) place_ids.push_back(e.grid_id.value_or(e.village_id.value_or(0)));
        SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names(place_ids));
        XlsxSheet todo{"未检查企业", {"企业名称", "地址", "网格", "企业编号"}, {}};
        for (const auto& e : pending.first) {
            todo.rows.push_back({e.name, e.address, names[e.grid_id.value_or(e.village_id.value_or(0))], n(e.id)});
        }
        sheets.push_back(std::move(todo));
        return {};
    }));
    return RenderSheetsWorkbook(sheets);
}

}  // namespace safegrid::services
