#include "core/training/signin.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(SigninPhone, MobilesAreElevenDigitsFrom13To19) {
    EXPECT_EQ(NormaliseSigninPhone("13800000000"), "13800000000");
    EXPECT_EQ(NormaliseSigninPhone("138 0000 0000"), "13800000000");
    EXPECT_EQ(NormaliseSigninPhone("+86 199-1234-5678"), "19912345678");
    EXPECT_EQ(NormaliseSigninPhone("8613912345678"), "13912345678");
    EXPECT_FALSE(NormaliseSigninPhone("12800000000"));   // no 12x networks
    EXPECT_FALSE(NormaliseSigninPhone("1380000000"));    // ten digits
    EXPECT_FALSE(NormaliseSigninPhone("138000000001"));  // twelve
    EXPECT_FALSE(NormaliseSigninPhone("1380000000a"));
    EXPECT_FALSE(NormaliseSigninPhone(""));
    EXPECT_FALSE(NormaliseSigninPhone("１３８００００００００"));  // full-width digits are not read
}

TEST(SigninPhone, FixedLinesNeedTheirAreaCode) {
    EXPECT_EQ(NormaliseSigninPhone("0574-63210000"), "057463210000");
    EXPECT_EQ(NormaliseSigninPhone("010 12345678"), "01012345678");
    EXPECT_EQ(NormaliseSigninPhone("0574-6321000"), "05746321000");
    EXPECT_FALSE(NormaliseSigninPhone("63210000"));       // no area code
    EXPECT_FALSE(NormaliseSigninPhone("00574632100"));    // international prefix
    EXPECT_FALSE(NormaliseSigninPhone("0574632100000"));  // too long
    EXPECT_FALSE(NormaliseSigninPhone("0574-6321-0000转8"));
}

TEST(SigninDays, FromTheDayBeforeThroughTheDayAfter) {
    EXPECT_FALSE(AcceptsSigninOn("2026-12-06", "2026-12-04"));
    EXPECT_TRUE(AcceptsSigninOn("2026-12-06", "2026-12-05"));
    EXPECT_TRUE(AcceptsSigninOn("2026-12-06", "2026-12-06"));
    EXPECT_TRUE(AcceptsSigninOn("2026-12-06", "2026-12-07"));
    EXPECT_FALSE(AcceptsSigninOn("2026-12-06", "2026-12-08"));
    // Across a month and a year end.
    EXPECT_TRUE(AcceptsSigninOn("2027-01-01", "2026-12-31"));
    EXPECT_TRUE(AcceptsSigninOn("2026-02-28", "2026-03-01"));
    EXPECT_FALSE(AcceptsSigninOn("2026-02-28", "2026-03-02"));
    EXPECT_FALSE(AcceptsSigninOn("not a day", "2026-12-06"));
    EXPECT_FALSE(AcceptsSigninOn("2026-12-06", "2026-12-6"));
}

TEST(SigninIntoAttendance, TheLargerCountIsKept) {
    EXPECT_EQ(PeopleFromSignins(std::nullopt, 3), 3);
    EXPECT_EQ(PeopleFromSignins(2, 3), 3);
    EXPECT_EQ(PeopleFromSignins(12, 3), 12);
}

}  // namespace
}  // namespace safegrid
