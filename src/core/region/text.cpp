#include "core/region/text.hpp"

namespace safegrid {

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
