#include "core/text/trim.hpp"

#include <array>

namespace safegrid {
namespace {

constexpr std::array<std::string_view, 3> kUnicodeSpaces = {
    "\xC2\xA0",      // U+00A0 no-break space
    "\xE3\x80\x80",  // U+3000 ideographic space
    "\xEF\xBB\xBF",  // U+FEFF byte-order mark
};

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Length of the trimmable character at the start of `s`, 0 if none.
size_t SpaceAtFront(std::string_view s) {
    if (s.empty()) return 0;
    if (IsAsciiSpace(s.front())) return 1;
    for (std::string_view space : kUnicodeSpaces) {
        if (s.starts_with(space)) return space.size();
    }
    return 0;
}

size_t SpaceAtBack(std::string_view s) {
    if (s.empty()) return 0;
    if (IsAsciiSpace(s.back())) return 1;
    for (std::string_view space : kUnicodeSpaces) {
        if (s.ends_with(space)) return space.size();
    }
    return 0;
}

}  // namespace

std::string_view TrimWhitespace(std::string_view s) {
    while (size_t n = SpaceAtFront(s)) s.remove_prefix(n);
    while (size_t n = SpaceAtBack(s)) s.remove_suffix(n);
    return s;
}

}  // namespace safegrid
