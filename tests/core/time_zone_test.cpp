#include "core/time_zone.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(TimeZone, ChinaNamesAreUtcPlusEight) {
    for (const char* name : {"Asia/Shanghai", "PRC", "Asia/Chongqing", "Asia/Hong_Kong"}) {
        auto zone = ParseTimeZone(name);
        ASSERT_TRUE(zone) << name;
        EXPECT_EQ(zone->utc_offset_seconds, 8 * 3600) << name;
        EXPECT_EQ(zone->name, name);
    }
    EXPECT_EQ(TimeZone{}.utc_offset_seconds, 8 * 3600);  // the default is Asia/Shanghai
    EXPECT_EQ(TimeZone{}.name, "Asia/Shanghai");
}

TEST(TimeZone, ExplicitOffsetsAndUtc) {
    EXPECT_EQ(ParseTimeZone("UTC")->utc_offset_seconds, 0);
    EXPECT_EQ(ParseTimeZone("UTC+08:00")->utc_offset_seconds, 8 * 3600);
    EXPECT_EQ(ParseTimeZone("+05:30")->utc_offset_seconds, 5 * 3600 + 30 * 60);
    EXPECT_EQ(ParseTimeZone("UTC-05")->utc_offset_seconds, -5 * 3600);
}

TEST(TimeZone, RejectsWhatItCannotPlace) {
    for (const char* bad : {"", "Asia/Shangai", "Europe/Berlin", "UTC+8", "UTC+15:00", "+08:60", "UTC+08:00x"}) {
        auto zone = ParseTimeZone(bad);
        ASSERT_FALSE(zone) << bad;
        EXPECT_EQ(zone.error().id, "bad_time_zone") << bad;
    }
}

TEST(TimeZone, TheDayAPersonReadsIsTheTownsDay) {
    const UnixSeconds evening_utc = *ParseRfc3339("2026-12-05T17:30:00Z");  // 01:30 on the 6th in Shanghai
    EXPECT_EQ(FormatLocalIsoDate(evening_utc, TimeZone{}), "2026-12-06");
    EXPECT_EQ(FormatLocalDate(evening_utc, TimeZone{}), "2026年12月06日");
    EXPECT_EQ(FormatLocalIsoDate(evening_utc, *ParseTimeZone("UTC")), "2026-12-05");
    EXPECT_EQ(FormatLocalIsoDate(*ParseRfc3339("2026-12-05T03:00:00Z"), *ParseTimeZone("UTC-05:00")), "2026-12-04");
}

}  // namespace
}  // namespace safegrid
