#include "services/escalation_job.hpp"

#include <algorithm>
#include <limits>

#include "services/notification_text.hpp"
#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kDay = 86400;

// 00:00 in the town's time zone of the day a deadline falls on. A deadline at exactly 00:00 belongs
// to the day before (it ends that day), hence D − 1.
UnixSeconds DueDayStart(UnixSeconds due, const TimeZone& zone) {
    const int64_t local = due - 1 + zone.utc_offset_seconds;
    const int64_t midnight = local - (((local % kDay) + kDay) % kDay);
    return midnight - zone.utc_offset_seconds;
}

}  // namespace

EscalationJob::EscalationJob(std::shared_ptr<storage::Database> db, const Clock& clock, HazardService& hazards,
                             NotificationService& notifications, EscalationOptions options)
    : db_(std::move(db)), clock_(clock), hazards_(hazards), notifications_(notifications), options_(options) {}

Result<EscalationReport> EscalationJob::Run() {
    const UnixSeconds now = clock_.Now();
    SG_ASSIGN_OR_RETURN(auto scanned_to, db_->Transact(false, [&](storage::Connection& conn) {
        return storage::NotificationRepository(conn).LastJobRun(kCursorJob);
    }));
    const UnixSeconds since = std::max(scanned_to.value_or(now - options_.max_catch_up), now - options_.max_catch_up);
    EscalationReport report;
    if (since >= now) return report;  // ran this second already (or the clock went back)
    // Reminders first, then the ladder in order, so a late run that crosses both rungs of one hazard
    // tells the village before the town.
    Status first_error;
    for (Threshold kind : {Threshold::kReminder3, Threshold::kDue, Threshold::kOverdue1, Threshold::kOverdue2}) {
        auto scanned = Scan(kind, since, now, report);
        if (!scanned && first_error) first_error = scanned;
    }
    // The range is done only when every hazard in it was; otherwise the next run repeats it.
    if (!first_error) return Fail(first_error.error());
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) {
        return storage::NotificationRepository(conn).RecordJobRun(
            kCursorJob, now,
            "reminders=" + std::to_string(report.reminders) + " escalations=" + std::to_string(report.escalations));
    }));
    return report;
}

Status EscalationJob::Scan(Threshold kind, UnixSeconds since, UnixSeconds now, EscalationReport& report) {
    // The due_at range whose threshold can lie in (since, now].
    const int64_t early = options_.reminder_days * kDay;
    const int64_t late = options_.town_after_days * kDay;
    UnixSeconds lo = since;
    UnixSeconds hi = now;
    switch (kind) {
        case Threshold::kReminder3:
            lo = since + early, hi = now + early;
            break;
        case Threshold::kDue:
            lo = since, hi = now + kDay;
            break;  // the day starts ≤ 1 day before D
        case Threshold::kOverdue1:
            lo = since - 1, hi = now - 1;
            break;  // overdue from D + 1
        case Threshold::kOverdue2:
            lo = since - late, hi = now - late;
            break;
    }
    UnixSeconds after_due = std::numeric_limits<UnixSeconds>::min();
    int64_t after_id = 0;
    Status first_error;
    for (;;) {
        SG_ASSIGN_OR_RETURN(auto page, db_->Transact(false, [&](storage::Connection& conn) {
            return storage::NotificationRepository(conn).RectifyingDue(lo, hi, after_due, after_id, options_.page_size);
        }));
        for (const auto& h : page) {
            ++report.hazards_seen;
            auto handled = Handle(kind, h.id, h.due_at, since, now, report);
            if (!handled && first_error) first_error = handled;
        }
        if (static_cast<int64_t>(page.size()) < options_.page_size) break;
        after_due = page.back().due_at;
        after_id = page.back().id;
    }
    return first_error;
}

Status EscalationJob::Handle(Threshold kind, int64_t hazard_id, UnixSeconds due, UnixSeconds since, UnixSeconds now,
                             EscalationReport& report) {
    const UnixSeconds day_start = DueDayStart(due, options_.zone);
    UnixSeconds threshold = 0;
    switch (kind) {
        case Threshold::kReminder3:
            threshold = due - options_.reminder_days * kDay;
            break;
        case Threshold::kDue:
            threshold = day_start;
            break;
        case Threshold::kOverdue1:
            threshold = due + 1;
            break;
        case Threshold::kOverdue2:
            threshold = due + options_.town_after_days * kDay;
            break;
    }
    if (threshold <= since || threshold > now) return {};
    // Stale reminders are noise: three days' notice once the day has come, "due today" once overdue.
    if (kind == Threshold::kReminder3 && now >= day_start) return {};
    if (kind == Threshold::kDue && now > due) return {};

    return db_->Transact(true, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto h, storage::HazardRepository(conn).FindById(hazard_id));
        // Acted on or extended since the scan read it: the new state has its own thresholds.
        if (!h || h->status != HazardStatus::kRectifying || h->due_at != due) return {};
        const std::string key_tail = std::to_string(h->id) + ":" + std::to_string(due);
        SG_ASSIGN_OR_RETURN(const HazardSubject subject, SubjectOf(conn, *h));
        const std::string zh = SubjectZh(subject);
        const std::string en = SubjectEn(subject);
        const std::string deadline = DeadlineLine(due, now, options_.zone);
        switch (kind) {
            case Threshold::kReminder3: {
                const std::string days = std::to_string(options_.reminder_days);
                NotificationText text{"reminder",
                                      {zh + "整改期限还剩" + days + "天", en + ": " + days + " days left to rectify"},
                                      deadline};
                SG_ASSIGN_OR_RETURN(int64_t n, notifications_.NotifyHazard(conn, *h, kEnterpriseUsers | kGridInspectors,
                                                                           text, "reminder3:" + key_tail));
                report.reminders += n;
                return {};
            }
            case Threshold::kDue: {
                NotificationText text{"due_today", {zh + "今天是整改期限", en + ": rectification due today"}, deadline};
                SG_ASSIGN_OR_RETURN(int64_t n, notifications_.NotifyHazard(conn, *h, kEnterpriseUsers | kGridInspectors,
                                                                           text, "due:" + key_tail));
                report.reminders += n;
                return {};
            }
            case Threshold::kOverdue1: {
                SG_ASSIGN_OR_RETURN(bool raised, hazards_.Escalate(conn, h->id, 1, "逾期未整改，已通报村级"));
                report.escalations += raised;
                return {};
            }
            case Threshold::kOverdue2: {
                // A run that slept through both rungs still climbs them in order.
                SG_ASSIGN_OR_RETURN(bool first, hazards_.Escalate(conn, h->id, 1, "逾期未整改，已通报村级"));
                SG_ASSIGN_OR_RETURN(bool second, hazards_.Escalate(conn, h->id, 2,
                                                                   "逾期" + std::to_string(options_.town_after_days) +
                                                                       "天以上未整改，已上报镇级"));
                report.escalations += first + second;
                return {};
            }
        }
        return {};
    });
}

}  // namespace safegrid::services
