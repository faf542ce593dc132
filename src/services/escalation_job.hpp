// The deadline job: reminders three days before and on the day of a rectifying hazard's deadline,
// and the escalation ladder once it is overdue (level 1: the village officers, then, three days
// later, level 2: the town), through HazardService::Escalate (history event, audit entry, on_event
// → NotificationService writes the overdue notifications).
//
// THRESHOLDS of a hazard with deadline D (the town's time zone, options.zone, for "the day"):
//   reminder3 at D − 3 days   (skipped once the due day has begun: the due-day reminder covers it)
//   due       at 00:00 of the due day (skipped once D has passed: it is overdue, not due)
//   overdue1  at D            (escalate to level 1)
//   overdue2  at D + 3 days   (escalate to level 2)
// Each run handles the thresholds crossed since the last run: (scanned_to, now]. scanned_to lives in
// job_runs (row "deadlines.scanned_to") and moves only when every hazard of the run succeeded; after
// a crash the next run scans the same range again and the dedupe keys (see notification_service.hpp)
// and Escalate's "already at that level" make the repeat write nothing. A first run, or one after a
// long stop, looks back at most max_catch_up seconds, so old history is not announced as news.
//
// COST: each threshold is one range of the hazards_due (status, due_at) index ("rectifying" and
// due_at in a window as wide as the time since the last run), paged with a keyset cursor; a run
// every minute touches only the hazards whose thresholds fell in that minute, at any table size.
// Each hazard is handled in its own short write transaction, re-read inside it.
//
// Not covered: a hazard that was submitted before its deadline and returned to rectifying after
// it crossed overdue1 while submitted; it is overdue in every list, but the ladder starts only at
// the next deadline (extend).
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/hazard_service.hpp"
#include "services/notification_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct EscalationOptions {
    int64_t reminder_days = 3;         // the early reminder, days before the deadline
    int64_t town_after_days = 3;       // days overdue before level 2 (the town)
    int64_t max_catch_up = 7 * 86400;  // how far back a first or late run looks
    int64_t page_size = 200;           // hazards per page of a scan
    TimeZone zone;                     // config `time_zone`: when "the day" of a deadline starts
};

struct EscalationReport {
    int64_t reminders = 0;     // notifications written (reminder3 + due)
    int64_t escalations = 0;   // Escalate calls that raised a level
    int64_t hazards_seen = 0;  // rows the scans returned
};

class EscalationJob {
  public:
    static constexpr const char* kName = "deadlines";
    static constexpr const char* kCursorJob = "deadlines.scanned_to";

    EscalationJob(std::shared_ptr<storage::Database> db, const Clock& clock, HazardService& hazards,
                  NotificationService& notifications, EscalationOptions options = {});

    // One pass over the thresholds crossed since the last successful pass.
    Result<EscalationReport> Run();

  private:
    enum class Threshold { kReminder3, kDue, kOverdue1, kOverdue2 };
    // Pages through the hazards whose `kind` threshold lies in (since, now].
    Status Scan(Threshold kind, UnixSeconds since, UnixSeconds now, EscalationReport& report);
    // One hazard, one transaction: re-read, check the threshold still applies, act.
    Status Handle(Threshold kind, int64_t hazard_id, UnixSeconds due_at, UnixSeconds since, UnixSeconds now,
                  EscalationReport& report);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    HazardService& hazards_;
    NotificationService& notifications_;
    EscalationOptions options_;
};

}  // namespace safegrid::services
