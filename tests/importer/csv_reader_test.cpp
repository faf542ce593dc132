#include "importer/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "importer/encoding.hpp"
#include "test_files.hpp"

namespace safegrid::importer {
namespace {

using testing::DataDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RealworldDir;
using testing::TableHash;

Table MustRead(std::string_view csv) {
    auto t = ReadCsv(csv);
    EXPECT_TRUE(t) << (t ? "" : t.error().message.en);
    return t ? *t : Table{};
}

TEST(CsvReader, QuotedNewline) {
    const Table t = MustRead("name,address\n\"A\",\"line one\nline two\"\n\"B\",\"x\r\ny\"\nC,z\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0][1], "line one\nline two");
    EXPECT_EQ(t.rows[1][1], "x\ny");  // CRLF inside a cell becomes "\n"
    // A record spanning two lines is still one row: C is on row 4, as Excel numbers it.
    EXPECT_THAT(t.source_rows, ElementsAre(2, 3, 4));
}

TEST(CsvReader, DoubledQuote) {
    const Table t = MustRead("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n30\" pipe,x\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0][0], "say \"hi\"");
    EXPECT_EQ(t.rows[0][1], "\"");
    EXPECT_EQ(t.rows[1][0], "30\" pipe");  // a quote inside an unquoted cell is literal
}

TEST(CsvReader, CrlfAndLf) {
    for (std::string_view csv : {"a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\r1,2\r3,4\r", "a,b\r\n1,2\n3,4",
                                 "a,b\n1,2\r\n3,4\r\n\r\n"}) {
        const Table t = MustRead(csv);
        EXPECT_THAT(t.headers, ElementsAre("a", "b"));
        ASSERT_EQ(t.rows.size(), 2u) << csv;
        EXPECT_THAT(t.rows[1], ElementsAre("3", "4"));
        EXPECT_THAT(t.source_rows, ElementsAre(2, 3));
    }
}

TEST(CsvReader, SemicolonSeparator) {
    const Table t = MustRead("名称;地址;金额\n甲厂;\"路1号; 北\";1,5\n");
    EXPECT_THAT(t.headers, ElementsAre("名称", "地址", "金额"));
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_THAT(t.rows[0], ElementsAre("甲厂", "路1号; 北", "1,5"));
    EXPECT_EQ(DetectSeparator("a;b;c,d\n"), ';');
}

TEST(CsvReader, TabSeparatorAndExcelSepLine) {
    EXPECT_THAT(MustRead("a\tb\n1\t2\n").rows[0], ElementsAre("1", "2"));
    const Table t = MustRead("sep=|\r\na|b\r\n1|2\r\n");
    EXPECT_THAT(t.headers, ElementsAre("a", "b"));
    EXPECT_THAT(t.source_rows, ElementsAre(2));
}

TEST(CsvReader, RaggedRowTooLong) {
    auto t = ReadCsv("a,b\n1,2\n3,4,5\n");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kMalformed);
    EXPECT_EQ(t.error().id, "import_row_too_long");
    EXPECT_THAT(t.error().message.zh, HasSubstr("第 3 行 C 列"));
    EXPECT_THAT(t.error().message.en, HasSubstr("Row 3, column C"));
}

TEST(CsvReader, RaggedRowShortIsPaddedAndEmptyExtrasIgnored) {
    const Table t = MustRead("a,b,c,,\n1\n2,3,4,,,,\n");
    EXPECT_THAT(t.headers, ElementsAre("a", "b", "c"));  // trailing empty header cells dropped
    EXPECT_THAT(t.rows[0], ElementsAre("1", "", ""));
    EXPECT_THAT(t.rows[1], ElementsAre("2", "3", "4"));
}

TEST(CsvReader, Bom) {
    const Table t = MustRead("\xEF\xBB\xBF名称,代码\n甲,1\n");
    EXPECT_THAT(t.headers, ElementsAre("名称", "代码"));  // no BOM glued to the first header
}

TEST(CsvReader, GbkInput) {
    // Made with `iconv -t GBK` (see data/README.md); it must not be valid UTF-8.
    const auto bytes = ReadFile(DataDir() / "enterprises_gbk.csv");
    ASSERT_TRUE(bytes);
    EXPECT_EQ(DetectEncoding(*bytes), Encoding::kGb18030);
    const Table t = MustRead(*bytes);
    const Table utf8 = MustRead(*ReadFile(DataDir() / "enterprises_utf8.csv"));
    EXPECT_THAT(t.headers, ElementsAre("企业名称", "统一社会信用代码", "地址", "隐患等级"));
    EXPECT_EQ(t.rows, utf8.rows);
    EXPECT_EQ(t.rows[0][2], "匡堰镇王家埭村, 3号");
    EXPECT_EQ(t.rows[1][2], "岗墩村\n樟树路8号");
    EXPECT_THAT(t.source_rows, ElementsAre(2, 3));
}

TEST(CsvReader, Utf16WithBomAsExcelUnicodeText) {
    const auto bytes = ReadFile(DataDir() / "enterprises_utf16le.txt");
    ASSERT_TRUE(bytes);
    const Table t = MustRead(*bytes);
    EXPECT_EQ(t.rows, MustRead(*ReadFile(DataDir() / "enterprises_utf8.csv")).rows);
}

TEST(CsvReader, TruncatedQuote) {
    auto t = ReadCsv("a,b\n1,2\n3,\"never closed\n4,5\n");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kMalformed);
    EXPECT_EQ(t.error().id, "csv_unterminated_quote");
    EXPECT_THAT(t.error().message.zh, HasSubstr("第 3 行 B 列"));
    EXPECT_THAT(t.error().message.en, HasSubstr("Row 3, column B"));
}

TEST(CsvReader, TextAfterClosingQuoteIsKeptAndSpacesBeforeQuoteDropped) {
    const Table t = MustRead("a,b\n\"x\"y,  \"q,r\"  \n");
    EXPECT_THAT(t.rows[0], ElementsAre("xy", "q,r"));
}

TEST(CsvReader, BlankRowsSkippedButCounted) {
    const Table t = MustRead("\n\na,b\n\n1,2\n , \n3,4");
    EXPECT_THAT(t.headers, ElementsAre("a", "b"));
    EXPECT_THAT(t.source_rows, ElementsAre(5, 7));
}

TEST(CsvReader, TrimsCellsIncludingFullwidthSpace) {
    const Table t = MustRead(" 名称 ,\xE3\x80\x80代码\xC2\xA0\n\t甲\t, 1 \n");
    EXPECT_THAT(t.headers, ElementsAre("名称", "代码"));
    EXPECT_THAT(t.rows[0], ElementsAre("甲", "1"));
}

TEST(CsvReader, TitleRowAboveHeaderIsSkipped) {
    const Table t = MustRead("匡堰镇企业安全台账（2024年）,,\n企业名称,地址,电话\n甲厂,路1号,123\n");
    EXPECT_THAT(t.headers, ElementsAre("企业名称", "地址", "电话"));
    EXPECT_THAT(t.source_rows, ElementsAre(3));
    // A one-column file is not mistaken for a title.
    EXPECT_THAT(MustRead("name\nA\nB\n").headers, ElementsAre("name"));
}

TEST(CsvReader, EmptyAndBlankFilesHaveNoHeader) {
    for (std::string_view csv : {"", "\n\n", " , \r\n"}) {
        auto t = ReadCsv(csv);
        ASSERT_FALSE(t);
        EXPECT_EQ(t.error().id, "import_empty");
    }
    EXPECT_TRUE(MustRead("a,b").rows.empty());
}

TEST(CsvReader, CellTooLarge) {
    std::string csv = "a,b\n1,\"" + std::string(kMaxCellBytes + 1, 'x') + "\"\n";
    auto t = ReadCsv(csv);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kTooLarge);
    EXPECT_THAT(t.error().message.en, HasSubstr("Row 2, column B"));
    EXPECT_TRUE(ReadCsv("a\n" + std::string(kMaxCellBytes, 'x') + "\n"));
}

