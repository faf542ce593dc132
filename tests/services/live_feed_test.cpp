// The live event fan-out (services/live_feed.hpp) and hazard.updated (hazard_live_events.hpp) on
// both stores: order, scope, resume, the per-user cap, retention, and wakes only after commit.
#include "services/live_feed.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "services/hazard_live_events.hpp"
#include "services/hazard_world.hpp"
#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using namespace std::chrono_literals;
using test::RegistryWorld;

class LiveFeedTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        live_ = std::make_unique<LiveEvents>(w_->clock);
        feed_ = std::make_unique<LiveFeed>(w_->store->shared(), *live_, w_->clock);
        ASSERT_TRUE(feed_->Start());
    }
    void TearDown() override {
        if (feed_) feed_->Stop();
    }

    // Records one event at the enterprise's place in the region tree and wakes the streams.
    int64_t Record(int64_t village, int64_t grid, std::optional<int64_t> enterprise, const std::string& tag) {
        LiveEvent e{"alarm.raised", {w_->town, village, grid}, enterprise, R"({"tag":")" + tag + R"("})"};
        auto id = w_->store->shared()->Transact(true, [&](storage::Connection& c) { return live_->Record(c, e); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        live_->Wake();
        return id ? *id : 0;
    }

    // Waits until `sub` has handed over `count` events in total (or 5 s), and returns their ids.
    static std::vector<int64_t> Collect(LiveSubscription& sub, size_t count, std::chrono::milliseconds max = 5s) {
        std::vector<int64_t> ids;
        auto until = std::chrono::steady_clock::now() + max;
        while (ids.size() < count && std::chrono::steady_clock::now() < until) {
            bool ended = false;
            for (const auto& e : sub.Take(ended)) ids.push_back(e.id);
            if (ids.size() < count) std::this_thread::sleep_for(5ms);
        }
        return ids;
    }

    std::shared_ptr<LiveSubscription> Subscribe(const Principal& who, std::optional<int64_t> last = std::nullopt) {
        auto sub = feed_->Subscribe(who, last);
        EXPECT_TRUE(sub) << (sub ? "" : sub.error().id);
        return sub ? *sub : nullptr;
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<LiveEvents> live_;
    std::unique_ptr<LiveFeed> feed_;
};

TEST_P(LiveFeedTest, EachStreamGetsItsScopesEventsInIdOrder) {
    auto town = Subscribe(w_->town_officer);
    auto village1 = Subscribe(w_->village_officer);
    auto village2 = Subscribe(w_->other_village_officer);
    auto enterprise = Subscribe(w_->enterprise_user);
    auto other_town = Subscribe(w_->other_town_officer);
    int notified = 0;
    town->SetNotify([&] { ++notified; });

    const int64_t a = Record(w_->village1, w_->grid1a, w_->ent1a, "a");
    const int64_t b = Record(w_->village2, w_->grid2a, w_->ent2a, "b");
    const int64_t c = Record(w_->village1, w_->grid1b, w_->ent1b, "c");
    const int64_t d = Record(w_->village1, w_->grid1a, w_->ent1a, "d");

    EXPECT_EQ(Collect(*town, 4), (std::vector<int64_t>{a, b, c, d}));
    EXPECT_EQ(Collect(*village1, 3), (std::vector<int64_t>{a, c, d}));
    EXPECT_EQ(Collect(*village2, 1), (std::vector<int64_t>{b}));
    EXPECT_EQ(Collect(*enterprise, 2), (std::vector<int64_t>{a, d}));
    EXPECT_EQ(Collect(*other_town, 1, 300ms), std::vector<int64_t>{});
    EXPECT_GE(notified, 1);
    // Nothing is handed over twice.
    EXPECT_EQ(Collect(*village2, 1, 200ms), std::vector<int64_t>{});
}

TEST_P(LiveFeedTest, ResumeGetsExactlyTheMissedEventsAndNoLastIdStartsAtTheNewest) {
    const int64_t a = Record(w_->village1, w_->grid1a, w_->ent1a, "a");
    const int64_t b = Record(w_->village1, w_->grid1a, w_->ent1a, "b");
    const int64_t c = Record(w_->village2, w_->grid2a, w_->ent2a, "c");
    const int64_t d = Record(w_->village1, w_->grid1b, w_->ent1b, "d");
    // Let the poller move past them, so "no Last-Event-ID" really starts after d.
    auto probe = Subscribe(w_->admin);
    ASSERT_EQ(Collect(*probe, 1, 2s), std::vector<int64_t>{});  // a probe started at the newest: nothing

    auto resumed = Subscribe(w_->village_officer, a);
    auto fresh = Subscribe(w_->village_officer);
    const int64_t e = Record(w_->village1, w_->grid1a, w_->ent1a, "e");
    EXPECT_EQ(Collect(*resumed, 3), (std::vector<int64_t>{b, d, e}));
    EXPECT_EQ(Collect(*fresh, 1), (std::vector<int64_t>{e}));
    EXPECT_EQ(Collect(*fresh, 1, 200ms), std::vector<int64_t>{});
    (void)c;

    // An id from the future (a store that was reset) starts at the newest instead of going silent.
    auto future = Subscribe(w_->town_officer, e + 1000);
    const int64_t f = Record(w_->village2, w_->grid2a, w_->ent2a, "f");
    EXPECT_EQ(Collect(*future, 1), (std::vector<int64_t>{f}));
}

TEST_P(LiveFeedTest, ACatchUpLongerThanOnePageArrivesWholeAndInOrder) {
    std::vector<int64_t> ids;
    for (int i = 0; i < 1203; ++i) {
        LiveEvent e{"alarm.raised", {w_->town, w_->village1, w_->grid1a}, w_->ent1a, "{}"};
        auto id = w_->store->shared()->Transact(true, [&](storage::Connection& c) { return live_->Record(c, e); });
        ASSERT_TRUE(id);
        ids.push_back(*id);
    }
    live_->Wake();
    auto sub = Subscribe(w_->inspector, 0);
    const int64_t last = Record(w_->village1, w_->grid1a, w_->ent1a, "last");
    ids.push_back(last);
    EXPECT_EQ(Collect(*sub, ids.size(), 10s), ids);
}

TEST_P(LiveFeedTest, AUserMayHoldFiveStreamsTheSixthIsRateLimitedUntilOneCloses) {
    std::vector<std::shared_ptr<LiveSubscription>> open;
    for (int i = 0; i < 5; ++i) open.push_back(Subscribe(w_->village_officer));
    auto sixth = feed_->Subscribe(w_->village_officer, std::nullopt);
    ASSERT_FALSE(sixth);
    EXPECT_EQ(sixth.error().code, Code::kRateLimited);
    EXPECT_EQ(sixth.error().id, "too_many_streams");
    EXPECT_TRUE(feed_->Subscribe(w_->town_officer, std::nullopt));  // other users are not affected
    open.front()->Close();
    EXPECT_TRUE(feed_->Subscribe(w_->village_officer, std::nullopt));
    open.pop_back();  // destroying one frees its slot too
    EXPECT_TRUE(feed_->Subscribe(w_->village_officer, std::nullopt));
}

TEST_P(LiveFeedTest, RetentionDeletesEventsOlderThanSevenDaysAndAnOldResumeStartsAtTheOldestKept) {
    Record(w_->village1, w_->grid1a, w_->ent1a, "old");
    w_->clock.Advance(6 * 86400);
    const int64_t kept = Record(w_->village1, w_->grid1a, w_->ent1a, "kept");
    w_->clock.Advance(86400 + 1);
    auto purged = feed_->PurgeOld();
    ASSERT_TRUE(purged) << purged.error().internal;
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM live_events"), 1);
    auto again = feed_->PurgeOld();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0);

    auto resumed = Subscribe(w_->village_officer, 0);
    EXPECT_EQ(Collect(*resumed, 1), (std::vector<int64_t>{kept}));
}

TEST_P(LiveFeedTest, AReaderThatStopsReadingIsEndedNotBufferedForever) {
    LiveFeedOptions small;
    small.max_pending_bytes = 2000;
    feed_->Stop();
    feed_ = std::make_unique<LiveFeed>(w_->store->shared(), *live_, w_->clock, small);
    ASSERT_TRUE(feed_->Start());
    auto sub = Subscribe(w_->town_officer);
    // One transaction: the poller hands all forty over in one batch, past the 2,000-byte limit.
    ASSERT_TRUE(w_->store->shared()->Transact(true, [&](storage::Connection& c) -> Status {
        for (int i = 0; i < 40; ++i) {
            LiveEvent e{"alarm.raised", {w_->town, w_->village1, w_->grid1a}, w_->ent1a, std::string(60, 'x')};
            SG_TRY(live_->Record(c, e));
        }
        return {};
    }));
    live_->Wake();
    bool ended = false;
    size_t taken = 0;
    auto until = std::chrono::steady_clock::now() + 5s;
    while (!ended && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(20ms);
        taken += sub->Take(ended).size();
    }
    EXPECT_TRUE(ended);
    EXPECT_EQ(taken, 0U);  // what it could not hold is dropped: the client resumes by id
}

INSTANTIATE_TEST_SUITE_P(Stores, LiveFeedTest, test::AllBackends(), test::BackendName);

class HazardLiveEventsTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::HazardWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        live_ = std::make_unique<LiveEvents>(w_->r->clock);
        feed_ = std::make_unique<LiveFeed>(w_->r->store->shared(), *live_, w_->r->clock);
        ASSERT_TRUE(feed_->Start());
        w_->hazards->on_event = [this](storage::Connection& conn, const HazardEventInfo& info) {
            return RecordHazardUpdated(*live_, conn, info);
        };
    }
    void TearDown() override {
        if (feed_) feed_->Stop();
    }

    std::unique_ptr<test::HazardWorld> w_;
    std::unique_ptr<LiveEvents> live_;
    std::unique_ptr<LiveFeed> feed_;
};

