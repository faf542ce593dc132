#include "services/stats_service.hpp"

#include <gtest/gtest.h>

#include <random>

#include "services/hazard_world.hpp"

namespace safegrid::services {
namespace {

using test::HazardWorld;

class StatsServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    // Random hazards in every grid of 匡堰镇 and the other town, public reports at town level, and
    // random actions, with the clock moving so some deadlines pass.
    void RandomWorld(unsigned seed, int steps) {
        auto& r = *w_->r;
        std::mt19937 rng(seed);
        std::vector<int64_t> ids;
        const int64_t enterprises[] = {r.ent1a, r.ent1b, r.ent2a, r.ent_other};
        const Principal* deciders[] = {&r.admin,     &r.town_officer,    &r.village_officer,
                                       &r.inspector, &r.enterprise_user, &r.other_town_officer};
        for (int step = 0; step < steps; ++step) {
            w_->r->clock.Advance(static_cast<int64_t>(rng() % 200000));
            const unsigned kind = rng() % 8;
            if (ids.empty() || kind < 2) {
                ids.push_back(w_->Create(r.admin, enterprises[rng() % 4], rng() % 3 ? "general" : "major",
                                         w_->r->clock.Now() + static_cast<int64_t>(rng() % 400000)));
            } else if (kind == 2) {
                ids.push_back(w_->PublicReport(rng() % 4 ? r.town : r.other_town));
            } else if (kind == 3) {
                ids.push_back(w_->Create(r.enterprise_user, r.ent1a));
            } else {
                w_->RandomAct(rng, {deciders, deciders + 6}, ids[rng() % ids.size()],
                              {r.ent1a, r.ent1b, r.ent2a, r.ent_other});
            }
        }
        ASSERT_EQ(w_->StoredCounts(), w_->Recount());
        // The random walk really moved hazards around the loop.
        ASSERT_GE(w_->store().QueryInt("SELECT COUNT(DISTINCT status) FROM hazards"), 4);
    }

