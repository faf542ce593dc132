#include "core/time.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(Time, FormatsEpochAsRfc3339Utc) { EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z"); }

TEST(Time, FormatsEveryFieldWithLeadingZerosAndYearsOutsideFourDigits) {
    EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
    EXPECT_EQ(FormatRfc3339(951782400 + 3 * 3600 + 4 * 60 + 5), "2000-02-29T03:04:05Z");
    EXPECT_EQ(FormatRfc3339(253402300799), "9999-12-31T23:59:59Z");
    EXPECT_EQ(FormatRfc3339(253402300800), "10000-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(-62135596800), "0001-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(-62135596801), "0000-12-31T23:59:59Z");
}

TEST(Time, RoundTripsAKnownInstant) {
    auto t = ParseRfc3339("2026-11-29T11:31:14Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, 1795951874);
    EXPECT_EQ(FormatRfc3339(*t), "2026-11-29T11:31:14Z");
}

TEST(Time, AppliesOffsets) {
    EXPECT_EQ(ParseRfc3339("2026-11-29T19:31:14+08:00"), ParseRfc3339("2026-11-29T11:31:14Z"));
    EXPECT_EQ(ParseRfc3339("2026-11-29T11:31:14.250Z"), ParseRfc3339("2026-11-29T11:31:14Z"));
}

TEST(Time, BareDateMeansEndOfThatDayInChinaWhenAsked) {
    EXPECT_EQ(ParseRfc3339("2026-12-01", true), ParseRfc3339("2026-12-01T23:59:59+08:00"));
    EXPECT_EQ(ParseRfc3339("2026-12-01"), ParseRfc3339("2026-12-01T00:00:00Z"));
}

TEST(Time, RejectsImpossibleDatesAndJunk) {
    for (const char* bad : {"", "2026-02-30", "2026-13-01", "2026-11-29T25:00:00Z", "2026-11-29T11:31:14",
                            "2026-11-29T11:31:14Zjunk", "20261129", "abcd-ef-gh", "2026-11-29T11:31:14+8:00"}) {
        EXPECT_FALSE(ParseRfc3339(bad)) << bad;
    }
    EXPECT_TRUE(ParseRfc3339("2024-02-29"));
    EXPECT_FALSE(ParseRfc3339("2023-02-29"));
}

}  // namespace
}  // namespace safegrid
