#include "services/documents/utf8.hpp"

namespace safegrid::services::documents {

std::optional<char32_t> DecodeUtf8(std::string_view s, size_t i, size_t& len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    len = 1;
    if (b0 < 0x80) return b0;
    size_t n;
    char32_t cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        cp = b0 & 0x07;
    } else {
        return std::nullopt;  // continuation byte, 0xC0/0xC1 (always overlong) or 0xF5..0xFF
    }
    if (i + n > s.size()) return std::nullopt;
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return std::nullopt;
    len = n;
    return cp;
}

std::string CleanForXml(std::string_view s, size_t max_code_points) {
    std::string out;
    out.reserve(s.size());
    size_t count = 0;
    for (size_t i = 0; i < s.size() && count < max_code_points;) {
        size_t len;
        const std::optional<char32_t> cp = DecodeUtf8(s, i, len);
        if (!cp) {
            out += "\xEF\xBF\xBD";  // U+FFFD
        } else if ((*cp < 0x20 && *cp != '\t' && *cp != '\n' && *cp != '\r') || *cp == 0xFFFE || *cp == 0xFFFF) {
            i += len;
            continue;
        } else {
            out.append(s.substr(i, len));
        }
        i += len;
        ++count;
    }
    return out;
}

}  // namespace safegrid::services::documents
