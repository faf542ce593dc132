#include "core/enterprise/risk.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace safegrid {
namespace {

// The LEC tables as risk_grading_methods.json has them (the services test loads the real file and
// checks the same method comes out; core reads no files).
LecTables FileTables() {
    LecTables t;
    t.likelihood = {{10, "完全可以预料"}, {6, "相当可能"},   {3, "可能，但不经常"}, {1, "可能性小，完全意外"},
                    {0.5, "很不可能"},    {0.2, "极不可能"}, {0.1, "实际不可能"}};
    t.exposure = {{10, "连续暴露"},    {6, "每天工作时间内暴露"}, {3, "每周一次或偶然暴露"},
                  {2, "每月一次暴露"}, {1, "每年几次暴露"},       {0.5, "非常罕见地暴露"}};
    t.consequence = {{100, "大灾难"}, {40, "灾难"}, {15, "一人死亡"}, {7, "重伤"}, {3, "致残"}, {1, "需要救护"}};
    t.d_bands = {{320, RiskLevel::kRed}, {160, RiskLevel::kOrange}, {70, RiskLevel::kYellow}, {20, RiskLevel::kBlue}};
    return t;
}

const RiskMethod& Method() {
    static const RiskMethod method = *MakeLecRiskMethod(FileTables());
    return method;
}

RiskFactors Facts(std::vector<std::string> tags, std::string industry = "C1810",
                  std::optional<int64_t> employees = 12) {
    RiskFactors f;
    auto set = TagSet::FromNames(tags);
    EXPECT_TRUE(set);
    f.tags = *set;
    f.industry_code = std::move(industry);
    f.employees = employees;
    return f;
}

int64_t Sum(const RiskAssessment& a) {
    return std::accumulate(a.factors.begin(), a.factors.end(), int64_t{0},
                           [](int64_t s, const RiskFactor& f) { return s + f.points; });
}

const RiskFactor* Find(const RiskAssessment& a, const std::string& code) {
    for (const RiskFactor& f : a.factors)
        if (f.code == code) return &f;
    return nullptr;
}

TEST(Risk, DefaultBandsAreTheFilesDBands) {
    EXPECT_EQ(Method().bands.red, 320);
    EXPECT_EQ(Method().bands.orange, 160);
    EXPECT_EQ(Method().bands.yellow, 70);
    EXPECT_EQ(Method().name, "LEC");
}

TEST(Risk, BandsTurnAScoreIntoAColourAboveEachThreshold) {
    const RiskBands b{320, 160, 70};
    EXPECT_EQ(LevelForScore(b, 0), RiskLevel::kBlue);
    EXPECT_EQ(LevelForScore(b, 70), RiskLevel::kBlue);
    EXPECT_EQ(LevelForScore(b, 71), RiskLevel::kYellow);
    EXPECT_EQ(LevelForScore(b, 160), RiskLevel::kYellow);
    EXPECT_EQ(LevelForScore(b, 161), RiskLevel::kOrange);
    EXPECT_EQ(LevelForScore(b, 320), RiskLevel::kOrange);
    EXPECT_EQ(LevelForScore(b, 321), RiskLevel::kRed);
    EXPECT_EQ(LevelForScore({30, 20, 10}, 25), RiskLevel::kOrange);  // configured bands
}

TEST(Risk, FactorsAlwaysAddUpToTheScore) {
    std::vector<RiskFactors> cases = {Facts({}), Facts({"three_in_one", "dust", "group_rented"}, "", std::nullopt),
                                      Facts({"hazardous_chemicals", "key_unit", "confined_space"}, "2614", 150)};
    RiskFactors busy = Facts({"three_in_one"});
    busy.open_general_hazards = 40;  // capped
    busy.open_major_hazards = 2;
    busy.overdue_hazards = 1;
    busy.last_inspection_failures = 4;
    cases.push_back(busy);
    for (const RiskFactors& f : cases) {
        const RiskAssessment a = AssessRisk(Method(), f);
        EXPECT_EQ(a.score, Sum(a));
        EXPECT_EQ(a.level, LevelForScore(Method().bands, a.score));
    }
}

TEST(Risk, TheScoringTable) {
    // Garment workshop (C18: L1 E6 C3 = 18), 12 people (L0.5 E6 C3 = 9): 27, blue.
    RiskAssessment a = AssessRisk(Method(), Facts({}));
    ASSERT_EQ(a.factors.size(), 2u);
    EXPECT_EQ(a.factors[0].code, "industry");
    EXPECT_EQ(a.factors[0].points, 18);
    EXPECT_EQ(std::get<std::string>(a.factors[0].value), "C1810");
    EXPECT_EQ(a.factors[1].code, "employees");
    EXPECT_EQ(a.factors[1].points, 9);
    EXPECT_EQ(std::get<int64_t>(a.factors[1].value), 12);
    EXPECT_EQ(a.score, 27);
    EXPECT_EQ(a.level, RiskLevel::kBlue);
    // + three_in_one (L1 E10 C15 = 150): 177, orange.
    a = AssessRisk(Method(), Facts({"three_in_one"}));
    EXPECT_EQ(Find(a, "three_in_one")->points, 150);
    EXPECT_EQ(a.score, 177);
    EXPECT_EQ(a.level, RiskLevel::kOrange);
    // + dust (90) and three_in_one with dust (150): 417, red.
    a = AssessRisk(Method(), Facts({"three_in_one", "dust"}));
    EXPECT_EQ(Find(a, "dust")->points, 90);
    EXPECT_EQ(Find(a, "three_in_one_hazards")->points, 150);
    EXPECT_EQ(a.score, 417);
    EXPECT_EQ(a.level, RiskLevel::kRed);
    // key_unit (42): 69 blue; with group_rented (42): 111 yellow.
    EXPECT_EQ(AssessRisk(Method(), Facts({"key_unit"})).level, RiskLevel::kBlue);
    EXPECT_EQ(AssessRisk(Method(), Facts({"key_unit", "group_rented"})).score, 111);
    EXPECT_EQ(AssessRisk(Method(), Facts({"key_unit", "group_rented"})).level, RiskLevel::kYellow);
}

TEST(Risk, UnknownIndustryAndHeadCountAreNamedFactorsWithPoints) {
    const RiskAssessment a = AssessRisk(Method(), Facts({}, "", std::nullopt));
    const RiskFactor* industry = Find(a, "industry_unknown");
    ASSERT_NE(industry, nullptr);
    EXPECT_EQ(industry->points, 42);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(industry->value));
    EXPECT_FALSE(industry->label.zh.empty());
    const RiskFactor* employees = Find(a, "employees_unknown");
    ASSERT_NE(employees, nullptr);
    EXPECT_EQ(employees->points, 21);
    EXPECT_EQ(a.score, 63);
    // A code outside the table's classes (retail) is unknown too, and keeps its code as the value.
    const RiskAssessment retail = AssessRisk(Method(), Facts({}, "F5291"));
    ASSERT_NE(Find(retail, "industry_unknown"), nullptr);
    EXPECT_EQ(std::get<std::string>(Find(retail, "industry_unknown")->value), "F5291");
    EXPECT_EQ(Find(AssessRisk(Method(), Facts({}, "2614")), "industry")->points, 90);  // chemicals
}

