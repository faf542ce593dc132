#include "core/enterprise/tags.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(TagSet, ParsesEveryKnownTagAndKeepsCanonicalOrder) {
    auto set = TagSet::FromNames({"dust", "three_in_one", "dust", "confined_space"});
    ASSERT_TRUE(set);
    EXPECT_EQ(set->Stored(), "three_in_one,dust,confined_space");
    EXPECT_EQ(set->Names(), (std::vector<std::string>{"three_in_one", "dust", "confined_space"}));
    for (Tag tag : kAllTags) EXPECT_EQ(ParseTag(TagName(tag)), tag);
}

TEST(TagSet, RejectsUnknownTagsWith422OnTheField) {
    for (const char* bad : {"", "Dust", "dust ", "three-in-one", "fire", "dust,key_unit"}) {
        auto set = TagSet::FromNames({"dust", bad});
        ASSERT_FALSE(set) << bad;
        EXPECT_EQ(set.error().code, Code::kValidation);
        EXPECT_TRUE(set.error().fields.count("tags"));
    }
}

TEST(TagSet, RoundTripsThroughTheStoredForm) {
    auto set = TagSet::FromNames({"key_unit", "group_rented", "hazardous_chemicals"});
    ASSERT_TRUE(set);
    EXPECT_EQ(TagSet::FromStored(set->Stored()), *set);
    EXPECT_TRUE(TagSet::FromStored("").Empty());
    EXPECT_EQ(TagSet().Stored(), "");
}

TEST(TagSet, IgnoresUnknownStoredNames) {
    auto set = TagSet::FromStored("dust,from_the_future,,key_unit");
    EXPECT_TRUE(set.Has(Tag::kDust));
    EXPECT_TRUE(set.Has(Tag::kKeyUnit));
    EXPECT_EQ(set.Stored(), "key_unit,dust");
}

}  // namespace
}  // namespace safegrid
