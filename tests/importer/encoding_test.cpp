#include "importer/encoding.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace safegrid::importer {
namespace {

using ::testing::HasSubstr;

TEST(Encoding, ValidatesUtf8Strictly) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("ascii, 中文, €, \xF0\x9F\x98\x80"));
    std::size_t bad = 99;
    EXPECT_FALSE(IsValidUtf8("ab\xC0\xAF", &bad));  // overlong '/'
    EXPECT_EQ(bad, 2u);
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));          // truncated
    EXPECT_FALSE(IsValidUtf8("\x80"));
}

TEST(Encoding, DetectsByBomThenValidity) {
    EXPECT_EQ(DetectEncoding("abc"), Encoding::kUtf8);
    EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                             "abc"),
              Encoding::kUtf8Bom);
    EXPECT_EQ(DetectEncoding(std::string_view("\xFF\xFE"
                                              "a\0",
                                              4)),
              Encoding::kUtf16Le);
    EXPECT_EQ(DetectEncoding("\xFE\xFF"
                             "\0a"),
              Encoding::kUtf16Be);
    EXPECT_EQ(DetectEncoding("\xC6\xF3\xD2\xB5"), Encoding::kGb18030);  // 企业 in GBK
}

TEST(Encoding, ConvertsGbkAndGb18030) {
    EXPECT_EQ(DecodeText("\xC6\xF3\xD2\xB5,\xD2\xFE\xBB\xBC").value(), "企业,隐患");
    // A GB18030 four-byte sequence, outside GBK: 95 32 82 36 is U+20000 (𠀀).
    EXPECT_EQ(ConvertToUtf8("\x95\x32\x82\x36", Encoding::kGb18030).value(), "\xF0\xA0\x80\x80");
}

TEST(Encoding, ConvertsUtf16AndStripsBoms) {
    EXPECT_EQ(DecodeText(std::string("\xFF\xFE"
                                     "a\0,\0\x2D\x4E",
                                     8))
                  .value(),
              "a,中");
    EXPECT_EQ(DecodeText(std::string("\xFE\xFF\0a", 4)).value(), "a");
    EXPECT_EQ(DecodeText("\xEF\xBB\xBFx").value(), "x");
}

TEST(Encoding, BadBytesAreErrorsWithOffsets) {
    auto r = DecodeText("ok\nok\n\xC6\xF3\x81");  // GBK, then a lead byte with no trail byte
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kMalformed);
    EXPECT_THAT(r.error().message.en, HasSubstr("line 3 (byte offset 8)"));

    auto odd =
        DecodeText(std::string("\xFF\xFE"
                               "a\0b",
                               5));  // odd UTF-16 length
    ASSERT_FALSE(odd);
    EXPECT_THAT(odd.error().message.en, HasSubstr("byte offset 4"));

    auto bad_bom = ConvertToUtf8(
        "\xEF\xBB\xBF"
        "a\xFF",
        Encoding::kUtf8Bom);
    ASSERT_FALSE(bad_bom);
    EXPECT_THAT(bad_bom.error().message.en, HasSubstr("byte offset 4"));
}

}  // namespace
}  // namespace safegrid::importer