    int64_t ListTotal(const Principal& who, HazardFilter f) {
        auto page = w_->hazards->List(who, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        return page ? page->total : -1;
    }

    static void ExpectSum(const std::vector<RegionStatsRow>& rows, const StatsFigures& whole, const std::string& what) {
        StatsFigures sum;
        for (const auto& row : rows) {
            const auto& h = row.figures.hazards;
            sum.hazards.total += h.total;
            for (size_t i = 0; i < h.by_status.size(); ++i) sum.hazards.by_status[i] += h.by_status[i];
            for (size_t i = 0; i < h.by_severity.size(); ++i) sum.hazards.by_severity[i] += h.by_severity[i];
            sum.hazards.overdue += h.overdue;
            sum.hazards.major_open += h.major_open;
            sum.hazards.closed_on_time += h.closed_on_time;
            sum.enterprises.total += row.figures.enterprises.total;
            sum.enterprises.due += row.figures.enterprises.due;
            for (size_t i = 0; i < 4; ++i) sum.enterprises.by_risk_level[i] += row.figures.enterprises.by_risk_level[i];
        }
        EXPECT_EQ(sum.hazards.total, whole.hazards.total) << what;
        EXPECT_EQ(sum.hazards.by_status, whole.hazards.by_status) << what;
        EXPECT_EQ(sum.hazards.by_severity, whole.hazards.by_severity) << what;
        EXPECT_EQ(sum.hazards.overdue, whole.hazards.overdue) << what;
        EXPECT_EQ(sum.hazards.major_open, whole.hazards.major_open) << what;
        EXPECT_EQ(sum.hazards.closed_on_time, whole.hazards.closed_on_time) << what;
        EXPECT_EQ(sum.enterprises.total, whole.enterprises.total) << what;
        EXPECT_EQ(sum.enterprises.by_risk_level, whole.enterprises.by_risk_level) << what;
        EXPECT_EQ(sum.enterprises.due, whole.enterprises.due) << what;
    }

    std::unique_ptr<HazardWorld> w_;
};

TEST_P(StatsServiceTest, OverviewAgreesWithTheListsForEveryRole) {
    RandomWorld(11, 150);
    auto& r = *w_->r;
    for (const Principal* who : {&r.admin, &r.town_officer, &r.village_officer, &r.inspector, &r.enterprise_user,
                                 &r.other_town_officer, &r.other_inspector}) {
        auto o = w_->stats->Overview(*who, std::nullopt);
        ASSERT_TRUE(o) << who->username << " " << o.error().id;
        EXPECT_EQ(o->hazards.total, ListTotal(*who, {})) << who->username;
        for (HazardStatus s : kAllHazardStatuses) {
            HazardFilter f;
            f.status = std::string(HazardStatusName(s));
            EXPECT_EQ(o->hazards.Status(s), ListTotal(*who, f)) << who->username << " " << HazardStatusName(s);
        }
        for (Severity s : kAllSeverities) {
            HazardFilter f;
            f.severity = std::string(SeverityName(s));
            EXPECT_EQ(o->hazards.by_severity[static_cast<size_t>(s)], ListTotal(*who, f)) << who->username;
        }
        HazardFilter overdue;
        overdue.overdue = true;
        EXPECT_EQ(o->hazards.overdue, ListTotal(*who, overdue)) << who->username;
        int64_t major_open = 0;
        for (const char* s : {"rectifying", "submitted"}) {
            HazardFilter f;
            f.status = s;
            f.severity = "major";
            major_open += ListTotal(*who, f);
        }
        EXPECT_EQ(o->hazards.major_open, major_open) << who->username;
    }
    // The enterprise sees its own enterprise only.
    auto own = w_->stats->Overview(r.enterprise_user, std::nullopt);
    EXPECT_EQ(own->enterprises.total, 1);
    EXPECT_EQ(own->hazards.total,
              w_->store().QueryInt("SELECT COUNT(*) FROM hazards WHERE enterprise_id = ?", {r.ent1a}));
}

TEST_P(StatsServiceTest, RegionRowsAddUpToTheParentOnRandomData) {
    auto& r = *w_->r;
    // Some enterprises due for inspection (one in the past, one far ahead), so the grouped
    // due-for-inspection count has something to agree about.
    w_->store().Exec("UPDATE enterprises SET inspection_due_at = 1 WHERE id = ? OR id = ?", {r.ent1a, r.ent_other});
    w_->store().Exec("UPDATE enterprises SET inspection_due_at = 99999999999 WHERE id = ?", {r.ent2a});
    for (unsigned seed : {1u, 2u, 3u}) {
        RandomWorld(seed, 80);
        struct Case {
            const Principal* who;
            std::optional<int64_t> parent;
        };
        for (const Case& c :
             {Case{&r.admin, std::nullopt}, Case{&r.admin, r.other_town}, Case{&r.town_officer, std::nullopt},
              Case{&r.town_officer, r.village1}, Case{&r.town_officer, r.grid2a},
              Case{&r.village_officer, std::nullopt}, Case{&r.inspector, std::nullopt}}) {
            const std::string what = c.who->username + " " + std::to_string(c.parent.value_or(0));
            auto rows = w_->stats->Regions(*c.who, c.parent);
            ASSERT_TRUE(rows) << what << " " << rows.error().id;
            auto whole = w_->stats->Overview(*c.who, c.parent);
            ASSERT_TRUE(whole) << what;
            ExpectSum(*rows, *whole, what);
            // Each child's row (read in one grouped pass) equals that child's own overview.
            for (const auto& row : *rows) {
                if (row.direct) continue;
                auto own = w_->stats->Overview(*c.who, row.region.id);
                ASSERT_TRUE(own) << what << " child " << row.region.id;
                ExpectSum({row}, *own, what + " child " + std::to_string(row.region.id));
            }
        }
    }
    // Public reports not yet assigned make the town's own "direct" row.
    auto rows = w_->stats->Regions(r.town_officer, std::nullopt);
    ASSERT_TRUE(rows);
    const int64_t direct =
        w_->store().QueryInt("SELECT COUNT(*) FROM hazards WHERE town_id = ? AND village_id IS NULL", {r.town});
    ASSERT_GT(direct, 0);
    ASSERT_FALSE(rows->empty());
    EXPECT_TRUE(rows->back().direct);
    EXPECT_EQ(rows->back().region.id, r.town);
    EXPECT_EQ(rows->back().figures.hazards.total, direct);
    EXPECT_EQ(rows->size(), 3u);  // 高家村, 倡隆村, the town itself
}

TEST_P(StatsServiceTest, NoDirectRowWithoutHazardsAtTheParent) {
    auto& r = *w_->r;
    w_->Create(r.town_officer, r.ent1a);
    auto rows = w_->stats->Regions(r.town_officer, std::nullopt);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].region.id, r.village1);
    EXPECT_FALSE((*rows)[0].direct);
    EXPECT_EQ((*rows)[0].figures.hazards.total, 1);
    EXPECT_EQ((*rows)[0].figures.enterprises.total, 2);
    EXPECT_EQ((*rows)[1].figures.hazards.total, 0);
}

TEST_P(StatsServiceTest, RatesFollowTheContract) {
    auto& r = *w_->r;
    const int64_t a = w_->Create(r.town_officer, r.ent1a);
    const int64_t b = w_->Create(r.town_officer, r.ent1a);
    w_->Create(r.town_officer, r.ent1a);
    w_->Create(r.enterprise_user, r.ent1a);  // reported: not in the denominator
    const int64_t rejected = w_->Create(r.enterprise_user, r.ent1a);
    ASSERT_TRUE(w_->Act(r.inspector, rejected, "reject", "不属实"));
    for (int64_t id : {a, b}) ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "done"));
    ASSERT_TRUE(w_->Act(r.inspector, a, "approve"));
    w_->r->clock.Advance(3 * 86400);
    ASSERT_TRUE(w_->Act(r.inspector, b, "approve"));
    auto o = w_->stats->Overview(r.town_officer, std::nullopt);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->hazards.total, 5);
    EXPECT_DOUBLE_EQ(o->hazards.RectificationRate(), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(o->hazards.OnTimeRate(), 0.5);
    auto empty = w_->stats->Overview(r.other_town_officer, std::nullopt);
    EXPECT_EQ(empty->hazards.RectificationRate(), 0.0);
    EXPECT_EQ(empty->hazards.OnTimeRate(), 0.0);
}

