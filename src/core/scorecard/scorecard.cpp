#include "core/scorecard/scorecard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace safegrid::scorecard {
namespace {

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

std::string Day(int year, int month) { return fmt::format("{:04d}-{:02d}-01", year, month); }

UnixSeconds LocalMidnight(const std::string& day, int utc_offset_seconds) {
    // Days from 1970 to 9999 always parse; the offset moves UTC midnight to the town's midnight.
    return ParseRfc3339(day).value_or(0) - utc_offset_seconds;
}

// part/whole as a share; `empty` when there is nothing to count.
double Share(int64_t part, int64_t whole, double empty) {
    if (whole <= 0) return empty;
    return std::clamp(static_cast<double>(part) / static_cast<double>(whole), 0.0, 1.0);
}

std::string Percent(double share) { return fmt::format("{:.0f}%", share * 100.0); }

using VillageRule = Decision (*)(double max, const VillageFigures& f);
using EnterpriseRule = Decision (*)(double max, const EnterpriseFigures& f);

// The table: item code → rule. An item not listed here is manual.
struct VillageEntry {
    std::string_view code;
    VillageRule rule;
};
struct EnterpriseEntry {
    std::string_view code;
    EnterpriseRule rule;
};

constexpr std::array kVillageRules = {
    VillageEntry{"VIL-05",
                 [](double max, const VillageFigures& f) {
                     const double s = Share(f.trained, f.enterprises, 1.0);
                     return Decision{
                         max * s, fmt::format("{}/{} 家企业参加培训（{}）", f.trained, f.enterprises, Percent(s)), s};
                 }},
    VillageEntry{"VIL-07",
                 [](double max, const VillageFigures& f) {
                     const double inspected = Share(f.inspected, f.enterprises, 1.0);
                     const double on_time = Share(f.closed_on_time, f.hazards_due, 1.0);
                     const double s = (inspected + on_time) / 2.0;
                     return Decision{max * s,
                                     fmt::format("排查 {}/{} 家；到期隐患按期整改 {}/{}", f.inspected, f.enterprises,
                                                 f.closed_on_time, f.hazards_due),
                                     s};
                 }},
    VillageEntry{"VIL-08",
                 [](double max, const VillageFigures& f) {
                     const double s = Share(f.registered_buildings, f.rented_buildings, 1.0);
                     return Decision{
                         max * s, fmt::format("出租厂房登记房东 {}/{} 幢", f.registered_buildings, f.rented_buildings),
                         s};
                 }},
    VillageEntry{"VIL-09",
                 [](double max, const VillageFigures& f) {
                     const double s = Share(f.majors_closed, f.majors, 1.0);
                     return Decision{max * s, fmt::format("重大隐患复查销号 {}/{} 处", f.majors_closed, f.majors), s};
                 }},
    VillageEntry{"VIL-12",
                 [](double max, const VillageFigures& f) {
                     return Decision{f.drills > 0 ? max : 0.0, fmt::format("本年度消防演练 {} 次", f.drills),
                                     static_cast<double>(f.drills)};
                 }},
};

constexpr std::array kEnterpriseRules = {
    EnterpriseEntry{"ENT-05",
                    [](double max, const EnterpriseFigures& f) {
                        if (!f.employees || *f.employees <= 0) {
                            return Decision{f.people_trained > 0 ? max : 0.0,
                                            fmt::format("培训 {} 人次（员工数未登记）", f.people_trained),
                                            static_cast<double>(f.people_trained)};
                        }
                        const double s = Share(f.people_trained, *f.employees, 0.0);
                        return Decision{max * s, fmt::format("培训 {}/{} 名员工", f.people_trained, *f.employees), s};
                    }},
    EnterpriseEntry{"ENT-08",
                    [](double max, const EnterpriseFigures& f) {
                        return Decision{f.open_fire_facility == 0 ? max : 0.0,
                                        fmt::format("未整改消防设施隐患 {} 处", f.open_fire_facility),
                                        static_cast<double>(f.open_fire_facility)};
                    }},
    EnterpriseEntry{"ENT-11",
                    [](double max, const EnterpriseFigures& f) {
                        return Decision{f.open_chemicals == 0 ? max : 0.0,
                                        fmt::format("未整改危化品/安全出口隐患 {} 处", f.open_chemicals),
                                        static_cast<double>(f.open_chemicals)};
                    }},
    EnterpriseEntry{"ENT-13",
                    [](double max, const EnterpriseFigures& f) {
                        return Decision{f.open_electrical == 0 ? max : 0.0,
                                        fmt::format("未整改电气隐患 {} 处", f.open_electrical),
                                        static_cast<double>(f.open_electrical)};
                    }},
    EnterpriseEntry{"ENT-15",
                    [](double max, const EnterpriseFigures& f) {
                        const double on_time = Share(f.closed_on_time, f.hazards_due, 1.0);
                        const double s = ((f.self_checks > 0 ? 1.0 : 0.0) + on_time) / 2.0;
                        return Decision{max * s,
                                        fmt::format("自查 {} 次；到期隐患按期整改 {}/{}", f.self_checks,
                                                    f.closed_on_time, f.hazards_due),
                                        s};
                    }},
    EnterpriseEntry{"ENT-19",
                    [](double max, const EnterpriseFigures& f) {
                        const double s = static_cast<double>(std::min<int64_t>(f.drills, 2)) / 2.0;
                        return Decision{max * s, fmt::format("本年度参加演练 {} 次（应 2 次）", f.drills),
                                        static_cast<double>(f.drills)};
                    }},
    EnterpriseEntry{"ENT-22",
                    [](double max, const EnterpriseFigures& f) {
                        return Decision{f.sessions > 0 ? max : 0.0, fmt::format("参加培训 {} 场", f.sessions),
                                        static_cast<double>(f.sessions)};
                    }},
};

}  // namespace

