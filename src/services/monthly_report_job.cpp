#include "services/monthly_report_job.hpp"

#include "core/report/monthly.hpp"
#include "storage/repositories/monthly_report_repository.hpp"
#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {

Result<MonthlyReportJobReport> MonthlyReportJob::Run() {
    const std::string today = FormatLocalIsoDate(clock_.Now(), reports_.zone());
    const auto period = report::PreviousMonth(today);
    if (!period) return Internal("monthly report: today is not a date: " + today);
    SG_ASSIGN_OR_RETURN(auto regions, db_->Transact(false, [&](storage::Connection& conn) {
        return storage::RegionRepository(conn).List({storage::PathFilter::Any()});
    }));
    MonthlyReportJobReport report;
    for (const Region& r : regions) {
        if (r.kind != RegionKind::kTown) continue;
        ++report.towns;
        SG_TRY(Generate(r, *period, report));
    }
    return report;
}

Result<bool> MonthlyReportJob::Generate(const Region& town, const scorecard::Period& period,
                                        MonthlyReportJobReport& report) {
    const std::string text = period.Text();
    SG_ASSIGN_OR_RETURN(bool stored, db_->Transact(false, [&](storage::Connection& conn) -> Result<bool> {
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT 1 FROM monthly_reports WHERE town_id = ? AND period = ?",
                                                  std::array<storage::Value, 2>{town.id, text}));
        return !rows.rows.empty();
    }));
    if (stored) return false;
    // Rendered outside the write transaction: the PDF takes the longest, and holding SQLite's write
    // lock meanwhile would stall every request. The insert below decides who stores it.
    SG_ASSIGN_OR_RETURN(auto built, reports_.BuildFor(town, period));
    SG_ASSIGN_OR_RETURN(auto pdf, reports_.RenderPdf(built));
    const UnixSeconds now = clock_.Now();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<bool> {
        SG_ASSIGN_OR_RETURN(auto id, storage::MonthlyReportRepository(conn).InsertOnce(town.id, text, now, pdf));
        if (!id) return false;
        ++report.generated;
        storage::NotificationRepository notifications(conn);
        SG_ASSIGN_OR_RETURN(auto users, notifications.Users(town.id, "town", std::nullopt, std::nullopt));
        const std::string month = report::MonthLabelZh(period);
        for (const auto& u : users) {
            storage::NotificationRecord n;
            n.town_id = town.id;
            n.user_id = u.id;
            n.kind = "monthly_report";
            n.title = town.name + "安全生产月报（" + month + "）已生成";
            n.title_en = "The monthly report for " + text + " is ready";
            n.body = "本月发现隐患 " + std::to_string(built.found) + " 处，整改销号 " + std::to_string(built.closed) +
                     " 处，月末逾期 " + std::to_string(built.overdue) + " 处。点击查看月报 PDF。";
            n.link = "/api/v1/reports/" + std::to_string(*id) + "/report.pdf";
            n.dedupe_key = "monthly_report:" + std::to_string(town.id) + ":" + text + ":" + std::to_string(u.id);
            n.created_at = now;
            SG_ASSIGN_OR_RETURN(auto written, notifications.Insert(n));
            if (written) ++report.notifications;
        }
        return true;
    });
}

}  // namespace safegrid::services
