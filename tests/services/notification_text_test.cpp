#include "services/notification_text.hpp"

#include <gtest/gtest.h>

namespace safegrid::services {
namespace {

constexpr UnixSeconds kNow = 1796515200;  // 2026-12-06 00:00 UTC

TEST(NotificationText, NamesTheEnterpriseAndTheHazard) {
    const HazardSubject s{.enterprise = "某某服装厂", .title = "安全出口堵塞"};
    EXPECT_EQ(SubjectZh(s), "【某某服装厂】隐患《安全出口堵塞》");
    EXPECT_EQ(SubjectZh(s, "重大隐患"), "【某某服装厂】重大隐患《安全出口堵塞》");
    EXPECT_EQ(SubjectEn(s), "[某某服装厂] Hazard \u201c安全出口堵塞\u201d");
    // A citizen's report not yet assigned has no enterprise: no empty brackets.
    EXPECT_EQ(SubjectZh({.enterprise = "", .title = "楼道堆放杂物"}), "隐患《楼道堆放杂物》");
    EXPECT_EQ(SubjectEn({.enterprise = "", .title = "x"}), "Hazard \u201cx\u201d");
}

TEST(NotificationText, TheDayIsTheTownsCalendarDayAndNamesTheYearOnlyWhenItDiffers) {
    const TimeZone shanghai;
    auto new_york = ParseTimeZone("UTC-05:00");
    ASSERT_TRUE(new_york);
    const UnixSeconds due = 1797706800;  // 2026-12-19 19:00 UTC
    EXPECT_EQ(LocalDayZh(due, kNow, shanghai), "12月20日");
    EXPECT_EQ(LocalDayZh(due, kNow, *new_york), "12月19日");
    EXPECT_EQ(LocalDayZh(due + 20 * 86400, kNow, shanghai), "2027年1月9日");
    EXPECT_EQ(DeadlineLine(due, kNow, shanghai), "整改期限：12月20日");
    EXPECT_EQ(DeadlineLine(std::nullopt, kNow, shanghai), "");
}

TEST(NotificationText, AnAlarmNamesTheEnterpriseTheDeviceTheKindAndTheTownsTime) {
    const TimeZone shanghai;
    // 2026-12-05 18:13 UTC is 02:13 on 6 December in the town.
    const AlarmSubject fire{"某某服装厂", "smoke_detector", "SD-0001", "fire", 1796494380};
    const Text t = AlarmTitle(fire, kNow, shanghai);
    EXPECT_EQ(t.zh, "【某某服装厂】火警：烟感探测器 SD-0001，12月6日 02:13");
    EXPECT_EQ(t.en, "[某某服装厂] Fire alarm: smoke detector SD-0001, 2026-12-06 02:13");
    const Text late = AlarmTitle(fire, kNow, shanghai, {"未确认", "Unacknowledged "});
    EXPECT_EQ(late.zh, "【某某服装厂】未确认火警：烟感探测器 SD-0001，12月6日 02:13");
    EXPECT_EQ(late.en, "[某某服装厂] Unacknowledged fire alarm: smoke detector SD-0001, 2026-12-06 02:13");
    const Text offline = AlarmTitle({"", "fire_panel", "FP-9", "offline", kNow - 86400 * 400}, kNow, shanghai);
    EXPECT_EQ(offline.zh, "设备离线：火灾报警控制器 FP-9，2025年11月1日 08:00");
    EXPECT_EQ(offline.en, "Device offline: fire alarm panel FP-9, 2025-11-01 08:00");
    EXPECT_EQ(LocalTimeZh(1796494380, kNow, shanghai), "12月6日 02:13");
}

}  // namespace
}  // namespace safegrid::services
