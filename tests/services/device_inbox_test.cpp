#include "services/device_inbox.hpp"

#include <gtest/gtest.h>

#include "services/live_events.hpp"
#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class DeviceInboxTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        inbox_ = std::make_unique<DeviceInbox>(w_->store->shared(), w_->clock);
    }

    static InboxMessage Message(int64_t device, const std::string& key) {
        return {device,
                "gb26875",
                key,
                1'700'000'000,
                R"([{"event":"fire","at":1700000000}])",
                std::string("\x40\x40\x00\x01", 4)};
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<DeviceInbox> inbox_;
};

TEST_P(DeviceInboxTest, ARepeatedMessageIsStoredOnceAndReportedAsDuplicate) {
    int wakes = 0;
    inbox_->OnStored([&] { ++wakes; });
    const std::vector<InboxMessage> first = {Message(7, "1@a"), Message(7, "2@a"), Message(8, "1@a")};
    auto stored = inbox_->Append(first);
    ASSERT_TRUE(stored) << stored.error().internal;
    EXPECT_EQ(*stored,
              (std::vector<InboxOutcome>{InboxOutcome::kStored, InboxOutcome::kStored, InboxOutcome::kStored}));
    const std::vector<InboxMessage> again = {Message(7, "2@a"), Message(7, "3@a")};
    auto second = inbox_->Append(again);
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, (std::vector<InboxOutcome>{InboxOutcome::kDuplicate, InboxOutcome::kStored}));
    auto only_repeat = inbox_->Append(std::vector<InboxMessage>{Message(8, "1@a")});
    ASSERT_TRUE(only_repeat);
    EXPECT_EQ(wakes, 2);  // nothing new, no wake

    auto pending = w_->store->shared()->Read([&](storage::Connection& conn) { return inbox_->Pending(conn, 10); });
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 4U);
    EXPECT_EQ(pending->front().device_id, 7);
    EXPECT_EQ(pending->front().signals, R"([{"event":"fire","at":1700000000}])");

    const std::vector<int64_t> done = {pending->front().id};
    ASSERT_TRUE(w_->store->shared()->Transact(
        true, [&](storage::Connection& conn) { return DeviceInbox::MarkProcessed(conn, done, 1'700'000'100); }));
    auto left = w_->store->shared()->Read([&](storage::Connection& conn) { return inbox_->Pending(conn, 10); });
    ASSERT_TRUE(left);
    EXPECT_EQ(left->size(), 3U);
}

TEST_P(DeviceInboxTest, LiveEventsAreNumberedInOrderAndWakeWaiters) {
    LiveEvents events(w_->clock);
    const uint64_t before = events.Generation();
    auto ids =
        w_->store->shared()->Transact(true, [&](storage::Connection& conn) -> Result<std::pair<int64_t, int64_t>> {
            SG_ASSIGN_OR_RETURN(
                int64_t a,
                events.Record(conn, {"alarm.raised", {w_->town, w_->village1, w_->grid1a}, w_->ent1a, R"({"id":1})"}));
            SG_ASSIGN_OR_RETURN(
                int64_t b,
                events.Record(conn, {"alarm.updated", {w_->town, w_->village1, w_->grid1a}, w_->ent1a, R"({"id":1})"}));
            return std::pair{a, b};
        });
    ASSERT_TRUE(ids);
    EXPECT_LT(ids->first, ids->second);
    events.Wake();
    EXPECT_NE(events.WaitAfter(before, std::chrono::milliseconds(0)), before);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceInboxTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
