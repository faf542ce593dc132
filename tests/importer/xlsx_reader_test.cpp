#include "importer/xlsx_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <functional>

#include "test_files.hpp"
#include "zip_writer.hpp"

namespace safegrid::importer {
namespace {

using testing::BuildMiniXlsx;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MiniWorkbook;
using testing::ReadFile;

// Writes a workbook with libxlsxwriter (which only writes files) and returns its bytes.
std::string MakeXlsx(const std::function<void(lxw_workbook*)>& fill) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("sg_importer_" + std::to_string(::getpid()) + "_" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    EXPECT_NE(wb, nullptr);
    fill(wb);
    EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
    auto bytes = ReadFile(path);
    std::filesystem::remove(path);
    return bytes.value_or("");
}

// The town's register: a merged title, Chinese text, numbers, a phone number, an 18-character
// code stored as text, dates in three styles, gaps, a vertical merge and a second sheet.
std::string TownWorkbook() {
    return MakeXlsx([](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "企业名单");
        lxw_worksheet* hz = workbook_add_worksheet(wb, "隐患");
        lxw_format* ymd = workbook_add_format(wb);
        format_set_num_format(ymd, "yyyy-mm-dd");
        lxw_format* builtin14 = workbook_add_format(wb);
        format_set_num_format_index(builtin14, 14);
        lxw_format* datetime = workbook_add_format(wb);
        format_set_num_format(datetime, "yyyy/m/d h:mm");
        lxw_format* cn_date = workbook_add_format(wb);
        format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
        lxw_format* money = workbook_add_format(wb);
        format_set_num_format(money, "#,##0.00 \"元\";[Red]-#,##0.00 \"元\"");
        lxw_format* bold = workbook_add_format(wb);
        format_set_bold(bold);

        worksheet_merge_range(ws, 0, 0, 0, 8, "匡堰镇企业安全台账", nullptr);
        const char* headers[] = {"村",   "企业名称", "统一社会信用代码", "员工数", "联系电话", "成立日期",
                                 "备注", "面积",     "是否重点"};
        for (int c = 0; c < 9; ++c) worksheet_write_string(ws, 1, c, headers[c], bold);

        worksheet_merge_range(ws, 2, 0, 3, 0, "王家埭村", nullptr);
        worksheet_write_string(ws, 2, 1, "宁波宏达五金厂", nullptr);
        worksheet_write_string(ws, 2, 2, "91330282MA2H1234X5", nullptr);
        worksheet_write_number(ws, 2, 3, 12, nullptr);
        worksheet_write_number(ws, 2, 4, 13800138000.0, nullptr);
        lxw_datetime d1 = {2023, 6, 30, 0, 0, 0};
        worksheet_write_datetime(ws, 2, 5, &d1, ymd);
        worksheet_write_string(ws, 2, 6, "含,逗号\n换行", nullptr);
        worksheet_write_number(ws, 2, 7, 1234.5, money);
        worksheet_write_boolean(ws, 2, 8, 1, nullptr);

        worksheet_write_string(ws, 3, 1, "宋家漕塑料厂", nullptr);
        worksheet_write_string(ws, 3, 2, "913302821234567890", nullptr);
        worksheet_write_number(ws, 3, 3, 0, nullptr);
        worksheet_write_string(ws, 3, 4, "0574-63000000", nullptr);
        lxw_datetime d2 = {2024, 2, 29, 0, 0, 0};
        worksheet_write_datetime(ws, 3, 5, &d2, builtin14);
        // column G left empty: a gap
        worksheet_write_formula_num(ws, 3, 7, "=0.1+0.2", nullptr, 0.30000000000000004);
        worksheet_write_boolean(ws, 3, 8, 0, nullptr);

        // row 5 stays blank
        worksheet_write_string(ws, 5, 0, "岗墩村", nullptr);
        lxw_rich_string_tuple run1 = {bold, const_cast<char*>("富文本")};
        lxw_rich_string_tuple run2 = {nullptr, const_cast<char*>("有限公司")};
        lxw_rich_string_tuple* runs[] = {&run1, &run2, nullptr};
        worksheet_write_rich_string(ws, 5, 1, runs, nullptr);
        worksheet_write_formula_str(ws, 5, 2, "=\"9133\"&\"0282\"", nullptr, "91330282");
        worksheet_write_number(ws, 5, 3, -3.25, nullptr);
        worksheet_write_number(ws, 5, 4, 123456789012345678.0, nullptr);
        lxw_datetime d3 = {2023, 6, 30, 12, 30, 0};
        worksheet_write_datetime(ws, 5, 5, &d3, datetime);
        lxw_datetime d4 = {2019, 1, 2, 0, 0, 0};
        worksheet_write_datetime(ws, 5, 6, &d4, cn_date);
        worksheet_write_blank(ws, 5, 9, bold);  // styled but empty, beyond the header: harmless

        worksheet_write_string(hz, 0, 0, "隐患描述", nullptr);
        worksheet_write_string(hz, 0, 1, "等级", nullptr);
        worksheet_write_string(hz, 1, 0, "消防通道堵塞", nullptr);
        worksheet_write_string(hz, 1, 1, "重大", nullptr);
    });
}

TEST(XlsxReader, ReadsGeneratedTownWorkbook) {
    const std::string bytes = TownWorkbook();
    ASSERT_TRUE(bytes.starts_with("PK\x03\x04"));
    auto t = ReadXlsx(bytes);
    ASSERT_TRUE(t) << t.error().message.en << " / " << t.error().internal;
    // The merged title on row 1 is skipped; the header is row 2.
    EXPECT_THAT(t->headers, ElementsAre("村", "企业名称", "统一社会信用代码", "员工数", "联系电话", "成立日期", "备注",
                                        "面积", "是否重点"));
    EXPECT_THAT(t->source_rows, ElementsAre(3, 4, 6));
    EXPECT_THAT(t->rows[0], ElementsAre("王家埭村", "宁波宏达五金厂", "91330282MA2H1234X5", "12", "13800138000",
                                        "2023-06-30", "含,逗号\n换行", "1234.5", "TRUE"));
    // A4 is inside the vertical merge A3:A4, so it carries the village too; G4 is a gap.
    EXPECT_THAT(t->rows[1], ElementsAre("王家埭村", "宋家漕塑料厂", "913302821234567890", "0", "0574-63000000",
                                        "2024-02-29", "", "0.3", "FALSE"));
    EXPECT_THAT(t->rows[2], ElementsAre("岗墩村", "富文本有限公司", "91330282", "-3.25", "1.23456789012346e+17",
                                        "2023-06-30 12:30:00", "2019-01-02", "", ""));
}

TEST(XlsxReader, PicksSheetByName) {
    const std::string bytes = TownWorkbook();
    for (std::string name : {"隐患", " 隐患 "}) {
        auto t = ReadXlsx(bytes, name);
        ASSERT_TRUE(t) << t.error().message.en;
        EXPECT_THAT(t->headers, ElementsAre("隐患描述", "等级"));
        EXPECT_THAT(t->rows[0], ElementsAre("消防通道堵塞", "重大"));
    }
    auto missing = ReadXlsx(bytes, std::string("Sheet9"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Code::kValidation);
    ASSERT_TRUE(missing.error().fields.contains("sheet"));
    EXPECT_THAT(missing.error().fields.at("sheet").zh, HasSubstr("企业名单, 隐患"));
}

TEST(XlsxReader, DefaultSheetIsFirstVisible) {
    const std::string bytes = MakeXlsx([](lxw_workbook* wb) {
        lxw_worksheet* hidden = workbook_add_worksheet(wb, "说明");
        lxw_worksheet* data = workbook_add_worksheet(wb, "Data");
        worksheet_write_string(hidden, 0, 0, "填写说明", nullptr);
        worksheet_write_string(data, 0, 0, "name", nullptr);
        worksheet_activate(data);
        worksheet_hide(hidden);
    });
    auto t = ReadXlsx(bytes);
    ASSERT_TRUE(t) << t.error().message.en;
    EXPECT_THAT(t->headers, ElementsAre("name"));
}

TEST(XlsxReader, HandWrittenXmlVariants) {
    MiniWorkbook w;
    w.prefix = "x:";  // .NET OpenXML SDK style
    w.shared_strings =
        R"(<x:si><x:t>名称</x:t></x:si><x:si><x:r><x:t>甲</x:t></x:r><x:r><x:t xml:space="preserve"> 厂</x:t></x:r>)"
        R"(<x:rPh sb="0" eb="1"><x:t>こう</x:t></x:rPh></x:si><x:si><x:t>a_x000D_
b</x:t></x:si>)";
    // Rows and cells without r attributes; inline, formula, error, boolean and ISO-date cells.
    w.sheet_data =
        R"(<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c>)"
        R"(<x:c t="inlineStr"><x:is><x:t>公式</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>)"
        R"(<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c>)"
        R"(<x:c t="str"><x:f>A1</x:f><x:v>x&amp;y</x:v></x:c><x:c t="d"><x:v>2024-03-01T00:00:00</x:v></x:c></x:row>)"
        R"(<x:row r="5"><x:c r="B5" t="e"><x:v>#N/A</x:v></x:c><x:c r="D5" t="d"><x:v>2024-03-01T08:15:00Z</x:v></x:c></x:row>)";
    auto t = ReadXlsx(BuildMiniXlsx(w));
    ASSERT_TRUE(t) << t.error().message.en << " " << t.error().internal;
    EXPECT_THAT(t->headers, ElementsAre("名称", "备注", "公式", "日期"));
    EXPECT_THAT(t->rows[0], ElementsAre("甲 厂", "a\nb", "x&y", "2024-03-01"));
    EXPECT_THAT(t->rows[1], ElementsAre("", "#N/A", "", "2024-03-01 08:15:00"));
    EXPECT_THAT(t->source_rows, ElementsAre(2, 5));
}

TEST(XlsxReader, DateStylesAnd1904) {
    MiniWorkbook w;
    w.styles =
        R"(<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
        R"x(<numFmt numFmtId="165" formatCode="0.00_);[Red]\(0.00\)"/></numFmts>)x"
        R"(<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>)"
        R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="31"/><xf numFmtId="22"/>)"
        R"(<xf numFmtId="20"/><xf numFmtId="165"/></cellXfs>)";
    w.sheet_data = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>v</t></is></c></row>)"
                   R"(<row r="2"><c r="A2" s="1"><v>0</v></c></row>)"
                   R"(<row r="3"><c r="A3" s="2"><v>43830</v></c></row>)"
                   R"(<row r="4"><c r="A4" s="3"><v>1.5</v></c></row>)"
                   R"(<row r="5"><c r="A5" s="4"><v>0.75</v></c></row>)"
                   R"(<row r="6"><c r="A6" s="5"><v>43830</v></c></row>)"
                   R"(<row r="7"><c r="A7" s="99"><v>7</v></c></row>)";
    w.workbook_pr = R"(<workbookPr date1904="1"/>)";
    auto t = ReadXlsx(BuildMiniXlsx(w));
    ASSERT_TRUE(t) << t.error().message.en;
    ASSERT_EQ(t->rows.size(), 6u);
    EXPECT_EQ(t->rows[0][0], "1904-01-01");
    EXPECT_EQ(t->rows[1][0], "2024-01-01");  // 43830 in the 1904 system
    EXPECT_EQ(t->rows[2][0], "1904-01-02 12:00:00");
    EXPECT_EQ(t->rows[3][0], "18:00:00");
    EXPECT_EQ(t->rows[4][0], "43830");  // a number format, not a date
    EXPECT_EQ(t->rows[5][0], "7");      // an unknown style is a plain number

    w.workbook_pr.clear();
    auto t1900 = ReadXlsx(BuildMiniXlsx(w));
    ASSERT_TRUE(t1900);
    EXPECT_EQ(t1900->rows[1][0], "2019-12-31");
}

