#include "services/login_throttle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/fake_clock.hpp"

namespace safegrid::services {
namespace {

class LoginThrottleTest : public ::testing::Test {
  protected:
    test::FakeClock clock_;
    LoginThrottle throttle_{clock_};
};

TEST_F(LoginThrottleTest, BlocksAUsernameAfterFiveFailuresForTheRestOfTheWindow) {
    for (int i = 0; i < 4; ++i) throttle_.RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("alice", "10.0.0.1"), 0);
    throttle_.RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("alice", "10.0.0.9"), 15 * 60);
    clock_.Advance(100);
    EXPECT_EQ(throttle_.RetryAfter("alice", "10.0.0.9"), 15 * 60 - 100);
    EXPECT_EQ(throttle_.RetryAfter("bob", "10.0.0.9"), 0);
}

TEST_F(LoginThrottleTest, WindowEndsAfterFifteenMinutes) {
    for (int i = 0; i < 5; ++i) throttle_.RecordFailure("alice", "10.0.0.1");
    clock_.Advance(15 * 60 - 1);
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 1);
    clock_.Advance(1);
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 0);
    // The next failure starts a fresh window instead of adding to the old one.
    throttle_.RecordFailure("alice", "");
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 0);
}

TEST_F(LoginThrottleTest, SuccessResetsTheUsernameButNotTheAddress) {
    for (int i = 0; i < 4; ++i) throttle_.RecordFailure("alice", "10.0.0.1");
    throttle_.RecordSuccess("alice");
    for (int i = 0; i < 4; ++i) throttle_.RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 0);

    for (int i = 0; i < 20; ++i) {
        throttle_.RecordFailure("user" + std::to_string(i), "10.0.0.2");
        throttle_.RecordSuccess("user" + std::to_string(i));
    }
    // The address is throttled: "someone" gets its one attempt, and no more after it fails.
    EXPECT_EQ(throttle_.RetryAfter("someone", "10.0.0.2"), 0);
    throttle_.RecordFailure("someone", "10.0.0.2");
    EXPECT_GT(throttle_.RetryAfter("someone", "10.0.0.2"), 0);
}

TEST_F(LoginThrottleTest, BlocksAnAddressSprayingManyUsernames) {
    for (int i = 0; i < 19; ++i) throttle_.RecordFailure("user" + std::to_string(i), "10.0.0.3");
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.3"), 0);
    throttle_.RecordFailure("user19", "10.0.0.3");
    // Over its limit the address gets one attempt per username per window, no more.
    EXPECT_GT(throttle_.RetryAfter("user0", "10.0.0.3"), 0);
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.3"), 0);
    throttle_.RecordFailure("fresh", "10.0.0.3");
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.3"), 15 * 60);
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.4"), 0);
}

TEST_F(LoginThrottleTest, AThrottledAddressDoesNotLockOutAColleagueWithTheRightPassword) {
    // A sprayer behind the office NAT exhausts the address limit...
    for (int i = 0; i < 40; ++i) {
        auto a = throttle_.Begin("guess" + std::to_string(i), "203.0.113.5");
        (void)a;  // every one failed
    }
    EXPECT_GT(throttle_.RetryAfter("guess0", "203.0.113.5"), 0);
    // ...and a colleague behind the same NAT still logs in.
    auto colleague = throttle_.Begin("carol", "203.0.113.5");
    ASSERT_EQ(colleague.retry_after, 0);
    throttle_.Succeeded(colleague);
    // Her address is now known to her account: she logs in again, all window long.
    for (int i = 0; i < 3; ++i) {
        auto again = throttle_.Begin("carol", "203.0.113.5");
        ASSERT_EQ(again.retry_after, 0) << i;
        throttle_.Succeeded(again);
    }
}

TEST_F(LoginThrottleTest, AnAttackerElsewhereCannotLockAUserOutOfHerKnownAddress) {
    auto first = throttle_.Begin("dave", "198.51.100.7");
    ASSERT_EQ(first.retry_after, 0);
    throttle_.Succeeded(first);
    for (int window = 0; window < 3; ++window) {
        // The attacker fails five times from other addresses every window, for ever.
        for (int i = 0; i < 5; ++i) throttle_.RecordFailure("dave", "192.0.2." + std::to_string(i));
        EXPECT_GT(throttle_.RetryAfter("dave", "192.0.2.99"), 0);  // unknown addresses: locked
        auto home = throttle_.Begin("dave", "198.51.100.7");
        EXPECT_EQ(home.retry_after, 0) << window;
        throttle_.Succeeded(home);
        clock_.Advance(15 * 60);
    }
    // From her known address she still has the pair's own limit against typos and guessing there.
    for (int i = 0; i < 5; ++i) throttle_.RecordFailure("dave", "198.51.100.7");
    EXPECT_GT(throttle_.RetryAfter("dave", "198.51.100.7"), 0);
}