TEST(CsvReader, TooManyColumns) {
    std::string header = "h";
    for (int i = 1; i < kMaxColumns; ++i) header += ",h";
    EXPECT_TRUE(ReadCsv(header + "\n"));
    auto t = ReadCsv(header + ",extra\n");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().id, "import_too_many_columns");
    EXPECT_THAT(t.error().message.en, HasSubstr("column GS"));  // the 201st column
    // Trailing empty cells past the limit cost nothing.
    EXPECT_TRUE(ReadCsv(header + std::string(1000, ',') + "\n"));
}

TEST(CsvReader, TooManyRows) {
    std::string csv = "a\n";
    for (int i = 0; i < kMaxRows; ++i) csv += "1\n";
    EXPECT_TRUE(ReadCsv(csv));
    auto t = ReadCsv(csv + "1\n");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().id, "import_too_many_rows");
    EXPECT_EQ(t.error().code, Code::kTooLarge);
}

TEST(CsvReader, TooManyCells) {
    std::string header = "h";
    for (int i = 1; i < kMaxColumns; ++i) header += ",h";
    std::string csv = header + "\n";
    const std::size_t rows = kMaxCells / kMaxColumns + 1;
    for (std::size_t i = 0; i < rows; ++i) csv += "1\n";
    auto t = ReadCsv(csv);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().id, "import_too_many_cells");
}