TEST(XlsxReader, GapsKeepColumnsInPlace) {
    MiniWorkbook w;
    w.sheet_data =
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c>)"
        R"(<c r="AA1" t="inlineStr"><is><t>aa</t></is></c></row>)"
        R"(<row r="2"><c r="AA2"><v>27</v></c><c r="KN2" s="0"/></row>)";
    auto t = ReadXlsx(BuildMiniXlsx(w));
    ASSERT_TRUE(t) << t.error().message.en;
    ASSERT_EQ(t->headers.size(), 27u);
    EXPECT_EQ(t->headers[2], "c");
    EXPECT_EQ(t->headers[1], "");
    EXPECT_EQ(t->rows[0][26], "27");
    EXPECT_EQ(t->rows[0][0], "");
}

Error ReadError(const MiniWorkbook& w) {
    auto t = ReadXlsx(BuildMiniXlsx(w));
    EXPECT_FALSE(t);
    return t ? Error{} : t.error();
}

TEST(XlsxReader, BadCellsAreErrorsNamingTheCell) {
    MiniWorkbook w;
    w.shared_strings = "<si><t>a</t></si>";
    w.sheet_data = R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>7</v></c></row>)";
    Error e = ReadError(w);
    EXPECT_EQ(e.code, Code::kMalformed);
    EXPECT_THAT(e.message.en, HasSubstr("Row 2, column B"));

    w.sheet_data = R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="GS2"><v>1</v></c></row>)";
    e = ReadError(w);
    EXPECT_EQ(e.id, "import_too_many_columns");
    EXPECT_THAT(e.message.en, HasSubstr("Row 2, column GS"));

    w.sheet_data = R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>)";
    e = ReadError(w);
    EXPECT_EQ(e.id, "import_row_too_long");

    w.sheet_data = R"(<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>)";
    EXPECT_EQ(ReadError(w).code, Code::kMalformed);

    w.sheet_data = R"(<row r="1"><c r="1A"><v>1</v></c></row>)";
    EXPECT_EQ(ReadError(w).code, Code::kMalformed);

    w.sheet_data =
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + std::string(kMaxCellBytes + 1, 'x') + "</t></is></c></row>";
    e = ReadError(w);
    EXPECT_EQ(e.id, "import_cell_too_large");
    EXPECT_THAT(e.message.en, HasSubstr("Row 1, column A"));
}

