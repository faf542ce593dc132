#include "services/seed/demo_reports.hpp"

#include "core/report/monthly.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services::seed {

Result<int> SeedDemoReports(storage::Database& db, MonthlyReportJob& job, MonthlyReportService& reports,
                            const Clock& clock, const SeedSummary& town) {
    SG_ASSIGN_OR_RETURN(auto region, db.Transact(false, [&](storage::Connection& conn) {
        return storage::RegionRepository(conn).FindById(town.town_id);
    }));
    if (!region) return Internal("seed reports: no town " + std::to_string(town.town_id));
    const std::string today = FormatLocalIsoDate(clock.Now(), reports.zone());
    auto last = report::PreviousMonth(today);
    if (!last) return Internal("seed reports: today is not a date: " + today);
    auto before = report::PreviousMonth(last->FirstDay());
    if (!before) return Internal("seed reports: no month before " + last->Text());
    MonthlyReportJobReport done;
    int stored = 0;
    for (const auto& period : {*before, *last}) {
        SG_ASSIGN_OR_RETURN(bool made, job.Generate(*region, period, done));
        stored += made ? 1 : 0;
    }
    return stored;
}

}  // namespace safegrid::services::seed
