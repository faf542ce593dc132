#include "services/login_throttle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "storage/repositories/coordination_repository.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

// Every rule holds the same with the counters in memory (SQLite deployments) and in the store
// (rate_windows: several processes on PostgreSQL; the store path is also run on SQLite here).
enum class Mode { kMemory, kSqliteStore, kPostgresStore };

class LoginThrottleTest : public ::testing::TestWithParam<Mode> {
  protected:
    void SetUp() override {
        if (GetParam() != Mode::kMemory) {
            store_ = test::TestStore::Open(GetParam() == Mode::kSqliteStore ? test::Backend::kSqlite
                                                                            : test::Backend::kPostgres);
            if (!store_) {
                if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
                return;
            }
        }
        throttle_ = std::make_unique<LoginThrottle>(clock_, ThrottleOptions{}, Shared("login"));
    }
    SharedCounters Shared(const std::string& limiter) const {
        return store_ ? SharedCounters{store_->shared(), limiter} : SharedCounters{};
    }
    bool InStore() const { return GetParam() != Mode::kMemory; }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<LoginThrottle> throttle_;
};

TEST_P(LoginThrottleTest, BlocksAUsernameAfterFiveFailuresForTheRestOfTheWindow) {
    for (int i = 0; i < 4; ++i) throttle_->RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_->RetryAfter("alice", "10.0.0.1"), 0);
    throttle_->RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_->RetryAfter("alice", "10.0.0.9"), 15 * 60);
    clock_.Advance(100);
    EXPECT_EQ(throttle_->RetryAfter("alice", "10.0.0.9"), 15 * 60 - 100);
    EXPECT_EQ(throttle_->RetryAfter("bob", "10.0.0.9"), 0);
}

TEST_P(LoginThrottleTest, WindowEndsAfterFifteenMinutes) {
    for (int i = 0; i < 5; ++i) throttle_->RecordFailure("alice", "10.0.0.1");
    clock_.Advance(15 * 60 - 1);
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 1);
    clock_.Advance(1);
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 0);
    // The next failure starts a fresh window instead of adding to the old one.
    throttle_->RecordFailure("alice", "");
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 0);
}

TEST_P(LoginThrottleTest, SuccessResetsTheUsernameButNotTheAddress) {
    for (int i = 0; i < 4; ++i) throttle_->RecordFailure("alice", "10.0.0.1");
    throttle_->RecordSuccess("alice");
    for (int i = 0; i < 4; ++i) throttle_->RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 0);

    for (int i = 0; i < 20; ++i) {
        throttle_->RecordFailure("user" + std::to_string(i), "10.0.0.2");
        throttle_->RecordSuccess("user" + std::to_string(i));
    }
    // The address is throttled: "someone" gets its one attempt, and no more after it fails.
    EXPECT_EQ(throttle_->RetryAfter("someone", "10.0.0.2"), 0);
    throttle_->RecordFailure("someone", "10.0.0.2");
    EXPECT_GT(throttle_->RetryAfter("someone", "10.0.0.2"), 0);
}

TEST_P(LoginThrottleTest, BlocksAnAddressSprayingManyUsernames) {
    for (int i = 0; i < 19; ++i) throttle_->RecordFailure("user" + std::to_string(i), "10.0.0.3");
    EXPECT_EQ(throttle_->RetryAfter("fresh", "10.0.0.3"), 0);
    throttle_->RecordFailure("user19", "10.0.0.3");
    // Over its limit the address gets one attempt per username per window, no more.
    EXPECT_GT(throttle_->RetryAfter("user0", "10.0.0.3"), 0);
    EXPECT_EQ(throttle_->RetryAfter("fresh", "10.0.0.3"), 0);
    throttle_->RecordFailure("fresh", "10.0.0.3");
    EXPECT_EQ(throttle_->RetryAfter("fresh", "10.0.0.3"), 15 * 60);
    EXPECT_EQ(throttle_->RetryAfter("fresh", "10.0.0.4"), 0);
}