TEST(Risk, HazardFactorsRaiseTheGrade) {
    RiskFactors f = Facts({});   // 27
    f.open_general_hazards = 3;  // 3 × (L3 E6 C1) = 54
    EXPECT_EQ(AssessRisk(Method(), f).score, 81);
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kYellow);
    f.overdue_hazards = 1;  // L3 E6 C7 = 126
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kOrange);
    f.open_major_hazards = 1;  // L6 E6 C15 = 540: one alone is red
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kRed);
    f.open_general_hazards = 50;
    EXPECT_EQ(Find(AssessRisk(Method(), f), "open_general_hazards")->points, 90);  // capped at 5
    EXPECT_EQ(std::get<int64_t>(Find(AssessRisk(Method(), f), "open_general_hazards")->value), 50);
}

TEST(Risk, PeopleSleepingOnSiteIsANamedFactorByGa703Threshold) {
    RiskFactors f = Facts({});  // 27
    EXPECT_EQ(Find(AssessRisk(Method(), f), "people_sleeping"), nullptr);
    f.people_sleeping_on_site = 6;  // L1 E10 C7 = 70
    const RiskAssessment some = AssessRisk(Method(), f);
    ASSERT_NE(Find(some, "people_sleeping"), nullptr);
    EXPECT_EQ(Find(some, "people_sleeping")->points, 70);
    EXPECT_EQ(std::get<int64_t>(Find(some, "people_sleeping")->value), 6);
    EXPECT_NE(Find(some, "people_sleeping")->label.zh.find("住宿"), std::string::npos);
    EXPECT_EQ(some.score, 97);
    EXPECT_EQ(some.level, RiskLevel::kYellow);
    f.people_sleeping_on_site = 20;
    EXPECT_EQ(Find(AssessRisk(Method(), f), "people_sleeping")->points, 70);
    f.people_sleeping_on_site = 21;  // more than GA 703's 20: L1 E10 C15 = 150
    EXPECT_EQ(Find(AssessRisk(Method(), f), "people_sleeping")->points, 150);
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kOrange);
    EXPECT_EQ(AssessRisk(Method(), f).score, Sum(AssessRisk(Method(), f)));
}

