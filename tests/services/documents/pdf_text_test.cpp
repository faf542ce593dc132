#include "services/documents/pdf_text.hpp"

#include <gtest/gtest.h>

namespace safegrid::services::documents {
namespace {

// CJK glyphs are 1 unit wide, ASCII 0.5: like a monospaced Song face.
double Unit(const Glyph& g) { return g.ascii ? 0.5 : 1.0; }

std::string Bytes(const std::vector<Glyph>& line) {
    std::string s;
    for (const Glyph& g : line) s += g.bytes;
    return s;
}

std::string Gbk(std::string_view utf8) { return Bytes(ToGlyphs(utf8)); }

std::vector<std::string> Wrap(std::string_view utf8, double width, double first = -1) {
    std::vector<std::string> out;
    for (const auto& line : WrapGlyphs(ToGlyphs(utf8), width, Unit, first)) out.push_back(Bytes(line));
    return out;
}

TEST(PdfText, ConvertsToGbkAndKeepsAscii) {
    const auto g = ToGlyphs("安A全");
    ASSERT_EQ(g.size(), 3u);
    EXPECT_FALSE(g[0].ascii);
    EXPECT_EQ(g[0].bytes, "\xB0\xB2");  // 安 in GBK
    EXPECT_TRUE(g[1].ascii);
    EXPECT_EQ(g[2].bytes, "\xC8\xAB");  // 全
    EXPECT_EQ(Gbk("堃"), "\x88\xD2");   // GBK-only (not GB 2312)
}

TEST(PdfText, ReplacesWhatCannotBeDrawn) {
    EXPECT_EQ(Gbk("a😀b"), "a?b");
    EXPECT_EQ(Gbk("𠮷"), "?");
    EXPECT_EQ(Gbk("\xFF"), "?");
    EXPECT_EQ(Gbk("\xE5\xAE"), "??");            // truncated sequence: each stray byte
    EXPECT_EQ(Gbk("\xC0\x80"), "??");            // overlong NUL
    EXPECT_EQ(Gbk("a\x01\x7F\xC2\x85z"), "az");  // C0, DEL, C1 controls dropped
    EXPECT_EQ(Gbk("a\tb"), "a b");
    EXPECT_EQ(Gbk("a\xE3\x80\x80z"), "a z");  // ideographic space
    const auto lines = ToGlyphs("a\r\nb\rc\nd");
    int breaks = 0;
    for (const Glyph& g : lines) breaks += g.newline;
    EXPECT_EQ(breaks, 3);
}

TEST(PdfText, CapsVeryLongText) {
    const auto g = ToGlyphs(std::string(50, 'x'), 10);
    EXPECT_EQ(g.size(), 10u + 4u);  // 10 + "…（略）"
    EXPECT_EQ(Bytes({g.begin() + 10, g.end()}), Gbk("…（略）"));
}

TEST(PdfText, WrapsCjkAnywhereWithinTheWidth) {
    EXPECT_EQ(Wrap("一二三四五六七", 3), (std::vector<std::string>{Gbk("一二三"), Gbk("四五六"), Gbk("七")}));
    EXPECT_EQ(Wrap("一二三四五六七", 3, 1), (std::vector<std::string>{Gbk("一"), Gbk("二三四"), Gbk("五六七")}));
    EXPECT_EQ(Wrap("", 3), (std::vector<std::string>{""}));
}

TEST(PdfText, LetsClosingPunctuationHangAndKeepsOpeningWithItsText) {
    EXPECT_EQ(Wrap("一二三，四", 3), (std::vector<std::string>{Gbk("一二三，"), Gbk("四")}));
    EXPECT_EQ(Wrap("一二（三四", 3), (std::vector<std::string>{Gbk("一二"), Gbk("（三四")}));
}

TEST(PdfText, BreaksLatinAtSpacesAndLongWordsAnywhere) {
    EXPECT_EQ(Wrap("ab cd ef", 2.5), (std::vector<std::string>{"ab cd", "ef"}));
    EXPECT_EQ(Wrap("ab cd ef", 2), (std::vector<std::string>{"ab", "cd", "ef"}));
    EXPECT_EQ(Wrap("abcdefgh", 2), (std::vector<std::string>{"abcd", "efgh"}));
    EXPECT_EQ(Wrap("一二ab", 2.5), (std::vector<std::string>{Gbk("一二"), "ab"}));  // the word moves whole
    EXPECT_EQ(Wrap("ab  cd", 1), (std::vector<std::string>{"ab", "cd"}));           // no leading spaces
}

TEST(PdfText, HardBreaksStartNewLines) {
    EXPECT_EQ(Wrap("一\n\n二", 5), (std::vector<std::string>{Gbk("一"), "", Gbk("二")}));
}

TEST(PdfText, NoLineIsWiderThanAllowedExceptHangingPunctuation) {
    std::string text;
    for (int i = 0; i < 50; ++i) text += "检查发现 fire exit blocked by 布料, 电动车（e-bike）充电。";
    for (double width : {3.0, 7.5, 20.0}) {
        for (const auto& line : WrapGlyphs(ToGlyphs(text), width, Unit)) {
            double w = 0;
            for (const Glyph& g : line) w += Unit(g);
            EXPECT_LE(w, width + 1.0) << Bytes(line);
        }
    }
}

}  // namespace
}  // namespace safegrid::services::documents
