// The notification world (notification_world.hpp: users 2..12 of 匡堰镇 and 观海卫镇) with what the
// duty side of alarms needs, written with SQL as the alarm processor would leave it: devices, alarm
// rows, micro fire stations, enterprise locations; and the duty services (AlarmNotifier, LiveEvents,
// AlarmEscalationJob) on the same store. Shared by the notifier, escalation and alarm risk tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/alarm_escalation_job.hpp"
#include "services/alarm_notifier.hpp"
#include "services/live_events.hpp"
#include "services/notification_world.hpp"

namespace safegrid::test {

class AlarmDutyWorld {
  public:
    static std::unique_ptr<AlarmDutyWorld> Make(Backend backend, services::AlarmEscalationOptions options = {}) {
        auto n = NotificationWorld::Make(backend);
        if (!n) return nullptr;
        return std::unique_ptr<AlarmDutyWorld>(new AlarmDutyWorld(std::move(n), options));
    }

    // Fresh service objects on the same store (a restart).
    void Restart(services::AlarmEscalationOptions options = {}) {
        job.reset();
        notifier.reset();
        live.reset();
        nw->Restart();
        live = std::make_unique<services::LiveEvents>(clock());
        notifier = std::make_unique<services::AlarmNotifier>(clock(), *nw->notifications);
        job = std::make_unique<services::AlarmEscalationJob>(store().shared(), clock(), *r().audit, *notifier, *live,
                                                             options);
    }

    void Locate(int64_t enterprise, std::optional<double> lat, std::optional<double> lng) {
        store().Exec("UPDATE enterprises SET lat = ?, lng = ? WHERE id = ?",
                     {storage::Nullable(lat), storage::Nullable(lng), enterprise});
    }

    int64_t Device(int64_t enterprise, const std::string& serial, const std::string& kind = "smoke_detector") {
        store().Exec(
            "INSERT INTO devices (town_id, village_id, grid_id, enterprise_id, kind, serial, protocol, created_at, "
            "updated_at) SELECT town_id, village_id, grid_id, id, ?, ?, 'mqtt', 0, 0 FROM enterprises WHERE id = ?",
            {kind, serial, enterprise});
        return store().QueryInt("SELECT id FROM devices WHERE serial = ?", {serial});
    }

    // An alarm row as the processor writes it (scope copied from the enterprise).
    int64_t Alarm(int64_t device, const std::string& kind, UnixSeconds raised_at, const std::string& status = "active",
                  std::optional<UnixSeconds> cleared_at = std::nullopt, const std::string& component = "") {
        store().Exec(
            "INSERT INTO alarms (town_id, village_id, grid_id, enterprise_id, device_id, kind, status, component_key, "
            "source, raised_at, cleared_at, created_at, updated_at) SELECT town_id, village_id, grid_id, "
            "enterprise_id, id, ?, ?, ?, '{\"protocol\":\"mqtt\",\"detail\":\"smoke\"}', ?, ?, ?, ? FROM devices "
            "WHERE id = ?",
            {kind, status, component, raised_at, storage::Nullable(cleared_at), raised_at, raised_at, device});
        return store().QueryInt("SELECT MAX(id) FROM alarms");
    }

    int64_t Station(const std::string& name, int64_t region, std::optional<int64_t> village, double lat, double lng,
                    std::optional<int64_t> responsible) {
        store().Exec(
            "INSERT INTO stations (town_id, village_id, region_id, name, kind, lat, lng, staff, radius_m, "
            "responsible_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, 'community', ?, ?, 6, 1000, ?, 0, 0)",
            {r().town, storage::Nullable(village), region, name, lat, lng, storage::Nullable(responsible)});
        return store().QueryInt("SELECT MAX(id) FROM stations");
    }

    Result<int64_t> NotifyRaised(int64_t alarm) {
        return store().shared()->Transact(
            true, [&](storage::Connection& conn) { return notifier->NotifyRaisedCount(conn, alarm); });
    }

    // How many notifications user `user` has about alarm `alarm` (of `kind` when given).
    int64_t Told(int64_t user, int64_t alarm, const std::string& kind = "") {
        return store().QueryInt(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND link = ? AND (? = '' OR kind = ?)",
            {user, services::AlarmNotifier::Link(alarm), kind, kind});
    }
    int64_t ToldAbout(int64_t alarm) {
        return store().QueryInt("SELECT COUNT(*) FROM notifications WHERE link = ?",
                                {services::AlarmNotifier::Link(alarm)});
    }

    storage::Rows Query(const std::string& sql, std::vector<storage::Value> params = {}) {
        auto rows = store().db().Read([&](storage::Connection& c) { return c.Query(sql, params); });
        EXPECT_TRUE(rows) << sql << ": " << (rows ? "" : rows.error().internal);
        return rows ? *rows : storage::Rows{};
    }

    TestStore& store() { return nw->store(); }
    FakeClock& clock() { return nw->clock(); }
    RegistryWorld& r() { return nw->r(); }

    std::unique_ptr<NotificationWorld> nw;
    std::unique_ptr<services::LiveEvents> live;
    std::unique_ptr<services::AlarmNotifier> notifier;
    std::unique_ptr<services::AlarmEscalationJob> job;

  private:
    AlarmDutyWorld(std::unique_ptr<NotificationWorld> n, services::AlarmEscalationOptions options) : nw(std::move(n)) {
        live = std::make_unique<services::LiveEvents>(clock());
        notifier = std::make_unique<services::AlarmNotifier>(clock(), *nw->notifications);
        job = std::make_unique<services::AlarmEscalationJob>(store().shared(), clock(), *r().audit, *notifier, *live,
                                                             options);
    }
};

}  // namespace safegrid::test
