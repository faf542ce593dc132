// Text for PDFs drawn with a Chinese font through libharu: UTF-8 → glyphs, and line wrapping.
//
// The Chinese font takes GBK bytes (encoding "GBK-EUC-H"), so every non-ASCII character is
// converted to GBK with iconv first. We use GBK-EUC-H rather than GB-EUC-H because GB-EUC-H only
// covers GB 2312, and enterprise and street names often use GBK-only characters (e.g. 堃, 喆, 镕).
// ASCII is drawn with a single-byte (WinAnsi) font instead: in Adobe-GB1 the ASCII range maps to full-width code
// points, so a notice number or a link copied out of the PDF would come out as "２０２６" and
// "／ｈａｚａｒｄｓ". Characters GBK lacks (and invalid UTF-8) become '?': a replaced character
// is better than a notice that cannot be printed.
//
// Thread-safety: GbkEncoder is not thread-safe (one iconv state); use one per document.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace safegrid::services::documents {

struct Glyph {
    std::string bytes;     // 1 ASCII byte, or 2 GBK bytes
    bool ascii = true;     // draw with the Latin font
    bool newline = false;  // a hard line break (bytes empty)
};

// Splits UTF-8 into glyphs. Tabs become spaces, "\r\n"/"\r"/"\n" become hard breaks, other
// control characters are dropped, anything GBK cannot encode becomes '?'. At most
// `max_code_points` characters are taken; a longer text ends with "…（略）".
std::vector<Glyph> ToGlyphs(std::string_view utf8, size_t max_code_points = 10000);

// Breaks glyphs into lines no wider than `max_width` (as measured by `width`). Breaks between any
// two CJK characters; inside Latin text at the last space when there is one; lets closing
// punctuation (，。、；：？！）》」』”’) hang past the margin rather than start a line; drops spaces
// at the start of a wrapped line. A single glyph wider than the line still gets a line of its own.
// Always returns at least one line (possibly empty). `first_line_width`, when positive, is the
// width of the first line only (first-line indents and hanging indents).
std::vector<std::vector<Glyph>> WrapGlyphs(const std::vector<Glyph>& glyphs, double max_width,
                                           const std::function<double(const Glyph&)>& width,
                                           double first_line_width = -1);

}  // namespace safegrid::services::documents
