#include "services/notification_service.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "services/notification_world.hpp"

namespace safegrid::services {
namespace {

class NotificationServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::NotificationWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    test::HazardWorld& h() { return *w_->hw; }
    test::RegistryWorld& r() { return w_->r(); }

    std::unique_ptr<test::NotificationWorld> w_;
};

TEST_P(NotificationServiceTest, CreateTellsTheEnterpriseAndTheGridInspectorButNotTheActor) {
    const int64_t id = h().Create(r().inspector, r().ent1a);
    EXPECT_EQ(w_->Count(5, "hazard_created", id), 1);
    EXPECT_EQ(w_->Count(10, "hazard_created", id), 1);
    EXPECT_EQ(w_->Count(4), 0);  // the inspector created it
    EXPECT_EQ(w_->Count(8), 0);  // another grid's inspector
    EXPECT_EQ(w_->Count(9), 0);  // another enterprise
    EXPECT_EQ(w_->Count(3), 0);  // not the village yet
    EXPECT_EQ(w_->Total(), 2);
    auto page = w_->notifications->List(r().enterprise_user, {});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    const auto& n = page->items.front();
    EXPECT_EQ(n.title, "新【慈溪市宏达服饰有限公司】隐患《疏散通道堵塞》");
    EXPECT_EQ(n.title_en, "New: [慈溪市宏达服饰有限公司] Hazard \u201c疏散通道堵塞\u201d");
    EXPECT_EQ(n.link, "/hazards/" + std::to_string(id));
    EXPECT_EQ(n.hazard_id, id);
    EXPECT_NE(n.body.find("整改期限"), std::string::npos);
}

TEST_P(NotificationServiceTest, EachStepOfTheLoopTellsTheNextPerson) {
    const int64_t id = h().Create(r().inspector, r().ent1a);
    ASSERT_TRUE(h().Act(r().enterprise_user, id, "submit", "已整改"));
    EXPECT_EQ(w_->Count(4, "hazard_submitted", id), 1);
    EXPECT_EQ(w_->Count(2, "hazard_submitted"), 0);  // general: not the town
    ASSERT_TRUE(h().Act(r().inspector, id, "return", "仍有堆放", h().Tomorrow() + 6 * 86400));
    EXPECT_EQ(w_->Count(5, "hazard_returned", id), 1);
    EXPECT_EQ(w_->Count(10, "hazard_returned", id), 1);
    ASSERT_TRUE(h().Act(r().enterprise_user, id, "submit", "已清空"));
    ASSERT_TRUE(h().Act(r().inspector, id, "approve"));
    EXPECT_EQ(w_->Count(5, "hazard_approved", id), 1);
    EXPECT_EQ(w_->Count(4, "hazard_submitted", id), 2);
    // The submitter (user 5) was not told of their own submits; user 10 of the same enterprise was.
    EXPECT_EQ(w_->Count(5, "hazard_submitted"), 0);
}

// 2026-12-20 03:00 China time = 2026-12-19 14:00 in New York (UTC−05:00): the day printed depends on
// the town's zone.
constexpr UnixSeconds kEarlyMorningDeadline = 1797706800;

TEST_P(NotificationServiceTest, MessagesNameTheEnterpriseTheHazardAndTheNewDeadline) {
    const int64_t id = h().Create(r().inspector, r().ent1a);
    ASSERT_TRUE(h().Act(r().enterprise_user, id, "submit", "已整改"));
    auto submitted = w_->notifications->List(r().inspector, {});
    ASSERT_TRUE(submitted);
    ASSERT_FALSE(submitted->items.empty());
    EXPECT_EQ(submitted->items[0].title, "【慈溪市宏达服饰有限公司】隐患《疏散通道堵塞》已提交整改，请复查");
    ASSERT_TRUE(h().Act(r().inspector, id, "return", "仍有堆放", kEarlyMorningDeadline));
    auto returned = w_->notifications->List(r().enterprise_user, {});
    ASSERT_TRUE(returned);
    const auto& n = returned->items.front();
    EXPECT_EQ(n.kind, "hazard_returned");
    EXPECT_EQ(n.title, "【慈溪市宏达服饰有限公司】隐患《疏散通道堵塞》整改未通过复查，请继续整改");
    EXPECT_EQ(n.title_en,
              "[慈溪市宏达服饰有限公司] Hazard \u201c疏散通道堵塞\u201d: rectification returned, rectify again");
    EXPECT_EQ(n.body, "整改期限：12月20日；说明：仍有堆放");
}

TEST_P(NotificationServiceTest, TheDeadlineIsPrintedAsTheDayOfTheTownsTimeZone) {
    auto zone = ParseTimeZone("UTC-05:00");
    ASSERT_TRUE(zone);
    w_->Restart({.zone = *zone});
    const int64_t id = h().Create(r().inspector, r().ent1a);
    ASSERT_TRUE(h().Act(r().enterprise_user, id, "submit", "已整改"));
    ASSERT_TRUE(h().Act(r().inspector, id, "return", "仍有堆放", kEarlyMorningDeadline));
    auto returned = w_->notifications->List(r().enterprise_user, {});
    ASSERT_TRUE(returned);
    EXPECT_EQ(returned->items.front().body, "整改期限：12月19日；说明：仍有堆放");
}

TEST_P(NotificationServiceTest, MajorHazardListingAndSubmitTellTheTown) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "major");
    EXPECT_EQ(w_->Count(2, "supervised", id), 1);
    EXPECT_EQ(w_->Count(6), 0);  // the other town
    auto page = w_->notifications->List(r().town_officer, {});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_NE(page->items[0].title.find("匡安督〔2026〕1号"), std::string::npos) << page->items[0].title;
    ASSERT_TRUE(h().Act(r().enterprise_user, id, "submit", "已整改"));
    EXPECT_EQ(w_->Count(2, "hazard_submitted", id), 1);
}

