#include "services/station_standard_loader.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

TEST(StationStandardLoader, ReadsTheShippedFileWithEveryTypeAndItem) {
    auto standard = LoadStationStandard(test::StandardsDir());
    ASSERT_TRUE(standard) << standard.error().internal;
    EXPECT_EQ(standard->kinds(), (std::vector<std::string>{"key_unit", "community", "town_village"}));
    ASSERT_EQ(standard->items().size(), 19u);
    EXPECT_EQ(standard->items().front().code, "MFS-EQ-01");
    EXPECT_EQ(standard->items().front().name_zh, "灭火器");
    // The PPE group row (≥6 sets) reaches the helmets of a community station, not a key unit's.
    EXPECT_EQ(standard->Minimum("community", "MFS-EQ-07"), 6);
    EXPECT_EQ(standard->Minimum("key_unit", "MFS-EQ-07"), 0);
    EXPECT_EQ(standard->Minimum("key_unit", "MFS-EQ-19"), 1);
}

TEST(StationStandardLoader, AMalformedOrMissingFileIsRefusedWithWhere) {
    for (const char* text : {"not json", "[]", R"({"types":[]})", R"({"types":[{"type":"community"}]})",
                             R"({"types":[{"type":"community"}],"standard_equipment":[{"item_zh":"灭火器"}]})"}) {
        auto parsed = ParseStationStandard(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().id, "station_standard_malformed") << text;
        EXPECT_NE(parsed.error().internal.find(std::string(kStationStandardFile)), std::string::npos);
    }
    auto missing = LoadStationStandard("/nonexistent-standards-dir");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().id, "station_standard_missing");
}

}  // namespace
}  // namespace safegrid::services
