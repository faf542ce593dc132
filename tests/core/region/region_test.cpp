#include "core/region/region.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(Region, KindsNestTownVillageGrid) {
    EXPECT_TRUE(CheckRegionParent(RegionKind::kTown, std::nullopt));
    EXPECT_TRUE(CheckRegionParent(RegionKind::kVillage, RegionKind::kTown));
    EXPECT_TRUE(CheckRegionParent(RegionKind::kGrid, RegionKind::kVillage));
}

TEST(Region, ACountySitsAboveTownsAndUnderNothing) {
    EXPECT_TRUE(CheckRegionParent(RegionKind::kCounty, std::nullopt));
    EXPECT_TRUE(CheckRegionParent(RegionKind::kTown, RegionKind::kCounty));
    for (auto parent : {RegionKind::kCounty, RegionKind::kTown, RegionKind::kVillage, RegionKind::kGrid}) {
        EXPECT_FALSE(CheckRegionParent(RegionKind::kCounty, parent));
    }
    EXPECT_FALSE(CheckRegionParent(RegionKind::kVillage, RegionKind::kCounty));
    EXPECT_FALSE(CheckRegionParent(RegionKind::kGrid, RegionKind::kCounty));
    // A county keys its own row on its id; a town under it then keys on the town's own id.
    RegionPath county = WithOwnId({}, RegionKind::kCounty, 3);
    EXPECT_EQ(county.town_id, 3);
    RegionPath town = WithOwnId(ChildPath(county), RegionKind::kTown, 9);
    EXPECT_EQ(town.town_id, 9);
    EXPECT_FALSE(town.village_id);
}

TEST(Region, RejectsEveryOtherNesting) {
    struct Case {
        RegionKind kind;
        std::optional<RegionKind> parent;
    };
    for (auto c : {Case{RegionKind::kTown, RegionKind::kTown}, Case{RegionKind::kTown, RegionKind::kGrid},
                   Case{RegionKind::kVillage, std::nullopt}, Case{RegionKind::kVillage, RegionKind::kVillage},
                   Case{RegionKind::kGrid, RegionKind::kTown}, Case{RegionKind::kGrid, std::nullopt},
                   Case{RegionKind::kGrid, RegionKind::kGrid}, Case{RegionKind::kVillage, RegionKind::kGrid}}) {
        auto st = CheckRegionParent(c.kind, c.parent);
        ASSERT_FALSE(st);
        EXPECT_EQ(st.error().code, Code::kValidation);
        EXPECT_TRUE(st.error().fields.count("parent_id"));
    }
}

TEST(Region, KindNamesRoundTrip) {
    for (auto k : {RegionKind::kTown, RegionKind::kVillage, RegionKind::kGrid, RegionKind::kCounty}) {
        EXPECT_EQ(ParseRegionKind(RegionKindName(k)), k);
    }
    EXPECT_FALSE(ParseRegionKind("province"));
    EXPECT_FALSE(ParseRegionKind("Town"));
}

TEST(Region, OwnIdCompletesThePath) {
    RegionPath town = WithOwnId({}, RegionKind::kTown, 7);
    EXPECT_EQ(town.town_id, 7);
    EXPECT_FALSE(town.village_id);
    RegionPath village = WithOwnId(ChildPath(town), RegionKind::kVillage, 9);
    EXPECT_EQ(village.town_id, 7);
    EXPECT_EQ(village.village_id, 9);
    RegionPath grid = WithOwnId(ChildPath(village), RegionKind::kGrid, 12);
    EXPECT_EQ(grid.village_id, 9);
    EXPECT_EQ(grid.grid_id, 12);
}

TEST(Region, ValidatesNameCodeAndResponsible) {
    Validation ok;
    ValidateRegionFields("高家村", "330282110201", {"张三", "13800000000", 5}, ok);
    EXPECT_TRUE(ok.Ok());
    Validation bad;
    ValidateRegionFields("", "33 02", {std::string(51, 'a'), "phone", 0}, bad);
    auto fields = bad.Fail().value().fields;
    for (const char* f : {"name", "code", "responsible.name", "responsible.phone", "responsible.user_id"}) {
        EXPECT_TRUE(fields.count(f)) << f;
    }
    Validation long_name;
    ValidateRegionFields(std::string(101, 'x'), "", {}, long_name);
    EXPECT_FALSE(long_name.Ok());
}

}  // namespace
}  // namespace safegrid
