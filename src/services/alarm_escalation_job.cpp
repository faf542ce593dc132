#include "services/alarm_escalation_job.hpp"

#include <array>
#include <string>
#include <utility>

#include "services/alarm_json.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services {

namespace bj = boost::json;

AlarmEscalationJob::AlarmEscalationJob(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                       AlarmNotifier& notifier, LiveEvents& live, AlarmEscalationOptions options)
    : db_(std::move(db)), clock_(clock), audit_(audit), notifier_(notifier), live_(live), options_(options) {}

Result<AlarmEscalationReport> AlarmEscalationJob::Run() {
    const UnixSeconds now = clock_.Now();
    AlarmEscalationReport report;
    Status first_error;
    // Level 1 first: an alarm that is due for both climbs both in its one Handle, in order.
    const std::array<std::pair<const char*, int64_t>, 4> rungs = {
        {{"fire", 1}, {"fire", 2}, {"fault", 1}, {"offline", 1}}};
    for (const auto& rung : rungs) {
        const std::string kind = rung.first;
        const int64_t level = rung.second;
        const auto bound = RaisedAtOrBeforeForLevel(options_.ladder, kind, level, now);
        if (!bound) continue;
        int64_t after_id = 0;
        for (;;) {
            SG_ASSIGN_OR_RETURN(auto page, db_->Transact(false, [&](storage::Connection& conn) {
                return storage::AlarmDutyRepository(conn).EscalationCandidates(kind, level, *bound, kind == "fire",
                                                                               after_id, options_.page_size);
            }));
            for (int64_t id : page) {
                ++report.alarms_seen;
                // One alarm failing (a busy store) does not stop the others; the next run retries it.
                auto handled = Handle(id, now, report);
                if (!handled && first_error) first_error = handled;
            }
            if (static_cast<int64_t>(page.size()) < options_.page_size) break;
            after_id = page.back();
        }
    }
    if (!first_error) return Fail(first_error.error());
    return report;
}

Status AlarmEscalationJob::Handle(int64_t alarm_id, UnixSeconds now, AlarmEscalationReport& report) {
    bool published = false;
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::AlarmDutyRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto found, repo.Find(alarm_id));
        if (!found) return {};
        const storage::DutyAlarm before = *found;
        // Acknowledged or closed since the scan, or the device cleared a fault: nothing due.
        const int64_t due = DueAlarmLevel(options_.ladder, before.kind, before.status, before.cleared_at.has_value(),
                                          before.raised_at, now);
        int64_t level = before.escalation_level;
        while (level < due) {
            const int64_t next = level + 1;
            SG_ASSIGN_OR_RETURN(bool moved, repo.Escalate(alarm_id, next, now));
            if (!moved) break;
            bj::object was, is;
            was["escalation_level"] = level;
            is["escalation_level"] = next;
            is["escalated_at"] = FormatRfc3339(now);
            SG_TRY(audit_.Append(conn, nullptr, {before.path.town_id, "alarm", alarm_id, "escalate", was, is}));
            SG_ASSIGN_OR_RETURN(int64_t told, notifier_.NotifyLevel(conn, before, next));
            report.notifications += told;
            ++report.escalations;
            level = next;
        }
        if (level == before.escalation_level) return {};
        SG_ASSIGN_OR_RETURN(auto after, storage::AlarmRepository(conn).FindById(alarm_id));
        if (!after) return Internal("escalated alarm vanished");
        SG_TRY(live_.Record(conn, {"alarm.updated", after->path, after->enterprise_id, AlarmEventData(*after)}));
        published = true;
        return {};
    }));
    if (published) live_.Wake();  // after the commit: the streams find the row at once
    return {};
}

}  // namespace safegrid::services
