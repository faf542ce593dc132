#include "services/device_offline_job.hpp"

#include <boost/json.hpp>

#include "core/alarm/alarm.hpp"
#include "core/time.hpp"
#include "services/alarm_json.hpp"
#include "storage/repositories/device_repository.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kPage = 200;

}  // namespace

DeviceOfflineJob::DeviceOfflineJob(std::shared_ptr<storage::Database> db, const Clock& clock, LiveEvents& events,
                                   int64_t offline_after_seconds)
    : db_(std::move(db)), clock_(clock), events_(events), offline_after_(offline_after_seconds) {}

Result<int64_t> DeviceOfflineJob::Run() {
    const UnixSeconds now = clock_.Now();
    const UnixSeconds cutoff = now - offline_after_;
    int64_t went_offline = 0;
    for (;;) {
        SG_ASSIGN_OR_RETURN(auto silent, db_->Read([&](storage::Connection& conn) {
            return storage::DeviceRepository(conn).SilentSince(cutoff, kPage);
        }));
        int64_t changed_here = 0;
        for (const storage::DeviceRecord& listed : silent) {
            bool published = false;
            SG_ASSIGN_OR_RETURN(bool changed, db_->Transact(true, [&](storage::Connection& conn) -> Result<bool> {
                storage::DeviceRepository devices(conn);
                SG_ASSIGN_OR_RETURN(auto d, devices.FindById(listed.id));
                // Heard from since the list was read: nothing to do.
                if (!d || !d->online || !d->last_seen_at || *d->last_seen_at >= cutoff) return false;
                SG_TRY(devices.SetContact(d->id, "offline", false, d->last_seen_at, now));
                storage::AlarmRepository alarms(conn);
                const std::string kind(alarm::KindName(alarm::AlarmKind::kOffline));
                SG_ASSIGN_OR_RETURN(bool still, alarms.Uncleared(d->id, kind, std::string()));
                if (still) return true;
                storage::AlarmRecord a;
                a.path = d->path;
                a.enterprise_id = d->enterprise_id;
                a.device_id = d->id;
                a.kind = kind;
                a.source = boost::json::serialize(
                    // No "detail": that is the device's own text; the page words "last heard" itself.
                    boost::json::object{{"protocol", d->protocol}, {"last_seen_at", FormatRfc3339(*d->last_seen_at)}});
                a.raised_at = a.created_at = a.updated_at = now;
                SG_ASSIGN_OR_RETURN(auto id, alarms.InsertIfNoneOpen(a));
                if (!id) return true;
                SG_ASSIGN_OR_RETURN(auto stored, alarms.FindById(*id));
                if (!stored) return Internal("alarm vanished after insert");
                SG_TRY(events_.Record(conn,
                                      {"alarm.raised", stored->path, stored->enterprise_id, AlarmEventData(*stored)}));
                if (on_raised) SG_TRY(on_raised(conn, *stored));
                published = true;
                return true;
            }));
            if (published) events_.Wake();
            if (changed) ++changed_here;
        }
        went_offline += changed_here;
        // Every device handled leaves the list (online false); a short page is the last one. A page
        // where nothing changed (all heard from meanwhile) would be read again: stop instead.
        if (static_cast<int64_t>(silent.size()) < kPage || changed_here == 0) break;
    }
    return went_offline;
}

}  // namespace safegrid::services
