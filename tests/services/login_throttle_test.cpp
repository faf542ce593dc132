#include "services/login_throttle.hpp"

#include <gtest/gtest.h>

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
    EXPECT_GT(throttle_.RetryAfter("someone", "10.0.0.2"), 0);
}

TEST_F(LoginThrottleTest, BlocksAnAddressSprayingManyUsernames) {
    for (int i = 0; i < 19; ++i) throttle_.RecordFailure("user" + std::to_string(i), "10.0.0.3");
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.3"), 0);
    throttle_.RecordFailure("user19", "10.0.0.3");
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.3"), 15 * 60);
    EXPECT_EQ(throttle_.RetryAfter("fresh", "10.0.0.4"), 0);
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
    EXPECT_LE(small.EntriesForTest(), 200u);
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
