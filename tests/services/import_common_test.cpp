#include "services/import_common.hpp"

#include <gtest/gtest.h>

#include "core/region/text.hpp"

namespace safegrid::services {
namespace {

TEST(ParseLedgerDate, ReadsTheFormatsLedgersUse) {
    const CivilDate may1{2023, 5, 1};
    for (const char* s : {"2023-05-01", "2023-5-1", "2023/5/1", "2023/05/01", "2023.5.1", "20230501", "2023年5月1日",
                          "2023年05月01号", " 2023-05-01 ", "2023-05-01 08:30:00", "2023-05-01T08:30:00", "45047"}) {
        auto d = ParseLedgerDate(s);
        ASSERT_TRUE(d) << s;
        EXPECT_EQ(*d, may1) << s;
    }
    EXPECT_EQ(ParseLedgerDate("2024-02-29"), (CivilDate{2024, 2, 29}));
}

TEST(ParseLedgerDate, RefusesWhatIsNotOneDate) {
    for (const char* s :
         {"", "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "May 1 2023", "2023-5", "1/5/2023",
          "2023-05-01-02", "99999999", "2023/5-1", "123", "二〇二三年五月一日", "1899-12-31", "２０２３-05-01"}) {
        EXPECT_FALSE(ParseLedgerDate(s)) << s;
    }
}

TEST(ChinaDay, StartsAndEndsInChinaTime) {
    EXPECT_EQ(FormatRfc3339(ChinaDayStart({2023, 5, 1})), "2023-04-30T16:00:00Z");
    EXPECT_EQ(FormatRfc3339(ChinaDayEnd({2023, 5, 1})), "2023-05-01T15:59:59Z");
}

TEST(ParseImportMapping, ReadsColumnsValuesAndSheet) {
    auto m = ParseImportMapping(R"({"columns":{"name":"Company"},"values":{"severity":{"重大":"major","*":"general"}},
                                   "sheet":"台账"})",
                                {"name", "severity"});
    ASSERT_TRUE(m) << m.error().fields.begin()->second.en;
    EXPECT_EQ(m->columns.at("name"), "Company");
    EXPECT_EQ(m->values.at("severity").at("*"), "general");
    EXPECT_EQ(m->sheet, "台账");
    auto empty = ParseImportMapping("  ", {"name"});
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->columns.empty());
}

TEST(ParseImportMapping, RefusesTyposAndWrongTypes) {
    for (const char* json : {"nope", "[]", R"({"column":{}})", R"({"columns":{"nmae":"x"}})", R"({"columns":[]})",
                             R"({"columns":{"name":1}})", R"({"values":{"name":"x"}})",
                             R"({"values":{"name":{"a":2}}})", R"({"sheet":3})"}) {
        auto m = ParseImportMapping(json, {"name"});
        ASSERT_FALSE(m) << json;
        EXPECT_EQ(m.error().code, Code::kValidation) << json;
        EXPECT_TRUE(m.error().fields.count("mapping")) << json;
    }
}

TEST(TranslateCell, MappingThenBuiltinThenStar) {
    importer::ColumnMapping m;
    m.values["status"] = {{"CLOSED", "closed"}, {"*", "rectifying"}};
    const std::vector<std::pair<std::string, std::string>> builtin = {{"已整改", "closed"}};
    EXPECT_EQ(TranslateCell(m, "status", "CLOSED", builtin), "closed");
    EXPECT_EQ(TranslateCell(m, "status", " closed ", builtin), "closed");  // loose: case and spaces
    EXPECT_EQ(TranslateCell(m, "status", "已整改", builtin), "closed");
    EXPECT_EQ(TranslateCell(m, "status", "whatever", builtin), "rectifying");
    EXPECT_EQ(TranslateCell(m, "severity", "whatever", builtin), std::nullopt);
}

TEST(ResolveImportColumns, DefaultHeaderThenApiNameThenMapping) {
    importer::Table t;
    t.headers = {"企业名称", "grid", "Staff"};
    importer::ColumnMapping m;
    m.columns["employees"] = "Staff";
    const std::vector<ImportField> fields = {{"name", "企业名称", true},
                                             {"grid", "所属网格", true},
                                             {"employees", "从业人数", false},
                                             {"tags", "标签", false}};
    auto c = ResolveImportColumns(t, m, fields);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->index.at("name"), 0);
    EXPECT_EQ(c->index.at("grid"), 1);
    EXPECT_EQ(c->index.at("employees"), 2);
    EXPECT_FALSE(c->Has("tags"));
    EXPECT_EQ(c->HeaderOf("tags"), "标签");
    EXPECT_EQ(c->Cell({" 甲厂 ", "G1", "5"}, "name"), "甲厂");
    EXPECT_EQ(c->Cell({"甲厂", "G1", "5"}, "tags"), "");
    t.headers = {"地址"};
    auto missing = ResolveImportColumns(t, {}, fields);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().id, "import_missing_columns");
    EXPECT_TRUE(missing.error().fields.count("name"));
    EXPECT_TRUE(missing.error().fields.count("grid"));
}

TEST(CutText, KeepsShortTextAndMarksACut) {
    EXPECT_EQ(CutText(" 短 ", 5), "短");
    const std::string cut = CutText("一二三四五六七", 5);
    EXPECT_EQ(cut, "一二三四…");
    EXPECT_EQ(CodePointCount(cut), 5u);
}

}  // namespace
}  // namespace safegrid::services
