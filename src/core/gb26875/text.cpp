#include "core/gb26875/text.hpp"

#include <algorithm>
#include <cstdint>

namespace safegrid::gb26875 {

std::string TrimPadding(std::string_view field) {
    field = field.substr(0, field.find('\0'));
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    return std::string(field);
}

Result<std::string> TextToUtf8(std::string_view gb18030, const Gb18030Decoder& decoder) {
    const bool ascii =
        std::all_of(gb18030.begin(), gb18030.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
    if (ascii) return std::string(gb18030);
    return decoder.ToUtf8(gb18030);
}

}  // namespace safegrid::gb26875
