#include "core/region/text.hpp"

namespace safegrid {

bool IsValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len; ++k) {
            auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
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

std::string TrimText(std::string_view s) {
    auto starts_space = [](std::string_view t) -> size_t {
        if (t.empty()) return 0;
        auto c = static_cast<unsigned char>(t[0]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
        if (t.size() >= 3 && t.substr(0, 3) == "\xE3\x80\x80") return 3;  // U+3000 ideographic space
        return 0;
    };
    auto ends_space = [](std::string_view t) -> size_t {
        if (t.empty()) return 0;
        auto c = static_cast<unsigned char>(t.back());
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
        if (t.size() >= 3 && t.substr(t.size() - 3) == "\xE3\x80\x80") return 3;
        return 0;
    };
    while (size_t n = starts_space(s)) s.remove_prefix(n);
    while (size_t n = ends_space(s)) s.remove_suffix(n);
    return std::string(s);
}

bool IsPlausiblePhone(std::string_view phone) {
    if (phone.empty()) return true;
    if (CodePointCount(phone) > 32) return false;
    int digits = 0;
    for (size_t i = 0; i < phone.size(); ++i) {
        char c = phone[i];
        if (c >= '0' && c <= '9') {
            ++digits;
            continue;
        }
        if (c == '+' || c == '-' || c == '(' || c == ')' || c == ' ' || c == '#' || c == ',') continue;
        if (phone.substr(i, 3) == "\xE8\xBD\xAC") {  // 转 (extension), as written on Chinese cards
            i += 2;
            continue;
        }
        return false;
    }
    return digits >= 3;
}

void CheckText(Validation& v, const char* field, const std::string& value, size_t max, bool required) {
    if (!IsValidUtf8(value)) {
        v.Add(field, {"文本编码无效", "Not valid UTF-8 text"});
        return;
    }
    for (char c : value) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
            v.Add(field, {"不能包含控制字符", "Control characters are not allowed"});
            return;
        }
    }
    if (required && value.empty()) {
        v.Add(field, {"必填", "Required"});
        return;
    }
    if (CodePointCount(value) > max) {
        v.Add(field, {"不能超过" + std::to_string(max) + "个字", "At most " + std::to_string(max) + " characters"});
    }
}

}  // namespace safegrid
