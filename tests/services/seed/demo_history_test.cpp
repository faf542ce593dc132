#include "services/seed/demo_history.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/inspection_world.hpp"
#include "services/plan_service.hpp"
#include "services/registry_world.hpp"
#include "services/seed/demo_campaigns.hpp"
#include "services/seed/seed_demo.hpp"
#include "services/stats_service.hpp"
#include "services/user_service.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services::seed {
namespace {

using test::Backend;
using test::MakeCaller;

constexpr int64_t kEnterprises = 60;
constexpr int64_t kHazards = 500;

// A seeded demo town with its history on a fresh store, built by the same calls as `seed-demo`.
struct SeededTown {
    static std::unique_ptr<SeededTown> Make(Backend backend, uint64_t seed) {
        auto store = test::TestStore::Open(backend);
        if (!store) return nullptr;
        std::unique_ptr<SeededTown> t(new SeededTown(std::move(store)));
        auto synced = t->checklists->LoadFromDirectory(test::StandardsDir());
        EXPECT_TRUE(synced) << (synced ? "" : synced.error().internal);
        const std::vector<VillageSource> villages = {
            {"330282110201", "王家埭村委会"}, {"330282110202", "石人山村委会"}, {"330282110207", "高家村委会"}};
        SeedDeps deps{t->store->db(), *t->regions, *t->buildings, *t->enterprises, *t->users};
        auto town = SeedDemoTown(deps, villages, kEnterprises, seed);
        EXPECT_TRUE(town) << (town ? "" : town.error().id + " " + town.error().internal);
        if (!town) return nullptr;
        t->town = *town;
        HistoryDeps history{t->store->db(), *t->hazards, t->clock, t->checklists->List(), {}};
        auto written = SeedDemoHistory(history, t->town, kHazards, seed);
        EXPECT_TRUE(written) << (written ? "" : written.error().id + " " + written.error().internal);
        if (!written) return nullptr;
        t->history = *written;
        return t;
    }