TEST_P(StatsServiceTest, ScopeIsEnforced) {
    auto& r = *w_->r;
    auto out = w_->stats->Overview(r.town_officer, r.other_town);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Code::kNotFound);
    EXPECT_EQ(w_->stats->Overview(r.village_officer, r.town).error().code, Code::kNotFound);
    EXPECT_EQ(w_->stats->Overview(r.inspector, r.grid1b).error().code, Code::kNotFound);
    EXPECT_EQ(w_->stats->Overview(r.enterprise_user, r.grid2a).error().code, Code::kNotFound);
    EXPECT_TRUE(w_->stats->Overview(r.enterprise_user, r.grid1a));
    EXPECT_EQ(w_->stats->Regions(r.enterprise_user, std::nullopt).error().code, Code::kForbidden);
    EXPECT_EQ(w_->stats->Ranking(r.enterprise_user, std::nullopt).error().code, Code::kForbidden);
    EXPECT_EQ(w_->stats->Regions(r.village_officer, r.village2).error().code, Code::kNotFound);
    EXPECT_EQ(w_->stats->Trend(r.town_officer, r.other_town, 12).error().code, Code::kNotFound);
    EXPECT_EQ(w_->stats->Trend(r.town_officer, std::nullopt, 0).error().code, Code::kValidation);
}

TEST_P(StatsServiceTest, TrendCountsFoundAndClosedPerChinaMonth) {
    auto& r = *w_->r;
    // 2026-09-30T16:30:00Z is already 1 October in China.
    w_->r->clock.Set(1790785800);
    const int64_t a = w_->Create(r.town_officer, r.ent1a);
    w_->r->clock.Set(1790785800 - 86400);  // 30 September in China
    w_->Create(r.town_officer, r.ent1b);
    w_->r->clock.Set(1795951874);  // back to 29 November
    ASSERT_TRUE(w_->Act(r.enterprise_user, a, "submit", "done"));
    ASSERT_TRUE(w_->Act(r.town_officer, a, "approve"));
    auto trend = w_->stats->Trend(r.town_officer, std::nullopt, 3);
    ASSERT_TRUE(trend) << trend.error().id;
    ASSERT_EQ(trend->size(), 3u);
    EXPECT_EQ((*trend)[0].month, "2026-09");
    EXPECT_EQ((*trend)[0].found, 1);
    EXPECT_EQ((*trend)[1].month, "2026-10");
    EXPECT_EQ((*trend)[1].found, 1);
    EXPECT_EQ((*trend)[1].closed, 0);
    EXPECT_EQ((*trend)[2].month, "2026-11");
    EXPECT_EQ((*trend)[2].found, 0);
    EXPECT_EQ((*trend)[2].closed, 1);
    auto twelve = w_->stats->Trend(r.town_officer, std::nullopt, 12);
    ASSERT_EQ(twelve->size(), 12u);
    EXPECT_EQ(twelve->front().month, "2025-12");
    EXPECT_EQ(twelve->back().month, "2026-11");
    auto own = w_->stats->Trend(r.enterprise_user, std::nullopt, 12);
    ASSERT_TRUE(own);
    EXPECT_EQ((*own)[10].found, 1);
    EXPECT_EQ((*own)[9].found, 0);
    EXPECT_EQ(own->back().closed, 1);
}

TEST_P(StatsServiceTest, RankingOrdersChildrenByRectificationRate) {
    auto& r = *w_->r;
    const Principal inspector2a = test::MakeCaller(10, Role::kInspector, {Scope::Level::kGrid, r.grid2a});
    const int64_t a = w_->Create(r.town_officer, r.ent2a);
    w_->Create(r.town_officer, r.ent1a);
    ASSERT_TRUE(w_->Act(r.enterprise_user, w_->Create(r.town_officer, r.ent1a), "submit", "x"));
    ASSERT_TRUE(w_->Act(inspector2a, a, "submit", "done"));
    ASSERT_TRUE(w_->Act(r.town_officer, a, "approve"));
    auto ranking = w_->stats->Ranking(r.town_officer, std::nullopt);
    ASSERT_TRUE(ranking);
    ASSERT_EQ(ranking->size(), 2u);
    EXPECT_EQ((*ranking)[0].region.id, r.village2);
    EXPECT_EQ((*ranking)[0].rank, 1);
    EXPECT_EQ((*ranking)[1].region.id, r.village1);
    EXPECT_EQ((*ranking)[1].rank, 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, StatsServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
