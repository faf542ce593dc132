#include "core/enterprise/industry.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

IndustryTable Garment() {
    IndustryTable t;
    EXPECT_TRUE(t.Add("18", {"纺织服装、服饰业", "Manufacture of textile wearing apparel and clothing"}));
    EXPECT_TRUE(t.Add("1810", {"机织服装制造", "Manufacture of woven apparel"}));
    return t;
}

TEST(IndustryTable, FindsAClassAsTownsWriteIt) {
    const IndustryTable t = Garment();
    for (const char* code : {"1810", "C1810", "c1810", " C1810 "}) {
        const IndustryName* name = t.Find(code);
        ASSERT_NE(name, nullptr) << code;
        EXPECT_EQ(name->zh, "机织服装制造") << code;
        EXPECT_EQ(name->en, "Manufacture of woven apparel") << code;
    }
}

TEST(IndustryTable, AnUnlistedClassOfAListedDivisionGetsTheDivisionsName) {
    const IndustryTable t = Garment();
    ASSERT_NE(t.Find("1830"), nullptr);
    EXPECT_EQ(t.Find("1830")->zh, "纺织服装、服饰业");
    EXPECT_EQ(t.Find("181")->zh, "纺织服装、服饰业");
    EXPECT_EQ(t.Find("18")->zh, "纺织服装、服饰业");
}

TEST(IndustryTable, UnknownOrMalformedCodesHaveNoName) {
    const IndustryTable t = Garment();
    for (const char* code : {"", "1", "2910", "29", "18100", "X1810", "18a0", "C", "１８１０"}) {
        EXPECT_EQ(t.Find(code), nullptr) << code;
    }
}

TEST(IndustryTable, AddTakesTwoOrFourDigitsAndAChineseName) {
    IndustryTable t;
    EXPECT_FALSE(t.Add("181", {"x", "y"}));
    EXPECT_FALSE(t.Add("C1810", {"x", "y"}));
    EXPECT_FALSE(t.Add("1810", {"", "y"}));
    EXPECT_TRUE(t.Add("1810", {"机织服装制造", ""}));
    EXPECT_TRUE(t.Add("1810", {"别的名字", ""}));  // the first one stays
    EXPECT_EQ(t.Find("1810")->zh, "机织服装制造");
    EXPECT_EQ(t.size(), 1u);
}

TEST(IndustryTable, NormalizesCodes) {
    EXPECT_EQ(NormalizeIndustryCode("C1810"), "1810");
    EXPECT_EQ(NormalizeIndustryCode(" 1810\t"), "1810");
    EXPECT_EQ(NormalizeIndustryCode("U1810"), "");  // no section U
    EXPECT_EQ(NormalizeIndustryCode("1"), "");
}

}  // namespace
}  // namespace safegrid
