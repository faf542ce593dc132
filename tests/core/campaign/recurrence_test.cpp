#include "core/campaign/recurrence.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace safegrid::campaign {
namespace {

TEST(Recurrence, SameItemClosedBeforeFoundRecurs) {
    const std::vector<ParentHazard> parent = {{7, "evac.exit_blocked", true, 100}};
    EXPECT_EQ(FindRecurrence(parent, "evac.exit_blocked", 200), 7);
    EXPECT_EQ(FindRecurrence(parent, "evac.exit_blocked", 100), 7);  // closed at the same second: came back
}

TEST(Recurrence, OtherItemOpenOrLaterClosedDoesNot) {
    const std::vector<ParentHazard> parent = {{1, "evac.exit_blocked", false, std::nullopt},
                                              {2, "elec.wiring", true, 100},
                                              {3, "evac.exit_blocked", true, 300}};
    EXPECT_EQ(FindRecurrence(parent, "evac.exit_blocked", 200), std::nullopt);  // 1 open, 3 closed after
    EXPECT_EQ(FindRecurrence(parent, "elec.wiring", 200), 2);
    EXPECT_EQ(FindRecurrence(parent, "elec.Wiring", 200), std::nullopt);  // byte for byte
}

TEST(Recurrence, HazardWithoutItemNeverRecurs) {
    const std::vector<ParentHazard> parent = {{1, "", true, 100}};
    EXPECT_EQ(FindRecurrence(parent, "", 200), std::nullopt);
}

TEST(Recurrence, EarliestClosedThenLowestIdWins) {
    const std::vector<ParentHazard> parent = {
        {9, "a", true, 150}, {8, "a", true, 120}, {5, "a", true, 120}, {4, "a", true, 500}};
    EXPECT_EQ(FindRecurrence(parent, "a", 200), 5);
}

}  // namespace
}  // namespace safegrid::campaign
