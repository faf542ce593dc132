#include "services/checklist_loader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>

#include "core/text/utf8.hpp"
#include "core/time.hpp"
#include "support/source_tree.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
using checklist::Category;
using checklist::Item;
using checklist::Template;

// $SAFEGRID_STANDARDS_DIR, else <source>/data/standards. Not finding it is a failure, not a
// skip: these counts are the point of the test.
fs::path StandardsDir() {
    std::vector<fs::path> candidates;
    if (const char* dir = std::getenv("SAFEGRID_STANDARDS_DIR"); dir && *dir) candidates.emplace_back(dir);
    candidates.push_back(test::SourceTreeDir() / "data" / "standards");
    for (const fs::path& p : candidates)
        if (fs::exists(p / kMem10StandardFile)) return p;
    return {};
}

class RealStandards : public ::testing::Test {
  protected:
    void SetUp() override {
        const fs::path dir = StandardsDir();
        ASSERT_FALSE(dir.empty()) << "standards directory not found; set SAFEGRID_STANDARDS_DIR";
        auto loaded = LoadChecklistTemplates(dir);
        ASSERT_TRUE(loaded) << loaded.error().id << ": " << loaded.error().internal;
        templates_ = std::move(*loaded);
    }
    const Template& Get(std::string_view id) {
        const Template* t = checklist::FindTemplate(templates_, id);
        EXPECT_NE(t, nullptr) << id;
        static const Template kEmpty;
        return t ? *t : kEmpty;
    }
    std::vector<Template> templates_;
};

TEST_F(RealStandards, CountsMatchTheStandards) {
    ASSERT_EQ(templates_.size(), 3u);
    EXPECT_EQ(Get("mem10-2023").items.size(), 64u);
    EXPECT_EQ(Get("fire-small-workshop").items.size(), 69u);
    EXPECT_EQ(Get("three-in-one").items.size(), 14u + 10u);  // three_in_one + evacuation
    EXPECT_EQ(Get("mem10-2023").effective_date, "2023-05-15");
    // 3 management + 47 industry (7 industries) + 14 special (3 kinds) = 11 sections.
    EXPECT_EQ(Get("mem10-2023").sections.size(), 11u);
    EXPECT_EQ(Get("fire-small-workshop").sections.size(), 11u);
}

TEST_F(RealStandards, EveryItemIsPinnedToItsBasisAndDate) {
    for (const Template& t : templates_) {
        std::set<std::string> ids, sections;
        for (const auto& s : t.sections) sections.insert(s.id);
        for (const Item& item : t.items) {
            SCOPED_TRACE(t.id + " " + item.id);
            EXPECT_TRUE(ids.insert(item.id).second) << "duplicate id";
            EXPECT_FALSE(item.text.empty());
            EXPECT_FALSE(item.text_en.empty());
            EXPECT_FALSE(item.legal_basis.empty());
            EXPECT_NE(item.legal_basis, "—");
            ASSERT_EQ(item.effective_date.size(), 10u);
            EXPECT_TRUE(ParseRfc3339(item.effective_date));
            EXPECT_LE(item.effective_date, "2025-11-01");
            EXPECT_EQ(sections.count(item.section), 1u);
            EXPECT_EQ(item.severity == Severity::kMajor, item.major_reason.has_value());
        }
    }
}

// A failed item opens a hazard titled with its finding: every item states one, in both languages;
// a fire item's finding is a statement, not its question (no "是否").
TEST_F(RealStandards, EveryItemHasAFindingThatIsAStatement) {
    size_t fire_items = 0;
    for (const Template& t : templates_) {
        for (const Item& item : t.items) {
            SCOPED_TRACE(t.id + " " + item.id);
            EXPECT_FALSE(item.finding.empty());
            EXPECT_FALSE(item.finding_en.empty());
            if (t.id == "mem10-2023") {
                EXPECT_EQ(item.finding, item.text);
                continue;
            }
            ++fire_items;
            EXPECT_NE(item.finding, item.text);
            EXPECT_EQ(item.finding.find("是否"), std::string::npos) << item.finding;
            EXPECT_EQ(item.finding.find("？"), std::string::npos) << item.finding;
            EXPECT_LE(CodePointCount(item.finding), 200u) << "a hazard title holds 200 characters";
        }
    }
    EXPECT_EQ(fire_items, 69u + 24u);
    EXPECT_EQ(Get("fire-small-workshop").FindItem("FS-ACC-01")->finding,
              "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍设在同一座建筑物内");
    EXPECT_EQ(Get("fire-small-workshop").FindItem("FS-MGT-01")->finding,
              "单位未按规定每月组织防火检查（机关、团体、事业单位未按季度组织）");
}

TEST_F(RealStandards, EveryMem10ItemIsMajorWithAReasonCitingItsArticle) {
    for (const Item& item : Get("mem10-2023").items) {
        SCOPED_TRACE(item.id);
        EXPECT_EQ(item.severity, Severity::kMajor);
        ASSERT_FALSE(item.article.empty());
        ASSERT_TRUE(item.major_reason);
        EXPECT_EQ(item.major_reason->zh,
                  "依据《工贸企业重大事故隐患判定标准》" + item.article + "，判定为重大事故隐患");
        EXPECT_NE(item.major_reason->en.find("Art. "), std::string::npos);
        EXPECT_EQ(checklist::GradeFailedItem(item, Severity::kGeneral).severity, Severity::kMajor);
    }
    EXPECT_EQ(Get("mem10-2023").FindItem("MEM10-A03-01")->major_reason->zh,
              "依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患");
}

