#include "services/seed/demo_alarms.hpp"

#include <gtest/gtest.h>

#include "services/alarm_world.hpp"
#include "services/seed/demo_devices.hpp"

namespace safegrid::services::seed {
namespace {

class DemoAlarmsTest : public ::testing::TestWithParam<test::Backend> {};

TEST_P(DemoAlarmsTest, EveryCaseIsOnTheDemoDevices) {
    auto w = test::RegistryWorld::Make(GetParam());
    if (!w) {
        if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        return;
    }
    auto a = test::AlarmWorld::On(*w, false);
    ASSERT_TRUE(a);
    SeedSummary town;
    town.town_id = w->town;
    town.enterprise1_id = w->ent1a;
    town.grid_inspectors[w->grid1a] = {w->inspector.user_id, "网格员"};
    ASSERT_TRUE(SeedDemoDevices(*w->store->shared(), *a->devices, w->clock, town));
    auto seeded = SeedDemoAlarms(w->store->shared(), *a->inbox, *a->events, *a->alarms, w->clock, town);
    ASSERT_TRUE(seeded) << seeded.error().id << " " << seeded.error().internal;
    EXPECT_EQ(seeded->alarms, 3);  // 匡堰镇's three enterprises: none of the demo's is offline
    EXPECT_EQ(a->Count("kind = 'fire' AND status = 'active' AND grid_id = ?", {w->grid1a}), 1);
    EXPECT_EQ(a->Count("kind = 'fault' AND status = 'acknowledged'"), 1);
    EXPECT_EQ(a->Count("kind = 'fire' AND status = 'resolved' AND cleared_at IS NOT NULL"), 1);
    EXPECT_EQ(w->AuditCount("alarm"), 2);
    // The inspector of grid 1a sees the active fire on the list.
    auto listed = a->alarms->List(w->inspector, {.status = "active"});
    ASSERT_TRUE(listed);
    EXPECT_GE(listed->second, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoAlarmsTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services::seed
