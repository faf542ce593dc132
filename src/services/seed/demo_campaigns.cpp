#include "services/seed/demo_campaigns.hpp"

#include <array>
#include <cstdio>
#include <tuple>

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

}  // namespace

Result<CampaignSummary> SeedDemoCampaigns(storage::Database& db, CampaignService& campaigns, const Clock& clock,
                                          const SeedSummary& town, const TimeZone& zone) {
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

    CampaignInput finished;
    finished.name = "电动自行车消防安全专项整治";
    std::tie(finished.starts_on, finished.ends_on) = LastQuarter(FormatLocalIsoDate(now, zone));
    finished.region_ids = std::vector<int64_t>{town.town_id};
    finished.categories = std::vector<std::string>{"e_bike", "electrical"};
    SG_ASSIGN_OR_RETURN(auto done, campaigns.Create(nullptr, finished));
    summary.finished_campaign_id = done.campaign.id;
    return summary;
}

}  // namespace safegrid::services::seed
