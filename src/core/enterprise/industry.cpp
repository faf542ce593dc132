#include "core/enterprise/industry.hpp"

#include <algorithm>

namespace safegrid {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string NormalizeIndustryCode(std::string_view code) {
    while (!code.empty() && IsSpace(code.front())) code.remove_prefix(1);
    while (!code.empty() && IsSpace(code.back())) code.remove_suffix(1);
    // The 门类 letters run A..T; the letter is often written before the digits.
    if (!code.empty() &&
        ((code.front() >= 'A' && code.front() <= 'T') || (code.front() >= 'a' && code.front() <= 't'))) {
        code.remove_prefix(1);
    }
    if (code.size() < 2 || code.size() > 4 || !std::all_of(code.begin(), code.end(), IsDigit)) return {};
    return std::string(code);
}

Status IndustryTable::Add(std::string_view code, IndustryName name) {
    if ((code.size() != 2 && code.size() != 4) || !std::all_of(code.begin(), code.end(), IsDigit)) {
        return Invalid("code", {"行业代码应为 2 位或 4 位数字", "An industry code has 2 or 4 digits"});
    }
    if (name.zh.empty()) return Invalid("name_zh", {"缺少中文名称", "The Chinese name is missing"});
    by_code_.emplace(std::string(code), std::move(name));
    return {};
}

const IndustryName* IndustryTable::Find(std::string_view code) const {
    const std::string digits = NormalizeIndustryCode(code);
    if (digits.empty()) return nullptr;
    if (auto it = by_code_.find(digits); it != by_code_.end()) return &it->second;
    if (digits.size() < 3) return nullptr;
    auto division = by_code_.find(std::string_view(digits).substr(0, 2));
    return division == by_code_.end() ? nullptr : &division->second;
}

}  // namespace safegrid
