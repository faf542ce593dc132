#include "services/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

using namespace std::chrono_literals;

class SchedulerTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    std::string LastResult(const std::string& job) {
        auto rows = store_->db().Read([&](storage::Connection& c) {
            return c.Query("SELECT last_result FROM job_runs WHERE job = ?", std::vector<storage::Value>{job});
        });
        return rows && !rows->rows.empty() ? rows->rows[0].Text(0) : "";
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
};

TEST_P(SchedulerTest, RunsEveryTickJobsEachTimeAndDailyJobsOncePerDay) {
    Scheduler s(store_->shared(), clock_, 0ms);
    int ticks = 0, daily = 0;
    s.Add("tick", 0, [&]() -> Result<std::string> { return std::to_string(++ticks); });
    s.Add("daily", 86400, [&]() -> Result<std::string> { return std::to_string(++daily); });
    EXPECT_EQ(s.RunDue(), 2);
    EXPECT_EQ(s.RunDue(), 1);
    clock_.Advance(86399);
    EXPECT_EQ(s.RunDue(), 1);
    EXPECT_EQ(daily, 1);
    clock_.Advance(1);
    EXPECT_EQ(s.RunDue(), 2);
    EXPECT_EQ(ticks, 4);
    EXPECT_EQ(daily, 2);
    EXPECT_EQ(LastResult("tick"), "ok 4");
    EXPECT_EQ(store_->QueryInt("SELECT last_run_at FROM job_runs WHERE job = 'daily'"), clock_.Now());

    // A restart (a new scheduler on the same store) keeps the daily job daily.
    Scheduler again(store_->shared(), clock_, 0ms);
    again.Add("daily", 86400, [&]() -> Result<std::string> { return std::to_string(++daily); });
    EXPECT_EQ(again.RunDue(), 0);
    EXPECT_EQ(daily, 2);
}

TEST_P(SchedulerTest, AFailingOrThrowingJobIsRecordedAndDoesNotStopTheOthers) {
    Scheduler s(store_->shared(), clock_, 0ms);
    int ran = 0;
    s.Add("fails", 0, []() -> Result<std::string> { return Unavailable("database busy"); });
    s.Add("throws", 0, []() -> Result<std::string> { throw std::runtime_error("bug"); });
    s.Add("works", 0, [&]() -> Result<std::string> { return std::to_string(++ran); });
    EXPECT_EQ(s.RunDue(), 3);
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(LastResult("fails").rfind("error: ", 0), 0u) << LastResult("fails");
    EXPECT_NE(LastResult("throws").find("bug"), std::string::npos);
    EXPECT_EQ(LastResult("works"), "ok 1");
}

TEST_P(SchedulerTest, TheThreadRunsJobsAndStopsPromptly) {
    Scheduler s(store_->shared(), clock_, 10ms);
    std::atomic<int> ran{0};
    s.Add("tick", 0, [&]() -> Result<std::string> {
        ++ran;
        return std::string();
    });
    s.Start();
    EXPECT_TRUE(s.Running());
    for (int i = 0; i < 500 && ran < 3; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_GE(ran.load(), 3);
    s.Stop();
    EXPECT_FALSE(s.Running());
    const int after = ran;
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(ran.load(), after);

    // A long interval does not delay Stop.
    Scheduler slow(store_->shared(), clock_, std::chrono::hours(1));
    slow.Add("tick", 0, []() -> Result<std::string> { return std::string(); });
    slow.Start();
    std::this_thread::sleep_for(20ms);
    const auto start = std::chrono::steady_clock::now();
    slow.Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_P(SchedulerTest, ZeroIntervalDisablesTheThread) {
    Scheduler s(store_->shared(), clock_, 0ms);
    s.Add("tick", 0, []() -> Result<std::string> { return std::string(); });
    s.Start();
    EXPECT_FALSE(s.Running());
    s.Stop();
}

// Several processes on one store (docs/multi-process.md): each scheduler stands for one process.
TEST_P(SchedulerTest, ADueRunHappensInOneOfSeveralSchedulersOnly) {
    Scheduler a(store_->shared(), clock_, 0ms), b(store_->shared(), clock_, 0ms);
    int daily = 0;
    for (Scheduler* s : {&a, &b})
        s->Add("daily", 86400, [&]() -> Result<std::string> { return std::to_string(++daily); });
    EXPECT_EQ(a.RunDue() + b.RunDue(), 1);
    EXPECT_EQ(b.RunDue() + a.RunDue(), 0);
    clock_.Advance(86400);
    EXPECT_EQ(b.RunDue() + a.RunDue(), 1);
    EXPECT_EQ(daily, 2);
}

TEST_P(SchedulerTest, AJobWhoseLeaseAnotherProcessHoldsIsSkippedUntilTheLeaseRunsOut) {
    Scheduler s(store_->shared(), clock_, 0ms, 600);
    int ran = 0;
    s.Add("tick", 0, [&]() -> Result<std::string> { return std::to_string(++ran); });
    // Another process is running it now (its lease runs 600 s from now).
    store_->Exec("INSERT INTO job_leases (job, lease_owner, lease_until) VALUES ('tick', 'other', ?)",
                 {clock_.Now() + 600});
    EXPECT_EQ(s.RunDue(), 0);
    clock_.Advance(599);
    EXPECT_EQ(s.RunDue(), 0);
    // That process died: its lease runs out and the job runs here, and gives the lease back.
    clock_.Advance(1);
    EXPECT_EQ(s.RunDue(), 1);
    EXPECT_EQ(store_->QueryInt("SELECT lease_until FROM job_leases WHERE job = 'tick'"), 0);
    EXPECT_EQ(s.RunDue(), 1);
    EXPECT_EQ(ran, 2);
}

TEST_P(SchedulerTest, ParallelSchedulersNeverRunOneDueJobTwice) {
    std::atomic<int> daily{0};
    std::vector<std::unique_ptr<Scheduler>> schedulers;
    for (int i = 0; i < 4; ++i) {
        schedulers.push_back(std::make_unique<Scheduler>(store_->shared(), clock_, 0ms));
        schedulers.back()->Add("daily", 86400, [&]() -> Result<std::string> { return std::to_string(++daily); });
    }
    std::vector<std::thread> threads;
    for (auto& s : schedulers) threads.emplace_back([&s] { s->RunDue(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(daily.load(), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, SchedulerTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