TEST(CsvReader, InputTooLarge) {
    auto t = ReadCsv(std::string(kMaxInputBytes + 1, 'a'));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kTooLarge);
    EXPECT_EQ(t.error().id, "import_too_large");
}

TEST(CsvReader, BinaryIsNotText) {
    auto t = ReadCsv(std::string("a,b\n1,\0\n", 8));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Code::kUnsupportedMedia);
}

TEST(CsvReader, UndecodableBytesNameTheLine) {
    // 0x80 is a lone byte in GB18030 as well as in UTF-8.
    auto t = ReadCsv("a,b\n1,2\n3,\x80\x80\n");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().id, "import_bad_encoding");
    EXPECT_THAT(t.error().message.en, HasSubstr("line 3 (byte offset 10)"));
    EXPECT_THAT(t.error().message.zh, HasSubstr("第 3 行附近"));
}

// ---- The real OSHA files (data/osha_expected.py computes the figures with Python's csv module) --

struct RealFile {
    const char* path;
    std::size_t rows;
    std::size_t columns;
    std::uint64_t hash;
};

class RealOsha : public ::testing::TestWithParam<RealFile> {};

TEST_P(RealOsha, ParsesLikePythonCsv) {
    const RealFile f = GetParam();
    const auto dir = RealworldDir();
    if (!dir) GTEST_SKIP() << test::kNoRealworldData;
    const auto bytes = ReadFile(*dir / f.path);
    ASSERT_TRUE(bytes) << "real-world data file missing: " << (*dir / f.path);
    auto t = ReadCsv(*bytes);
    ASSERT_TRUE(t) << t.error().message.en;
    EXPECT_EQ(t->rows.size(), f.rows);
    EXPECT_EQ(t->headers.size(), f.columns);
    EXPECT_EQ(t->source_rows.back(), static_cast<int>(f.rows) + 1);
    EXPECT_EQ(TableHash(*t), f.hash) << "cells differ from Python's csv module";
}

INSTANTIATE_TEST_SUITE_P(
    Files, RealOsha,
    ::testing::Values(RealFile{"osha/osha_web_inspection.csv", 27039, 40, 0x9a849c04e9572111ull},
                      RealFile{"osha/osha_web_violation.csv", 71036, 15, 0x7296e99f27ff741cull},
                      RealFile{"osha/dol_ca_prisons/osha_inspection.csv", 582, 36, 0x4b6a840ad6828389ull},
                      RealFile{"osha/dol_ca_prisons/osha_violation.csv", 797, 29, 0xde0386e74c5c1876ull},
                      RealFile{"osha/dol_reference/osha_data_dictionary.csv", 138, 6, 0xc3e99c0970694420ull},
                      RealFile{"osha/dol_reference/osha_metadata.csv", 1, 48, 0xe7f3276a095b34e1ull}));

TEST(RealOshaSpotCheck, QuotedCommasAndDoubledQuotes) {
    const auto dir = RealworldDir();
    if (!dir) GTEST_SKIP() << test::kNoRealworldData;
    const auto bytes = ReadFile(*dir / "osha/osha_web_inspection.csv");
    ASSERT_TRUE(bytes) << "real-world data file missing under " << *dir;
    auto t = ReadCsv(*bytes);
    ASSERT_TRUE(t);
    // Row 1543 of the file, as Python's csv module reads it.
    const auto it = std::find(t->source_rows.begin(), t->source_rows.end(), 1543);
    ASSERT_NE(it, t->source_rows.end());
    const auto& row = t->rows[static_cast<std::size_t>(it - t->source_rows.begin())];
    EXPECT_EQ(row[0], "1264305");
    EXPECT_EQ(row[4], "Williams Ditching, Llc, Hillside Terrace Estate 30\" Sewer Replacement, Ridgewood Apartments");
}

}  // namespace
}  // namespace safegrid::importer
