// The alarm side and its duty side meet only in the application (application.cpp WireAlarmDuty):
// here, on the demo town as `make run` builds it, a fire a detector reports is told to the people
// who answer for it and moves its enterprise's risk score, and marking it a false alarm moves it back.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/system_clock.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

int64_t QueryInt(storage::Database& db, const std::string& sql, std::span<const storage::Value> params = {}) {
    auto rows = db.Read([&](storage::Connection& conn) { return conn.Query(sql, params); });
    EXPECT_TRUE(rows) << sql;
    return rows && !rows->rows.empty() && !rows->rows[0].IsNull(0) ? rows->rows[0].Int(0) : -1;
}

TEST(AlarmWiring, AFireIsToldToItsPeopleAndMovesTheRiskScoreAndAFalseAlarmMovesItBack) {
    test::TempDir dir;
    Config config;
    config.db = "sqlite:" + dir.File("wiring.db");
    ASSERT_EQ(SeedDemoCommand(config, SeedOptions{.enterprises = 40, .hazards = 60}), 0);
    SystemClock clock;
    auto services = OpenServices(config, clock);
    ASSERT_TRUE(services) << services.error().id << " " << services.error().internal;
    Services& s = **services;
    storage::Database& db = *s.db;

    // An MQTT detector of an enterprise with no open alarm of its own, so the score moves by the fire only.
    const int64_t device = QueryInt(db,
                                    "SELECT MIN(d.id) FROM devices d WHERE d.protocol = 'mqtt' AND NOT EXISTS "
                                    "(SELECT 1 FROM alarms a WHERE a.enterprise_id = d.enterprise_id)");
    ASSERT_GT(device, 0);
    const std::array<storage::Value, 1> by_device = {device};
    const int64_t enterprise = QueryInt(db, "SELECT enterprise_id FROM devices WHERE id = ?", by_device);
    const std::array<storage::Value, 1> by_enterprise = {enterprise};
    const int64_t score_before = QueryInt(db, "SELECT risk_score FROM enterprises WHERE id = ?", by_enterprise);

    const std::string signals = R"([{"event":"fire","at":)" + std::to_string(clock.Now()) + "}]";
    const std::vector<services::InboxMessage> fire = {{device, "mqtt", "wiring-1", clock.Now(), signals, "{}"}};
    ASSERT_TRUE(s.device_inbox->Append(fire));
    auto drained = s.alarm_processor->Drain();
    ASSERT_TRUE(drained) << drained.error().internal;

    const int64_t alarm = QueryInt(db, "SELECT MAX(id) FROM alarms WHERE device_id = ? AND kind = 'fire'", by_device);
    ASSERT_GT(alarm, 0);
    const std::array<storage::Value, 1> link = {"/alarms?open=" + std::to_string(alarm)};
    EXPECT_GT(QueryInt(db, "SELECT COUNT(*) FROM notifications WHERE link = ?", link), 0)
        << "the grid's inspectors and the enterprise's users hear of the fire";
    const int64_t score_fire = QueryInt(db, "SELECT risk_score FROM enterprises WHERE id = ?", by_enterprise);
    EXPECT_GT(score_fire, score_before) << "a real fire alarm is a risk factor (fire_alarms_90d)";

    Principal town;
    town.user_id = QueryInt(db, "SELECT id FROM users WHERE username = 'town'");
    town.username = "town";
    town.role = Role::kTown;
    town.region_id = QueryInt(db, "SELECT town_id FROM enterprises WHERE id = ?", by_enterprise);
    town.scope = {Scope::Level::kTown, *town.region_id};
    auto acted = s.alarms->Act(town, alarm, "false_alarm", std::nullopt, std::nullopt);
    ASSERT_TRUE(acted) << acted.error().id;
    EXPECT_EQ(QueryInt(db, "SELECT risk_score FROM enterprises WHERE id = ?", by_enterprise), score_before)
        << "a false alarm leaves the fire count";
}

}  // namespace
}  // namespace safegrid::app