TEST(Risk, LastInspectionFailuresCount) {
    RiskFactors f = Facts({});
    f.last_inspection_failures = 0;
    EXPECT_EQ(Find(AssessRisk(Method(), f), "last_inspection_failures"), nullptr);
    f.last_inspection_failures = 6;  // 6 × (L3 E3 C1) = 54
    EXPECT_EQ(Find(AssessRisk(Method(), f), "last_inspection_failures")->points, 54);
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kYellow);
}

TEST(Risk, NoTrainingInTwelveMonthsIsANamedFactorOfEighteenPoints) {
    RiskFactors f = Facts({"key_unit"});  // 27 + 42 = 69: blue, one point under yellow
    EXPECT_EQ(Find(AssessRisk(Method(), f), "no_recent_training"), nullptr);
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kBlue);
    f.no_recent_training = true;  // L1 E6 C3 = 18
    const RiskAssessment a = AssessRisk(Method(), f);
    const RiskFactor* untrained = Find(a, "no_recent_training");
    ASSERT_NE(untrained, nullptr);
    EXPECT_EQ(untrained->points, 18);
    EXPECT_EQ(untrained->label.zh, "无近12个月培训记录");
    EXPECT_TRUE(std::get<bool>(untrained->value));
    EXPECT_EQ(a.factors.back().code, "no_recent_training");  // listed last, after the dynamic facts
    EXPECT_EQ(a.score, 87);
    EXPECT_EQ(a.level, RiskLevel::kYellow);  // at a band's edge it moves the colour
    EXPECT_EQ(a.score, Sum(a));
    // Alone it never makes an enterprise more than blue.
    RiskFactors bare = Facts({}, "C1810", 3);
    bare.no_recent_training = true;
    EXPECT_EQ(AssessRisk(Method(), bare).level, RiskLevel::kBlue);
}

TEST(Risk, RealFireAlarmsInNinetyDaysAndWeekOldFaultsAreNamedFactors) {
    constexpr UnixSeconds kNow = 1'796'000'000;
    constexpr int64_t kDay = 86400;
    RiskFactors f = Facts({});
    f.AddAlarm("fire", "resolved", kNow - 89 * kDay, kNow - 89 * kDay, kNow);     // counts: real, in the window
    f.AddAlarm("fire", "active", kNow - 60, std::nullopt, kNow);                  // counts: not judged false
    f.AddAlarm("fire", "false_alarm", kNow - kDay, std::nullopt, kNow);           // a false alarm: no
    f.AddAlarm("fire", "resolved", kNow - kFireAlarmWindow, std::nullopt, kNow);  // exactly 90 days: aged out
    f.AddAlarm("fault", "active", kNow - 8 * kDay, std::nullopt, kNow);           // open a week and more
    f.AddAlarm("offline", "acknowledged", kNow - 30 * kDay, std::nullopt, kNow);  // acknowledged is still open
    f.AddAlarm("fault", "active", kNow - kFaultOpenFor, std::nullopt, kNow);      // exactly 7 days: not older
    f.AddAlarm("fault", "active", kNow - 9 * kDay, kNow - kDay, kNow);            // the device cleared it
    f.AddAlarm("offline", "resolved", kNow - 9 * kDay, std::nullopt, kNow);       // a person closed it
    f.AddAlarm("other", "active", kNow - 9 * kDay, std::nullopt, kNow);
    EXPECT_EQ(f.fire_alarms_90d, 2);
    EXPECT_EQ(f.device_faults_open, 2);
    const RiskAssessment a = AssessRisk(Method(), f);
    const RiskFactor* fire = Find(a, "fire_alarms_90d");
    ASSERT_NE(fire, nullptr);
    EXPECT_EQ(fire->points, 108);  // L3 E6 C3 = 54 each
    EXPECT_EQ(std::get<int64_t>(fire->value), 2);
    const RiskFactor* faults = Find(a, "device_faults_open");
    ASSERT_NE(faults, nullptr);
    EXPECT_EQ(faults->points, 36);  // L1 E6 C3 = 18 each
    EXPECT_EQ(faults->label.zh, "设备故障或离线超过7天未处理");
    EXPECT_EQ(a.score, Sum(a));
    // Capped at three each; three real fires alone make an enterprise orange.
    RiskFactors burning;
    burning.industry_code = "C1810";
    burning.employees = 3;
    burning.fire_alarms_90d = 5;
    burning.device_faults_open = 7;
    const RiskAssessment b = AssessRisk(Method(), burning);
    EXPECT_EQ(Find(b, "fire_alarms_90d")->points, 162);
    EXPECT_EQ(Find(b, "device_faults_open")->points, 54);
    EXPECT_EQ(b.score, 237);  // 18 + 3 + 162 + 54
    EXPECT_EQ(b.level, RiskLevel::kOrange);
    // An enterprise without alarms shows neither factor.
    EXPECT_EQ(Find(AssessRisk(Method(), Facts({})), "fire_alarms_90d"), nullptr);
    EXPECT_EQ(Find(AssessRisk(Method(), Facts({})), "device_faults_open"), nullptr);
}

