#include "core/gb26875/time_label.hpp"

#include <fmt/format.h>

namespace safegrid::gb26875 {
namespace {

int DaysInMonth(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool TimeLabel::Valid() const {
    if (year > 99 || month < 1 || month > 12 || day < 1) return false;
    if (day > DaysInMonth(FullYear(), month)) return false;
    return hour <= 23 && minute <= 59 && second <= 59;
}

std::string TimeLabel::Text() const {
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", FullYear(), month, day, hour, minute, second);
}

TimeLabel ReadTimeLabel(std::string_view b) {
    auto u = [&](std::size_t i) { return static_cast<uint8_t>(b[i]); };
    return TimeLabel{u(0), u(1), u(2), u(3), u(4), u(5)};
}

void AppendTimeLabel(std::string& out, const TimeLabel& t) {
    for (uint8_t v : {t.second, t.minute, t.hour, t.day, t.month, t.year}) out.push_back(static_cast<char>(v));
}

}  // namespace safegrid::gb26875
