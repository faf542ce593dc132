#include "core/text/utf8.hpp"

namespace safegrid {

std::optional<char32_t> DecodeUtf8(std::string_view s, size_t i, size_t& len) {
    len = 1;
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return b0;
    size_t n = 0;
    char32_t cp = 0;
    // The second byte's range excludes overlongs (after E0, F0), surrogates (after ED) and
    // everything above U+10FFFF (after F4) up front, as RFC 3629's table does.
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return std::nullopt;  // a continuation byte, C0/C1 (always overlong) or F5..FF
    }
    if (n > s.size() - i) return std::nullopt;  // truncated
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        const unsigned char min = k == 1 ? lo : 0x80;
        const unsigned char max = k == 1 ? hi : 0xBF;
        if (b < min || b > max) return std::nullopt;
        cp = (cp << 6) | (b & 0x3F);
    }
    len = n;
    return cp;
}

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
    size_t i = 0;
    while (i < s.size()) {
        // ASCII runs are the common case (digits, codes, English text).
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        if (!DecodeUtf8(s, i, len)) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
}

size_t CodePointCount(std::string_view utf8) {
    size_t n = 0;
    for (char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

}  // namespace safegrid
