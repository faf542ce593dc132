// The one trim rule of SafeGrid, for every value a person typed, pasted or imported (names,
// addresses, search terms, spreadsheet cells) and for header values and tool output alike.
//
// Removed at both ends, repeatedly, and nowhere else (inner spaces are kept: "匡堰 镇" stays):
//   - ASCII white space: space, tab, LF, VT, FF, CR (what std::isspace means in the C locale);
//   - U+00A0 NO-BREAK SPACE (C2 A0): pasted from web pages and Word documents;
//   - U+3000 IDEOGRAPHIC SPACE (E3 80 80): the full-width space a Chinese IME types;
//   - U+FEFF ZERO WIDTH NO-BREAK SPACE / byte-order mark (EF BB BF): left at the start of cells
//     and fields by Excel's "CSV UTF-8" and by Notepad.
// Not removed: other Unicode spaces (U+2000..U+200A, U+202F, U+205F) and zero-width characters,
// which no input method here produces; they stay visible to validation instead of silently vanishing.
// Invalid UTF-8 is never split: only the exact byte sequences above are removed.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safegrid {

// `s` without the white space above at either end (a view into `s`).
std::string_view TrimWhitespace(std::string_view s);

// The same rule, as an owned string (for assigning to a field).
inline std::string TrimText(std::string_view s) { return std::string(TrimWhitespace(s)); }

}  // namespace safegrid
