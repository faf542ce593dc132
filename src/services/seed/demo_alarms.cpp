#include "services/seed/demo_alarms.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "services/alarm_processor.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services::seed {
namespace {

struct DemoDevice {
    int64_t id = 0;
    RegionPath path;
    int64_t enterprise_id = 0;
    std::string kind;
    std::string protocol;
    std::string state;
    std::optional<UnixSeconds> last_seen_at;
};

std::string Signal(const char* event, UnixSeconds at, const std::string& component = "") {
    std::string s = std::string(R"([{"event":")") + event + R"(","at":)" + std::to_string(at);
    if (!component.empty()) s += R"(,"component":)" + component;
    return s + "}]";
}

// The grid's inspector (the demo's people act where they work); the town's admin role otherwise.
Principal ActorFor(const SeedSummary& town, const RegionPath& path) {
    Principal p;
    if (path.grid_id) {
        if (auto it = town.grid_inspectors.find(*path.grid_id); it != town.grid_inspectors.end()) {
            p.user_id = it->second.user_id;
            p.username = it->second.name;
            p.role = Role::kInspector;
            p.scope = {Scope::Level::kGrid, *path.grid_id};
            return p;
        }
    }
    p.role = Role::kTown;
    p.username = "seed";
    p.scope = {Scope::Level::kTown, path.town_id};
    return p;
}

Result<int64_t> LatestAlarmOf(storage::Database& db, int64_t device_id) {
    return db.Read([&](storage::Connection& conn) -> Result<int64_t> {
        const std::array<storage::Value, 1> params = {device_id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT MAX(id) FROM alarms WHERE device_id = ?", params));
        if (rows.rows.empty() || !rows.rows.front().OptInt(0)) return Internal("seed: no alarm was raised");
        return rows.rows.front().Int(0);
    });
}

}  // namespace

Result<AlarmSeedSummary> SeedDemoAlarms(const std::shared_ptr<storage::Database>& db, DeviceInbox& inbox,
                                        LiveEvents& events, AlarmService& alarms, const Clock& clock,
                                        const SeedSummary& town) {
    SG_ASSIGN_OR_RETURN(auto devices, db->Read([&](storage::Connection& conn) -> Result<std::vector<DemoDevice>> {
        const std::array<storage::Value, 1> params = {town.town_id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id, town_id, village_id, grid_id, enterprise_id, kind, "
                                                  "protocol, state, last_seen_at FROM devices WHERE town_id = ? "
                                                  "ORDER BY id",
                                                  params));
        std::vector<DemoDevice> out;
        for (const auto& r : rows.rows) {
            out.push_back({r.Int(0),
                           {r.Int(1), r.OptInt(2), r.OptInt(3)},
                           r.Int(4),
                           r.Text(5),
                           r.Text(6),
                           r.Text(7),
                           r.OptInt(8)});
        }
        return out;
    }));
    const DemoDevice* fire = nullptr;
    const DemoDevice* fault = nullptr;
    const DemoDevice* panel = nullptr;
    std::vector<const DemoDevice*> offline;
    for (const DemoDevice& d : devices) {
        if (!fire && d.enterprise_id == town.enterprise1_id && d.kind == "smoke_detector") fire = &d;
        if (!fault && d.state == "fault") fault = &d;
        if (!panel && d.protocol == "gb26875" && d.state != "offline") panel = &d;
        if (d.state == "offline") offline.push_back(&d);
    }

    const UnixSeconds now = clock.Now();
    std::vector<InboxMessage> messages;
    if (fire) messages.push_back({fire->id, "mqtt", "demo-fire", now, Signal("fire", now), "{}"});
    if (fault) messages.push_back({fault->id, fault->protocol, "demo-fault", now, Signal("fault", now), "{}"});
    const std::string head = R"({"system_type":1,"system_address":1,"component_type":40,"component_address":66051})";
    if (panel) {
        messages.push_back({panel->id, "gb26875", "demo-1@fire", now, Signal("fire", now, head), ""});
        messages.push_back({panel->id, "gb26875", "demo-2@clear", now, Signal("clear", now, head), ""});
    }
    SG_TRY(inbox.Append(messages));
    AlarmProcessor processor(db, clock, inbox, events);
    SG_TRY(processor.Drain());

    if (fault) {
        SG_ASSIGN_OR_RETURN(int64_t id, LatestAlarmOf(*db, fault->id));
        SG_TRY(alarms.Act(ActorFor(town, fault->path), id, "acknowledge", std::nullopt, std::nullopt));
    }
    if (panel) {
        SG_ASSIGN_OR_RETURN(int64_t id, LatestAlarmOf(*db, panel->id));
        SG_TRY(alarms.Act(ActorFor(town, panel->path), id, "resolve", std::string("现场复位，烟感误触发已排除"),
                          std::nullopt));
    }
    // Devices the demo shows offline since yesterday: the alarm the offline job raised then.
    SG_TRY(db->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::AlarmRepository repo(conn);
        for (const DemoDevice* d : offline) {
            storage::AlarmRecord a;
            a.path = d->path;
            a.enterprise_id = d->enterprise_id;
            a.device_id = d->id;
            a.kind = "offline";
            const UnixSeconds last_seen = d->last_seen_at.value_or(now);
            a.source = R"({"protocol":")" + d->protocol + R"(","last_seen_at":")" + FormatRfc3339(last_seen) + R"("})";
            a.raised_at = a.created_at = a.updated_at = last_seen + 600;
            SG_TRY(repo.InsertIfNoneOpen(a));
        }
        return {};
    }));
    SG_ASSIGN_OR_RETURN(int64_t count, db->Read([&](storage::Connection& conn) -> Result<int64_t> {
        const std::array<storage::Value, 1> params = {town.town_id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT COUNT(*) FROM alarms WHERE town_id = ?", params));
        return rows.rows.front().Int(0);
    }));
    return AlarmSeedSummary{count};
}

}  // namespace safegrid::services::seed
