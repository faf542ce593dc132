#include "core/hazard/hazard.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(HazardNames, RoundTrip) {
    for (HazardStatus s : kAllHazardStatuses) EXPECT_EQ(ParseHazardStatus(HazardStatusName(s)), s);
    for (HazardAction a : kAllHazardActions) EXPECT_EQ(ParseHazardAction(HazardActionName(a)), a);
    for (Severity s : kAllSeverities) EXPECT_EQ(ParseSeverity(SeverityName(s)), s);
    EXPECT_FALSE(ParseSeverity("high"));
    EXPECT_FALSE(ParseHazardStatus("overdue"));
    EXPECT_EQ(SeverityLabelZh(Severity::kMajor), "重大隐患");
    EXPECT_EQ(HazardStatusLabelZh(HazardStatus::kClosed), "已销号");
}

TEST(HazardNames, StatusNamesAreLowerCaseWords) {
    // The storage layer quotes these into SQL as literals (hazard_rules_sql.hpp): no quote, no
    // backslash, nothing but a-z and '_' may ever appear in them.
    for (HazardStatus s : kAllHazardStatuses) {
        const std::string_view name = HazardStatusName(s);
        EXPECT_FALSE(name.empty());
        for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
    }
}

}  // namespace
}  // namespace safegrid