TEST_P(LoginThrottleTest, AThrottledAddressDoesNotLockOutAColleagueWithTheRightPassword) {
    // A sprayer behind the office NAT exhausts the address limit...
    for (int i = 0; i < 40; ++i) {
        auto a = throttle_->Begin("guess" + std::to_string(i), "203.0.113.5");
        (void)a;  // every one failed
    }
    EXPECT_GT(throttle_->RetryAfter("guess0", "203.0.113.5"), 0);
    // ...and a colleague behind the same NAT still logs in.
    auto colleague = throttle_->Begin("carol", "203.0.113.5");
    ASSERT_EQ(colleague.retry_after, 0);
    throttle_->Succeeded(colleague);
    // Her address is now known to her account: she logs in again, all window long.
    for (int i = 0; i < 3; ++i) {
        auto again = throttle_->Begin("carol", "203.0.113.5");
        ASSERT_EQ(again.retry_after, 0) << i;
        throttle_->Succeeded(again);
    }
}

TEST_P(LoginThrottleTest, AnAttackerElsewhereCannotLockAUserOutOfHerKnownAddress) {
    auto first = throttle_->Begin("dave", "198.51.100.7");
    ASSERT_EQ(first.retry_after, 0);
    throttle_->Succeeded(first);
    for (int window = 0; window < 3; ++window) {
        // The attacker fails five times from other addresses every window, for ever.
        for (int i = 0; i < 5; ++i) throttle_->RecordFailure("dave", "192.0.2." + std::to_string(i));
        EXPECT_GT(throttle_->RetryAfter("dave", "192.0.2.99"), 0);  // unknown addresses: locked
        auto home = throttle_->Begin("dave", "198.51.100.7");
        EXPECT_EQ(home.retry_after, 0) << window;
        throttle_->Succeeded(home);
        clock_.Advance(15 * 60);
    }
    // From her known address she still has the pair's own limit against typos and guessing there.
    for (int i = 0; i < 5; ++i) throttle_->RecordFailure("dave", "198.51.100.7");
    EXPECT_GT(throttle_->RetryAfter("dave", "198.51.100.7"), 0);
}

TEST_P(LoginThrottleTest, BeginReservesTheAttemptAndSuccessForgivesIt) {
    for (int i = 0; i < 5; ++i) EXPECT_EQ(throttle_->Begin("erin", "10.1.1.1").retry_after, 0) << i;
    EXPECT_EQ(throttle_->Begin("erin", "10.1.1.1").retry_after, 15 * 60);  // five in flight: the sixth waits

    LoginThrottle fresh(clock_, {}, Shared("other"));
    for (int i = 0; i < 4; ++i) (void)fresh.Begin("frank", "10.1.1.2");
    auto right = fresh.Begin("frank", "10.1.1.2");
    ASSERT_EQ(right.retry_after, 0);
    fresh.Succeeded(right);
    EXPECT_EQ(fresh.RetryAfter("frank", "10.1.1.9"), 0);
}

TEST_P(LoginThrottleTest, ConcurrentBeginsNeverExceedTheLimit) {
    constexpr int kThreads = 32;
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            if (throttle_->Begin("grace", "10.2.2.2").retry_after == 0) ++allowed;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(allowed.load(), 5);
}

