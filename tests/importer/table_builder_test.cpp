#include "importer/table_builder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace safegrid::importer {
namespace {

using ::testing::ElementsAre;

TEST(TableBuilder, TrimsCells) {
    EXPECT_EQ(TrimWhitespace(" \t\r\n a b \xC2\xA0\xE3\x80\x80\xEF\xBB\xBF"), "a b");
    EXPECT_EQ(TrimWhitespace("\xE3\x80\x80"), "");
    EXPECT_EQ(TrimWhitespace("中"), "中");
    EXPECT_EQ(TrimWhitespace("\xC2"), "\xC2");  // a lone lead byte is not a space
}

TEST(TableBuilder, ColumnLetters) {
    EXPECT_EQ(ColumnLetters(0), "A");
    EXPECT_EQ(ColumnLetters(25), "Z");
    EXPECT_EQ(ColumnLetters(26), "AA");
    EXPECT_EQ(ColumnLetters(199), "GR");
    EXPECT_EQ(ColumnLetters(16383), "XFD");
}

TEST(TableBuilder, TitleNeedsOneCellInColumnAAndASecondRowWithSeveral) {
    TableBuilder b;
    ASSERT_TRUE(b.AddRow(1, {"", "not a title"}));
    ASSERT_TRUE(b.AddRow(2, {"a", "b"}));
    auto t = std::move(b).Finish();
    ASSERT_TRUE(t);
    EXPECT_THAT(t->headers, ElementsAre("", "not a title"));
    EXPECT_THAT(t->source_rows, ElementsAre(2));
}

TEST(TableBuilder, LoneHeaderIsKept) {
    TableBuilder b;
    ASSERT_TRUE(b.AddRow(3, {" only "}));
    auto t = std::move(b).Finish();
    ASSERT_TRUE(t);
    EXPECT_THAT(t->headers, ElementsAre("only"));
    EXPECT_TRUE(t->rows.empty());
}

TEST(TableBuilder, ErrorsAreBilingualWithPosition) {
    const Error e = ImportError(Code::kMalformed, "x", 12, 27, "坏了", "broken");
    EXPECT_EQ(e.message.zh, "第 12 行 AB 列：坏了");
    EXPECT_EQ(e.message.en, "Row 12, column AB: broken");
    EXPECT_EQ(ImportError(Code::kMalformed, "x", -1, -1, "坏了", "broken").message.en, "broken");
    EXPECT_EQ(ImportError(Code::kMalformed, "x", 4, -1, "坏了", "broken").message.zh, "第 4 行：坏了");
}

}  // namespace
}  // namespace safegrid::importer
