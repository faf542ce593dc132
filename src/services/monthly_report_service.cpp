#include "services/monthly_report_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/report/monthly.hpp"
#include "services/documents/monthly_pdf.hpp"
#include "services/documents/monthly_xlsx.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/hazard_stats_repository.hpp"
#include "storage/repositories/station_repository.hpp"
#include "storage/repositories/training_repository.hpp"

namespace safegrid::services {
namespace {

using storage::MonthlyReportRepository;
using storage::PathFilter;

bool MayRead(const Principal& caller) {
    return caller.role == Role::kTown || caller.role == Role::kAdmin || caller.role == Role::kVillage;
}

std::string MonthText(int yyyymm) { return fmt::format("{:04d}-{:02d}", yyyymm / 100, yyyymm % 100); }

}  // namespace

Principal ReportViewer(const Region& region) {
    Principal p;
    p.username = "monthly-report";
    const bool town = region.kind == RegionKind::kTown;
    p.role = town ? Role::kTown : Role::kVillage;
    p.region_id = region.id;
    p.scope = {town ? Scope::Level::kTown : Scope::Level::kVillage, region.id};
    return p;
}

MonthlyReportService::MonthlyReportService(std::shared_ptr<storage::Database> db, const Clock& clock,
                                           CampaignService& campaigns, ScorecardService& scorecards,
                                           std::shared_ptr<const station::StationStandard> stations, TimeZone zone,
                                           std::string font_path)
    : db_(std::move(db)),
      clock_(clock),
      campaigns_(campaigns),
      scorecards_(scorecards),
      stations_(std::move(stations)),
      zone_(std::move(zone)),
      font_path_(std::move(font_path)) {}

Result<MonthlyReport> MonthlyReportService::Build(const Principal& caller, const MonthlyReportQuery& query) {
    if (!MayRead(caller)) return Forbidden();
    Validation v;
    const auto period = report::ParseMonth(query.period);
    if (!period) {
        v.Add("period", {"应为 YYYY-MM", "Must be YYYY-MM"});
    } else if (report::IsFutureMonth(*period, FormatLocalIsoDate(clock_.Now(), zone_))) {
        v.Add("period", {"不能生成未来月份的月报", "A future month has no report"});
    }
    if (!query.region_id && caller.role == Role::kAdmin) v.Add("region_id", {"必填", "Required"});
    if (!v.Ok()) return v.Fail();
    const int64_t region_id = query.region_id ? *query.region_id : caller.scope.id;
    SG_ASSIGN_OR_RETURN(Region region, db_->Transact(false, [&](storage::Connection& conn) -> Result<Region> {
        SG_ASSIGN_OR_RETURN(auto found, FindVisibleRegion(conn, &caller, region_id));
        if (!found) return NotFound();
        return *found;
    }));
    if (region.kind == RegionKind::kGrid) {
        return Invalid("region_id", {"月报按镇或村生成", "A monthly report is for a town or a village"});
    }
    return Gather(ReportViewer(region), region, *period);
}

Result<MonthlyReport> MonthlyReportService::BuildFor(const Region& region, const scorecard::Period& period) {
    return Gather(ReportViewer(region), region, period);
}

Result<MonthlyReport> MonthlyReportService::Gather(const Principal& viewer, const Region& region,
                                                   const scorecard::Period& period) {
    const UnixSeconds now = clock_.Now();
    const std::string today = FormatLocalIsoDate(now, zone_);
    const int offset = zone_.utc_offset_seconds;
    MonthlyReport out;
    out.period = period;
    out.region = region;
    out.generated_at = now;
    out.zone = zone_;
    out.as_of_day = report::AsOfDay(period, today);
    const UnixSeconds start = period.Start(offset);
    const UnixSeconds as_of = report::AsOf(period, offset, now);
    const bool town = region.kind == RegionKind::kTown;
    const std::vector<PathFilter> filters{PathFilter::Subtree(region.kind, region.id, region.path.town_id)};
    const auto group = town ? MonthlyReportRepository::Group::kVillage : MonthlyReportRepository::Group::kGrid;

    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        storage::RegionRepository regions(conn);
        SG_ASSIGN_OR_RETURN(auto town_row, regions.FindById(region.path.town_id));
        out.town_name = town_row ? town_row->name : region.name;
        // Every child region gets a row, even without hazards.
        SG_ASSIGN_OR_RETURN(auto children, regions.List(filters));
        MonthlyReportRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto counts, repo.FoundClosed(filters, group, period.year * 100 + period.month));
        SG_TRY(repo.AddOverdueAt(filters, group, as_of, counts));
        std::map<int64_t, std::string> village_names;
        for (const Region& child : children) {
            if (child.kind == RegionKind::kVillage) village_names[child.id] = child.name;
            if (child.parent_id != region.id) continue;
            const auto it = counts.find(child.id);
            const storage::PlaceCounts c = it == counts.end() ? storage::PlaceCounts{} : it->second;
            out.by_place.push_back({child.id, child.name, c.found, c.closed, c.overdue});
        }
        // What sits at the region itself (no child): shown as its own row when there is any.
        if (auto it = counts.find(0); it != counts.end()) {
            out.by_place.push_back(
                {0, region.name + "（直属）", it->second.found, it->second.closed, it->second.overdue});
        }
        for (const auto& row : out.by_place) {
            out.found += row.found;
            out.closed += row.closed;
            out.overdue += row.overdue;
        }