TEST(XlsxReader, DoctypeAndBrokenXmlAreRefused) {
    MiniWorkbook w;
    w.sheet_data = "<row><c><v>1</v></c></row>";
    auto entries = testing::MiniWorkbookEntries(w);
    for (auto& e : entries) {
        if (e.name == "xl/worksheets/sheet1.xml") {
            e.data =
                R"(<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)"
                R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)";
        }
    }
    auto t = ReadXlsx(testing::BuildZip(entries));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().id, "xlsx_malformed");
    EXPECT_THAT(t.error().message.en, HasSubstr("xl/worksheets/sheet1.xml"));

    w.sheet_data = "<row><c><v>1</v></row>";
    EXPECT_EQ(ReadError(w).id, "xlsx_malformed");
}

TEST(XlsxReader, ZipWithoutWorkbook) {
    auto t = ReadXlsx(testing::BuildZip({{"hello.txt", "hi"}, {"word/document.xml", "<w/>"}}));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kUnsupportedMedia);
    EXPECT_EQ(t.error().id, "xlsx_no_workbook");
}

TEST(XlsxReader, CorruptZip) {
    for (std::string bytes : {std::string("PK\x03\x04garbage"), TownWorkbook().substr(0, 3000),
                              std::string("PK\x03\x04") + std::string(100, '\0')}) {
        auto t = ReadXlsx(bytes);
        ASSERT_FALSE(t);
        EXPECT_EQ(t.error().code, Code::kMalformed) << t.error().internal;
    }
    // Flip bytes inside the compressed sheet: inflate or the CRC check must catch it.
    std::string bytes = TownWorkbook();
    int failures = 0;
    for (std::size_t pos = 200; pos < bytes.size(); pos += 97) {
        std::string broken = bytes;
        broken[pos] = static_cast<char>(broken[pos] ^ 0x5A);
        auto t = ReadXlsx(broken);  // must not crash; may still succeed if the byte did not matter
        failures += !t;
    }
    EXPECT_GT(failures, 0);
}

