#include "services/documents/utf8.hpp"

namespace safegrid::services::documents {

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
