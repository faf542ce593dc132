#include "services/station_reminder_job.hpp"

#include "storage/repositories/notification_repository.hpp"
#include "storage/repositories/station_repository.hpp"

namespace safegrid::services {

Result<StationReminderReport> StationReminderJob::Run() {
    const std::string today = FormatLocalIsoDate(clock_.Now(), zone_);
    auto until = station::AddDays(today, station::kExpiryWarningDays);
    if (!until) return Internal("station reminder: today is not a date: " + today);
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<StationReminderReport> {
        storage::StationRepository stations(conn);
        storage::NotificationRepository notifications(conn);
        SG_ASSIGN_OR_RETURN(auto rows, stations.ExpiringUntil(*until));
        StationReminderReport report;
        const UnixSeconds now = clock_.Now();
        for (const auto& row : rows) {
            ++report.items;
            std::vector<int64_t> to;
            if (row.responsible_user_id) {
                SG_ASSIGN_OR_RETURN(bool ok, stations.IsEnabledUserOfTown(*row.responsible_user_id, row.path.town_id));
                if (ok) to.push_back(*row.responsible_user_id);
            }
            if (to.empty()) {
                const bool village = row.path.village_id.has_value();
                SG_ASSIGN_OR_RETURN(auto users, notifications.Users(row.path.town_id, village ? "village" : "town",
                                                                    row.path.village_id, std::nullopt));
                for (const auto& u : users) to.push_back(u.id);
            }
            const station::EquipmentItem* item = standard_->FindItem(row.item);
            const std::string name_zh = item ? item->name_zh : row.item;
            const bool expired = row.expires_on < today;
            for (int64_t user : to) {
                storage::NotificationRecord n;
                n.town_id = row.path.town_id;
                n.user_id = user;
                n.kind = "station_expiry";
                n.title = expired ? "微型消防站器材已过期" : "微型消防站器材即将到期";
                n.title_en =
                    expired ? "Micro fire station equipment has expired" : "Micro fire station equipment expires soon";
                n.body = row.station_name + "：" + name_zh + "（" + row.item + "）有效期至 " + row.expires_on +
                         (expired ? "，已过期，请及时更换。" : "，请在到期前更换。");
                n.link = "/stations/" + std::to_string(row.station_id);
                n.dedupe_key = "station_expiry:" + std::to_string(row.station_id) + ":" + row.item + ":" +
                               row.expires_on + ":" + std::to_string(user);
                n.created_at = now;
                SG_ASSIGN_OR_RETURN(auto id, notifications.Insert(n));
                if (id) ++report.reminders;
            }
        }
        return report;
    });
}

}  // namespace safegrid::services
