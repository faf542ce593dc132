#include "core/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace safegrid {
namespace {

TEST(Utf8, AcceptsEveryWellFormedLength) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("abc"));
    EXPECT_TRUE(IsValidUtf8("\xC2\xA0"));              // U+00A0, smallest 2-byte lead
    EXPECT_TRUE(IsValidUtf8("匡堰镇"));                // 3 bytes each
    EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));          // U+0800, smallest 3-byte
    EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
    EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));          // U+E000, just above them
    EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));      // U+10000, smallest 4-byte
    EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
    EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is UTF-8; fields refuse it elsewhere
}

TEST(Utf8, RejectsOverlongEncodings) {
    for (const char* bad :
         {"\xC0\xAF", "\xC1\xBF", "\xC0\x80", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF"}) {
        EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(std::string(bad));
    }
}

TEST(Utf8, RejectsSurrogates) {
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // U+D800
    EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));              // U+DFFF
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for an emoji
}

TEST(Utf8, RejectsCodePointsAboveU10FFFF) {
    for (const char* bad : {"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80",
                            "\xFC\x84\x80\x80\x80\x80", "\xFE", "\xFF"}) {
        EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(std::string(bad));
    }
}

TEST(Utf8, RejectsTruncatedSequencesAndStrayContinuations) {
    for (const char* bad : {"\xC3", "\xE4\xB8", "\xF0\x9F\x98", "a\x80", "\xBF",
                            "\xE4\xB8"
                            "a",
                            "\xF0\x9F\x98"
                            "a"}) {
        EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(std::string(bad));
    }
}

TEST(Utf8, ReportsTheOffsetOfTheFirstBadSequence) {
    size_t bad = 99;
    EXPECT_FALSE(IsValidUtf8("匡堰\xED\xA0\x80镇", &bad));
    EXPECT_EQ(bad, 6u);
    EXPECT_FALSE(IsValidUtf8("ab\xE4\xB8", &bad));
    EXPECT_EQ(bad, 2u);
}

TEST(Utf8, DecodesAndResynchronisesOneByteAfterAnError) {
    size_t len = 0;
    EXPECT_EQ(DecodeUtf8("镇", 0, len), U'镇');
    EXPECT_EQ(len, 3u);
    EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98\x80", 0, len), U'\U0001F600');
    EXPECT_EQ(len, 4u);
    EXPECT_EQ(DecodeUtf8("\xED\xA0\x80", 0, len), std::nullopt);
    EXPECT_EQ(len, 1u);
    EXPECT_EQ(DecodeUtf8("\xE4\xB8", 0, len), std::nullopt);
    EXPECT_EQ(len, 1u);
}

TEST(Utf8, CountsCodePointsNotBytes) {
    EXPECT_EQ(CodePointCount(""), 0u);
    EXPECT_EQ(CodePointCount("ab"), 2u);
    EXPECT_EQ(CodePointCount("匡堰镇"), 3u);
    EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80x"), 2u);
}

}  // namespace
}  // namespace safegrid