TEST(ClientAddressKey, KeysIpv6ByItsSlash64AndIpv4AsIs) {
    EXPECT_EQ(ClientAddressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    EXPECT_EQ(ClientAddressKey("2001:DB8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    EXPECT_NE(ClientAddressKey("2001:db8:1:3::1"), ClientAddressKey("2001:db8:1:2::1"));
    EXPECT_EQ(ClientAddressKey("192.0.2.1"), "192.0.2.1");
    EXPECT_EQ(ClientAddressKey("::ffff:192.0.2.1"), "192.0.2.1");
    EXPECT_EQ(ClientAddressKey(""), "");
    EXPECT_EQ(ClientAddressKey("not an address"), "invalid");
    EXPECT_EQ(ClientAddressKey(std::string(500, '1')), "invalid");
}

TEST_P(LoginThrottleTest, AddressesInOneSlash64ShareTheAddressLimit) {
    for (int i = 0; i < 20; ++i) {
        throttle_->RecordFailure("user" + std::to_string(i), "2001:db8:5:6::" + std::to_string(i + 1));
    }
    throttle_->RecordFailure("fresh", "2001:db8:5:6:ffff::9");
    EXPECT_GT(throttle_->RetryAfter("fresh", "2001:db8:5:6::abcd"), 0);
    EXPECT_EQ(throttle_->RetryAfter("fresh", "2001:db8:5:7::1"), 0);
}

TEST_P(LoginThrottleTest, CountsUsernamesRegardlessOfCase) {
    for (int i = 0; i < 5; ++i) throttle_->RecordFailure(i % 2 ? "ADMIN" : "admin", "");
    EXPECT_GT(throttle_->RetryAfter("Admin", ""), 0);
}

TEST_P(LoginThrottleTest, EmptyAddressIsNotCounted) {
    for (int i = 0; i < 50; ++i) throttle_->RecordFailure("u" + std::to_string(i), "");
    EXPECT_EQ(throttle_->RetryAfter("other", ""), 0);
}

TEST_P(LoginThrottleTest, MemoryStaysBoundedUnderASprayOfKeys) {
    if (InStore()) GTEST_SKIP() << "the store's rows expire instead (StoreRowsExpireAndThePurgeDeletesThem)";
    LoginThrottle small(clock_, {.max_entries = 100});
    for (int i = 0; i < 10'000; ++i) {
        small.RecordFailure(std::string(1000, 'x') + std::to_string(i), "addr" + std::to_string(i));
        if (i % 100 == 0) clock_.Advance(1);
    }
    EXPECT_LE(small.EntriesForTest(), 400u);  // four tables of at most 100
}

TEST_P(LoginThrottleTest, EvictsEndedWindowsBeforeLiveOnes) {
    if (InStore()) GTEST_SKIP() << "in memory only";
    LoginThrottle small(clock_, {.username_limit = 2, .max_entries = 10});
    for (int i = 0; i < 9; ++i) small.RecordFailure("old" + std::to_string(i), "");
    clock_.Advance(15 * 60);
    small.RecordFailure("victim", "");  // the table is now full
    for (int i = 0; i < 9; ++i) small.RecordFailure("new" + std::to_string(i), "");
    small.RecordFailure("victim", "");
    EXPECT_GT(small.RetryAfter("victim", ""), 0);
    EXPECT_LE(small.EntriesForTest(), 10u);
}

TEST_P(LoginThrottleTest, ClockGoingBackwardsStartsAFreshWindow) {
    for (int i = 0; i < 5; ++i) throttle_->RecordFailure("alice", "");
    clock_.Advance(-3600);
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 0);
    throttle_->RecordFailure("alice", "");
    EXPECT_EQ(throttle_->RetryAfter("alice", ""), 0);
}

// Two throttles on one store stand for two serve processes.
TEST_P(LoginThrottleTest, FailuresSpreadOverSeveralProcessesLockAtTheSameCount) {
    if (!InStore()) GTEST_SKIP() << "store only";
    LoginThrottle other(clock_, {}, Shared("login"));
    for (int i = 0; i < 4; ++i) {
        LoginThrottle& t = i % 2 == 0 ? *throttle_ : other;
        EXPECT_EQ(t.Begin("heidi", "10.3.3." + std::to_string(i)).retry_after, 0) << i;
    }
    EXPECT_EQ(other.Begin("heidi", "10.3.3.9").retry_after, 0);
    EXPECT_EQ(throttle_->Begin("heidi", "10.3.3.10").retry_after, 15 * 60);
    EXPECT_EQ(other.RetryAfter("heidi", "10.3.3.11"), 15 * 60);
    // Another limiter on the same store counts apart.
    LoginThrottle reports(clock_, {}, Shared("public_reports"));
    EXPECT_EQ(reports.Begin("heidi", "10.3.3.12").retry_after, 0);
}

TEST_P(LoginThrottleTest, ParallelBeginsOnSeveralProcessesNeverExceedTheLimit) {
    if (!InStore()) GTEST_SKIP() << "store only";
    std::vector<std::unique_ptr<LoginThrottle>> processes;
    for (int i = 0; i < 3; ++i)
        processes.push_back(std::make_unique<LoginThrottle>(clock_, ThrottleOptions{}, Shared("login")));
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i) {
        threads.emplace_back([&, i] {
            if (processes[i % 3]->Begin("ivan", "10.4.4.4").retry_after == 0) ++allowed;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(allowed.load(), 5);
}

TEST_P(LoginThrottleTest, StoreRowsExpireAndThePurgeDeletesThem) {
    if (!InStore()) GTEST_SKIP() << "store only";
    auto attempt = throttle_->Begin("judy", "10.5.5.5");
    throttle_->Succeeded(attempt);                 // user and pair cleared, address forgiven, pair known
    throttle_->RecordFailure("judy", "10.5.5.6");  // user, address, pair rows
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM rate_windows WHERE limiter = 'login'"), 5);
    auto purge = [&] {
        return store_->db().Transact(true, [&](storage::Connection& c) {
            return storage::CoordinationRepository(c).PurgeRateWindows(clock_.Now());
        });
    };
    clock_.Advance(15 * 60);
    ASSERT_TRUE(purge());
    // The windows ended; the known address stays for its 30 days.
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM rate_windows"), 1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM rate_windows WHERE tbl = 'known'"), 1);
    clock_.Advance(30 * 24 * 3600);
    ASSERT_TRUE(purge());
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM rate_windows"), 0);
}

// A failed login inside an idempotent POST's transaction rolls that transaction back; the count
// must survive it (the throttle writes on a connection of its own). PostgreSQL only: on SQLite the
// services keep the counters in memory (SharedCountersFor).
TEST_P(LoginThrottleTest, ACountSurvivesTheRollbackOfTheCallersTransaction) {
    if (GetParam() != Mode::kPostgresStore) GTEST_SKIP() << "PostgreSQL only";
    for (int i = 0; i < 5; ++i) {
        auto rolled_back = store_->db().Transact(true, [&](storage::Connection&) -> Status {
            EXPECT_EQ(throttle_->Begin("kate", "10.6.6.6").retry_after, 0);
            return Unauthenticated();
        });
        EXPECT_FALSE(rolled_back);
    }
    EXPECT_EQ(throttle_->RetryAfter("kate", "10.6.6.6"), 15 * 60);
}

TEST(SharedCountersFor, SharesOnPostgresOnly) {
    auto sqlite = test::TestStore::Open(test::Backend::kSqlite);
    ASSERT_TRUE(sqlite);
    EXPECT_EQ(SharedCountersFor(sqlite->shared(), "login").db, nullptr);
    auto pg = test::TestStore::Open(test::Backend::kPostgres);
    if (!pg) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    EXPECT_EQ(SharedCountersFor(pg->shared(), "login").db, pg->shared());
    EXPECT_EQ(SharedCountersFor(pg->shared(), "login").limiter, "login");
}

INSTANTIATE_TEST_SUITE_P(Modes, LoginThrottleTest,
                         ::testing::Values(Mode::kMemory, Mode::kSqliteStore, Mode::kPostgresStore),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                             return info.param == Mode::kMemory        ? std::string("Memory")
                                    : info.param == Mode::kSqliteStore ? std::string("SqliteStore")
                                                                       : std::string("PostgresStore");
                         });

}  // namespace
}  // namespace safegrid::services
