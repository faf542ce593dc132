#include "services/seed/demo_devices.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services::seed {
namespace {

class DemoDevicesTest : public ::testing::TestWithParam<test::Backend> {};

TEST_P(DemoDevicesTest, EveryEnterpriseGetsASmokeDetectorAndThePageHasEveryCase) {
    auto w = test::RegistryWorld::Make(GetParam());
    if (!w) {
        if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        return;
    }
    DeviceService devices(w->store->shared(), w->clock, *w->audit);
    SeedSummary town;
    town.town_id = w->town;
    town.enterprise1_id = w->ent2a;  // listed first although not the lowest id
    auto seeded = SeedDemoDevices(*w->store->shared(), devices, w->clock, town);
    ASSERT_TRUE(seeded) << seeded.error().id << " " << seeded.error().internal;
    // 匡堰镇 has three enterprises: ent2a (i 0: smoke, panel, power), ent1a (i 1: smoke, in fault), ent1b (smoke).
    EXPECT_EQ(seeded->devices, 5);
    EXPECT_EQ(w->store->QueryInt("SELECT COUNT(*) FROM devices WHERE enterprise_id = ?", {w->ent2a}), 3);
    EXPECT_EQ(w->store->QueryInt("SELECT COUNT(*) FROM devices WHERE enterprise_id = ?", {w->ent_other}), 0);
    EXPECT_EQ(
        w->store->QueryInt("SELECT COUNT(*) FROM devices WHERE state = 'fault' AND enterprise_id = ?", {w->ent1a}), 1);
    EXPECT_EQ(w->store->QueryInt("SELECT COUNT(*) FROM devices WHERE online = 1 AND last_seen_at IS NOT NULL"), 5);
    EXPECT_EQ(w->store->QueryInt("SELECT unit_address FROM devices WHERE protocol = 'gb26875'"), 100001);
    EXPECT_EQ(w->store->QueryInt("SELECT COUNT(*) FROM device_components"), 2);
    // Each component row carries its device's town (0031), the shard key it is read by.
    EXPECT_EQ(w->store->QueryInt("SELECT COUNT(*) FROM device_components c JOIN devices d ON d.id = c.device_id "
                                 "WHERE c.town_id = d.town_id AND c.town_id <> 0"),
              2);
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoDevicesTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services::seed
