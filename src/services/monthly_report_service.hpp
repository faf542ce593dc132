// The monthly report (月报, CONTRACT "Training, micro fire stations, scorecards": GET
// /api/v1/reports/monthly.pdf|.xlsx; docs/reports.md says every figure's rule). The figures are
// gathered once into MonthlyReport (Build) and drawn by the PDF (documents/monthly_pdf.hpp) and the
// workbook (documents/monthly_xlsx.hpp); the JSON (GET /reports/monthly) is the same struct.
//
// Who may do what (other roles → 403; a region the caller cannot see → 404):
//   town     its town (default) or one of its villages (region_id)
//   village  its own village (default); another village → 404
//   admin    a town or a village named by region_id (required: 422 "region_id" without it)
// Bad input → 422 naming the field: period (YYYY-MM; a month after the town's current one),
// region_id (a grid: reports are for a town or a village).
//
// Where the figures come from (each reuses the existing query or rule):
//   found / closed in the month   hazard_month_counts (the stats trend's counters), by village / grid
//   overdue at the month's end    core report::WasOverdueAt, i.e. kOverdueRule at the as-of instant
//   majors                        hazards severity major found in the month or open at its end
//   campaigns                     CampaignService (progress as stored now) for the campaigns whose
//                                 period meets the month, counted in the report's region
//   training                      TrainingRepository::Coverage over core/training's 12-month window
//                                 ending on the as-of day
//   stations                      core/station AssessReadiness on the as-of day
//   ranking                       ScorecardService for the month: villages (town report), the top and
//                                 bottom enterprises (village report)
//   trend                         the 12 months ending with the period, from hazard_month_counts
//
// Stored reports (migration 0022): the scheduler's town snapshots (monthly_report_job.hpp), listed
// and downloaded by the town's officers (their town) and admin (every town); a village officer → 403
// (a town report ranks the other villages, which the village level of scorecards also withholds);
// another town's report → 404.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/region/region.hpp"
#include "core/scorecard/scorecard.hpp"
#include "core/station/station.hpp"
#include "core/time_zone.hpp"
#include "core/training/training.hpp"
#include "services/campaign_service.hpp"
#include "services/hazard_document_service.hpp"
#include "services/scorecard_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/monthly_report_repository.hpp"

namespace safegrid::services {

inline constexpr int64_t kReportMajorsShown = 200;
inline constexpr size_t kReportEnterprisesRanked = 5;  // village report: the top and the bottom five

struct MonthlyReportQuery {
    std::string period;                // "2026-11"
    std::optional<int64_t> region_id;  // a town or a village
};

struct ReportPlaceRow {
    int64_t region_id = 0;  // 0: held at the report region itself (e.g. public reports not yet assigned)
    std::string name;
    int64_t found = 0;
    int64_t closed = 0;
    int64_t overdue = 0;
};

struct ReportMajor {
    int64_t id = 0;
    std::string title;
    std::string enterprise_name;
    std::string village_name;
    std::string status;
    UnixSeconds found_at = 0;
    std::optional<UnixSeconds> due_at;
    std::optional<UnixSeconds> closed_at;
    std::optional<std::string> listing_no;
    std::optional<UnixSeconds> listed_at;
};

struct ReportCampaign {
    int64_t id = 0;
    std::string name;
    std::string starts_on;
    std::string ends_on;
    bool recheck = false;  // a re-check round (回头看)
    CampaignCounts progress;
};

struct ReportStation {
    int64_t id = 0;
    std::string name;
    std::string kind;
    int64_t missing = 0;   // items below the standard's minimum
    int64_t expiring = 0;  // expiring within 30 days of the as-of day, or expired
    int64_t expired = 0;   // of those, already expired
};

struct ReportRank {
    int64_t id = 0;
    std::string name;
    double score = 0;
    int rank = 0;
};

struct ReportTrendPoint {
    std::string month;  // "2026-11"
    int64_t found = 0;
    int64_t closed = 0;
};

struct MonthlyReport {
    scorecard::Period period;
    Region region;  // the town or the village reported on
    std::string town_name;
    TimeZone zone;          // the town's, for the days printed
    std::string as_of_day;  // YYYY-MM-DD: the month's last day, or today for the current month
    UnixSeconds generated_at = 0;
    // Hazards.
    int64_t found = 0;
    int64_t closed = 0;
    int64_t overdue = 0;
    std::vector<ReportPlaceRow> by_place;  // villages (town report) or grids (village report), every one
    int64_t majors_found = 0;              // major hazards found in the month
    int64_t majors_open = 0;               // open at the as-of instant
    std::vector<ReportMajor> majors;       // listed by name, oldest first
    std::vector<ReportCampaign> campaigns;
    TrainingCoverage training;
    std::string training_after;  // the window (after, as_of_day]
    std::vector<ReportStation> stations;
    std::string ranking_level;  // "village" | "enterprise"
    std::vector<ReportRank> ranking;
    std::vector<ReportTrendPoint> trend;  // 12 months, oldest first
};

struct StoredReportView {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string town_name;
    std::string period;
    UnixSeconds generated_at = 0;
    int64_t size = 0;
};

class MonthlyReportService {
  public:
    MonthlyReportService(std::shared_ptr<storage::Database> db, const Clock& clock, CampaignService& campaigns,
                         ScorecardService& scorecards, std::shared_ptr<const station::StationStandard> stations,
                         TimeZone zone = {}, std::string font_path = kDefaultNoticeFontPath);

    Result<MonthlyReport> Build(const Principal& caller, const MonthlyReportQuery& query);
    Result<DocumentFile> Pdf(const Principal& caller, const MonthlyReportQuery& query);
    Result<DocumentFile> Xlsx(const Principal& caller, const MonthlyReportQuery& query);
    // The system's report of a town or village (no caller: the scheduler and the demo seed).
    Result<MonthlyReport> BuildFor(const Region& region, const scorecard::Period& period);
    // The PDF of a report already built (the job renders its snapshot with it).
    Result<std::string> RenderPdf(const MonthlyReport& report) const;

    // Stored snapshots (0022) of the caller's towns, newest first.
    Result<std::vector<StoredReportView>> ListStored(const Principal& caller);
    Result<DocumentFile> StoredPdf(const Principal& caller, int64_t id);

    [[nodiscard]] const TimeZone& zone() const { return zone_; }

  private:
    Result<MonthlyReport> Gather(const Principal& viewer, const Region& region, const scorecard::Period& period);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    CampaignService& campaigns_;
    ScorecardService& scorecards_;
    std::shared_ptr<const station::StationStandard> stations_;
    TimeZone zone_;
    std::string font_path_;
};

// A principal that sees exactly `region` with the role of its level (town or village): the report's
// figures are read through the other services as if by that region's officer.
Principal ReportViewer(const Region& region);

}  // namespace safegrid::services