TEST_P(NotificationServiceTest, EnterpriseReportIsConfirmedAndPublicReportGoesToTheTown) {
    services::NewHazard in;
    in.enterprise_id = r().ent1a;
    in.title = "配电箱无盖";
    in.severity = "general";
    auto reported = h().hazards->Create(r().enterprise_user, in);
    ASSERT_TRUE(reported);
    EXPECT_EQ(w_->Count(10, "hazard_created"), 1);
    EXPECT_EQ(w_->Count(4, "hazard_created"), 1);
    ASSERT_TRUE(h().Act(r().inspector, reported->hazard.id, "confirm", std::nullopt, h().Tomorrow()));
    EXPECT_EQ(w_->Count(5, "hazard_confirmed"), 1);
    const int64_t pub = h().PublicReport(r().town);
    EXPECT_EQ(w_->Count(2, "public_report", pub), 1);
}

TEST_P(NotificationServiceTest, TransitionAndItsNotificationCommitTogether) {
    const int64_t id = h().Create(r().inspector, r().ent1a);
    const int64_t before = w_->Total();
    const int64_t events = w_->store().QueryInt("SELECT COUNT(*) FROM hazard_events WHERE hazard_id = ?", {id});
    // The notifications are written, then the hook fails: the whole submit must roll back.
    h().hazards->on_event = [this](storage::Connection& conn, const HazardEventInfo& info) -> Status {
        SG_TRY(w_->notifications->OnHazardEvent(conn, info));
        return Unavailable("outbox full");
    };
    auto submitted = h().Act(r().enterprise_user, id, "submit", "已整改");
    ASSERT_FALSE(submitted);
    EXPECT_EQ(submitted.error().code, Code::kUnavailable);
    EXPECT_EQ(w_->Total(), before);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazard_events WHERE hazard_id = ?", {id}), events);
    auto seen = h().hazards->Get(r().admin, id);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->hazard.status, HazardStatus::kRectifying);
    EXPECT_EQ(seen->hazard.version, 1);
}