TEST_P(HazardLiveEventsTest, EveryHazardChangeStreamsHazardUpdatedToItsScopeSoonAfterCommit) {
    auto village1 = feed_->Subscribe(w_->r->village_officer, std::nullopt);
    auto village2 = feed_->Subscribe(w_->r->other_village_officer, std::nullopt);
    ASSERT_TRUE(village1 && village2);
    const uint64_t before = live_->Generation();
    const int64_t id = w_->Create(w_->r->inspector, w_->r->ent1a);
    ASSERT_GT(id, 0);
    EXPECT_GT(live_->Generation(), before);  // the streams were woken

    auto rows = w_->r->store->shared()->Read([](storage::Connection& c) {
        return c.Query("SELECT type, data, town_id, village_id, grid_id, enterprise_id FROM live_events ORDER BY id");
    });
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->rows.size(), 1U);
    const auto& row = rows->rows.front();
    EXPECT_EQ(row.Text(0), "hazard.updated");
    auto data = boost::json::parse(row.Text(1)).as_object();
    EXPECT_EQ(data.at("id").as_int64(), id);
    EXPECT_EQ(data.at("status").as_string(), "rectifying");
    EXPECT_EQ(data.at("enterprise_id").as_int64(), w_->r->ent1a);
    EXPECT_EQ(data.at("version").as_int64(), 1);
    EXPECT_EQ(data.size(), 4U);
    EXPECT_EQ(row.Int(2), w_->r->town);
    EXPECT_EQ(row.OptInt(3), w_->r->village1);
    EXPECT_EQ(row.OptInt(4), w_->r->grid1a);
    EXPECT_EQ(row.OptInt(5), w_->r->ent1a);

    // A transition records its own event with the new status and version.
    auto acted = w_->Act(w_->r->inspector, id, "submit", "已清理");
    ASSERT_TRUE(acted) << acted.error().id;
    std::vector<StreamedEvent> got;
    auto until = std::chrono::steady_clock::now() + 5s;
    while (got.size() < 2 && std::chrono::steady_clock::now() < until) {
        bool ended = false;
        for (auto& e : (*village1)->Take(ended)) got.push_back(std::move(e));
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_EQ(got.size(), 2U);
    EXPECT_EQ(got[0].type, "hazard.updated");
    auto second = boost::json::parse(got[1].data).as_object();
    EXPECT_EQ(second.at("id").as_int64(), id);
    EXPECT_EQ(second.at("status").as_string(), std::string(HazardStatusName(acted->hazard.status)));
    EXPECT_EQ(second.at("version").as_int64(), acted->hazard.version);
    bool ended = false;
    EXPECT_TRUE((*village2)->Take(ended).empty());  // another village's stream hears nothing
}

TEST_P(HazardLiveEventsTest, ARolledBackChangeRecordsNothing) {
    auto failed = w_->r->store->shared()->Transact(true, [&](storage::Connection& conn) -> Status {
        services::HazardInsert in;
        in.path = {w_->r->town, w_->r->village1, w_->r->grid1a};
        in.enterprise_id = w_->r->ent1a;
        in.title = "回滚";
        in.status = HazardStatus::kReported;
        SG_TRY(w_->hazards->Insert(conn, in, nullptr));
        return Internal("roll it back");
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(w_->r->store->QueryInt("SELECT COUNT(*) FROM live_events"), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardLiveEventsTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
