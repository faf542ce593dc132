#include "core/checklist/standards.hpp"

#include <gtest/gtest.h>

namespace safegrid::checklist {
namespace {

TEST(ChecklistMapping, FireCategoriesMapOntoTheSharedList) {
    EXPECT_EQ(FireCategory("X", "management"), Category::kManagement);
    EXPECT_EQ(FireCategory("X", "training"), Category::kTraining);
    EXPECT_EQ(FireCategory("X", "evacuation"), Category::kEvacuation);
    EXPECT_EQ(FireCategory("X", "three_in_one"), Category::kThreeInOne);
    EXPECT_EQ(FireCategory("X", "electrical"), Category::kElectrical);
    EXPECT_EQ(FireCategory("X", "extinguishing"), Category::kExtinguisher);
    EXPECT_EQ(FireCategory("X", "fire_use"), Category::kHotWork);
    EXPECT_EQ(FireCategory("X", "building"), Category::kBuilding);
    EXPECT_EQ(FireCategory("X", "storage"), Category::kStorage);
    EXPECT_EQ(FireCategory("X", "alarms"), Category::kAlarms);
    EXPECT_EQ(FireCategory("X", "fire_lane"), Category::kFireLane);
    EXPECT_EQ(FireCategory("X", "e_bike"), Category::kEBike);  // already a shared name
    EXPECT_EQ(FireCategory("X", "kitchens"), Category::kOther);
    EXPECT_EQ(FireCategory("X", ""), Category::kOther);
    // Item overrides.
    EXPECT_EQ(FireCategory("FS-EVA-09", "evacuation"), Category::kExits);
    EXPECT_EQ(FireCategory("FS-BLD-05", "building"), Category::kEBike);
    EXPECT_EQ(FireCategory("FS-STO-03", "storage"), Category::kChemicals);
    EXPECT_EQ(FireCategory("FS-FIR-05", "fire_use"), Category::kFireSeparation);
}

TEST(ChecklistMapping, Mem10CategoriesFollowTheArticle) {
    EXPECT_EQ(Mem10Category("MEM10-A03-01"), Category::kManagement);
    EXPECT_EQ(Mem10Category("MEM10-A03-03"), Category::kManagement);
    EXPECT_EQ(Mem10Category("MEM10-A11-10"), Category::kDust);
    EXPECT_EQ(Mem10Category("MEM10-A12-01"), Category::kChemicals);
    EXPECT_EQ(Mem10Category("MEM10-A13-02"), Category::kOther);
    EXPECT_EQ(Mem10Category("MEM10-A04-02"), Category::kOther);
    EXPECT_EQ(Mem10Category("MEM10-A05-01"), Category::kBuilding);
    EXPECT_EQ(Mem10Category("MEM10-A07-07"), Category::kChemicals);
    EXPECT_EQ(Mem10Category("MEM10-A06-01"), Category::kDust);
    EXPECT_EQ(Mem10Category("MEM10-A08-07"), Category::kStorage);
    EXPECT_EQ(Mem10Category("MEM10-A09-01"), Category::kFireSeparation);
    EXPECT_EQ(Mem10Category("garbage"), Category::kOther);
}

TEST(ChecklistMapping, FireSeverityKeepsOnlyMajorAsMajor) {
    EXPECT_EQ(FireSeverity("major"), Severity::kMajor);
    EXPECT_EQ(FireSeverity("high"), Severity::kGeneral);
    EXPECT_EQ(FireSeverity("general"), Severity::kGeneral);
    EXPECT_EQ(FireSeverity("low"), Severity::kGeneral);
    EXPECT_FALSE(FireSeverity("Major"));
    EXPECT_FALSE(FireSeverity(""));
}

TEST(ChecklistMapping, ExtractsTheFirstArticleOrClause) {
    EXPECT_EQ(ExtractArticle("公安部令第61号 第26条"), "第26条");
    EXPECT_EQ(ExtractArticle("《安全生产法》第27、30条；部令10号第三条第（二）项"), "第27、30条");
    EXPECT_EQ(ExtractArticle("《消防法》第16-17条；公安部令第61号 第4-7条"), "第16-17条");
    EXPECT_EQ(ExtractArticle("部令10号第三条第（一）项（重大事故隐患）"), "第三条第（一）项");
    EXPECT_EQ(ExtractArticle("GA 703 (A.1.4)"), "A.1.4");
    EXPECT_EQ(ExtractArticle("GB 50016-2014(2018版) 3.3.5、3.3.9"), "3.3.5、3.3.9");
    EXPECT_EQ(ExtractArticle("XF 1131-2014 6.8(b)；'九小'整治重点"), "6.8(b)");
    EXPECT_EQ(ExtractArticle("地方'十项必查'；企业'星级'评分"), "");
    EXPECT_EQ(ExtractArticle("GB 50444 / XF 95"), "");
    EXPECT_EQ(ExtractArticle("GB 55037-2022 3.4.5；公安部令第61号 第26条"), "3.4.5");
    EXPECT_EQ(ExtractArticle(""), "");
    EXPECT_EQ(ExtractArticle("第"), "");
    EXPECT_EQ(ExtractArticle("第条"), "");
}

TEST(ChecklistMapping, DatesTheLatestCitedInstrument) {
    EXPECT_EQ(InstrumentEffectiveDate("公安部令第61号 第26条"), "2002-05-01");
    EXPECT_EQ(InstrumentEffectiveDate("《安全生产法》第42条；GB 35181 直接判定要素"), "2025-11-01");
    EXPECT_EQ(InstrumentEffectiveDate("《安全生产法》第49条；部令10号第三条第（一）项"), "2023-05-15");
    EXPECT_EQ(InstrumentEffectiveDate("《消防法》第21条"), "2021-04-29");
    EXPECT_EQ(InstrumentEffectiveDate("GA 703 (A.1.4)"), std::nullopt);
    EXPECT_EQ(InstrumentEffectiveDate("浙江2006'多合一'标准"), std::nullopt);
}

TEST(ChecklistMapping, Mem10ReasonCitesTheArticle) {
    const Text r = Mem10MajorReason("MEM10-A03-01", "第三条第（一）项");
    EXPECT_EQ(r.zh, "依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患");
    EXPECT_NE(r.en.find("Art. 3(1)"), std::string::npos);
    EXPECT_NE(Mem10MajorReason("MEM10-A11-10", "第十一条第（十）项").en.find("Art. 11(10)"), std::string::npos);
    // Without an id the English is read from the Chinese article.
    EXPECT_NE(Mem10MajorReason("", "第十三条第（二）项").en.find("Art. 13(2)"), std::string::npos);
    EXPECT_NE(Mem10MajorReason("", "第二十三条").en.find("Art. 23"), std::string::npos);
}

SourceItem Mem10Item(std::string id, std::string article, std::string industry) {
    SourceItem s;
    s.id = std::move(id);
    s.article = std::move(article);
    s.industry = industry;
    s.industry_zh = industry == "general" ? "通用（管理类）" : "纺织";
    s.text_zh = "情形";
    s.suggested_severity = "major";
    s.legal_basis = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）";
    return s;
}

SourceItem FireItem(std::string id, std::string category, std::string severity, std::string basis) {
    SourceItem s;
    s.id = std::move(id);
    s.category = std::move(category);
    s.text_zh = "检查项是否合格";
    s.finding_zh = s.id + " 不合格";
    s.finding_en = s.id + " fails";
    s.suggested_severity = std::move(severity);
    s.legal_basis = std::move(basis);
    return s;
}

SourceStandard SmallMem10() {
    return {"工贸企业重大事故隐患判定标准（应急管理部令第10号）— all",
            "Criteria",
            "2023-05-15",
            {Mem10Item("MEM10-A03-01", "第三条第（一）项", "general"),
             Mem10Item("MEM10-A09-02", "第九条第（二）项", "textile")}};
}

SourceStandard SmallFire() {
    return {
        "消防安全检查项",
        "Fire items",
        "",
        {FireItem("FS-MGT-04", "management", "major", "《安全生产法》第49条；部令10号第三条第（一）项（重大事故隐患）"),
         FireItem("FS-EVA-01", "evacuation", "high", "《安全生产法》第42条"),
         FireItem("FS-ACC-01", "three_in_one", "major", "《安全生产法》第42条；GB 35181 直接判定要素"),
         FireItem("FS-ELE-08", "electrical", "general", "—"),
         FireItem("FS-ACC-05", "three_in_one", "low", "GA 703 (A.1.7)")}};
}

TEST(ChecklistBuild, BuildsThreeTemplatesWithPinnedItems) {
    auto built = BuildChecklistTemplates(SmallMem10(), SmallFire());
    ASSERT_TRUE(built) << built.error().internal;
    ASSERT_EQ(built->size(), 3u);
    const Template& mem10 = (*built)[0];
    EXPECT_EQ(mem10.id, "mem10-2023");
    EXPECT_EQ(mem10.title_zh, "工贸企业重大事故隐患判定标准（应急管理部令第10号）");
    EXPECT_EQ(mem10.effective_date, "2023-05-15");
    ASSERT_EQ(mem10.sections.size(), 2u);
    EXPECT_EQ(mem10.sections[1].title_zh, "纺织");
    for (const Item& item : mem10.items) {
        EXPECT_EQ(item.finding, item.text);  // the order's situations state the finding themselves
        EXPECT_EQ(item.severity, Severity::kMajor);
        ASSERT_TRUE(item.major_reason);
        EXPECT_EQ(item.effective_date, "2023-05-15");
    }

    const Template& fire = *FindTemplate(*built, "fire-small-workshop");
    const Item* mgt = fire.FindItem("FS-MGT-04");
    ASSERT_NE(mgt, nullptr);
    EXPECT_EQ(mgt->severity, Severity::kMajor);
    EXPECT_EQ(mgt->major_reason->zh, "依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患");
    EXPECT_EQ(mgt->article, "第49条");
    EXPECT_EQ(mgt->effective_date, "2023-05-15");
    EXPECT_EQ(mgt->text, "检查项是否合格");  // the question, for the inspector
    EXPECT_EQ(mgt->finding, "FS-MGT-04 不合格");
    EXPECT_EQ(mgt->finding_en, "FS-MGT-04 fails");
    EXPECT_NE(fire.FindItem("FS-ACC-01")->major_reason->zh.find("重大火灾隐患"), std::string::npos);
    EXPECT_EQ(fire.FindItem("FS-EVA-01")->severity, Severity::kGeneral);  // "high" is not a legal grade
    EXPECT_FALSE(fire.FindItem("FS-EVA-01")->major_reason);
    EXPECT_EQ(fire.FindItem("FS-ELE-08")->legal_basis, kNoSpecificBasis);
    const Item* ga = fire.FindItem("FS-ACC-05");
    EXPECT_EQ(ga->effective_date, kFireTemplateEffectiveDate);
    EXPECT_TRUE(ga->effective_date_inherited);
    EXPECT_EQ(ga->article, "A.1.7");

    const Template& three = *FindTemplate(*built, "three-in-one");
    std::vector<std::string> ids;
    for (const Item& item : three.items) ids.push_back(item.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"FS-ACC-01", "FS-ACC-05", "FS-EVA-01"}));
    ASSERT_EQ(three.sections.size(), 2u);
    EXPECT_EQ(three.sections[0].id, "three_in_one");
    EXPECT_EQ(FindTemplate(*built, "nope"), nullptr);
}