    int64_t Count(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
        return store->QueryInt(sql, params);
    }
    int64_t UserId(const std::string& username) { return Count("SELECT id FROM users WHERE username = ?", {username}); }
    Principal TownOfficer() { return MakeCaller(UserId("town"), Role::kTown, {Scope::Level::kTown, town.town_id}); }
    Principal Inspector1() {
        return MakeCaller(UserId("inspector1"), Role::kInspector, {Scope::Level::kGrid, town.inspector1_grid_id});
    }
    Principal Enterprise1() {
        return MakeCaller(UserId("enterprise1"), Role::kEnterprise, {Scope::Level::kEnterprise, town.enterprise1_id});
    }
    HazardPage List(const Principal& who, HazardFilter f) {
        auto page = hazards->List(who, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        return page ? *page : HazardPage{};
    }

    test::FakeClock clock;
    std::unique_ptr<test::TestStore> store;
    std::unique_ptr<AuditService> audit;
    std::unique_ptr<RegionService> regions;
    std::unique_ptr<BuildingService> buildings;
    std::unique_ptr<EnterpriseService> enterprises;
    std::unique_ptr<UserService> users;
    std::unique_ptr<HazardService> hazards;
    std::unique_ptr<StatsService> stats;
    std::unique_ptr<ChecklistService> checklists;
    SeedSummary town;
    HistorySummary history;

  private:
    explicit SeededTown(std::unique_ptr<test::TestStore> s) : store(std::move(s)) {
        auto db = store->shared();
        audit = std::make_unique<AuditService>(db, clock);
        regions = std::make_unique<RegionService>(db, clock, *audit);
        buildings = std::make_unique<BuildingService>(db, clock, *audit);
        enterprises = std::make_unique<EnterpriseService>(db, clock, *audit, test::DefaultRiskPolicy());
        users = std::make_unique<UserService>(db, clock, *audit);
        hazards = std::make_unique<HazardService>(db, clock, *audit, *enterprises);
        stats = std::make_unique<StatsService>(db, clock);
        checklists = std::make_unique<ChecklistService>(db, clock, *audit);
    }
};

class DemoHistoryTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        t_ = SeededTown::Make(GetParam(), 20260101);
        if (!t_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    std::unique_ptr<SeededTown> t_;
};

TEST_P(DemoHistoryTest, TellsTheStoryOfTwoYears) {
    SeededTown& t = *t_;
    EXPECT_EQ(t.history.hazards, kHazards);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM hazards"), kHazards);
    for (const char* status : {"reported", "rejected", "rectifying", "submitted", "closed"}) {
        EXPECT_GT(t.Count("SELECT COUNT(*) FROM hazards WHERE status = ?", {std::string(status)}), 0) << status;
    }
    const int64_t closed = t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed'");
    EXPECT_GT(closed, kHazards * 75 / 100);
    EXPECT_LT(closed, kHazards * 95 / 100);
    const int64_t on_time = t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed' AND closed_on_time = 1");
    EXPECT_GT(on_time, closed * 75 / 100) << "most are closed on time";
    EXPECT_LT(on_time, closed) << "some are closed late";
    const int64_t now = t.clock.Now();
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'rectifying' AND due_at < ?", {now}), 0);
    // Two years back, nothing in the future, closings between finding and now.
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM hazards WHERE found_at < ? OR found_at > ?", {now - 731 * 86400, now}), 0);
    EXPECT_EQ(
        t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed' AND (closed_at < found_at OR closed_at > ?)",
                {now}),
        0);
    // Campaign months are busier: June (安全生产月) has more findings than an ordinary month like March.
    EXPECT_GT(t.Count("SELECT COALESCE(SUM(found), 0) FROM hazard_month_counts WHERE month % 100 = 6"),
              t.Count("SELECT COALESCE(SUM(found), 0) FROM hazard_month_counts WHERE month % 100 = 3"));
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM hazards WHERE severity = 'major'"), 0);
    // Major ones still rectifying are listed for supervision, with their documents.
    const int64_t listed = t.Count("SELECT COUNT(*) FROM hazards WHERE listing_no IS NOT NULL");
    EXPECT_GT(listed, 0);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM hazard_documents WHERE kind = 'listing'"), listed);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM hazards WHERE severity = 'major' AND status = 'rectifying' AND "
                      "listing_no IS NULL"),
              0);
    // Titles and grades come from the checklist items; inspections carry their answers.
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM hazards WHERE checklist_item LIKE 'FS-%'"), kHazards / 2);
    // Titled with the items' findings, not their questions.
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM hazards WHERE checklist_item LIKE 'FS-%' AND title LIKE '%是否%'"), 0);
    EXPECT_GT(t.history.inspections, 100);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM inspections"), t.history.inspections);
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM inspections WHERE failed = 0"), 0) << "some inspections find nothing";
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM inspection_items WHERE hazard_id IS NOT NULL"),
              t.Count("SELECT COUNT(*) FROM hazards WHERE source = 'inspection' AND inspection_id IS NOT NULL"));
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM inspection_items i JOIN hazards h ON h.id = i.hazard_id "
                      "WHERE h.inspection_id <> i.inspection_id OR h.checklist_item <> i.item_id"),
              0);
    // Public reports: some waiting at town level, each with a tracking code.
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM hazards WHERE source = 'public' AND enterprise_id IS NULL AND "
                      "status = 'reported'"),
              0);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM public_reports"),
              t.Count("SELECT COUNT(*) FROM hazards WHERE source = 'public'"));
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM public_reports WHERE LENGTH(tracking_code) <> 10"), 0);
    // Risk grades were refreshed from the hazards and the inspections: every colour occurs, and the
    // inspections set the schedule (some enterprises inspected, each graded with a score).
    for (const char* colour : {"red", "orange", "yellow", "blue"}) {
        EXPECT_GT(t.Count("SELECT COUNT(*) FROM enterprises WHERE risk_level = ?", {std::string(colour)}), 0) << colour;
    }
    EXPECT_GT(t.Count("SELECT COUNT(*) FROM enterprises WHERE last_inspected_at IS NOT NULL"), 0);
    EXPECT_EQ(t.Count("SELECT COUNT(*) FROM enterprises WHERE risk_score <= 0"), 0);
}

