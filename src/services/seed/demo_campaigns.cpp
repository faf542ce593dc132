#include "services/seed/demo_campaigns.hpp"

#include <array>
#include <cstdio>
#include <tuple>

#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services::seed {
namespace {

// The first and last day of the calendar quarter before the one holding `today` (YYYY-MM-DD).
std::pair<std::string, std::string> LastQuarter(const std::string& today) {
    int year = std::stoi(today.substr(0, 4));
    const int month = std::stoi(today.substr(5, 2));
    int quarter = (month - 1) / 3 - 1;  // 0-based, of the previous quarter
    if (quarter < 0) {
        quarter = 3;
        --year;
    }
    static constexpr const char* kEnds[] = {"03-31", "06-30", "09-30", "12-31"};
    char start[16];
    std::snprintf(start, sizeof start, "%04d-%02d-01", year, quarter * 3 + 1);
    return {start, std::to_string(year) + "-" + kEnds[quarter]};
}

// What the demo's campaign inspections find: real items of fire-small-workshop.
struct Finding {
    const char* item;
    const char* title;
    const char* category;
};
constexpr Finding kFindings[] = {{"FS-ELE-04", "插座、电源线破损老化", "electrical"},
                                 {"FS-EVA-03", "安全出口被堵塞", "evacuation"},
                                 {"FS-ELE-02", "私拉乱接电线", "electrical"}};

struct Target {
    int64_t id = 0;
    RegionPath path;
};

// Up to `n` enterprises in the campaign's scope, by id.
Result<std::vector<Target>> InScope(storage::Connection& conn, int64_t campaign_id, int64_t n) {
    SG_ASSIGN_OR_RETURN(auto page, storage::CampaignRepository(conn).Enterprises(campaign_id, false, {}, 0, n));
    std::vector<Target> out;
    for (const auto& e : page.first) {
        const std::array<storage::Value, 1> p = {e.id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT town_id FROM enterprises WHERE id = ?", p));
        out.push_back({e.id, {rows.rows.at(0).Int(0), e.village_id, e.grid_id}});
    }
    return out;
}

// One inspection for the campaign at `at`, failing `finding` when given (its hazard in `status`,
// recurring `recurrence_of`). Returns the hazard id or 0.
Result<int64_t> Inspect(storage::Connection& conn, HazardService& hazards, int64_t campaign_id, const Target& e,
                        UnixSeconds at, const Finding* finding, HazardStatus status,
                        std::optional<int64_t> recurrence_of = std::nullopt) {
    storage::InspectionRecord r;
    r.path = e.path;
    r.enterprise_id = e.id;
    r.checklist_id = "fire-small-workshop";
    r.kind = "campaign";
    r.campaign_id = campaign_id;
    r.inspector_name = "镇安全办";
    r.at = r.created_at = at;
    r.passed = finding != nullptr ? 11 : 12;
    r.failed = finding != nullptr ? 1 : 0;
    SG_ASSIGN_OR_RETURN(r.id, storage::InspectionRepository(conn).Insert(r));
    // Counted after its hazard, as InspectionService does (the counters' lock order).
    int64_t hazard_id = 0;
    if (finding != nullptr) {
        HazardInsert h;
        h.enterprise_id = e.id;
        h.source = "inspection";
        h.inspection_id = r.id;
        h.campaign_id = campaign_id;
        h.recurrence_of = recurrence_of;
        h.checklist_item = finding->item;
        h.title = finding->title;
        h.category = finding->category;
        h.status = status;
        h.found_at = at;
        h.due_at = at + 7 * 86400;
        if (status == HazardStatus::kClosed) h.closed_at = at + 5 * 86400;
        SG_ASSIGN_OR_RETURN(hazard_id, hazards.Insert(conn, h, nullptr));
    }
    SG_TRY(storage::CountCampaignInspection(conn, campaign_id, e.id, e.path));
    return hazard_id;
}

}  // namespace

Result<CampaignSummary> SeedDemoCampaigns(storage::Database& db, CampaignService& campaigns, HazardService& hazards,
                                          const Clock& clock, const SeedSummary& town, const TimeZone& zone) {
    const UnixSeconds now = clock.Now();
    struct FirstVillage {
        int64_t id = 0;
        int64_t three_in_one_in_grid = 0;
    };
    SG_ASSIGN_OR_RETURN(auto first, db.Read([&](storage::Connection& conn) -> Result<FirstVillage> {
        SG_ASSIGN_OR_RETURN(auto grid, storage::RegionRepository(conn).FindById(town.inspector1_grid_id));
        if (!grid || !grid->path.village_id) return Internal("seed: inspector1's grid is missing");
        const std::array<storage::Value, 1> params = {town.inspector1_grid_id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT COUNT(*) FROM enterprises WHERE grid_id = ? AND "
                                                  "',' || tags || ',' LIKE '%,three_in_one,%'",
                                                  params));
        return FirstVillage{*grid->path.village_id, rows.rows.at(0).Int(0)};
    }));