TEST(ChecklistBuild, AFireItemWithoutAFindingIsRefusedNamingIt) {
    SourceStandard fire = SmallFire();
    fire.items[2].finding_zh.clear();
    auto r = BuildChecklistTemplates(SmallMem10(), fire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "checklist_data_invalid");
    EXPECT_NE(r.error().internal.find("FS-ACC-01"), std::string::npos) << r.error().internal;
    EXPECT_NE(r.error().internal.find("finding_zh"), std::string::npos) << r.error().internal;
}

TEST(ChecklistBuild, Mem10FindingsInTheFileWinOverTheText) {
    SourceStandard mem10 = SmallMem10();
    mem10.items[0].gloss_en = "Situation";
    mem10.items[1].finding_zh = "另述的情形";
    mem10.items[1].finding_en = "Restated";
    auto built = BuildChecklistTemplates(mem10, SmallFire());
    ASSERT_TRUE(built) << built.error().internal;
    const Template& t = (*built)[0];
    EXPECT_EQ(t.items[0].finding, "情形");
    EXPECT_EQ(t.items[0].finding_en, "Situation");
    EXPECT_EQ(t.items[1].finding, "另述的情形");
    EXPECT_EQ(t.items[1].finding_en, "Restated");
}

TEST(FailedItemDescription, NamesTheItemAndItsBasis) {
    EXPECT_EQ(FailedItemDescription("FS-EVA-03", "GA 703 (A.1.5)"), "检查项 FS-EVA-03 不合格；依据：GA 703 (A.1.5)");
    EXPECT_EQ(FailedItemDescription("X-1", ""), "检查项 X-1 不合格");
}

