#include "importer/read_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "zip_writer.hpp"

namespace safegrid::importer {
namespace {

using ::testing::ElementsAre;

TEST(ReadSpreadsheet, ContentNotNameDecides) {
    testing::MiniWorkbook w;
    w.sheet_data = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>)";
    const std::string xlsx = testing::BuildMiniXlsx(w);
    for (std::string_view name : {"企业.csv", "upload", "text/csv", "a.xlsx"}) {
        auto t = ReadSpreadsheet(xlsx, name);
        ASSERT_TRUE(t) << name;
        EXPECT_THAT(t->headers, ElementsAre("名称"));
    }
    auto csv = ReadSpreadsheet("名称,地址\n甲,乙\n", "企业.xls");  // some systems name CSV .xls
    ASSERT_TRUE(csv);
    EXPECT_THAT(csv->rows[0], ElementsAre("甲", "乙"));
}

TEST(ReadSpreadsheet, SheetIsPassedToXlsx) {
    testing::MiniWorkbook w;
    w.sheet_data = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>)";
    auto t = ReadSpreadsheet(testing::BuildMiniXlsx(w), "a.xlsx", std::string("Nope"));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kValidation);
}

TEST(ReadSpreadsheet, NamesFormatsItCannotRead) {
    struct Case {
        std::string bytes;
        std::string name;
        std::string id;
    };
    const std::vector<Case> cases = {
        {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(512, '\0'), "a.xls", "import_legacy_xls"},
        {"<html><body><table><tr><td>1</td></tr></table></body></html>", "a.xls", "import_html"},
        {"\xEF\xBB\xBF  <TABLE><tr><td>1</td></tr></TABLE>", "a.xls", "import_html"},
        {"%PDF-1.7\n...", "a.pdf", "import_pdf"},
        {"name,code\n", "企业.XLSX", "xlsx_not_zip"},
        {"name,code\n", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx_not_zip"},
    };
    for (const auto& c : cases) {
        auto t = ReadSpreadsheet(c.bytes, c.name);
        ASSERT_FALSE(t) << c.id;
        EXPECT_EQ(t.error().code, Code::kUnsupportedMedia) << c.id;
        EXPECT_EQ(t.error().id, c.id);
        EXPECT_FALSE(t.error().message.zh.empty());
        EXPECT_FALSE(t.error().message.en.empty());
    }
}

TEST(ReadSpreadsheet, SniffsFormats) {
    EXPECT_EQ(SniffFormat("PK\x03\x04"), SpreadsheetFormat::kXlsx);
    EXPECT_EQ(SniffFormat("a,b\n<html>"), SpreadsheetFormat::kCsv);
    EXPECT_EQ(SniffFormat(""), SpreadsheetFormat::kCsv);
}

}  // namespace
}  // namespace safegrid::importer