        SG_ASSIGN_OR_RETURN(auto majors, repo.Majors(filters, start, as_of, kReportMajorsShown));
        for (auto& m : majors) {
            if (m.found_at >= start) ++out.majors_found;
            auto status = ParseHazardStatus(m.status);
            const bool closed_by = m.closed_at && *m.closed_at < as_of;
            if (status && *status != HazardStatus::kRejected && *status != HazardStatus::kReported && !closed_by) {
                ++out.majors_open;
            }
            ReportMajor r{m.id,       m.title,  m.enterprise_name, "",           m.status,
                          m.found_at, m.due_at, m.closed_at,       m.listing_no, m.listed_at};
            if (m.village_id) r.village_name = village_names.count(*m.village_id) ? village_names[*m.village_id] : "";
            out.majors.push_back(std::move(r));
        }

        out.training_after = WindowStartExclusive(out.as_of_day);
        SG_ASSIGN_OR_RETURN(auto coverage,
                            storage::TrainingRepository(conn).Coverage(filters, out.training_after, out.as_of_day));
        for (const auto& row : coverage) {
            out.training.enterprises += row.coverage.enterprises;
            out.training.covered += row.coverage.covered;
            out.training.people += row.coverage.people;
        }

        storage::StationRepository stations(conn);
        SG_ASSIGN_OR_RETURN(auto listed, stations.List(filters, 0, 10000));
        std::vector<int64_t> ids;
        for (const auto& s : listed.first) ids.push_back(s.id);
        SG_ASSIGN_OR_RETURN(auto equipment, stations.Equipment(ids));
        for (const auto& s : listed.first) {
            const auto readiness = station::AssessReadiness(*stations_, s.kind, equipment[s.id], out.as_of_day);
            ReportStation r{s.id,
                            s.name,
                            s.kind,
                            static_cast<int64_t>(readiness.missing.size()),
                            static_cast<int64_t>(readiness.expiring.size()),
                            0};
            for (const auto& e : readiness.expiring) r.expired += e.expired ? 1 : 0;
            out.stations.push_back(std::move(r));
        }