TEST(ChecklistBuild, RefusesDataThatWouldMakeAWrongChecklist) {
    auto expect_invalid = [](SourceStandard mem10, SourceStandard fire, const char* what) {
        auto r = BuildChecklistTemplates(mem10, fire);
        ASSERT_FALSE(r) << what;
        EXPECT_EQ(r.error().code, Code::kMalformed);
        EXPECT_EQ(r.error().id, "checklist_data_invalid");
        EXPECT_FALSE(r.error().internal.empty());
    };
    SourceStandard dup = SmallFire();
    dup.items.push_back(dup.items[0]);
    expect_invalid(SmallMem10(), dup, "duplicate id");
    SourceStandard sev = SmallFire();
    sev.items[1].suggested_severity = "critical";
    expect_invalid(SmallMem10(), sev, "unknown severity");
    SourceStandard date = SmallMem10();
    date.effective = "2023-02-30";
    expect_invalid(date, SmallFire(), "bad date");
    SourceStandard empty = SmallMem10();
    empty.items.clear();
    expect_invalid(empty, SmallFire(), "no items");
    SourceStandard no_text = SmallFire();
    no_text.items[0].text_zh.clear();
    expect_invalid(SmallMem10(), no_text, "no text");
    SourceStandard no_finding = SmallFire();
    no_finding.items[2].finding_zh = " ";
    expect_invalid(SmallMem10(), no_finding, "no finding");
    no_finding = SmallFire();
    no_finding.items[1].finding_en.clear();
    expect_invalid(SmallMem10(), no_finding, "no English finding");
    SourceStandard no_id = SmallFire();
    no_id.items[0].id.clear();
    expect_invalid(SmallMem10(), no_id, "no id");
}

}  // namespace
}  // namespace safegrid::checklist
