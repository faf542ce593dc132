#include "core/hazard/list_query.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/source_tree.hpp"

namespace safegrid {
namespace {

using S = HazardStatus;

TEST(HazardStatusList, OneStatusIsAListOfOne) {
    for (S s : kAllHazardStatuses)
        EXPECT_EQ(ParseHazardStatusList(HazardStatusName(s)), std::vector<S>{s}) << HazardStatusName(s);
}

TEST(HazardStatusList, CommaSeparatedInTheOrderGivenWithoutRepeats) {
    EXPECT_EQ(ParseHazardStatusList("submitted,reported"), (std::vector<S>{S::kSubmitted, S::kReported}));
    EXPECT_EQ(ParseHazardStatusList("rectifying, submitted ,rectifying"),
              (std::vector<S>{S::kRectifying, S::kSubmitted}));
}

TEST(HazardStatusList, OpenIsEveryStatusButClosedAndRejected) {
    EXPECT_EQ(ParseHazardStatusList("open"), (std::vector<S>{S::kReported, S::kRectifying, S::kSubmitted}));
}

TEST(HazardStatusList, UnknownOrEmptyNamesAreRefused) {
    EXPECT_FALSE(ParseHazardStatusList(""));
    EXPECT_FALSE(ParseHazardStatusList("overdue"));
    EXPECT_FALSE(ParseHazardStatusList("reported,"));
    EXPECT_FALSE(ParseHazardStatusList(",reported"));
    EXPECT_FALSE(ParseHazardStatusList("reported,,closed"));
    EXPECT_FALSE(ParseHazardStatusList("open,closed"));  // the shorthand stands alone
    EXPECT_FALSE(ParseHazardStatusList("Reported"));
}

TEST(HazardSortNames, RoundTripAndRefuseOthers) {
    for (HazardSort s : {HazardSort::kCreatedDesc, HazardSort::kCreatedAsc, HazardSort::kDueAsc, HazardSort::kDueDesc})
        EXPECT_EQ(ParseHazardSort(HazardSortName(s)), s);
    EXPECT_EQ(ParseHazardSort("due_at"), HazardSort::kDueAsc);
    EXPECT_EQ(ParseHazardSort("-created_at"), HazardSort::kCreatedDesc);
    EXPECT_FALSE(ParseHazardSort("title"));
    EXPECT_FALSE(ParseHazardSort("+due_at"));
    EXPECT_FALSE(ParseHazardSort(""));
}

// The web builds the dashboard's links and reads the list's URL with lists of its own
// (web/src/utils/hazard-list-query.ts); they must be the server's, or a card's link would open a list
// whose total is not the card's figure.
std::vector<std::string> WebList(const std::string& source, const std::string& name) {
    const std::regex declaration("export const " + name + R"([^=]*=\s*\[([^\]]*)\])");
    std::smatch m;
    if (!std::regex_search(source, m, declaration)) return {};
    const std::string items = m[1].str();
    std::vector<std::string> out;
    const std::regex quoted("'([-a-z_]+)'");
    for (auto it = std::sregex_iterator(items.begin(), items.end(), quoted); it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[1].str());
    }
    return out;
}

TEST(HazardListQuery, TheWebsListsAreTheServers) {
    std::ifstream in(test::SourceTreeDir() / "web/src/utils/hazard-list-query.ts");
    ASSERT_TRUE(in) << "web/src/utils/hazard-list-query.ts";
    std::stringstream text;
    text << in.rdbuf();
    auto names = [](const auto& statuses) {
        std::vector<std::string> out;
        for (S s : statuses) out.emplace_back(HazardStatusName(s));
        return out;
    };
    EXPECT_EQ(WebList(text.str(), "OPEN_STATUSES"), names(kUnsettledHazardStatuses));
    EXPECT_EQ(WebList(text.str(), "SUPERVISED_STATUSES"), names(kOpenHazardStatuses));
    std::vector<std::string> sorts;
    for (HazardSort sort :
         {HazardSort::kCreatedDesc, HazardSort::kCreatedAsc, HazardSort::kDueAsc, HazardSort::kDueDesc}) {
        sorts.emplace_back(HazardSortName(sort));
    }
    EXPECT_EQ(WebList(text.str(), "HAZARD_SORTS"), sorts);
}

}  // namespace
}  // namespace safegrid
