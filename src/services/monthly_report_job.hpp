// The monthly report job (in the in-process scheduler, hourly): on or after the 1st of each month
// (the town's calendar) it generates the previous month's report of every town once, stores the
// PDF as a snapshot (migration 0022, monthly_reports) and puts a notification in the inbox of every
// enabled town-role user of that town, linked to the stored PDF (/api/v1/reports/{id}/report.pdf).
//
// ONCE ONLY: the snapshot row is UNIQUE (town_id, period) and inserted with ON CONFLICT DO NOTHING
// in the same write transaction as the notifications, which are written only when the row is new
// (their dedupe key "monthly_report:<town>:<period>:<user>" is a second guard). Re-running the job,
// a restart, or two processes (the second one's insert waits for the first's commit, then meets
// its row) never store a second report nor notify twice. A town whose report is stored is skipped
// before anything is rendered, so the hourly run costs one indexed read per town.
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/monthly_report_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct MonthlyReportJobReport {
    int64_t towns = 0;          // towns looked at
    int64_t generated = 0;      // reports stored by this run
    int64_t notifications = 0;  // notifications written by this run
};

class MonthlyReportJob {
  public:
    static constexpr const char* kName = "monthly_reports";
    static constexpr int64_t kPeriodSeconds = 3600;

    MonthlyReportJob(std::shared_ptr<storage::Database> db, const Clock& clock, MonthlyReportService& reports)
        : db_(std::move(db)), clock_(clock), reports_(reports) {}

    Result<MonthlyReportJobReport> Run();
    // One town's report for `period` ("YYYY-MM"), stored once with its notifications (the demo seed
    // calls it for the months before the current one). True when this call stored it.
    Result<bool> Generate(const Region& town, const scorecard::Period& period, MonthlyReportJobReport& report);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    MonthlyReportService& reports_;
};

}  // namespace safegrid::services
