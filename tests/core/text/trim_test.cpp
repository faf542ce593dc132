#include "core/text/trim.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(Trim, RemovesAsciiWhiteSpaceAtBothEnds) {
    EXPECT_EQ(TrimWhitespace(" \t\r\n\v\fabc \t\r\n\v\f"), "abc");
    EXPECT_EQ(TrimWhitespace(""), "");
    EXPECT_EQ(TrimWhitespace(" \t\n "), "");
}

TEST(Trim, RemovesTheSpacesChineseUsersTypeAndPaste) {
    EXPECT_EQ(TrimWhitespace("\xE3\x80\x80匡堰镇\xE3\x80\x80"), "匡堰镇");  // U+3000 from an IME
    EXPECT_EQ(TrimWhitespace("\xC2\xA0匡堰镇\xC2\xA0"), "匡堰镇");          // U+00A0 from a web page
    EXPECT_EQ(TrimWhitespace("\xEF\xBB\xBF匡堰镇"), "匡堰镇");              // a BOM Excel left behind
    EXPECT_EQ(TrimWhitespace(" \xC2\xA0\xE3\x80\x80\t\xEF\xBB\xBF"), "");
}

TEST(Trim, KeepsInnerSpacesAndOtherCharacters) {
    EXPECT_EQ(TrimWhitespace(" 匡堰 镇\xE3\x80\x80一号 "), "匡堰 镇\xE3\x80\x80一号");
    EXPECT_EQ(TrimWhitespace("\xE2\x80\x83x\xE2\x80\x8B"), "\xE2\x80\x83x\xE2\x80\x8B");  // em space, ZWSP stay
    EXPECT_EQ(TrimWhitespace("\x01x"), "\x01x");  // controls are validation's business
}

TEST(Trim, NeverCutsIntoAMultiByteCharacter) {
    // "\xC2\xA0" inside a different sequence's bytes is not a space.
    EXPECT_EQ(TrimWhitespace("\xE3\x80"), "\xE3\x80");
    EXPECT_EQ(TrimWhitespace("\xC2"), "\xC2");
    EXPECT_EQ(TrimWhitespace("\xA0"), "\xA0");
}

TEST(Trim, TrimTextIsTheSameRuleAsAnOwnedString) {
    EXPECT_EQ(TrimText("\xC2\xA0 企业名称\xEF\xBB\xBF\xE3\x80\x80"), "企业名称");
}

}  // namespace
}  // namespace safegrid
