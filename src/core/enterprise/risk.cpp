#include "core/enterprise/risk.hpp"

#include <algorithm>
#include <cmath>

#include "core/enterprise/building_rules.hpp"
#include "core/hazard/deadline.hpp"

namespace safegrid {
namespace {

// One LEC assessment: the values each factor takes from the file's tables (L likelihood, E exposure,
// C consequence), and how many times a counted factor may add them (a cap keeps one enterprise with
// 40 open general hazards from drowning every other reason in the explanation).
struct Lec {
    double l, e, c;
};
struct FactorPolicy {
    const char* code;
    Text label;
    Lec lec;
    int64_t cap = 1;
};

// THE FACTOR POLICY. Each row: which hazard source, and its L, E, C with the reason.
//   Industry (GB/T 4754 division; the workshop's ordinary fire and machine load, exposure all day):
//     textile, garment, leather, food, machinery: L 1 可能性小, E 6 每天工作时间内暴露, C 3 致残
//     wood, paper, printing, metal working:      L 1, E 6, C 7 重伤 (dust and cutting)
//     chemicals, rubber and plastics:            L 1, E 6, C 15 一人死亡 (fire, toxic release)
//     unknown:                                   L 1, E 6, C 7 — the middle class: not knowing
//                                                must not grade an enterprise as the safest
//   Head count (more people, worse consequence): L 0.5 很不可能, E 6, C by size: ≥100 15, ≥30 7,
//     ≥10 3, else 1; unknown: C 7.
//   Tags: three_in_one (people sleep where they work and store): L 1, E 10 连续暴露, C 15;
//     group_rented: L 1, E 6, C 7; key_unit: L 1, E 6, C 7; hazardous_chemicals and dust: L 1,
//     E 6, C 15; confined_space: L 1, E 3 偶然暴露, C 15. three_in_one with hazardous chemicals or
//     dust (GA 703 forbids both under one roof): L 1, E 10, C 15 once more.
//   People sleeping on site (Building::people_sleeping of the enterprise's building, a fact of the
//     building, so every tenant carries it — a night fire in one workshop reaches the sleepers of
//     all): L 1 可能性小, E 10 连续暴露 (people are there day and night), C by the sleeper count at
//     GA 703's threshold: up to 20 C 7 重伤, more than 20 C 15 一人死亡. It adds to the three_in_one
//     tag when both are set: the tag is the enterprise's own premises, this the shared building.
//   Hazards: each open general one L 3 可能但不经常, E 6, C 1 (cap 5); each open major one (重大事故
//     隐患) L 6 相当可能, E 6, C 15 (cap 3) — one alone is red by the default bands; each overdue one
//     L 3, E 6, C 7 (cap 3). Failed items of the last inspection: each L 3, E 3, C 1 (cap 10).
//   No training attendance in the last 12 months (无近12个月培训记录; 百万员工消防安全大培训): the
//     workers have not been taught to use an extinguisher or to get out, so a fire that starts is
//     worse: L 1 可能性小, E 6 每天工作时间内暴露, C 3 致残 — 18 points, as much as a light industry,
//     enough to matter at a band's edge and never alone more than blue.
//   Real fire alarms of its own devices in the last 90 days (fire_alarms_90d, not judged false): a
//     fire did start there, so another is more likely than the industry alone says: each L 3 可能但
//     不经常, E 6, C 3 致残 (the detector caught it early; the consequence is the small fire's) = 54,
//     cap 3 — one can move a workshop a band up (54 is more than half a band), three make it
//     orange on their own.
//   Device faults or offline alarms left open more than 7 days (device_faults_open): the early
//     warning is blind, as the untrained staff of no_recent_training: each L 1, E 6, C 3 = 18, cap 3.
enum FactorIndex : size_t {
    kIndustryLight,
    kIndustryWood,
    kIndustryChemical,
    kIndustryUnknown,
    kEmployees100,
    kEmployees30,
    kEmployees10,
    kEmployeesFew,
    kEmployeesUnknown,
    kThreeInOne,
    kGroupRented,
    kKeyUnit,
    kHazardousChemicals,
    kDust,
    kConfinedSpace,
    kSleepingWithHazards,
    kPeopleSleeping,
    kPeopleSleepingOver20,
    kOpenGeneral,
    kOpenMajor,
    kOverdue,
    kInspectionFailures,
    kNoRecentTraining,
    kFireAlarms90d,
    kDeviceFaultsOpen,
    kFactorCount
};

const std::array<FactorPolicy, kFactorCount> kPolicy = {{
    {"industry", {"行业：纺织服装、食品、机械等一般行业", "Industry: textile, garment, food, machinery"}, {1, 6, 3}},
    {"industry", {"行业：木材、造纸印刷、金属加工", "Industry: wood, paper and printing, metal working"}, {1, 6, 7}},
    {"industry", {"行业：化工、橡胶塑料", "Industry: chemicals, rubber and plastics"}, {1, 6, 15}},
    {"industry_unknown", {"行业未知（按中等风险计）", "Industry unknown (counted as medium)"}, {1, 6, 7}},
    {"employees", {"从业人员 100 人及以上", "100 or more employees"}, {0.5, 6, 15}},
    {"employees", {"从业人员 30–99 人", "30 to 99 employees"}, {0.5, 6, 7}},
    {"employees", {"从业人员 10–29 人", "10 to 29 employees"}, {0.5, 6, 3}},
    {"employees", {"从业人员不足 10 人", "Fewer than 10 employees"}, {0.5, 6, 1}},
    {"employees_unknown", {"从业人员数未知（按 30–99 人计）", "Head count unknown (counted as 30 to 99)"}, {0.5, 6, 7}},
    {"three_in_one", {"“三合一”场所（住宿与生产储存合用）", "Three-in-one (people sleep on site)"}, {1, 10, 15}},
    {"group_rented", {"群租厂房", "Group-rented building"}, {1, 6, 7}},
    {"key_unit", {"消防安全重点单位", "Key fire safety unit"}, {1, 6, 7}},
    {"hazardous_chemicals", {"涉及危险化学品", "Hazardous chemicals"}, {1, 6, 15}},
    {"dust", {"粉尘涉爆", "Combustible dust"}, {1, 6, 15}},
    {"confined_space", {"有限空间作业", "Confined spaces"}, {1, 3, 15}},
    {"three_in_one_hazards",
     {"“三合一”场所同时涉及危化品或粉尘", "Three-in-one together with hazardous chemicals or dust"},
     {1, 10, 15}},
    {"people_sleeping",
     {"所在建筑有人员住宿（20 人及以下）", "People sleep in the building (20 or fewer)"},
     {1, 10, 7}},
    {"people_sleeping",
     {"所在建筑住宿超过 20 人（GA 703 须完全防火分隔）",
      "More than 20 people sleep in the building (GA 703 threshold)"},
     {1, 10, 15}},
    {"open_general_hazards", {"未整改的一般隐患", "Open general hazards"}, {3, 6, 1}, 5},
    {"open_major_hazards", {"未整改的重大隐患", "Open major hazards"}, {6, 6, 15}, 3},
    {"overdue_hazards", {"逾期未整改的隐患", "Overdue hazards"}, {3, 6, 7}, 3},
    {"last_inspection_failures", {"最近一次检查的不合格项", "Failed items of the last inspection"}, {3, 3, 1}, 10},
    {"no_recent_training", {"无近12个月培训记录", "No training in the last 12 months"}, {1, 6, 3}},
    {"fire_alarms_90d",
     {"近90天设备火警（非误报）", "Fire alarms of its devices in 90 days (not false)"},
     {3, 6, 3},
     3},
    {"device_faults_open",
     {"设备故障或离线超过7天未处理", "Device faults or offline for more than 7 days"},
     {1, 6, 3},
     3},
}};

int64_t PointsOf(const FactorPolicy& p, int64_t count) {
    const int64_t n = std::clamp<int64_t>(count, 0, p.cap);
    return std::llround(p.lec.l * p.lec.e * p.lec.c * static_cast<double>(n));
}

bool HasValue(const std::vector<LecTables::Entry>& table, double value) {
    return std::any_of(table.begin(), table.end(),
                       [&](const LecTables::Entry& e) { return std::abs(e.value - value) < 1e-9; });
}

// GB/T 4754 division: the two digits after an optional section letter ("C1810" → 18).
std::optional<int> Division(const std::string& code) {
    size_t i = 0;
    if (!code.empty() && ((code[0] >= 'A' && code[0] <= 'Z') || (code[0] >= 'a' && code[0] <= 'z'))) i = 1;
    if (code.size() < i + 2) return std::nullopt;
    if (code[i] < '0' || code[i] > '9' || code[i + 1] < '0' || code[i + 1] > '9') return std::nullopt;
    return (code[i] - '0') * 10 + (code[i + 1] - '0');
}

FactorIndex IndustryFactor(const std::string& code) {
    const auto d = Division(code);
    if (!d) return kIndustryUnknown;
    if ((*d >= 13 && *d <= 19) || (*d >= 34 && *d <= 43)) return kIndustryLight;
    if ((*d >= 20 && *d <= 24) || (*d >= 30 && *d <= 33)) return kIndustryWood;
    if (*d >= 25 && *d <= 29) return kIndustryChemical;
    return kIndustryUnknown;  // outside manufacturing: the table has no class for it
}

FactorIndex EmployeesFactor(std::optional<int64_t> employees) {
    if (!employees) return kEmployeesUnknown;
    if (*employees >= 100) return kEmployees100;
    if (*employees >= 30) return kEmployees30;
    if (*employees >= 10) return kEmployees10;
    return kEmployeesFew;
}

}  // namespace

std::string_view RiskLevelName(RiskLevel level) {
    switch (level) {
        case RiskLevel::kBlue:
            return "blue";
        case RiskLevel::kYellow:
            return "yellow";
        case RiskLevel::kOrange:
            return "orange";
        case RiskLevel::kRed:
            return "red";
    }
    return "blue";
}

std::optional<RiskLevel> ParseRiskLevel(std::string_view name) {
    for (RiskLevel level : {RiskLevel::kBlue, RiskLevel::kYellow, RiskLevel::kOrange, RiskLevel::kRed}) {
        if (RiskLevelName(level) == name) return level;
    }
    return std::nullopt;
}

void RiskFactors::AddHazard(HazardStatus status, Severity severity, std::optional<UnixSeconds> due_at,
                            UnixSeconds now) {
    if (IsOpenHazard(status)) ++(severity == Severity::kMajor ? open_major_hazards : open_general_hazards);
    if (IsOverdue(status, due_at, now)) ++overdue_hazards;
}

void RiskFactors::AddAlarm(std::string_view kind, std::string_view status, UnixSeconds raised_at,
                           std::optional<UnixSeconds> cleared_at, UnixSeconds now) {
    if (kind == "fire" && status != "false_alarm" && raised_at > now - kFireAlarmWindow) ++fire_alarms_90d;
    const bool open = !cleared_at && (status == "active" || status == "acknowledged");
    if ((kind == "fault" || kind == "offline") && open && raised_at < now - kFaultOpenFor) ++device_faults_open;
}

RiskLevel LevelForScore(const RiskBands& bands, int64_t score) {
    if (score > bands.red) return RiskLevel::kRed;
    if (score > bands.orange) return RiskLevel::kOrange;
    if (score > bands.yellow) return RiskLevel::kYellow;
    return RiskLevel::kBlue;
}

int64_t InspectionIntervals::DaysFor(RiskLevel level) const {
    switch (level) {
        case RiskLevel::kRed:
            return red_days;
        case RiskLevel::kOrange:
            return orange_days;
        case RiskLevel::kYellow:
            return yellow_days;
        case RiskLevel::kBlue:
            return blue_days;
    }
    return blue_days;
}

UnixSeconds InspectionDueAt(const InspectionIntervals& intervals, RiskLevel level,
                            std::optional<UnixSeconds> last_inspected_at) {
    if (!last_inspected_at) return 0;
    return *last_inspected_at + intervals.DaysFor(level) * 86400;
}

Result<RiskMethod> MakeLecRiskMethod(LecTables tables) {
    auto invalid = [](std::string what) {
        return Fail(Error{Code::kMalformed,
                          "risk_method_invalid",
                          {"风险分级方法数据有误", "The risk grading method data is invalid"},
                          {},
                          std::move(what)});
    };
    for (const FactorPolicy& p : kPolicy) {
        if (!HasValue(tables.likelihood, p.lec.l)) return invalid(std::string(p.code) + ": L not in the LEC table");
        if (!HasValue(tables.exposure, p.lec.e)) return invalid(std::string(p.code) + ": E not in the LEC table");
        if (!HasValue(tables.consequence, p.lec.c)) return invalid(std::string(p.code) + ": C not in the LEC table");
    }
    RiskMethod method;
    std::array<std::optional<double>, 4> lowest;  // by level: the lowest D that reaches it
    for (const LecTables::Band& b : tables.d_bands) {
        auto& slot = lowest[static_cast<size_t>(b.level)];
        if (!slot || b.above < *slot) slot = b.above;
    }
    const auto& red = lowest[static_cast<size_t>(RiskLevel::kRed)];
    const auto& orange = lowest[static_cast<size_t>(RiskLevel::kOrange)];
    const auto& yellow = lowest[static_cast<size_t>(RiskLevel::kYellow)];
    if (!red || !orange || !yellow || !(*red > *orange && *orange > *yellow && *yellow >= 0)) {
        return invalid("D bands: need red > orange > yellow thresholds");
    }
    method.bands = {std::llround(*red), std::llround(*orange), std::llround(*yellow)};
    method.tables = std::move(tables);
    return method;
}

RiskAssessment AssessRisk(const RiskMethod& method, const RiskFactors& f) {
    RiskAssessment out;
    auto add = [&](FactorIndex index, RiskFactor::Value value, int64_t count = 1) {
        const FactorPolicy& p = kPolicy[index];
        RiskFactor factor{p.code, p.label, std::move(value), PointsOf(p, count)};
        out.score += factor.points;
        out.factors.push_back(std::move(factor));
    };
    const FactorIndex industry = IndustryFactor(f.industry_code);
    add(industry, f.industry_code.empty() ? RiskFactor::Value{} : RiskFactor::Value{f.industry_code});
    add(EmployeesFactor(f.employees), f.employees ? RiskFactor::Value{*f.employees} : RiskFactor::Value{});
    const std::array<std::pair<Tag, FactorIndex>, 6> tags = {{{Tag::kThreeInOne, kThreeInOne},
                                                              {Tag::kGroupRented, kGroupRented},
                                                              {Tag::kKeyUnit, kKeyUnit},
                                                              {Tag::kHazardousChemicals, kHazardousChemicals},
                                                              {Tag::kDust, kDust},
                                                              {Tag::kConfinedSpace, kConfinedSpace}}};
    for (const auto& [tag, index] : tags) {
        if (f.tags.Has(tag)) add(index, true);
    }
    if (f.tags.Has(Tag::kThreeInOne) && (f.tags.Has(Tag::kHazardousChemicals) || f.tags.Has(Tag::kDust))) {
        add(kSleepingWithHazards, true);
    }
    if (f.people_sleeping_on_site > 0) {
        add(f.people_sleeping_on_site > kGa703Sleepers ? kPeopleSleepingOver20 : kPeopleSleeping,
            f.people_sleeping_on_site);
    }
    if (f.open_general_hazards > 0) add(kOpenGeneral, f.open_general_hazards, f.open_general_hazards);
    if (f.open_major_hazards > 0) add(kOpenMajor, f.open_major_hazards, f.open_major_hazards);
    if (f.overdue_hazards > 0) add(kOverdue, f.overdue_hazards, f.overdue_hazards);
    if (f.last_inspection_failures && *f.last_inspection_failures > 0) {
        add(kInspectionFailures, *f.last_inspection_failures, *f.last_inspection_failures);
    }
    if (f.no_recent_training) add(kNoRecentTraining, true);
    if (f.fire_alarms_90d > 0) add(kFireAlarms90d, f.fire_alarms_90d, f.fire_alarms_90d);
    if (f.device_faults_open > 0) add(kDeviceFaultsOpen, f.device_faults_open, f.device_faults_open);
    out.level = LevelForScore(method.bands, out.score);
    return out;
}

}  // namespace safegrid