TEST_P(DemoHistoryTest, CountersAndStatisticsAgreeWithTheLists) {
    SeededTown& t = *t_;
    EXPECT_EQ(t.Count("SELECT COALESCE(SUM(n), 0) FROM hazard_counts"), kHazards);
    EXPECT_EQ(t.Count("SELECT COALESCE(SUM(found), 0) FROM hazard_month_counts"), kHazards);
    EXPECT_EQ(t.Count("SELECT COALESCE(SUM(closed), 0) FROM hazard_month_counts"),
              t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed'"));
    const Principal town = t.TownOfficer();
    auto overview = t.stats->Overview(town, std::nullopt);
    ASSERT_TRUE(overview) << overview.error().id;
    EXPECT_EQ(overview->hazards.total, t.List(town, {}).total);
    EXPECT_EQ(overview->hazards.total, kHazards);
    for (HazardStatus s : kAllHazardStatuses) {
        const std::string name(HazardStatusName(s));
        HazardFilter f;
        f.status = name;
        const int64_t counted = t.Count("SELECT COUNT(*) FROM hazards WHERE status = ?", {name});
        EXPECT_EQ(overview->hazards.Status(s), counted) << name;
        EXPECT_EQ(t.List(town, f).total, counted) << name;
    }
    EXPECT_EQ(overview->hazards.closed_on_time,
              t.Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed' AND closed_on_time = 1"));
    HazardFilter overdue;
    overdue.overdue = true;
    EXPECT_EQ(overview->hazards.overdue, t.List(town, overdue).total);
    EXPECT_GT(overview->hazards.overdue, 0);
    HazardFilter supervised;
    supervised.supervised = true;
    EXPECT_EQ(t.List(town, supervised).total, t.Count("SELECT COUNT(*) FROM hazards WHERE listing_no IS NOT NULL"));
}

TEST_P(DemoHistoryTest, DemoUsersFindHazardsToActOn) {
    SeededTown& t = *t_;
    const Principal enterprise1 = t.Enterprise1();
    const Principal inspector1 = t.Inspector1();
    HazardFilter rectifying;
    rectifying.status = "rectifying";
    rectifying.enterprise_id = t.town.enterprise1_id;
    const HazardPage mine = t.List(enterprise1, rectifying);
    ASSERT_GE(mine.total, 2);
    bool some_overdue = false, some_in_time = false;
    for (const auto& h : mine.items) (h.overdue ? some_overdue : some_in_time) = true;
    EXPECT_TRUE(some_overdue);
    EXPECT_TRUE(some_in_time);

    // enterprise1 submits a rectifying hazard; inspector1 approves a submitted one and confirms a report.
    ActionInput submit{"submit", std::string("已整改，附照片")};
    auto submitted = t.hazards->Act(enterprise1, mine.items.front().hazard.id, submit, {}, std::nullopt);
    ASSERT_TRUE(submitted) << submitted.error().id;
    EXPECT_EQ(submitted->hazard.status, HazardStatus::kSubmitted);

    HazardFilter waiting;
    waiting.status = "submitted";
    waiting.enterprise_id = t.town.enterprise1_id;
    bool approved = false;
    for (const auto& h : t.List(inspector1, waiting).items) {
        if (h.hazard.severity != Severity::kGeneral || h.hazard.id == submitted->hazard.id) continue;
        auto done = t.hazards->Act(inspector1, h.hazard.id, ActionInput{"approve"}, {}, std::nullopt);
        ASSERT_TRUE(done) << done.error().id;
        EXPECT_EQ(done->hazard.status, HazardStatus::kClosed);
        approved = true;
        break;
    }
    EXPECT_TRUE(approved) << "no submitted hazard of enterprise1 that inspector1 may approve";

    HazardFilter reported;
    reported.status = "reported";
    reported.enterprise_id = t.town.enterprise1_id;
    EXPECT_GE(t.List(inspector1, reported).total, 1);
    HazardFilter town_reports;
    town_reports.status = "reported";
    bool unassigned = false;
    for (const auto& h : t.List(t.TownOfficer(), town_reports).items) unassigned |= !h.hazard.enterprise_id.has_value();
    EXPECT_TRUE(unassigned) << "the town has no public report waiting";

    // enterprise1's demo cases carry their history (written through HazardService::Insert).
    auto detail = t.hazards->Get(enterprise1, mine.items.front().hazard.id);
    ASSERT_TRUE(detail);
    EXPECT_FALSE(detail->history.empty());
    HazardFilter major;
    major.supervised = true;
    major.enterprise_id = t.town.enterprise1_id;
    EXPECT_GE(t.List(enterprise1, major).total, 1);
}

// Who rectifies never signs off (CONTRACT.md): no approve or return in the demo history, nor in
// what the demo users do above, is by the user who made the submit before it; and inspector1,
// who approves in the demo, finds the submitted case open to him.
TEST_P(DemoHistoryTest, NoHazardIsSignedOffByItsSubmitter) {
    SeededTown& t = *t_;
    const std::string same_person =
        "SELECT COUNT(*) FROM hazard_events a JOIN hazard_events s ON s.hazard_id = a.hazard_id AND s.id = "
        "(SELECT MAX(id) FROM hazard_events p WHERE p.hazard_id = a.hazard_id AND p.action = 'submit' AND p.id < a.id) "
        "WHERE a.action IN ('approve', 'return') AND s.actor_id = a.actor_id";
    EXPECT_EQ(t.Count(same_person), 0);
    HazardFilter waiting;
    waiting.status = "submitted";
    waiting.enterprise_id = t.town.enterprise1_id;
    bool open_to_inspector1 = false;
    for (const auto& h : t.List(t.Inspector1(), waiting).items) {
        auto d = t.hazards->Get(t.Inspector1(), h.hazard.id);
        ASSERT_TRUE(d);
        for (HazardAction a : d->allowed_actions) open_to_inspector1 |= a == HazardAction::kApprove;
    }
    EXPECT_TRUE(open_to_inspector1);
}

TEST_P(DemoHistoryTest, SameSeedSameHistoryOtherSeedAnother) {
    auto again = SeededTown::Make(GetParam(), 20260101);
    auto other = SeededTown::Make(GetParam(), 7);
    ASSERT_TRUE(again && other);
    auto story = [](SeededTown& t) {
        auto rows = t.store->db().Read([](storage::Connection& c) {
            return c.Query("SELECT title, status, severity, found_at, due_at, closed_at FROM hazards ORDER BY id");
        });
        EXPECT_TRUE(rows);
        std::vector<std::string> out;
        for (const auto& r : rows->rows) {
            out.push_back(r.Text(0) + "|" + r.Text(1) + "|" + r.Text(2) + "|" + std::to_string(r.Int(3)) + "|" +
                          std::to_string(r.OptInt(4).value_or(0)) + "|" + std::to_string(r.OptInt(5).value_or(0)));
        }
        return out;
    };
    const auto first = story(*t_);
    EXPECT_EQ(first, story(*again));
    EXPECT_NE(first, story(*other));
    EXPECT_EQ(t_->Count("SELECT COUNT(*) FROM public_reports"), again->Count("SELECT COUNT(*) FROM public_reports"));
}

// Issue 7 item 10: inspector1 opens /plan on the demo town and has a day's work today: re-checks,
// deadlines and due enterprises, all with a location for the map and the route.
TEST_P(DemoHistoryTest, Inspector1HasAPlanForToday) {
    SeededTown& t = *t_;
    PlanService plans(t.store->shared(), t.clock, TimeZone{});
    auto plan = plans.ForDay(t.Inspector1(), {});
    ASSERT_TRUE(plan) << plan.error().id << " " << plan.error().internal;
    std::map<PlanReason, int> reasons;
    for (const PlanStop& stop : plan->stops) {
        for (PlanReason r : stop.reasons) ++reasons[r];
        EXPECT_TRUE(stop.lat && stop.lng) << stop.name;
    }
    EXPECT_GE(plan->stops.size(), 3u);
    EXPECT_GE(reasons[PlanReason::kRecheck], 1);
    EXPECT_GE(reasons[PlanReason::kDeadline], 1);
    EXPECT_GE(reasons[PlanReason::kDue], 2);
    EXPECT_GT(plan->total_m, 0);
}

// The campaigns' part of seed-demo: a finished campaign with its re-check round that found hazards
// back on the same item, and an open one with an inspection, so the campaign pages show figures.
TEST_P(DemoHistoryTest, CampaignsShowProgressAndARecheckWithRecurredHazards) {
    SeededTown& t = *t_;
    CampaignService campaigns(t.store->shared(), t.clock, *t.audit);
    auto seeded = SeedDemoCampaigns(t.store->db(), campaigns, *t.hazards, t.clock, t.town);
    ASSERT_TRUE(seeded) << seeded.error().id << " " << seeded.error().internal;
    const Principal town = t.TownOfficer();
    auto finished = campaigns.Get(town, seeded->finished_campaign_id);
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->progress->inspected, 16);
    EXPECT_EQ(finished->progress->hazards, 8);
    EXPECT_EQ(finished->progress->closed, 8);
    ASSERT_EQ(finished->rounds.size(), 1u);
    const CampaignView& round = finished->rounds[0];
    EXPECT_EQ(round.campaign.id, seeded->recheck_campaign_id);
    EXPECT_EQ(round.campaign.parent_id, seeded->finished_campaign_id);
    EXPECT_EQ(round.progress->in_scope, 8);
    EXPECT_EQ(round.progress->inspected, 5);
    EXPECT_EQ(round.progress->hazards, 3);
    EXPECT_EQ(round.progress->recurred, 2);
    auto open = campaigns.Get(town, seeded->open_campaign_id);
    ASSERT_TRUE(open);
    EXPECT_GE(open->progress->inspected, 1);
    EXPECT_EQ(open->progress->hazards, 1);
    // The newest campaign open today is the open one (the phone's list puts it first).
    auto listed = campaigns.List(t.Inspector1(), {.open_on = campaigns.Today()});
    ASSERT_TRUE(listed);
    ASSERT_FALSE(listed->first.empty());
    EXPECT_EQ(listed->first.front().id, seeded->open_campaign_id);
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoHistoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services::seed