TEST_F(LoginThrottleTest, BeginReservesTheAttemptAndSuccessForgivesIt) {
    for (int i = 0; i < 5; ++i) EXPECT_EQ(throttle_.Begin("erin", "10.1.1.1").retry_after, 0) << i;
    EXPECT_EQ(throttle_.Begin("erin", "10.1.1.1").retry_after, 15 * 60);  // five in flight: the sixth waits

    LoginThrottle fresh(clock_);
    for (int i = 0; i < 4; ++i) (void)fresh.Begin("frank", "10.1.1.2");
    auto right = fresh.Begin("frank", "10.1.1.2");
    ASSERT_EQ(right.retry_after, 0);
    fresh.Succeeded(right);
    EXPECT_EQ(fresh.RetryAfter("frank", "10.1.1.9"), 0);
}

TEST_F(LoginThrottleTest, ConcurrentBeginsNeverExceedTheLimit) {
    constexpr int kThreads = 32;
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            if (throttle_.Begin("grace", "10.2.2.2").retry_after == 0) ++allowed;
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

TEST_F(LoginThrottleTest, AddressesInOneSlash64ShareTheAddressLimit) {
    for (int i = 0; i < 20; ++i) {
        throttle_.RecordFailure("user" + std::to_string(i), "2001:db8:5:6::" + std::to_string(i + 1));
    }
    throttle_.RecordFailure("fresh", "2001:db8:5:6:ffff::9");
    EXPECT_GT(throttle_.RetryAfter("fresh", "2001:db8:5:6::abcd"), 0);
    EXPECT_EQ(throttle_.RetryAfter("fresh", "2001:db8:5:7::1"), 0);
}

TEST_F(LoginThrottleTest, CountsUsernamesRegardlessOfCase) {
    for (int i = 0; i < 5; ++i) throttle_.RecordFailure(i % 2 ? "ADMIN" : "admin", "");
    EXPECT_GT(throttle_.RetryAfter("Admin", ""), 0);
}

TEST_F(LoginThrottleTest, EmptyAddressIsNotCounted) {
    for (int i = 0; i < 50; ++i) throttle_.RecordFailure("u" + std::to_string(i), "");
    EXPECT_EQ(throttle_.RetryAfter("other", ""), 0);
}

TEST_F(LoginThrottleTest, MemoryStaysBoundedUnderASprayOfKeys) {
    LoginThrottle small(clock_, {.max_entries = 100});
    for (int i = 0; i < 10'000; ++i) {
        small.RecordFailure(std::string(1000, 'x') + std::to_string(i), "addr" + std::to_string(i));
        if (i % 100 == 0) clock_.Advance(1);
    }
    EXPECT_LE(small.EntriesForTest(), 400u);  // four tables of at most 100
}

TEST_F(LoginThrottleTest, EvictsEndedWindowsBeforeLiveOnes) {
    LoginThrottle small(clock_, {.username_limit = 2, .max_entries = 10});
    for (int i = 0; i < 9; ++i) small.RecordFailure("old" + std::to_string(i), "");
    clock_.Advance(15 * 60);
    small.RecordFailure("victim", "");  // the table is now full
    for (int i = 0; i < 9; ++i) small.RecordFailure("new" + std::to_string(i), "");
    small.RecordFailure("victim", "");
    EXPECT_GT(small.RetryAfter("victim", ""), 0);
    EXPECT_LE(small.EntriesForTest(), 10u);
}

TEST_F(LoginThrottleTest, ClockGoingBackwardsStartsAFreshWindow) {
    for (int i = 0; i < 5; ++i) throttle_.RecordFailure("alice", "");
    clock_.Advance(-3600);
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 0);
    throttle_.RecordFailure("alice", "");
    EXPECT_EQ(throttle_.RetryAfter("alice", ""), 0);
}

}  // namespace
}  // namespace safegrid::services