        storage::HazardStatsRepository stats(conn);
        const auto months = report::TrendMonths(period);
        SG_ASSIGN_OR_RETURN(auto trend, stats.MonthCounts(filters, months.front(), months.back()));
        for (int m : months) {
            ReportTrendPoint p{MonthText(m), 0, 0};
            for (const auto& c : trend) {
                if (c.month == m) {
                    p.found = c.found;
                    p.closed = c.closed;
                }
            }
            out.trend.push_back(std::move(p));
        }
        return {};
    }));

    // Campaigns whose period meets the month, read as the region's officer (progress in the region).
    const std::string first = period.FirstDay();
    const std::string last = report::AsOfDay(period, "9999-12-31");
    CampaignListQuery cq;
    cq.limit = 200;
    SG_ASSIGN_OR_RETURN(auto campaigns, campaigns_.List(viewer, cq));
    for (const auto& c : campaigns.first) {
        if (c.starts_on > last || c.ends_on < first) continue;
        SG_ASSIGN_OR_RETURN(auto view, campaigns_.Get(viewer, c.id));
        out.campaigns.push_back({c.id, c.name, c.starts_on, c.ends_on, c.parent_id.has_value(),
                                 view.progress ? *view.progress : CampaignCounts{}});
    }
    std::sort(out.campaigns.begin(), out.campaigns.end(), [](const ReportCampaign& a, const ReportCampaign& b) {
        return a.starts_on < b.starts_on || (a.starts_on == b.starts_on && a.id < b.id);
    });

    // The month's ranking: villages for a town; the top and bottom enterprises for a village.
    out.ranking_level = town ? "village" : "enterprise";
    SG_ASSIGN_OR_RETURN(auto cards, scorecards_.List(viewer, {period.Text(), out.ranking_level, std::nullopt}));
    const size_t n = cards.cards.size();
    for (size_t i = 0; i < n; ++i) {
        if (!town && n > 2 * kReportEnterprisesRanked && i >= kReportEnterprisesRanked &&
            i < n - kReportEnterprisesRanked) {
            continue;
        }
        const auto& card = cards.cards[i];
        out.ranking.push_back({card.subject_id, card.name, card.score, card.rank});
    }
    return out;
}

Result<std::string> MonthlyReportService::RenderPdf(const MonthlyReport& report) const {
    return documents::RenderMonthlyPdf(report, font_path_);
}

Result<DocumentFile> MonthlyReportService::Pdf(const Principal& caller, const MonthlyReportQuery& query) {
    SG_ASSIGN_OR_RETURN(auto report, Build(caller, query));
    SG_ASSIGN_OR_RETURN(auto bytes, RenderPdf(report));
    return DocumentFile{std::move(bytes), "application/pdf", "monthly-report-" + report.period.Text() + ".pdf",
                        report.region.name + "安全生产月报" + report::MonthLabelZh(report.period) + ".pdf"};
}

Result<DocumentFile> MonthlyReportService::Xlsx(const Principal& caller, const MonthlyReportQuery& query) {
    SG_ASSIGN_OR_RETURN(auto report, Build(caller, query));
    SG_ASSIGN_OR_RETURN(auto bytes, documents::RenderMonthlyXlsx(report));
    return DocumentFile{std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "monthly-report-" + report.period.Text() + ".xlsx",
                        report.region.name + "安全生产月报" + report::MonthLabelZh(report.period) + ".xlsx"};
}

Result<std::vector<StoredReportView>> MonthlyReportService::ListStored(const Principal& caller) {
    if (caller.role != Role::kTown && caller.role != Role::kAdmin) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<StoredReportView>> {
        std::vector<PathFilter> filters{PathFilter::FromScope(caller.scope)};
        SG_ASSIGN_OR_RETURN(auto rows, MonthlyReportRepository(conn).List(filters, 120));
        std::vector<int64_t> towns;
        for (const auto& r : rows) towns.push_back(r.town_id);
        SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names(towns));
        std::vector<StoredReportView> out;
        for (const auto& r : rows) out.push_back({r.id, r.town_id, names[r.town_id], r.period, r.generated_at, r.size});
        return out;
    });
}

Result<DocumentFile> MonthlyReportService::StoredPdf(const Principal& caller, int64_t id) {
    if (caller.role != Role::kTown && caller.role != Role::kAdmin) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<DocumentFile> {
        SG_ASSIGN_OR_RETURN(auto row, MonthlyReportRepository(conn).Find(id));
        if (!row || !caller.scope.ContainsRegion(RegionPath{row->town_id, std::nullopt, std::nullopt})) {
            return NotFound();
        }
        SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names({row->town_id}));
        return DocumentFile{std::move(row->pdf), "application/pdf", "monthly-report-" + row->period + ".pdf",
                            names[row->town_id] + "安全生产月报" + row->period + ".pdf"};
    });
}

}  // namespace safegrid::services
