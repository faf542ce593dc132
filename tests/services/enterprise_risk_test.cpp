// EnterpriseService's risk grading (enterprise_risk.cpp) on both stores: the grade recomputed in
// the transaction of the change that moves a factor, history rows on colour changes only, the
// daily pass, inspection intervals and the due list, and the risk view's scope.
#include <gtest/gtest.h>

#include <numeric>

#include "services/inspection_world.hpp"
#include "services/stats_service.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

class EnterpriseRiskTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    EnterpriseService& enterprises() { return *w_->r->enterprises; }
    Enterprise Read(int64_t id) { return *enterprises().Get(w_->r->admin, id); }
    int64_t HistoryRows(int64_t id) {
        return w_->Count("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ?", {id});
    }
    int64_t Hazard(int64_t enterprise, const std::string& severity = "general", int64_t due_days = 1) {
        NewHazard in;
        in.enterprise_id = enterprise;
        in.title = "疏散通道堵塞";
        in.severity = severity;
        in.category = "evacuation";
        in.due_at = w_->r->clock.Now() + due_days * 86400;
        auto h = w_->hazards->Create(w_->r->town_officer, in);
        EXPECT_TRUE(h) << (h ? "" : h.error().id);
        return h ? h->hazard.id : 0;
    }
    std::vector<int64_t> Due(const Principal& who) {
        EnterpriseListQuery q;
        q.due = true;
        auto listed = enterprises().List(who, q);
        EXPECT_TRUE(listed);
        std::vector<int64_t> ids;
        if (listed) {
            for (const auto& e : listed->first) ids.push_back(e.id);
        }
        return ids;
    }
    Result<InspectionDetail> Inspect(int64_t enterprise, const Principal& who, const std::string& result = "pass") {
        NewInspection in;
        in.enterprise_id = enterprise;
        in.checklist_id = "fire-small-workshop";
        in.items = {{"FS-EVA-03", result, "", {}, std::nullopt}};
        return w_->inspections->Create(who, in);
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(EnterpriseRiskTest, CreateGradesAndRecordsTheFirstColour) {
    // ent1b: no industry, no head count: two named unknown factors, 42 + 21 = 63, and no training
    // in 12 months (18): 81, yellow.
    const Enterprise e = Read(w_->r->ent1b);
    EXPECT_EQ(e.risk_level, RiskLevel::kYellow);
    EXPECT_EQ(e.risk_score, 81);
    EXPECT_EQ(HistoryRows(e.id), 1);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ? AND reason = ?",
                        {e.id, std::string("enterprise.create")}),
              1);
}

TEST_P(EnterpriseRiskTest, AHazardRegradesInItsTransactionAndAFailedOneLeavesTheOldColour) {
    const int64_t id = w_->r->ent1b;
    // A major hazard written, then the transaction fails: nothing of the grade remains.
    auto failed = w_->r->store->db().Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
        HazardInsert in;
        in.enterprise_id = id;
        in.title = "重大隐患";
        in.severity = Severity::kMajor;
        in.due_at = w_->r->clock.Now() + 86400;
        SG_TRY(w_->hazards->Insert(conn, in, &w_->r->town_officer));
        return Conflict("later_step_failed", {"后续失败", "a later step failed"});
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(Read(id).risk_level, RiskLevel::kYellow);
    EXPECT_EQ(Read(id).risk_score, 81);
    EXPECT_EQ(HistoryRows(id), 1);
    // Committed: red at once (L6 E6 C15 = 540 more), with its history row and reason.
    const int64_t hazard = Hazard(id, "major");
    EXPECT_EQ(Read(id).risk_level, RiskLevel::kRed);
    EXPECT_EQ(Read(id).risk_score, 81 + 540);
    EXPECT_EQ(HistoryRows(id), 2);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ? AND reason = ?",
                        {id, "hazard.create:" + std::to_string(hazard)}),
              1);
}

