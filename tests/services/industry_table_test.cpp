#include "services/industry_table.hpp"

#include <gtest/gtest.h>

#include <set>

#include "services/seed/demo_town.hpp"
#include "support/source_tree.hpp"

namespace safegrid::services {
namespace {

IndustryTable ShippedTable() {
    const auto path = test::SourceTreeDir() / "data" / kIndustryTableFile;
    auto table = LoadIndustryTable(path);
    EXPECT_TRUE(table) << path << ": " << (table ? "" : table.error().internal + " " + table.error().message.en);
    return table ? std::move(*table) : IndustryTable{};
}

TEST(IndustryTableFile, HasEveryDivisionOfGbT4754WithBothNames) {
    const IndustryTable t = ShippedTable();
    for (int division = 1; division <= 97; ++division) {
        const std::string code = (division < 10 ? "0" : "") + std::to_string(division);
        const IndustryName* name = t.Find(code);
        ASSERT_NE(name, nullptr) << code;
        EXPECT_FALSE(name->zh.empty()) << code;
        EXPECT_FALSE(name->en.empty()) << code;
    }
    EXPECT_EQ(t.Find("17")->zh, "纺织业");
    EXPECT_EQ(t.Find("18")->zh, "纺织服装、服饰业");
    EXPECT_EQ(t.Find("98"), nullptr);
}

TEST(IndustryTableFile, NamesTheGarmentClasses) {
    const IndustryTable t = ShippedTable();
    EXPECT_EQ(t.Find("1810")->zh, "机织服装制造");
    EXPECT_EQ(t.Find("C1820")->zh, "针织或钩针编织服装制造");
    EXPECT_EQ(t.Find("1830")->zh, "服饰制造");
    EXPECT_EQ(t.Find("1713")->zh, "棉印染精加工");
    EXPECT_EQ(t.Find("1762")->zh, "针织或钩针编织物印染精加工");
}

// Every class the demo town uses is listed as itself, not only through its division.
TEST(IndustryTableFile, ListsEveryClassTheDemoTownUses) {
    const IndustryTable t = ShippedTable();
    auto town = seed::GenerateDemoTown({{"330282110001", "匡堰居委会"}, {"330282110201", "王家埭村委会"}}, 300, 7);
    std::set<std::string> codes;
    for (const auto& e : town.enterprises) codes.insert(e.industry_code);
    ASSERT_FALSE(codes.empty());
    for (const std::string& code : codes) {
        const IndustryName* name = t.Find(code);
        ASSERT_NE(name, nullptr) << code;
        EXPECT_NE(name, t.Find(code.substr(0, 2))) << code << " is named only by its division";
    }
}

TEST(IndustryTableFile, BadTablesAreRefusedWithTheRow) {
    EXPECT_FALSE(ParseIndustryTable("code,name\n18,x\n"));
    auto bad = ParseIndustryTable("code,level,name_zh,name_en\n18,division,纺织服装、服饰业,x\n1x10,class,y,z\n");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().internal, "industry table row 3");
    EXPECT_FALSE(LoadIndustryTable("/nonexistent/industries.csv"));
}

}  // namespace
}  // namespace safegrid::services