TEST(XlsxReader, ZipBombLikeEntry) {
    // 20 MiB of spaces deflate about 1000:1.
    MiniWorkbook w;
    w.sheet_data = "<row><c><v>1</v></c></row>" + std::string(20u << 20, ' ');
    auto t = ReadXlsx(BuildMiniXlsx(w));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kTooLarge);
    EXPECT_EQ(t.error().id, "xlsx_zip_bomb");
}

TEST(XlsxReader, MissingSheetPart) {
    auto entries = testing::MiniWorkbookEntries(MiniWorkbook{"<row/>"});
    std::erase_if(entries, [](const auto& e) { return e.name == "xl/worksheets/sheet1.xml"; });
    auto t = ReadXlsx(testing::BuildZip(entries));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kMalformed);
}

TEST(XlsxReader, ParseCellRef) {
    EXPECT_EQ(ParseCellRef("A1")->col, 0);
    EXPECT_EQ(ParseCellRef("AA12")->col, 26);
    EXPECT_EQ(ParseCellRef("AA12")->row, 12);
    EXPECT_EQ(ParseCellRef("XFD1048576")->col, 16383);
    for (std::string_view bad : {"", "A", "1", "A0", "XFE1", "A1048577", "A-1", "A1B", "ABCD1"}) {
        EXPECT_FALSE(ParseCellRef(bad)) << bad;
    }
}

}  // namespace
}  // namespace safegrid::importer
