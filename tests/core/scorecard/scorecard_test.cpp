#include "core/scorecard/scorecard.hpp"

#include <gtest/gtest.h>

namespace safegrid::scorecard {
namespace {

TEST(ScorecardPeriod, ParsesMonthsAndYearsOnly) {
    auto m = ParsePeriod("2026-11");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->Text(), "2026-11");
    EXPECT_EQ(m->FirstDay(), "2026-11-01");
    EXPECT_EQ(m->EndDay(), "2026-12-01");
    EXPECT_EQ(ParsePeriod("2026-12")->EndDay(), "2027-01-01");
    auto y = ParsePeriod("2026");
    ASSERT_TRUE(y);
    EXPECT_EQ(y->Text(), "2026");
    EXPECT_EQ(y->FirstDay(), "2026-01-01");
    EXPECT_EQ(y->EndDay(), "2027-01-01");
    for (const char* bad : {"", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", " 2026", "２０２６",
                            "1969", "abcd", "2026-1a", "9999"}) {
        EXPECT_FALSE(ParsePeriod(bad)) << bad;
    }
}

TEST(ScorecardPeriod, BoundsAreTheTownsMidnights) {
    const Period p = *ParsePeriod("2026-11");
    EXPECT_EQ(p.Start(8 * 3600), *ParseRfc3339("2026-10-31T16:00:00Z"));
    EXPECT_EQ(p.End(8 * 3600), *ParseRfc3339("2026-11-30T16:00:00Z"));
    EXPECT_EQ(p.YearStart(0), *ParseRfc3339("2026-01-01T00:00:00Z"));
}

TEST(ScorecardPeriod, TheCurrentMonthIsNotFutureTheNextIs) {
    EXPECT_FALSE(IsFuture(*ParsePeriod("2026-12"), "2026-12-06"));
    EXPECT_FALSE(IsFuture(*ParsePeriod("2026"), "2026-12-06"));
    EXPECT_TRUE(IsFuture(*ParsePeriod("2027-01"), "2026-12-06"));
    EXPECT_TRUE(IsFuture(*ParsePeriod("2027"), "2026-12-06"));
}

TEST(ScorecardLevel, ParsesBothNames) {
    EXPECT_EQ(ParseLevel("village"), Level::kVillage);
    EXPECT_EQ(ParseLevel("enterprise"), Level::kEnterprise);
    EXPECT_FALSE(ParseLevel("town"));
    EXPECT_EQ(LevelName(Level::kEnterprise), "enterprise");
}

TEST(ScorecardRules, TrainingIsProportionalToTrainedEnterprises) {
    VillageFigures f;
    f.enterprises = 10;
    f.trained = 8;
    auto d = DecideVillage("VIL-05", 8, f);
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->points, 6.4);
    EXPECT_EQ(d->figure, "8/10 家企业参加培训（80%）");
    EXPECT_DOUBLE_EQ(d->value, 0.8);
}

TEST(ScorecardRules, ClosedLoopHalvesInspectionAndOnTimeClosing) {
    VillageFigures f;
    f.enterprises = 4;
    f.inspected = 2;
    f.hazards_due = 4;
    f.closed_on_time = 1;
    EXPECT_DOUBLE_EQ(DecideVillage("VIL-07", 10, f)->points, 10 * (0.5 + 0.25) / 2);
    f.hazards_due = 0;  // nothing due: that half is full
    f.closed_on_time = 0;
    EXPECT_DOUBLE_EQ(DecideVillage("VIL-07", 10, f)->points, 7.5);
}

TEST(ScorecardRules, DrillsAreAllOrNothingForVillagesAndCountedToTwoForEnterprises) {
    VillageFigures v;
    EXPECT_DOUBLE_EQ(DecideVillage("VIL-12", 10, v)->points, 0);
    v.drills = 1;
    EXPECT_DOUBLE_EQ(DecideVillage("VIL-12", 10, v)->points, 10);
    EnterpriseFigures e;
    e.drills = 1;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-19", 5, e)->points, 2.5);
    e.drills = 3;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-19", 5, e)->points, 5);
}

