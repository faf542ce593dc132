// `safegrid seed-demo` last part: the town's stored monthly reports (月报) for the two months before
// the current one, generated from the seeded data by the same path as the scheduler's job
// (MonthlyReportJob::Generate: stored once, the town users notified), so the 月报 page's list is not
// empty on `make run`.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/monthly_report_job.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

// The number of reports stored (0 when they already were).
Result<int> SeedDemoReports(storage::Database& db, MonthlyReportJob& job, MonthlyReportService& reports,
                            const Clock& clock, const SeedSummary& town);

}  // namespace safegrid::services::seed