TEST_P(NotificationServiceTest, InboxPagesNewestFirstAndMarksRead) {
    for (int i = 0; i < 5; ++i) h().Create(r().inspector, r().ent1a);
    NotificationQuery q;
    q.limit = 2;
    auto first = w_->notifications->List(r().enterprise_user, q);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->total, 5);
    EXPECT_EQ(first->unread, 5);
    ASSERT_EQ(first->items.size(), 2u);
    EXPECT_GT(first->items[0].id, first->items[1].id);
    auto read = w_->notifications->MarkRead(r().enterprise_user, first->items[0].id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->read_at, w_->clock().Now());
    w_->clock().Advance(60);
    auto again = w_->notifications->MarkRead(r().enterprise_user, first->items[0].id);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->read_at, read->read_at);  // the first reading counts
    // User 10's copy of a notification is not user 5's.
    auto other = w_->notifications->List(test::MakeCaller(10, Role::kEnterprise, {}), {});
    ASSERT_TRUE(other);
    auto foreign = w_->notifications->MarkRead(r().enterprise_user, other->items[0].id);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, Code::kNotFound);
    q.unread_only = true;
    q.limit = 20;
    auto unread = w_->notifications->List(r().enterprise_user, q);
    ASSERT_TRUE(unread);
    EXPECT_EQ(unread->total, 4);
    EXPECT_EQ(unread->items.size(), 4u);
    auto all = w_->notifications->MarkAllRead(r().enterprise_user);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, 4);
    EXPECT_EQ(w_->notifications->List(r().enterprise_user, q)->total, 0);
    EXPECT_EQ(w_->notifications->List(test::MakeCaller(10, Role::kEnterprise, {}), q)->total, 5);
}

TEST_P(NotificationServiceTest, NoOutboxRowsWithoutAChannel) {
    h().Create(r().inspector, r().ent1a);
    EXPECT_GT(w_->Total(), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(NotificationServiceTest, OutboxRowCommitsWithItsNotification) {
    w_->Restart({.outbound = true});
    const int64_t id = h().Create(r().inspector, r().ent1a);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM outbox"), 2);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM outbox o JOIN notifications n ON n.id = o.notification_id "
                                   "WHERE n.hazard_id = ? AND o.sent_at IS NULL AND o.attempts = 0",
                                   {id}),
              2);
}

// A citizen's report tells the place's staff once, in-app, and rings one phone, not the office.
int64_t PublicHazard(test::HazardWorld& h, int64_t town, std::optional<int64_t> village, std::optional<int64_t> grid,
                     std::optional<int64_t> enterprise) {
    auto id = h.store().db().Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
        services::HazardInsert in;
        in.path.town_id = town;
        in.path.village_id = village;
        in.path.grid_id = grid;
        in.enterprise_id = enterprise;
        in.source = "public";
        in.title = "群众举报：楼道堆放杂物";
        in.status = HazardStatus::kReported;
        return h.hazards->Insert(conn, in, nullptr);
    });
    EXPECT_TRUE(id) << (id ? "" : id.error().id + " " + id.error().internal);
    return id ? *id : 0;
}

std::vector<int64_t> Told(test::NotificationWorld& w, int64_t hazard) {
    std::vector<int64_t> out;
    auto rows = w.store().db().Read([&](storage::Connection& conn) -> Result<storage::Rows> {
        const std::array<storage::Value, 1> p = {hazard};
        return conn.Query("SELECT user_id FROM notifications WHERE hazard_id = ? ORDER BY user_id", p);
    });
    EXPECT_TRUE(rows);
    if (rows) {
        for (const auto& r : rows->rows) out.push_back(r.Int(0));
    }
    return out;
}

std::vector<int64_t> Rung(test::NotificationWorld& w, int64_t hazard) {
    std::vector<int64_t> out;
    auto rows = w.store().db().Read([&](storage::Connection& conn) -> Result<storage::Rows> {
        const std::array<storage::Value, 1> p = {hazard};
        return conn.Query(
            "SELECT n.user_id FROM outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.hazard_id = ? "
            "ORDER BY n.user_id",
            p);
    });
    EXPECT_TRUE(rows);
    if (rows) {
        for (const auto& r : rows->rows) out.push_back(r.Int(0));
    }
    return out;
}

