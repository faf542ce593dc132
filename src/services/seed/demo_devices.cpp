#include "services/seed/demo_devices.hpp"

#include <array>
#include <string>
#include <vector>

namespace safegrid::services::seed {
namespace {

constexpr int64_t kEnterprises = 12;
constexpr int64_t kFirstUnitAddress = 100001;

DeviceInput Input(int64_t enterprise, const char* kind, const std::string& serial, const char* protocol,
                  std::optional<int64_t> unit_address = std::nullopt) {
    DeviceInput in;
    in.enterprise_id = enterprise;
    in.kind = kind;
    in.serial = serial;
    in.protocol = protocol;
    if (unit_address) in.unit_address = std::optional<int64_t>(*unit_address);
    return in;
}

// What the gateway writes; the demo has no gateway yet, so the seed plays its part.
Status Seen(storage::Database& db, int64_t id, bool online, const char* state, UnixSeconds at) {
    return db.Transact(true, [&](storage::Connection& conn) -> Status {
        const std::array<storage::Value, 4> params = {int64_t{online ? 1 : 0}, std::string(state), at, id};
        SG_TRY(conn.Execute("UPDATE devices SET online = ?, state = ?, last_seen_at = ? WHERE id = ?", params));
        return {};
    });
}

}  // namespace

Result<DeviceSeedSummary> SeedDemoDevices(storage::Database& db, DeviceService& devices, const Clock& clock,
                                          const SeedSummary& town) {
    SG_ASSIGN_OR_RETURN(auto enterprises, db.Read([&](storage::Connection& conn) -> Result<std::vector<int64_t>> {
        const std::array<storage::Value, 3> params = {town.town_id, town.enterprise1_id, kEnterprises};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM enterprises WHERE town_id = ? "
                                                  "ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, id LIMIT ?",
                                                  params));
        std::vector<int64_t> out;
        for (const auto& row : rows.rows) out.push_back(row.Int(0));
        return out;
    }));
    const UnixSeconds now = clock.Now();
    DeviceSeedSummary summary;
    int64_t unit_address = kFirstUnitAddress;
    bool first_panel = true;
    for (size_t i = 0; i < enterprises.size(); ++i) {
        const int64_t e = enterprises[i];
        const std::string tag = std::to_string(e);
        const bool offline = i % 5 == 4;
        const UnixSeconds seen = offline ? now - 26 * 3600 : now - static_cast<UnixSeconds>(60 * (i + 1));
        SG_ASSIGN_OR_RETURN(auto smoke, devices.Create(nullptr, Input(e, "smoke_detector", "SD-" + tag, "mqtt")));
        SG_TRY(Seen(db, smoke.device.id, !offline, offline ? "offline" : (i == 1 ? "fault" : "normal"), seen));
        ++summary.devices;
        if (i % 3 == 0) {
            SG_ASSIGN_OR_RETURN(
                auto panel, devices.Create(nullptr, Input(e, "fire_panel", "UITD-" + tag, "gb26875", unit_address++)));
            SG_TRY(Seen(db, panel.device.id, !offline, offline ? "offline" : "normal", seen));
            ++summary.devices;
            if (first_panel) {
                first_panel = false;
                SG_TRY(db.Transact(true, [&](storage::Connection& conn) -> Status {
                    storage::DeviceRepository repo(conn);
                    // System 1 (火灾报警系统) at address 1: its own state and one smoke head (type 40).
                    SG_TRY(repo.UpsertComponent({panel.device.id, 1, 1, 0, 0, "normal", seen}));
                    return repo.UpsertComponent({panel.device.id, 1, 1, 40, 0x00010203, "normal", seen});
                }));
            }
        }
        if (i % 4 == 0) {
            SG_ASSIGN_OR_RETURN(auto power, devices.Create(nullptr, Input(e, "electrical_fire", "EF-" + tag, "mqtt")));
            SG_TRY(Seen(db, power.device.id, !offline, offline ? "offline" : "normal", seen));
            ++summary.devices;
        }
    }
    return summary;
}

}  // namespace safegrid::services::seed