TEST_P(EnterpriseRiskTest, HistoryRowOnlyWhenTheColourChanges) {
    const int64_t id = w_->r->ent1b;
    // 81 yellow (untrained) at creation: one row.
    Hazard(id);  // 81 + 18 = 99: still yellow, the score moves, no row
    EXPECT_EQ(Read(id).risk_level, RiskLevel::kYellow);
    EXPECT_EQ(Read(id).risk_score, 99);
    EXPECT_EQ(HistoryRows(id), 1);
    Hazard(id);  // 117: still yellow, no row
    EXPECT_EQ(Read(id).risk_score, 117);
    EXPECT_EQ(HistoryRows(id), 1);
    EnterprisePatch p;
    p.contact_name = "陈静";  // an edit that moves no factor
    ASSERT_TRUE(enterprises().Update(&w_->r->town_officer, id, 1, p));
    EXPECT_EQ(HistoryRows(id), 1);
    p.tags = std::vector<std::string>{"three_in_one"};  // + 150: orange, a change
    auto edited = enterprises().Update(&w_->r->town_officer, id, 2, p);
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->risk_level, RiskLevel::kOrange);
    EXPECT_EQ(HistoryRows(id), 2);
    auto view = enterprises().Risk(w_->r->admin, id);
    ASSERT_TRUE(view);
    ASSERT_EQ(view->history.size(), 2u);
    EXPECT_EQ(view->history[0].reason, "enterprise.update");  // newest first
    EXPECT_EQ(view->history[0].level, RiskLevel::kOrange);
    EXPECT_EQ(view->history[1].reason, "enterprise.create");
}

TEST_P(EnterpriseRiskTest, TheDailyPassCatchesDeadlinesThatPassedAndWritesOnlyChanges) {
    const int64_t id = w_->r->ent1b;
    Hazard(id, "general", 1);  // 63 + 18 untrained + 18 = 99 yellow
    auto first = enterprises().RefreshAllRisk();
    ASSERT_TRUE(first);
    EXPECT_EQ(*first, 0);             // every grade is current: nothing to write
    w_->r->clock.Advance(2 * 86400);  // the deadline passed: + 126, orange — by time alone
    EXPECT_EQ(Read(id).risk_level, RiskLevel::kYellow);
    auto daily = enterprises().RefreshAllRisk();
    ASSERT_TRUE(daily);
    EXPECT_EQ(*daily, 1);
    EXPECT_EQ(Read(id).risk_level, RiskLevel::kOrange);
    EXPECT_EQ(Read(id).risk_score, 63 + 18 + 18 + 126);
    EXPECT_EQ(
        w_->Count("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ? AND reason = 'daily'", {id}),
        1);
    EXPECT_EQ(*enterprises().RefreshAllRisk(), 0);
    // The area's colours roll up from the stored grades (enterprise_counts follows every re-grade),
    // and its due figure counts the never-inspected enterprises.
    StatsService stats(w_->r->store->shared(), w_->r->clock);
    auto town = stats.Overview(w_->r->town_officer, std::nullopt);
    ASSERT_TRUE(town);
    // None of them trained (+18 each): ent1a, ent1b and ent2a are orange.
    EXPECT_EQ(town->enterprises.by_risk_level[static_cast<size_t>(RiskLevel::kOrange)], 3);
    EXPECT_EQ(town->enterprises.by_risk_level[static_cast<size_t>(RiskLevel::kYellow)], 0);
    EXPECT_EQ(town->enterprises.due, 3);
    auto villages = stats.Regions(w_->r->town_officer, w_->r->town);
    ASSERT_TRUE(villages);
    int64_t due = 0;
    for (const auto& row : *villages) due += row.figures.enterprises.due;
    EXPECT_EQ(due, 3);
}