TEST_F(RealStandards, OnlyTheFireItemsTheStandardNamesMajorAreMajor) {
    std::set<std::string> majors;
    for (const Item& item : Get("fire-small-workshop").items)
        if (item.severity == Severity::kMajor) majors.insert(item.id);
    EXPECT_EQ(majors, (std::set<std::string>{"FS-MGT-04", "FS-ACC-01"}));
}

TEST_F(RealStandards, CategoryMappingIsTotal) {
    std::map<std::string, int> by_category;
    size_t total = 0;
    for (const Template& t : templates_) {
        for (const Item& item : t.items) {
            ASSERT_TRUE(checklist::ParseCategory(checklist::CategoryName(item.category)));
            ++by_category[std::string(checklist::CategoryName(item.category))];
            ++total;
        }
    }
    EXPECT_EQ(total, 64u + 69u + 24u);
    // Every fire category in the file is known: no fire item falls through to "other".
    for (const Item& item : Get("fire-small-workshop").items)
        EXPECT_NE(item.category, Category::kOther) << item.id << " " << item.source_category;
    std::map<std::string, int> fire;
    for (const Item& item : Get("fire-small-workshop").items)
        ++fire[std::string(checklist::CategoryName(item.category))];
    EXPECT_EQ(fire["three_in_one"], 14);
    EXPECT_EQ(fire["exits"], 2);
    EXPECT_EQ(fire["e_bike"], 1);
    EXPECT_EQ(fire["chemicals"], 2);
    std::map<std::string, int> mem10;
    for (const Item& item : Get("mem10-2023").items) ++mem10[std::string(checklist::CategoryName(item.category))];
    EXPECT_EQ(mem10["management"], 3);
    EXPECT_EQ(mem10["dust"], 11);  // Art. 11 (10) + the coal mill
    EXPECT_EQ(mem10["other"] + mem10["management"] + mem10["dust"] + mem10["chemicals"] + mem10["building"] +
                  mem10["storage"] + mem10["fire_separation"],
              64);
}

TEST(ChecklistLoader, RejectsMalformedJson) {
    const std::string fire =
        R"({"items":[{"id":"FS-1","category":"evacuation","text_zh":"t","finding_zh":"f","finding_en":"f",)"
        R"("suggested_severity":"low"}]})";
    const std::string mem10 =
        R"({"effective":"2023-05-15","items":[{"id":"MEM10-A03-01","text_zh":"t","suggested_severity":"major"}]})";
    ASSERT_TRUE(ParseChecklistTemplates(mem10, fire));
    for (const std::string& bad :
         {std::string("{"), std::string("[]"), std::string(R"({"items":{}})"), std::string(R"({"items":[1]})"),
          std::string(R"({"items":[{"id":5}]})"), std::string(R"({"title":["x"],"items":[]})")}) {
        auto r = ParseChecklistTemplates(mem10, bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kMalformed) << bad;
        EXPECT_EQ(r.error().id, "checklist_data_malformed") << bad;
    }
    auto invalid = ParseChecklistTemplates(mem10, R"({"items":[]})");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().id, "checklist_data_invalid");
}

TEST(ChecklistLoader, AFireItemWithoutAFindingFailsNamingTheItem) {
    const std::string mem10 =
        R"({"effective":"2023-05-15","items":[{"id":"MEM10-A03-01","text_zh":"t","suggested_severity":"major"}]})";
    const std::string fire =
        R"({"items":[{"id":"FS-1","category":"evacuation","text_zh":"是否畅通","finding_zh":"不畅通",)"
        R"("finding_en":"Blocked","suggested_severity":"low"},)"
        R"({"id":"FS-2","category":"evacuation","text_zh":"是否完好","finding_en":"Broken","suggested_severity":"low"}]})";
    auto r = ParseChecklistTemplates(mem10, fire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kMalformed);
    EXPECT_EQ(r.error().id, "checklist_data_invalid");
    EXPECT_NE(r.error().internal.find("FS-2"), std::string::npos) << r.error().internal;
    EXPECT_EQ(r.error().internal.find("FS-1"), std::string::npos) << r.error().internal;
    // A finding that is not a string is malformed, named at its item.
    auto typed = ParseChecklistTemplates(mem10, R"({"items":[{"id":"FS-3","text_zh":"t","finding_zh":5}]})");
    ASSERT_FALSE(typed);
    EXPECT_EQ(typed.error().id, "checklist_data_malformed");
    EXPECT_NE(typed.error().internal.find("FS-3"), std::string::npos) << typed.error().internal;
}

TEST(ChecklistLoader, MissingDirectoryIsABrokenDeployment) {
    auto r = LoadChecklistTemplates("/nonexistent/standards");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "checklist_data_missing");
    EXPECT_NE(r.error().internal.find("/nonexistent/standards"), std::string::npos);
}

}  // namespace
}  // namespace safegrid::services
