#include "core/checklist/checklist.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/source_tree.hpp"

namespace safegrid::checklist {
namespace {

TEST(ChecklistCategory, SeventeenSharedNamesRoundTripWithLabels) {
    std::set<std::string_view> names, labels;
    for (Category c : kAllCategories) {
        EXPECT_EQ(ParseCategory(CategoryName(c)), c);
        names.insert(CategoryName(c));
        labels.insert(CategoryLabelZh(c));
    }
    EXPECT_EQ(names,
              (std::set<std::string_view>{"evacuation", "exits", "three_in_one", "electrical", "extinguisher",
                                          "fire_separation", "e_bike", "storage", "hot_work", "chemicals", "dust",
                                          "management", "building", "training", "alarms", "fire_lane", "other"}));
    EXPECT_EQ(labels.size(), names.size());
    EXPECT_FALSE(ParseCategory("extinguishing"));
}

Item MakeItem(std::string id, Severity severity, bool standard_named_major) {
    Item item;
    item.id = std::move(id);
    item.severity = severity;
    if (standard_named_major) {
        item.major_reason =
            Text{"依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患", "Art. 3(1)"};
    }
    return item;
}

// The web's forms offer the categories from one list (web/src/api/categories.ts): it must be the
// server's, in the server's order, or a pick would be a 422.
TEST(ChecklistCategory, TheWebOffersExactlyTheServersCategories) {
    std::ifstream in(test::SourceTreeDir() / "web/src/api/categories.ts");
    ASSERT_TRUE(in) << "web/src/api/categories.ts";
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    std::vector<std::string> web;
    const std::regex quoted("'([a-z_]+)'");
    for (auto it = std::sregex_iterator(source.begin(), source.end(), quoted); it != std::sregex_iterator(); ++it) {
        web.push_back((*it)[1].str());
    }
    std::vector<std::string> server;
    for (Category c : kAllCategories) server.emplace_back(CategoryName(c));
    EXPECT_EQ(web, server);
}

TEST(ChecklistGrade, StandardNamedMajorCannotBeGradedDown) {
    const Item major = MakeItem("MEM10-A03-01", Severity::kMajor, true);
    for (std::optional<Severity> proposed :
         {std::optional<Severity>{}, std::optional{Severity::kGeneral}, std::optional{Severity::kMajor}}) {
        const FindingGrade g = GradeFailedItem(major, proposed);
        EXPECT_EQ(g.severity, Severity::kMajor);
        ASSERT_TRUE(g.reason);
        EXPECT_NE(g.reason->zh.find("第三条第（一）项"), std::string::npos);
    }
    const Item general = MakeItem("FS-EVA-01", Severity::kGeneral, false);
    EXPECT_EQ(GradeFailedItem(general).severity, Severity::kGeneral);
    EXPECT_FALSE(GradeFailedItem(general).reason);
    EXPECT_EQ(GradeFailedItem(general, Severity::kMajor).severity, Severity::kMajor);  // the inspector's call
    EXPECT_FALSE(GradeFailedItem(general, Severity::kMajor).reason);
}

TEST(ChecklistTemplate, FindsItemsAndTemplatesById) {
    Template t;
    t.id = "fire-small-workshop";
    t.items = {MakeItem("FS-EVA-01", Severity::kGeneral, false), MakeItem("FS-MGT-04", Severity::kMajor, true)};
    ASSERT_NE(t.FindItem("FS-MGT-04"), nullptr);
    EXPECT_EQ(t.FindItem("FS-MGT-04")->severity, Severity::kMajor);
    EXPECT_EQ(t.FindItem("fs-mgt-04"), nullptr);
    const std::vector<Template> all = {t};
    EXPECT_EQ(FindTemplate(all, "fire-small-workshop"), &all[0]);
    EXPECT_EQ(FindTemplate(all, "three-in-one"), nullptr);
    ASSERT_EQ(t.FindItemByNumber(PublicNumber("FS-MGT-04")), t.FindItem("FS-MGT-04"));
    EXPECT_EQ(t.FindItemByNumber(PublicNumber("FS-MGT-05")), nullptr);
}

TEST(ChecklistNumber, IsAPositiveIntegerFixedByTheCodeAlone) {
    // Fixed values: a phone's queued answers name items by these numbers across server upgrades.
    EXPECT_EQ(PublicNumber("fire-small-workshop"), 1184210595);
    EXPECT_EQ(PublicNumber("FS-MGT-01"), 241649913);
    EXPECT_NE(PublicNumber("FS-MGT-01"), PublicNumber("FS-MGT-02"));
    for (const char* code : {"", "a", "MEM10-A03-01", "三合一"}) {
        EXPECT_GT(PublicNumber(code), 0) << code;
        EXPECT_LE(PublicNumber(code), INT32_MAX) << code;
    }
}

TEST(ChecklistNumber, FindsCodesThatShareANumber) {
    EXPECT_TRUE(Unnumbered({"FS-EVA-01", "FS-EVA-02", "FS-MGT-01"}).empty());
    EXPECT_TRUE(Unnumbered({"FS-EVA-01", "FS-EVA-01"}).empty());  // the same code twice is no clash
    // Two codes with one 31-bit FNV-1a number (found by search).
    ASSERT_EQ(PublicNumber("I7914"), PublicNumber("I161100"));
    EXPECT_EQ(Unnumbered({"I7914", "X", "I161100"}), std::vector<std::string>{"I161100"});
}

}  // namespace
}  // namespace safegrid::checklist