TEST(Risk, AMethodNeedsEveryPolicyValueInTheTables) {
    LecTables t = FileTables();
    t.consequence.erase(t.consequence.begin() + 2);  // no C = 15
    auto made = MakeLecRiskMethod(t);
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().id, "risk_method_invalid");
    t = FileTables();
    t.d_bands = {{160, RiskLevel::kRed}, {320, RiskLevel::kOrange}, {70, RiskLevel::kYellow}};
    EXPECT_FALSE(MakeLecRiskMethod(t));
}

TEST(Risk, InspectionIntervalsByColour) {
    const InspectionIntervals defaults;
    EXPECT_EQ(defaults.DaysFor(RiskLevel::kRed), 30);
    EXPECT_EQ(defaults.DaysFor(RiskLevel::kOrange), 90);
    EXPECT_EQ(defaults.DaysFor(RiskLevel::kYellow), 180);
    EXPECT_EQ(defaults.DaysFor(RiskLevel::kBlue), 365);
    constexpr UnixSeconds kLast = 1795951874;
    EXPECT_EQ(InspectionDueAt(defaults, RiskLevel::kRed, std::nullopt), 0);  // never inspected: due
    EXPECT_TRUE(IsInspectionDue(InspectionDueAt(defaults, RiskLevel::kBlue, std::nullopt), 1));
    const UnixSeconds due = InspectionDueAt(defaults, RiskLevel::kRed, kLast);
    EXPECT_EQ(due, kLast + 30 * 86400);
    EXPECT_FALSE(IsInspectionDue(due, due));  // exactly its interval old: not yet older
    EXPECT_TRUE(IsInspectionDue(due, due + 1));
}

TEST(Risk, AddHazardCountsOpenHazardsBySeverityAndOverdueOnes) {
    constexpr UnixSeconds kNow = 1795951874;
    RiskFactors f;
    for (HazardStatus s : kAllHazardStatuses) {
        f.AddHazard(s, Severity::kMajor, kNow - 1, kNow);  // past due
        f.AddHazard(s, Severity::kGeneral, kNow, kNow);    // due exactly now: not past
        f.AddHazard(s, Severity::kGeneral, std::nullopt, kNow);
    }
    EXPECT_EQ(f.open_major_hazards, 2);  // rectifying, submitted
    EXPECT_EQ(f.open_general_hazards, 4);
    EXPECT_EQ(f.overdue_hazards, 1);  // only the rectifying one past its deadline
    EXPECT_EQ(AssessRisk(Method(), f).level, RiskLevel::kRed);
}

TEST(Risk, OpenHazardsAreRectifyingAndSubmitted) {
    for (HazardStatus s : kAllHazardStatuses) {
        EXPECT_EQ(IsOpenHazard(s), s == HazardStatus::kRectifying || s == HazardStatus::kSubmitted)
            << HazardStatusName(s);
    }
}

TEST(Risk, LevelNamesRoundTrip) {
    for (auto level : {RiskLevel::kBlue, RiskLevel::kYellow, RiskLevel::kOrange, RiskLevel::kRed}) {
        EXPECT_EQ(ParseRiskLevel(RiskLevelName(level)), level);
    }
    EXPECT_FALSE(ParseRiskLevel("Red"));
    EXPECT_FALSE(ParseRiskLevel("green"));
}

}  // namespace
}  // namespace safegrid