TEST(ScorecardRules, OpenHazardsOfTheItemsCategoriesTakeAllItsPoints) {
    EnterpriseFigures e;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-08", 5, e)->points, 5);
    e.open_fire_facility = 1;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-08", 5, e)->points, 0);
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-13", 5, e)->points, 5);
    e.open_electrical = 2;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-13", 5, e)->points, 0);
    EXPECT_EQ(DecideEnterprise("ENT-13", 5, e)->figure, "未整改电气隐患 2 处");
}

TEST(ScorecardRules, EducationUsesEmployeesWhenKnown) {
    EnterpriseFigures e;
    e.people_trained = 5;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-05", 3, e)->points, 3);  // employees unknown: any attendance
    e.employees = 20;
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-05", 3, e)->points, 0.75);
    e.people_trained = 0;
    e.employees.reset();
    EXPECT_DOUBLE_EQ(DecideEnterprise("ENT-05", 3, e)->points, 0);
}

TEST(ScorecardRules, ManualItemsAreNotDecided) {
    for (const char* code : {"VIL-01", "VIL-02", "VIL-11"}) {
        EXPECT_FALSE(IsDecided(Level::kVillage, code)) << code;
        EXPECT_FALSE(DecideVillage(code, 8, {}));
    }
    EXPECT_FALSE(IsDecided(Level::kEnterprise, "ENT-20"));
    EXPECT_TRUE(IsDecided(Level::kEnterprise, "ENT-15"));
    EXPECT_FALSE(IsDecided(Level::kEnterprise, "VIL-05"));  // a village code is no enterprise rule
    EXPECT_TRUE(IsDecided(Level::kVillage, "VIL-09"));
}

TEST(ScorecardScore, SumsDecidedAndEnteredManualItems) {
    const std::vector<ItemDef> defs = {{"VIL-01", 8, "领导机构"}, {"VIL-05", 8, "培训"}, {"VIL-02", 8, "责任书"}};
    VillageFigures f;
    f.enterprises = 2;
    f.trained = 1;
    Card c = Score(7, "高家村", defs, f, DecideVillage, [](const std::string& code) -> std::optional<double> {
        if (code == "VIL-01") return 6.5;
        if (code == "VIL-05") return 1.0;  // ignored: decided items are never manual
        return std::nullopt;
    });
    ASSERT_EQ(c.items.size(), 3u);
    EXPECT_TRUE(c.items[0].manual);
    EXPECT_DOUBLE_EQ(c.items[0].points, 6.5);
    EXPECT_FALSE(c.items[1].manual);
    EXPECT_DOUBLE_EQ(c.items[1].points, 4);
    EXPECT_TRUE(c.items[2].manual);
    EXPECT_DOUBLE_EQ(c.items[2].points, 0);
    EXPECT_EQ(c.items[2].figure, "");
    EXPECT_DOUBLE_EQ(c.score, 10.5);
}

TEST(ScorecardRank, TiesShareTheBestRankAndTheNextSkips) {
    std::vector<Card> cards(4);
    const double scores[] = {50, 80, 50, 90};
    for (int i = 0; i < 4; ++i) {
        cards[i].subject_id = i + 1;
        cards[i].score = scores[i];
    }
    Rank(cards);
    EXPECT_EQ(cards[0].subject_id, 4);
    EXPECT_EQ(cards[0].rank, 1);
    EXPECT_EQ(cards[1].rank, 2);
    EXPECT_EQ(cards[2].subject_id, 1);
    EXPECT_EQ(cards[2].rank, 3);
    EXPECT_EQ(cards[3].subject_id, 3);
    EXPECT_EQ(cards[3].rank, 3);
}

}  // namespace
}  // namespace safegrid::scorecard
