#include "storage/postgres/pg_listener.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/db.hpp"
#include "support/pg_fixture.hpp"

namespace safegrid::storage {
namespace {

using namespace std::chrono_literals;

template <class F>
bool Eventually(F done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

class PgListenerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        pg_ = test::PgTestDatabase::CreateOrSkip();
        if (!pg_) {
            if (!HasFailure()) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
            return;
        }
        auto db = OpenDatabase(pg_->url());
        ASSERT_TRUE(db) << db.error().internal;
        db_ = *db;
    }
    Status Exec(const std::string& sql) {
        return db_->Read([&](Connection& c) -> Status {
            SG_TRY(c.Query(sql));
            return {};
        });
    }

    std::unique_ptr<test::PgTestDatabase> pg_;
    std::shared_ptr<Database> db_;
};

TEST_F(PgListenerTest, WakesOnCommittedNotificationsOnlyAndReconnectsWhenItsConnectionDrops) {
    std::atomic<int> wakes{0};
    PgListener listener(
        pg_->url(), "sg_test_channel", [&] { ++wakes; }, 50ms);
    ASSERT_TRUE(listener.Start());
    ASSERT_TRUE(Eventually([&] { return listener.Connected() && wakes == 1; }));  // the wake after connecting

    ASSERT_TRUE(Exec("SELECT pg_notify('sg_test_channel', 'x')"));
    ASSERT_TRUE(Eventually([&] { return listener.Notified() == 1; }));
    EXPECT_EQ(wakes.load(), 2);

    // A rolled-back transaction notifies nobody (NOTIFY is delivered at commit); a committed one
    // after it is the next notification the listener sees.
    auto rolled_back = db_->Transact(true, [&](Connection& c) -> Status {
        SG_TRY(c.Query("SELECT pg_notify('sg_test_channel', 'rolled back')"));
        return Unavailable("roll back");
    });
    EXPECT_FALSE(rolled_back);
    ASSERT_TRUE(Exec("SELECT pg_notify('sg_test_channel', 'y')"));
    ASSERT_TRUE(Eventually([&] { return listener.Notified() == 2; }));

    // The server ends the listening session: the listener reconnects, wakes once, and listens again.
    ASSERT_TRUE(
        Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
             "'safegrid-listen' AND datname = current_database()"));
    ASSERT_TRUE(Eventually([&] { return wakes == 4 && listener.Connected(); }));
    ASSERT_TRUE(Exec("SELECT pg_notify('sg_test_channel', 'z')"));
    ASSERT_TRUE(Eventually([&] { return listener.Notified() == 3; }));
    listener.Stop();
    EXPECT_FALSE(listener.Connected());
}

TEST_F(PgListenerTest, ANewLiveEventNotifiesTheLiveChannelAtCommit) {
    ASSERT_TRUE(Migrate(*db_));
    PgListener listener(
        pg_->url(), "safegrid_live", [] {}, 50ms);
    ASSERT_TRUE(listener.Start());
    ASSERT_TRUE(Eventually([&] { return listener.Connected(); }));
    ASSERT_TRUE(
        Exec("INSERT INTO live_events (town_id, type, data, created_at) VALUES (1, 'hazard.updated', '{}', 0), "
             "(1, 'hazard.updated', '{}', 0)"));
    ASSERT_TRUE(Eventually([&] { return listener.Notified() >= 1; }));
    // One statement, one notification (the trigger runs per statement).
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(listener.Notified(), 1);
}

}  // namespace
}  // namespace safegrid::storage
