#include "storage/repositories/alarm_duty_repository.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>

#include "core/duty/duty.hpp"
#include "core/enterprise/risk.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

constexpr UnixSeconds kNow = 1'796'000'000;
constexpr int64_t kDay = 86400;

class AlarmDutyRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
    }
    int64_t Insert(int64_t enterprise, int64_t device, const std::string& kind, const std::string& status,
                   UnixSeconds raised_at, std::optional<UnixSeconds> cleared_at, int64_t level = 0) {
        store_->Exec(
            "INSERT INTO alarms (town_id, village_id, grid_id, enterprise_id, device_id, kind, status, source, "
            "raised_at, cleared_at, escalation_level, created_at, updated_at) VALUES (1, 2, 3, ?, ?, ?, ?, '{}', ?, "
            "?, ?, 0, 0)",
            {enterprise, device, kind, status, raised_at, Nullable(cleared_at), level});
        return store_->QueryInt("SELECT MAX(id) FROM alarms");
    }
    template <class F>
    auto Run(F&& fn) {
        return store_->shared()->Transact(true, [&](Connection& conn) { return fn(AlarmDutyRepository(conn)); });
    }

    std::unique_ptr<test::TestStore> store_;
};

// The SQL of the two risk factors answers as RiskFactors::AddAlarm on random alarms, the window
// edges included, per enterprise and for all at once.
TEST_P(AlarmDutyRepositoryTest, FactorsAgreeWithTheCoreRule) {
    std::mt19937 rng(20261206);
    const std::array<const char*, 4> kinds = {"fire", "fault", "offline", "other"};
    const std::array<const char*, 4> statuses = {"active", "acknowledged", "false_alarm", "resolved"};
    // Ages around both edges (90 days, 7 days) and ordinary ones.
    const std::array<int64_t, 9> ages = {
        0, 60, 7 * kDay - 1, 7 * kDay, 7 * kDay + 1, 30 * kDay, 90 * kDay - 1, 90 * kDay, 90 * kDay + 1};
    std::map<int64_t, RiskFactors> expected;
    for (int i = 0; i < 400; ++i) {
        const int64_t enterprise = 1 + static_cast<int64_t>(rng() % 12);
        const std::string kind = kinds[rng() % kinds.size()];
        const std::string status = statuses[rng() % statuses.size()];
        const UnixSeconds raised = kNow - ages[rng() % ages.size()];
        std::optional<UnixSeconds> cleared;
        if (rng() % 3 == 0) cleared = raised + 1;
        Insert(enterprise, i + 1, kind, status, raised, cleared);
        expected[enterprise].AddAlarm(kind, status, raised, cleared, kNow);
    }
    auto all = Run([&](AlarmDutyRepository repo) { return repo.AllFactors(kNow); });
    ASSERT_TRUE(all) << all.error().internal;
    for (int64_t e = 1; e <= 13; ++e) {
        const RiskFactors f = expected.count(e) ? expected[e] : RiskFactors{};
        auto one = Run([&](AlarmDutyRepository repo) { return repo.Factors(e, kNow); });
        ASSERT_TRUE(one) << one.error().internal;
        EXPECT_EQ(one->fire_alarms_90d, f.fire_alarms_90d) << e;
        EXPECT_EQ(one->device_faults_open, f.device_faults_open) << e;
        const AlarmFactorCounts from_all = all->count(e) ? all->at(e) : AlarmFactorCounts{};
        EXPECT_EQ(from_all.fire_alarms_90d, f.fire_alarms_90d) << e;
        EXPECT_EQ(from_all.device_faults_open, f.device_faults_open) << e;
    }
    EXPECT_GT(expected[1].fire_alarms_90d + expected[2].fire_alarms_90d + expected[3].fire_alarms_90d, 0);
}

// The scan returns exactly the alarms the ladder says are due, and a step moves each once.
TEST_P(AlarmDutyRepositoryTest, TheEscalationScanAndStepFollowTheLadder) {
    const AlarmLadder ladder;
    const int64_t due = Insert(1, 1, "fire", "active", kNow - 300, std::nullopt);
    const int64_t young = Insert(1, 2, "fire", "active", kNow - 299, std::nullopt);
    const int64_t acknowledged = Insert(1, 3, "fire", "acknowledged", kNow - 3600, std::nullopt);
    const int64_t there = Insert(1, 4, "fire", "active", kNow - 3600, std::nullopt, 2);
    const int64_t cleared_fault = Insert(1, 5, "fault", "active", kNow - 2 * kDay, kNow - kDay);
    const int64_t open_fault = Insert(1, 6, "fault", "active", kNow - 2 * kDay, std::nullopt);
    const auto fire_bound = *RaisedAtOrBeforeForLevel(ladder, "fire", 1, kNow);
    auto fire =
        Run([&](AlarmDutyRepository repo) { return repo.EscalationCandidates("fire", 1, fire_bound, true, 0, 10); });
    ASSERT_TRUE(fire);
    EXPECT_EQ(*fire, (std::vector<int64_t>{due}));
    const auto fault_bound = *RaisedAtOrBeforeForLevel(ladder, "fault", 1, kNow);
    auto faults =
        Run([&](AlarmDutyRepository repo) { return repo.EscalationCandidates("fault", 1, fault_bound, false, 0, 10); });
    ASSERT_TRUE(faults);
    EXPECT_EQ(*faults, (std::vector<int64_t>{open_fault}));
    // Paging: after the cursor, at most `limit`.
    auto paged =
        Run([&](AlarmDutyRepository repo) { return repo.EscalationCandidates("fire", 3, kNow, true, due, 1); });
    ASSERT_TRUE(paged);
    EXPECT_EQ(*paged, (std::vector<int64_t>{young}));
    // A step moves an active alarm below the level once, and never an acknowledged one.
    auto first = Run([&](AlarmDutyRepository repo) { return repo.Escalate(due, 1, kNow); });
    auto again = Run([&](AlarmDutyRepository repo) { return repo.Escalate(due, 1, kNow + 60); });
    auto answered = Run([&](AlarmDutyRepository repo) { return repo.Escalate(acknowledged, 1, kNow); });
    ASSERT_TRUE(first && again && answered);
    EXPECT_TRUE(*first);
    EXPECT_FALSE(*again);
    EXPECT_FALSE(*answered);
    EXPECT_EQ(store_->QueryInt("SELECT version FROM alarms WHERE id = ?", {due}), 2);
    EXPECT_EQ(store_->QueryInt("SELECT escalated_at FROM alarms WHERE id = ?", {due}), kNow);
    EXPECT_EQ(store_->QueryInt("SELECT escalation_level FROM alarms WHERE id = ?", {there}), 2);
    EXPECT_EQ(store_->QueryInt("SELECT escalation_level FROM alarms WHERE id = ?", {cleared_fault}), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmDutyRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
