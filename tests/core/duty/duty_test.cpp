#include "core/duty/duty.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

constexpr UnixSeconds kRaised = 1'796'000'000;

TEST(AlarmLadder, AnUnacknowledgedFireClimbsToTheVillageThenTheTown) {
    const AlarmLadder ladder;  // 300 / 900 / 86400
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised), 0);
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 299), 0);
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 300), 1);  // the threshold itself
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 899), 1);
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 900), 2);
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 86400 * 30), 2);
    // A panel that was reset is not a person who looked: a cleared fire still climbs.
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", true, kRaised, kRaised + 900), 2);
}

TEST(AlarmLadder, APersonsAnswerStopsTheLadder) {
    const AlarmLadder ladder;
    for (const char* status : {"acknowledged", "false_alarm", "resolved"}) {
        EXPECT_EQ(DueAlarmLevel(ladder, "fire", status, false, kRaised, kRaised + 3600), 0) << status;
        EXPECT_EQ(DueAlarmLevel(ladder, "fault", status, false, kRaised, kRaised + 86400 * 9), 0) << status;
    }
}

TEST(AlarmLadder, FaultsAndOfflineReachOnlyTheVillageAfterADay) {
    const AlarmLadder ladder;
    for (const char* kind : {"fault", "offline"}) {
        EXPECT_EQ(DueAlarmLevel(ladder, kind, "active", false, kRaised, kRaised + 86399), 0) << kind;
        EXPECT_EQ(DueAlarmLevel(ladder, kind, "active", false, kRaised, kRaised + 86400), 1) << kind;
        EXPECT_EQ(DueAlarmLevel(ladder, kind, "active", false, kRaised, kRaised + 86400 * 30), 1) << kind;
        // The device reports it gone: nobody needs telling.
        EXPECT_EQ(DueAlarmLevel(ladder, kind, "active", true, kRaised, kRaised + 86400 * 2), 0) << kind;
    }
    EXPECT_EQ(DueAlarmLevel(ladder, "other", "active", false, kRaised, kRaised + 86400 * 30), 0);
}

TEST(AlarmLadder, ThresholdsComeFromConfiguration) {
    const AlarmLadder ladder{60, 120, 600};
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 60), 1);
    EXPECT_EQ(DueAlarmLevel(ladder, "fire", "active", false, kRaised, kRaised + 120), 2);
    EXPECT_EQ(DueAlarmLevel(ladder, "fault", "active", false, kRaised, kRaised + 600), 1);
}

TEST(AlarmLadder, TheScanBoundAgreesWithTheLevel) {
    const AlarmLadder ladder;
    const UnixSeconds now = kRaised + 5000;
    for (const char* kind : {"fire", "fault", "offline", "other"}) {
        for (int64_t level : {1, 2}) {
            const auto bound = RaisedAtOrBeforeForLevel(ladder, kind, level, now);
            if (!bound) {
                EXPECT_LT(DueAlarmLevel(ladder, kind, "active", false, now - 86400 * 365, now), level) << kind;
                continue;
            }
            EXPECT_GE(DueAlarmLevel(ladder, kind, "active", false, *bound, now), level) << kind;
            EXPECT_LT(DueAlarmLevel(ladder, kind, "active", false, *bound + 1, now), level) << kind;
        }
    }
}

TEST(NearestPoint, PicksTheClosestByGreatCircle) {
    const GeoPoint workshop{30.2010, 121.3050};
    const std::vector<GeoPoint> stations = {{30.2500, 121.3050}, {30.2012, 121.3080}, {30.1000, 121.2000}};
    EXPECT_EQ(NearestPoint(workshop, stations), std::optional<size_t>(1));
    EXPECT_EQ(NearestPoint(workshop, {}), std::nullopt);
    // Equal distances: the first one (stations are listed by id, so the older station).
    EXPECT_EQ(NearestPoint({0, 0}, {{0, 1}, {0, -1}}), std::optional<size_t>(0));
}

}  // namespace
}  // namespace safegrid
