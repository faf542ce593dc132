#include "core/region/text.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(Text, ValidatesUtf8) {
    EXPECT_TRUE(IsValidUtf8("匡堰镇 abc"));
    EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // emoji, 4 bytes
    for (const char* bad : {"\xFF", "\xE4\xB8", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "a\x80"}) {
        EXPECT_FALSE(IsValidUtf8(bad)) << bad;
    }
}

TEST(Text, CountsCodePoints) {
    EXPECT_EQ(CodePointCount("匡堰镇"), 3u);
    EXPECT_EQ(CodePointCount("ab"), 2u);
    EXPECT_EQ(CodePointCount(""), 0u);
}

TEST(Text, TrimsAsciiAndIdeographicSpace) {
    EXPECT_EQ(TrimText("\xE3\x80\x80 匡堰镇\t\xE3\x80\x80"), "匡堰镇");
    EXPECT_EQ(TrimText("   "), "");
    EXPECT_EQ(TrimText("a b"), "a b");
    // A name pasted from a web page or a BOM-prefixed cell is the same name (core/text/trim.hpp).
    EXPECT_EQ(TrimText("\xC2\xA0匡堰镇\xEF\xBB\xBF"), "匡堰镇");
}

TEST(Text, AcceptsPhonesAsPeopleWriteThem) {
    for (const char* ok :
         {"", "13800000000", "+86 138 0000 0000", "0574-63210000", "(0574)63210000#12", "0574-63210000转8"}) {
        EXPECT_TRUE(IsPlausiblePhone(ok)) << ok;
    }
    for (const char* bad : {"12", "phone", "138x", "1380000000000000000000000000000000"}) {
        EXPECT_FALSE(IsPlausiblePhone(bad)) << bad;
    }
}

TEST(Text, CheckTextReportsTheField) {
    Validation v;
    CheckText(v, "a", "ok", 5, true);
    EXPECT_TRUE(v.Ok());
    CheckText(v, "b", "", 5, true);
    CheckText(v, "c", "toolong", 5, false);
    CheckText(v, "d", "x\x1b", 5, false);
    auto fields = v.Fail().value().fields;
    EXPECT_EQ(fields.size(), 3u);
}

}  // namespace
}  // namespace safegrid