TEST_P(EnterpriseRiskTest, AnInspectionResetsTheScheduleAndItsFailsCount) {
    const int64_t id = w_->r->ent1a;  // three_in_one + group_rented: orange, 90 days
    EXPECT_EQ(Due(w_->r->town_officer), (std::vector<int64_t>{w_->r->ent1a, w_->r->ent1b, w_->r->ent2a}));
    const UnixSeconds at = w_->r->clock.Now();
    auto done = Inspect(id, w_->r->inspector);
    ASSERT_TRUE(done) << done.error().id;
    EXPECT_EQ(Due(w_->r->town_officer), (std::vector<int64_t>{w_->r->ent1b, w_->r->ent2a}));
    auto view = enterprises().Risk(w_->r->admin, id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->enterprise.last_inspected_at, at);
    EXPECT_EQ(view->next_inspection_due, at + 90 * 86400);
    w_->r->clock.Advance(90 * 86400);
    EXPECT_EQ(Due(w_->r->inspector), std::vector<int64_t>{});  // exactly its interval old
    w_->r->clock.Advance(1);
    EXPECT_EQ(Due(w_->r->inspector), std::vector<int64_t>{id});
    // A failed item: a hazard and a failure of the last inspection, one grade with the inspection as reason.
    auto failing = Inspect(id, w_->r->inspector, "fail");
    ASSERT_TRUE(failing);
    const Enterprise e = Read(id);
    EXPECT_EQ(e.last_inspection_failures, 1);
    view = enterprises().Risk(w_->r->admin, id);
    ASSERT_TRUE(view);
    bool counted = false;
    for (const RiskFactor& f : view->assessment.factors) counted = counted || f.code == "last_inspection_failures";
    EXPECT_TRUE(counted);
    // A self-check is the enterprise's own: it resets no schedule.
    w_->r->clock.Advance(400 * 86400);
    ASSERT_TRUE(Inspect(id, w_->r->enterprise_user));
    EXPECT_EQ(Read(id).last_inspected_at, e.last_inspected_at);
}

TEST_P(EnterpriseRiskTest, IntervalsAreConfiguration) {
    ASSERT_TRUE(Inspect(w_->r->ent1b, w_->r->village_officer));  // yellow (untrained): 180 days by default
    w_->r->clock.Advance(11 * 86400);
    EXPECT_EQ(Due(w_->r->town_officer), (std::vector<int64_t>{w_->r->ent1a, w_->r->ent2a}));  // never inspected
    RiskPolicy weekly = test::DefaultRiskPolicy();
    weekly.intervals.yellow_days = 10;
    EnterpriseService configured(w_->r->store->shared(), w_->r->clock, *w_->r->audit, weekly);
    auto changed = configured.RefreshAllRisk();  // re-schedules every stored due date
    ASSERT_TRUE(changed);
    EnterpriseListQuery q;
    q.due = true;
    auto due = configured.List(w_->r->town_officer, q);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->second, 3);
}

TEST_P(EnterpriseRiskTest, TheViewExplainsTheStoredGradeAndIsScoped) {
    auto view = enterprises().Risk(w_->r->village_officer, w_->r->ent1a);
    ASSERT_TRUE(view);
    const Enterprise e = Read(w_->r->ent1a);
    EXPECT_EQ(view->method, "LEC");
    EXPECT_EQ(view->assessment.level, e.risk_level);
    EXPECT_EQ(view->assessment.score, e.risk_score);
    const int64_t sum = std::accumulate(view->assessment.factors.begin(), view->assessment.factors.end(), int64_t{0},
                                        [](int64_t s, const RiskFactor& f) { return s + f.points; });
    EXPECT_EQ(sum, view->assessment.score);
    EXPECT_FALSE(view->next_inspection_due);  // never inspected
    for (const Principal* outside :
         {&w_->r->other_town_officer, &w_->r->other_village_officer, &w_->r->other_enterprise_user}) {
        auto hidden = enterprises().Risk(*outside, w_->r->ent1a);
        ASSERT_FALSE(hidden) << outside->username;
        EXPECT_EQ(hidden.error().code, Code::kNotFound);
    }
    EXPECT_EQ(enterprises().Risk(w_->r->inspector, w_->r->ent1b).error().code, Code::kNotFound);  // another grid
    EXPECT_EQ(enterprises().Risk(w_->r->admin, 999999).error().code, Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterpriseRiskTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
