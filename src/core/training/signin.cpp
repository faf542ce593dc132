#include "core/training/signin.hpp"

#include <algorithm>

#include "core/station/station.hpp"

namespace safegrid {
namespace {

bool AllDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> NormaliseSigninPhone(std::string_view phone) {
    std::string digits;
    for (char c : phone) {
        if (c == ' ' || c == '-') continue;
        digits.push_back(c);
    }
    if (digits.size() > 3 && digits.compare(0, 3, "+86") == 0) digits.erase(0, 3);
    if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) digits.erase(0, 2);
    if (!AllDigits(digits)) return std::nullopt;
    if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') return digits;
    if (digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' && digits[1] != '0') return digits;
    return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> SigninDays(std::string_view held_on) {
    auto first = station::AddDays(held_on, -1);
    auto last = station::AddDays(held_on, 1);
    if (!first || !last) return std::nullopt;
    return std::pair(std::move(*first), std::move(*last));
}

bool AcceptsSigninOn(std::string_view held_on, std::string_view today) {
    const auto days = SigninDays(held_on);
    if (!days || !station::AddDays(today, 0)) return false;
    return days->first <= today && today <= days->second;
}

int64_t PeopleFromSignins(std::optional<int64_t> recorded, int64_t signins) {
    return std::max(recorded.value_or(0), signins);
}

}  // namespace safegrid
