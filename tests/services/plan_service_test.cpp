// PlanService (GET /api/v1/plan) on both stores: which enterprises of the inspector's grids are
// stops and why, the route and its legs, stops without a location, who may read which plan, the
// date, and the injected campaign source.
#include "services/plan_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "services/campaign_service.hpp"
#include "services/inspection_world.hpp"
#include "services/user_service.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

const TimeZone kShanghai{};

class PlanServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        auto& r = *w_->r;
        users_ = std::make_unique<UserService>(r.store->shared(), r.clock, *r.audit);
        plans_ = std::make_unique<PlanService>(r.store->shared(), r.clock, kShanghai);
        inspector_id_ = User("inspector_a", "inspector", r.grid1a);
        other_inspector_id_ = User("inspector_b", "inspector", r.grid1b);
        village_inspector_id_ = User("inspector_v", "inspector", r.village2);
        village_user_id_ = User("village_a", "village", r.village1);
        inspector_ = test::MakeCaller(inspector_id_, Role::kInspector, {Scope::Level::kGrid, r.grid1a});

        // grid1a: ent1a (no location, never inspected: due) and five located workshops.
        recheck_ = Located("慈溪市甲纺织厂", 11, 30.1800, 121.3200);
        deadline_ = Located("慈溪市乙服饰厂", 12, 30.1810, 121.3210);
        due_ = Located("慈溪市丙针织厂", 13, 30.1790, 121.3230);
        inspected_ = Located("慈溪市丁制衣厂", 14, 30.1820, 121.3190);
        both_ = Located("慈溪市戊布艺厂", 15, 30.1830, 121.3220);
        // recheck_: a hazard rectified and submitted; deadline_: one due tomorrow (today's plan
        // does not list it, tomorrow's does); both_: a submitted one and an overdue-by-tomorrow one.
        submitted_ = Hazard(recheck_);
        ASSERT_TRUE(w_->hazards->Act(inspector_, submitted_, {"submit", std::string("已整改")}, {}, std::nullopt));
        deadline_hazard_ = Hazard(deadline_);
        both_submitted_ = Hazard(both_);
        ASSERT_TRUE(w_->hazards->Act(inspector_, both_submitted_, {"submit", std::string("已整改")}, {}, std::nullopt));
        both_deadline_ = Hazard(both_);
        // Inspected today, so not due: everything but due_ and ent1a.
        for (int64_t id : {recheck_, deadline_, inspected_, both_}) Inspect(id);
        // Not the inspector's grid: never a stop.
        Hazard(r.ent1b);
    }

    int64_t User(const std::string& name, const char* role, int64_t region) {
        NewUser u{name, role, region, std::nullopt, "demo1234pass", name, std::nullopt};
        auto made = users_->Create(nullptr, u);
        EXPECT_TRUE(made) << (made ? "" : made.error().id + " " + made.error().internal);
        return made ? made->id : 0;
    }
    int64_t Located(const std::string& name, int n, double lat, double lng) {
        auto in = w_->r->Input(w_->r->grid1a, name, n);
        in.lat = lat;
        in.lng = lng;
        auto e = w_->r->enterprises->Create(nullptr, in);
        EXPECT_TRUE(e) << (e ? "" : e.error().id);
        return e ? e->id : 0;
    }
    int64_t Hazard(int64_t enterprise) {
        NewHazard in;
        in.enterprise_id = enterprise;
        in.title = "疏散通道堵塞";
        in.severity = "general";
        in.category = "evacuation";
        in.due_at = w_->r->clock.Now() + 86400;
        auto h = w_->hazards->Create(w_->r->town_officer, in);
        EXPECT_TRUE(h) << (h ? "" : h.error().id);
        return h ? h->hazard.id : 0;
    }
    void Inspect(int64_t enterprise) {
        NewInspection in;
        in.enterprise_id = enterprise;
        in.checklist_id = "fire-small-workshop";
        in.items = {{"FS-EVA-03", "pass", "", {}, std::nullopt}};
        auto done = w_->inspections->Create(inspector_, in);
        EXPECT_TRUE(done) << (done ? "" : done.error().id);
    }
    std::string Today() { return PlanDayOf(w_->r->clock.Now(), kShanghai).date; }
    std::string Tomorrow() { return PlanDayOf(w_->r->clock.Now() + 86400, kShanghai).date; }
    Plan Get(const Principal& who, PlanQuery q = {}) {
        auto plan = plans_->ForDay(who, q);
        EXPECT_TRUE(plan) << (plan ? "" : plan.error().id + " " + plan.error().internal);
        return plan ? *plan : Plan{};
    }
    static const PlanStop* Find(const Plan& plan, int64_t enterprise) {
        for (const auto& s : plan.stops)
            if (s.enterprise_id == enterprise) return &s;
        return nullptr;
    }
    static std::vector<int64_t> Ids(const Plan& plan) {
        std::vector<int64_t> ids;
        for (const auto& s : plan.stops) ids.push_back(s.enterprise_id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    std::unique_ptr<InspectionWorld> w_;
    std::unique_ptr<UserService> users_;
    std::unique_ptr<PlanService> plans_;
    int64_t inspector_id_ = 0, other_inspector_id_ = 0, village_inspector_id_ = 0, village_user_id_ = 0;
    Principal inspector_;
    int64_t recheck_ = 0, deadline_ = 0, due_ = 0, inspected_ = 0, both_ = 0;
    int64_t submitted_ = 0, deadline_hazard_ = 0, both_submitted_ = 0, both_deadline_ = 0;
};

using Reasons = std::vector<PlanReason>;

TEST_P(PlanServiceTest, StopsAreRechecksDeadlinesAndDueEnterprisesOfTheGrid) {
    const Plan today = Get(inspector_);
    EXPECT_EQ(today.date, Today());
    EXPECT_EQ(today.inspector_id, inspector_id_);
    std::vector<int64_t> expected = {w_->r->ent1a, recheck_, due_, both_};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(Ids(today), expected) << "the deadline is tomorrow; the inspected one is not due";
    EXPECT_EQ(Find(today, recheck_)->reasons, Reasons{PlanReason::kRecheck});
    EXPECT_EQ(Find(today, recheck_)->hazard_ids, std::vector<int64_t>{submitted_});
    EXPECT_EQ(Find(today, due_)->reasons, Reasons{PlanReason::kDue});
    EXPECT_TRUE(Find(today, due_)->hazard_ids.empty());
    EXPECT_EQ(Find(today, both_)->hazard_ids, std::vector<int64_t>{both_submitted_});

    PlanQuery q;
    q.date = Tomorrow();
    const Plan tomorrow = Get(inspector_, q);
    EXPECT_EQ(tomorrow.date, Tomorrow());
    ASSERT_TRUE(Find(tomorrow, deadline_));
    EXPECT_EQ(Find(tomorrow, deadline_)->reasons, Reasons{PlanReason::kDeadline});
    EXPECT_EQ(Find(tomorrow, deadline_)->hazard_ids, std::vector<int64_t>{deadline_hazard_});
    EXPECT_EQ(Find(tomorrow, both_)->reasons, (Reasons{PlanReason::kRecheck, PlanReason::kDeadline}));
    EXPECT_EQ(Find(tomorrow, both_)->hazard_ids, (std::vector<int64_t>{both_submitted_, both_deadline_}));

    // A year on, everything is due again (yellow/blue intervals ≤ 365 days).
    q.date = PlanDayOf(w_->r->clock.Now() + 366 * 86400, kShanghai).date;
    EXPECT_EQ(Get(inspector_, q).stops.size(), 6u);
    // Approving the re-check takes the stop off (the enterprise was inspected today, so not due).
    ASSERT_TRUE(
        w_->hazards->Act(w_->r->town_officer, submitted_, {"approve", std::string("复查合格")}, {}, std::nullopt));
    EXPECT_FALSE(Find(Get(inspector_), recheck_));
}

TEST_P(PlanServiceTest, TheRouteStartsAtTheMostUrgentStopOrAtStartAndLegsAddUp) {
    const Plan plan = Get(inspector_);
    ASSERT_EQ(plan.stops.size(), 4u);
    // ent1a has no location: last, leg 0.
    EXPECT_EQ(plan.stops.back().enterprise_id, w_->r->ent1a);
    EXPECT_EQ(plan.stops.back().leg_m, 0);
    EXPECT_FALSE(plan.stops.back().lat);
    // Without start: the most urgent located stop first, with leg 0.
    const PlanStop& first = plan.stops.front();
    EXPECT_EQ(first.leg_m, 0);
    for (size_t k = 0; k + 1 < plan.stops.size(); ++k) {
        const PlanStop& s = plan.stops[k];
        EXPECT_EQ(s.order, static_cast<int64_t>(k + 1));
        EXPECT_FALSE(MoreUrgent({s.risk_level, s.risk_score, s.enterprise_id},
                                {first.risk_level, first.risk_score, first.enterprise_id}));
        if (k > 0) {
            const PlanStop& prev = plan.stops[k - 1];
            EXPECT_EQ(s.leg_m, std::llround(HaversineMeters({*prev.lat, *prev.lng}, {*s.lat, *s.lng})));
            EXPECT_GT(s.leg_m, 50);
        }
    }
    int64_t sum = 0;
    for (const auto& s : plan.stops) sum += s.leg_m;
    EXPECT_EQ(plan.total_m, sum);

    // From a start next to due_: due_ is first, its leg measured from the start.
    PlanQuery q;
    q.start = GeoPoint{30.1789, 121.3231};
    const Plan from_start = Get(inspector_, q);
    ASSERT_EQ(from_start.stops.size(), 4u);
    EXPECT_EQ(from_start.stops.front().enterprise_id, due_);
    EXPECT_EQ(from_start.stops.front().leg_m, std::llround(HaversineMeters(*q.start, {30.1790, 121.3230})));
    EXPECT_EQ(from_start.stops.back().enterprise_id, w_->r->ent1a);
}

TEST_P(PlanServiceTest, WhoMayReadWhichPlan) {
    auto& r = *w_->r;
    auto code = [&](const Principal& who, std::optional<int64_t> inspector, std::optional<std::string> date = {}) {
        PlanQuery q;
        q.inspector_id = inspector;
        q.date = std::move(date);
        auto plan = plans_->ForDay(who, q);
        return plan ? 0 : static_cast<int>(plan.error().code);
    };
    constexpr int kOk = 0;
    const int kNotFound = static_cast<int>(Code::kNotFound);
    EXPECT_EQ(code(inspector_, std::nullopt), kOk);
    EXPECT_EQ(code(inspector_, inspector_id_), kOk);
    EXPECT_EQ(code(inspector_, other_inspector_id_), kNotFound) << "an inspector reads its own plan only";
    Principal village = test::MakeCaller(village_user_id_, Role::kVillage, {Scope::Level::kVillage, r.village1});
    EXPECT_EQ(code(village, inspector_id_), kOk);
    EXPECT_EQ(code(village, other_inspector_id_), kOk);
    EXPECT_EQ(code(village, village_inspector_id_), kNotFound) << "another village's inspector";
    EXPECT_EQ(code(village, village_user_id_), kNotFound) << "not an inspector";
    EXPECT_EQ(code(village, 999999), kNotFound);
    EXPECT_EQ(code(r.other_village_officer, inspector_id_), kNotFound);
    EXPECT_EQ(code(r.other_town_officer, inspector_id_), kNotFound);
    EXPECT_EQ(code(r.town_officer, village_inspector_id_), kOk);
    EXPECT_EQ(code(r.admin, inspector_id_), kOk);
    EXPECT_EQ(code(r.enterprise_user, inspector_id_), static_cast<int>(Code::kForbidden));
    auto missing = plans_->ForDay(r.town_officer, {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Code::kValidation);
    EXPECT_TRUE(missing.error().fields.count("inspector_id"));
    for (const char* bad : {"2026-02-30", "tomorrow", "2026-12-06T00:00:00Z", ""}) {
        PlanQuery q;
        q.date = bad;
        auto plan = plans_->ForDay(inspector_, q);
        ASSERT_FALSE(plan) << bad;
        EXPECT_EQ(plan.error().code, Code::kValidation) << bad;
        EXPECT_TRUE(plan.error().fields.count("date")) << bad;
    }
    // The officer sees the same plan the inspector does.
    PlanQuery as_officer;
    as_officer.inspector_id = inspector_id_;
    EXPECT_EQ(Ids(Get(r.town_officer, as_officer)), Ids(Get(inspector_)));
}

TEST_P(PlanServiceTest, AVillageInspectorPlansEveryGridOfTheVillage) {
    auto& r = *w_->r;
    Principal inspector_v =
        test::MakeCaller(village_inspector_id_, Role::kInspector, {Scope::Level::kVillage, r.village2});
    const Plan plan = Get(inspector_v);
    EXPECT_EQ(Ids(plan), std::vector<int64_t>{r.ent2a}) << "grid2a's never-inspected enterprise";
}

TEST_P(PlanServiceTest, CampaignTargetsComeFromTheInjectedSource) {
    auto& r = *w_->r;
    std::string seen_date;
    std::vector<int64_t> seen_grids;
    plans_->SetCampaignTargetSource([&](storage::Connection& conn, std::string_view date,
                                        const std::vector<int64_t>& grids,
                                        int64_t) -> Result<std::vector<CampaignTarget>> {
        SG_TRY(conn.Query("SELECT 1"));  // runs on the plan's connection
        seen_date = std::string(date);
        seen_grids = grids;
        // inspected_ is on no other list; due_ is also due; ent_other is not in the grid.
        return std::vector<CampaignTarget>{{inspected_, 7}, {due_, 7}, {due_, 8}, {r.ent_other, 7}};
    });
    PlanQuery q;
    q.date = Tomorrow();
    const Plan plan = Get(inspector_, q);
    EXPECT_EQ(seen_date, Tomorrow());
    EXPECT_EQ(seen_grids, std::vector<int64_t>{r.grid1a});
    ASSERT_TRUE(Find(plan, inspected_));
    EXPECT_EQ(Find(plan, inspected_)->reasons, Reasons{PlanReason::kCampaign});
    EXPECT_TRUE(Find(plan, inspected_)->hazard_ids.empty());
    EXPECT_EQ(Find(plan, due_)->reasons, (Reasons{PlanReason::kDue, PlanReason::kCampaign}));
    EXPECT_EQ(Find(plan, due_)->campaign_ids, (std::vector<int64_t>{7, 8}));
    EXPECT_FALSE(Find(plan, r.ent_other));

    // A failing source fails the plan (no silent partial plan).
    plans_->SetCampaignTargetSource(
        [](storage::Connection&, std::string_view, const std::vector<int64_t>&,
           int64_t) -> Result<std::vector<CampaignTarget>> { return Unavailable("campaigns down"); });
    EXPECT_FALSE(plans_->ForDay(inspector_, {}));
}

TEST_P(PlanServiceTest, AnOpenCampaignPutsItsUninspectedEnterprisesOnThePlanThroughTheStore) {
    // The source the app wires: a campaign of grid1a's village open today, read by the repository.
    auto& r = *w_->r;
    CampaignService campaigns(r.store->shared(), r.clock, *r.audit, kShanghai);
    const std::string today = PlanDayOf(r.clock.Now(), kShanghai).date;
    CampaignInput in;
    in.name = "“三合一”场所专项整治";
    in.starts_on = today;
    in.ends_on = Tomorrow();
    in.region_ids = std::vector<int64_t>{r.village1};
    auto made = campaigns.Create(&r.town_officer, in);
    ASSERT_TRUE(made) << made.error().id;
    plans_->SetCampaignTargetSource(&storage::OpenCampaignTargets);
    const Plan plan = Get(inspector_);
    ASSERT_TRUE(Find(plan, inspected_));  // inspected today, but not in the campaign
    EXPECT_EQ(Find(plan, inspected_)->reasons, Reasons{PlanReason::kCampaign});
    EXPECT_FALSE(Find(plan, r.ent_other));
}

INSTANTIATE_TEST_SUITE_P(Stores, PlanServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