    CampaignSummary summary;
    CampaignInput finished;
    finished.name = "电动自行车消防安全专项整治";
    std::tie(finished.starts_on, finished.ends_on) = LastQuarter(FormatLocalIsoDate(now, zone));
    finished.region_ids = std::vector<int64_t>{town.town_id};
    finished.categories = std::vector<std::string>{"e_bike", "electrical"};
    SG_ASSIGN_OR_RETURN(auto done, campaigns.Create(nullptr, finished));
    summary.finished_campaign_id = done.campaign.id;

    // The finished campaign's work: 16 enterprises, one every four days from its first day at 10:00;
    // every other one had a hazard, rectified within five days.
    // A bare date parses as 00:00 UTC; the town's midnight is the zone's offset earlier.
    const UnixSeconds quarter_start =
        ParseRfc3339(done.campaign.starts_on).value_or(now) - zone.utc_offset_seconds + 10 * 3600;
    std::vector<std::pair<Target, const Finding*>> had_hazards;
    SG_TRY(db.Transact(true, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto targets, InScope(conn, done.campaign.id, 16));
        for (size_t i = 0; i < targets.size(); ++i) {
            const Finding* f = i % 2 == 0 ? &kFindings[(i / 2) % 3] : nullptr;
            const UnixSeconds at = quarter_start + static_cast<int64_t>(i) * 4 * 86400;
            SG_TRY(Inspect(conn, hazards, done.campaign.id, targets[i], at, f, HazardStatus::kClosed));
            if (f != nullptr) had_hazards.emplace_back(targets[i], f);
        }
        return {};
    }));

    // Its re-check round, open since three weeks ago: five of those enterprises seen again; two have
    // the same fault back (recurred), one a new one, two are fine.
    RecheckInput round_input{std::nullopt, FormatLocalIsoDate(now - 21 * 86400, zone),
                             FormatLocalIsoDate(now + 39 * 86400, zone)};
    SG_ASSIGN_OR_RETURN(auto round, campaigns.Recheck(nullptr, done.campaign.id, round_input));
    summary.recheck_campaign_id = round.campaign.id;
    SG_TRY(db.Transact(true, [&](storage::Connection& conn) -> Status {
        for (size_t k = 0; k < had_hazards.size() && k < 5; ++k) {
            const auto& [target, before] = had_hazards[k];
            const UnixSeconds at = now - static_cast<int64_t>(10 - k) * 86400;
            // k == 2 had FS-ELE-02 (kFindings[2]); FS-ELE-04 is new there.
            const Finding* f = k < 2 ? before : (k == 2 ? &kFindings[0] : nullptr);
            std::optional<int64_t> recurs;
            if (f != nullptr) {
                SG_ASSIGN_OR_RETURN(auto parent, RecheckParentHazards(conn, round.campaign.id, target.id));
                recurs = campaign::FindRecurrence(parent, f->item, at);
            }
            SG_TRY(Inspect(conn, hazards, round.campaign.id, target, at, f, HazardStatus::kRectifying, recurs));
        }
        return {};
    }));

    // Created last, so it is the newest campaign open today (the phone lists newest first).
    CampaignInput open;
    if (first.three_in_one_in_grid > 0) {
        open.name = "“三合一”场所专项整治";
        open.tags = std::vector<std::string>{"three_in_one"};
        open.categories = std::vector<std::string>{"three_in_one", "evacuation", "electrical"};
    } else {
        open.name = "冬季消防安全专项检查";
        open.categories = std::vector<std::string>{"evacuation", "electrical", "extinguisher"};
    }
    // Began last week, runs through the winter fire-prevention push.
    open.starts_on = FormatLocalIsoDate(now - 7 * 86400, zone);
    open.ends_on = FormatLocalIsoDate(now + 60 * 86400, zone);
    open.region_ids = std::vector<int64_t>{first.id};
    SG_ASSIGN_OR_RETURN(auto opened, campaigns.Create(nullptr, open));
    summary.open_campaign_id = opened.campaign.id;

    SG_TRY(db.Transact(true, [&](storage::Connection& conn) -> Status {
        // The open campaign: two of its enterprises seen this week, one with a blocked exit.
        SG_ASSIGN_OR_RETURN(auto targets, InScope(conn, opened.campaign.id, 2));
        for (size_t i = 0; i < targets.size(); ++i) {
            SG_TRY(Inspect(conn, hazards, opened.campaign.id, targets[i], now - static_cast<int64_t>(2 - i) * 86400,
                           i == 0 ? &kFindings[1] : nullptr, HazardStatus::kRectifying));
        }
        return {};
    }));
    return summary;
}

}  // namespace safegrid::services::seed