TEST_P(NotificationServiceTest, UnplacedPublicReportTellsTheTownOfficeInAppAndRingsOnePhone) {
    w_->Restart({.outbound = true});
    // Two more office users of the town; the town's responsible person is the second of them.
    for (int64_t id : {20, 21}) {
        w_->store().Exec(
            "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, phone, "
            "disabled, created_at, updated_at) VALUES (?, ?, 'x', 'town', ?, ?, '', ?, 0, 0, 0)",
            {id, "town" + std::to_string(id), r().town, r().town, "1390000" + std::to_string(id)});
    }
    const int64_t pub = PublicHazard(h(), r().town, std::nullopt, std::nullopt, std::nullopt);
    EXPECT_EQ(Told(*w_, pub), (std::vector<int64_t>{2, 20, 21}));  // not villages, inspectors, enterprises
    EXPECT_EQ(Rung(*w_, pub), (std::vector<int64_t>{2}));          // one SMS, the first office user
    EXPECT_EQ(w_->Count(2, "public_report", pub), 1);

    w_->store().Exec("UPDATE regions SET responsible_user_id = 21 WHERE id = ?", {r().town});
    const int64_t second = PublicHazard(h(), r().town, std::nullopt, std::nullopt, std::nullopt);
    EXPECT_EQ(Told(*w_, second), (std::vector<int64_t>{2, 20, 21}));
    EXPECT_EQ(Rung(*w_, second), (std::vector<int64_t>{21}));  // the responsible person
}

// Today a report without an enterprise is stored at town level; when it carries a village (a
// placed report), the village's officers hear of it instead. Driven through OnHazardEvent.
Status PlacedReport(test::NotificationWorld& w, int64_t hazard, int64_t town, int64_t village, int64_t event_id) {
    services::HazardEventInfo info;
    info.hazard.id = hazard;
    info.hazard.source = "public";
    info.hazard.title = "群众举报：楼道堆放杂物";
    info.hazard.status = HazardStatus::kReported;
    info.hazard.path = {town, village, std::nullopt};
    info.event.id = event_id;
    info.event.action = "create";
    return w.store().db().Transact(
        true, [&](storage::Connection& conn) { return w.notifications->OnHazardEvent(conn, info); });
}

TEST_P(NotificationServiceTest, PublicReportInAVillageTellsItsOfficersNotTheTown) {
    const int64_t pub = h().PublicReport(r().town);
    w_->Restart({.outbound = true});
    w_->store().Exec("DELETE FROM notifications");
    ASSERT_TRUE(PlacedReport(*w_, pub, r().town, r().village1, 990001));
    // 3 is 高家村's officer, 11 its responsible person, 12 is disabled; 2 (town) and 7 (倡隆村) not.
    EXPECT_EQ(Told(*w_, pub), (std::vector<int64_t>{3, 11}));
    EXPECT_EQ(Rung(*w_, pub), (std::vector<int64_t>{11}));
}

TEST_P(NotificationServiceTest, PublicReportAboutAnEnterpriseTellsTheGridInspector) {
    w_->Restart({.outbound = true});
    const int64_t pub = PublicHazard(h(), r().town, std::nullopt, std::nullopt, r().ent1a);
    EXPECT_EQ(Told(*w_, pub), (std::vector<int64_t>{4}));  // not the enterprise (5, 10), not the town
    EXPECT_EQ(Rung(*w_, pub), (std::vector<int64_t>{4}));
}

TEST_P(NotificationServiceTest, PublicReportInAnUnstaffedVillageFallsBackToTheTown) {
    const int64_t pub = h().PublicReport(r().town);
    w_->Restart({.outbound = true});
    w_->store().Exec("DELETE FROM notifications");
    w_->store().Exec("UPDATE users SET disabled = 1 WHERE id = 7");  // 倡隆村's only officer
    ASSERT_TRUE(PlacedReport(*w_, pub, r().town, r().village2, 990002));
    EXPECT_EQ(Told(*w_, pub), (std::vector<int64_t>{2}));
    EXPECT_EQ(Rung(*w_, pub), (std::vector<int64_t>{2}));
}

INSTANTIATE_TEST_SUITE_P(Stores, NotificationServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