std::string_view LevelName(Level level) { return level == Level::kVillage ? "village" : "enterprise"; }

std::optional<Level> ParseLevel(std::string_view name) {
    if (name == "village") return Level::kVillage;
    if (name == "enterprise") return Level::kEnterprise;
    return std::nullopt;
}

std::string Period::Text() const {
    return month == 0 ? fmt::format("{:04d}", year) : fmt::format("{:04d}-{:02d}", year, month);
}
std::string Period::FirstDay() const { return Day(year, month == 0 ? 1 : month); }
std::string Period::EndDay() const {
    if (month == 0 || month == 12) return Day(year + 1, 1);
    return Day(year, month + 1);
}
std::string Period::YearFirstDay() const { return Day(year, 1); }
UnixSeconds Period::Start(int utc_offset_seconds) const { return LocalMidnight(FirstDay(), utc_offset_seconds); }
UnixSeconds Period::End(int utc_offset_seconds) const { return LocalMidnight(EndDay(), utc_offset_seconds); }
UnixSeconds Period::YearStart(int utc_offset_seconds) const {
    return LocalMidnight(YearFirstDay(), utc_offset_seconds);
}

std::optional<Period> ParsePeriod(std::string_view text) {
    Period p;
    if (text.size() == 4 && AllDigits(text)) {
        p.year = ToInt(text);
    } else if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5))) {
        p.year = ToInt(text.substr(0, 4));
        p.month = ToInt(text.substr(5));
        if (p.month < 1 || p.month > 12) return std::nullopt;
    } else {
        return std::nullopt;
    }
    // EndDay of 9999 would be year 10000, which no date parser here accepts.
    if (p.year < 1970 || p.year > 9998) return std::nullopt;
    return p;
}

bool IsFuture(const Period& period, std::string_view today) { return period.FirstDay() > today; }

bool IsDecided(Level level, std::string_view code) {
    if (level == Level::kVillage) {
        return std::any_of(kVillageRules.begin(), kVillageRules.end(), [&](const auto& e) { return e.code == code; });
    }
    return std::any_of(kEnterpriseRules.begin(), kEnterpriseRules.end(), [&](const auto& e) { return e.code == code; });
}

std::optional<Decision> DecideVillage(std::string_view code, double max, const VillageFigures& f) {
    for (const auto& e : kVillageRules)
        if (e.code == code) return e.rule(max, f);
    return std::nullopt;
}

std::optional<Decision> DecideEnterprise(std::string_view code, double max, const EnterpriseFigures& f) {
    for (const auto& e : kEnterpriseRules)
        if (e.code == code) return e.rule(max, f);
    return std::nullopt;
}

double RoundPoints(double points) { return std::round(points * 10.0) / 10.0; }

void Rank(std::vector<Card>& cards) {
    std::sort(cards.begin(), cards.end(), [](const Card& a, const Card& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.subject_id < b.subject_id;
    });
    for (size_t i = 0; i < cards.size(); ++i) {
        cards[i].rank = (i > 0 && cards[i].score == cards[i - 1].score) ? cards[i - 1].rank : static_cast<int>(i) + 1;
    }
}

}  // namespace safegrid::scorecard
