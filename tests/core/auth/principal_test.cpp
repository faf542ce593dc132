#include "core/auth/principal.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(Role, NamesRoundTripIncludingCounty) {
    for (Role r : {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector, Role::kEnterprise, Role::kCounty}) {
        EXPECT_EQ(ParseRole(RoleName(r)), r);
    }
    EXPECT_EQ(RoleName(Role::kCounty), "county");
    EXPECT_FALSE(ParseRole("County"));
}

TEST(Role, OnlyTheCountyIsReadOnly) {
    EXPECT_TRUE(ReadOnlyRole(Role::kCounty));
    for (Role r : {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector, Role::kEnterprise}) {
        EXPECT_FALSE(ReadOnlyRole(r));
    }
}

TEST(Scope, CountyContainsRowsOfItsTownsOnly) {
    const Scope county = Scope::County(100, {11, 12});
    EXPECT_TRUE(county.Contains({11, 21, 31}, std::nullopt));
    EXPECT_TRUE(county.Contains({12, std::nullopt, std::nullopt}, 5));
    EXPECT_FALSE(county.Contains({13, 21, 31}, std::nullopt));
    // No scoped row sits at the county itself.
    EXPECT_FALSE(county.Contains({100, std::nullopt, std::nullopt}, std::nullopt));
}

TEST(Scope, CountyContainsItsOwnRegionAndItsTownsSubtrees) {
    const Scope county = Scope::County(100, {11, 12});
    EXPECT_TRUE(county.ContainsRegion({100, std::nullopt, std::nullopt}));
    EXPECT_TRUE(county.ContainsRegion({11, std::nullopt, std::nullopt}));
    EXPECT_TRUE(county.ContainsRegion({12, 22, 32}));
    EXPECT_FALSE(county.ContainsRegion({13, std::nullopt, std::nullopt}));
    EXPECT_FALSE(county.ContainsRegion({200, std::nullopt, std::nullopt}));
}

TEST(Scope, CountyWithoutTownsSeesOnlyItself) {
    const Scope empty = Scope::County(100, {});
    EXPECT_FALSE(empty.Contains({11, std::nullopt, std::nullopt}, std::nullopt));
    EXPECT_TRUE(empty.ContainsRegion({100, std::nullopt, std::nullopt}));
}

TEST(Scope, TownScopeIsUnchanged) {
    const Scope town{Scope::Level::kTown, 11};
    EXPECT_TRUE(town.Contains({11, 21, 31}, std::nullopt));
    EXPECT_FALSE(town.Contains({12, 21, 31}, std::nullopt));
}

}  // namespace
}  // namespace safegrid
