#include "services/escalation_job.hpp"

#include <gtest/gtest.h>

#include "services/notification_world.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kDay = 86400;
// 2026-12-04 23:59:59 China time: a deadline as officers give them (the world starts 2026-11-29).
constexpr UnixSeconds kDue = 1796399999;
constexpr UnixSeconds kDueDayStart = kDue + 1 - kDay;  // 2026-12-04 00:00 China time

class EscalationJobTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::NotificationWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        MakeJob();
    }
    void MakeJob() {
        job_ = std::make_unique<EscalationJob>(w_->store().shared(), w_->clock(), *h().hazards, *w_->notifications);
    }
    EscalationReport Run() {
        auto report = job_->Run();
        EXPECT_TRUE(report) << (report ? "" : report.error().id + " " + report.error().internal);
        return report ? *report : EscalationReport{};
    }
    void At(UnixSeconds t) { w_->clock().Set(t); }
    int64_t Level(int64_t id) {
        return w_->store().QueryInt("SELECT escalation_level FROM hazards WHERE id = ?", {id});
    }
    int64_t Events(int64_t id, const std::string& action) {
        return w_->store().QueryInt("SELECT COUNT(*) FROM hazard_events WHERE hazard_id = ? AND action = ?",
                                    {id, action});
    }
    test::HazardWorld& h() { return *w_->hw; }
    test::RegistryWorld& r() { return w_->r(); }

    std::unique_ptr<test::NotificationWorld> w_;
    std::unique_ptr<EscalationJob> job_;
};

TEST_P(EscalationJobTest, RemindsThreeDaysBeforeAndOnTheDayExactlyOnce) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    EXPECT_EQ(Run().reminders, 0);
    At(kDue - 3 * kDay - 60);
    EXPECT_EQ(Run().reminders, 0);  // not yet three days
    At(kDue - 3 * kDay + 60);
    EXPECT_EQ(Run().reminders, 3);  // users 5 and 10 (ent1a) and 4 (the grid's inspector)
    EXPECT_EQ(Run().reminders, 0);  // the job runs twice: nothing new
    EXPECT_EQ(w_->Count(5, "reminder", id), 1);
    EXPECT_EQ(w_->Count(10, "reminder", id), 1);
    EXPECT_EQ(w_->Count(4, "reminder", id), 1);
    EXPECT_EQ(w_->Count(8, "reminder"), 0);
    At(kDueDayStart - 60);
    EXPECT_EQ(Run().reminders, 0);
    At(kDueDayStart + 60);
    EXPECT_EQ(Run().reminders, 3);
    At(kDueDayStart + 3600);
    EXPECT_EQ(Run().reminders, 0);
    EXPECT_EQ(w_->Count(5, "due_today", id), 1);
    EXPECT_EQ(w_->Count(4, "due_today", id), 1);
    EXPECT_EQ(Level(id), 0);  // not overdue yet
    auto page = w_->notifications->List(r().enterprise_user, {});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->items[0].title, "【慈溪市宏达服饰有限公司】隐患《疏散通道堵塞》今天是整改期限");
    EXPECT_EQ(page->items[0].body, "整改期限：12月4日");
    EXPECT_EQ(page->items[1].title, "【慈溪市宏达服饰有限公司】隐患《疏散通道堵塞》整改期限还剩3天");
    EXPECT_EQ(page->items[1].title_en,
              "[慈溪市宏达服饰有限公司] Hazard \u201c疏散通道堵塞\u201d: 3 days left to rectify");
}

// 2026-12-05 02:00 China time = 2026-12-04 13:00 at UTC−05:00: one instant, two calendar days.
constexpr UnixSeconds kEarlyDue = 1796407200;

TEST_P(EscalationJobTest, TheReminderPrintsTheDayOfTheTownsTimeZone) {
    auto zone = ParseTimeZone("UTC-05:00");
    ASSERT_TRUE(zone);
    w_->Restart({.zone = *zone});
    job_ = std::make_unique<EscalationJob>(w_->store().shared(), w_->clock(), *h().hazards, *w_->notifications,
                                           EscalationOptions{.zone = *zone});
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kEarlyDue);
    // The due day starts at 00:00 of 2026-12-04 in that zone (05:00 UTC), not at 16:00 UTC the day
    // before as in Shanghai.
    const UnixSeconds shanghai_day_start = 1796400000;         // 2026-12-05 00:00 +08:00
    const UnixSeconds zone_day_start = 1796342400 + 5 * 3600;  // 2026-12-04 00:00 −05:00
    At(kEarlyDue - 3 * kDay + 60);
    EXPECT_EQ(Run().reminders, 3);
    At(zone_day_start - 60);
    EXPECT_EQ(Run().reminders, 0);
    At(zone_day_start + 60);  // hours before Shanghai's day starts (shanghai_day_start)
    EXPECT_EQ(Run().reminders, 3);
    At(shanghai_day_start + 60);
    EXPECT_EQ(Run().reminders, 0);  // once per deadline
    EXPECT_EQ(w_->Count(5, "due_today", id), 1);
    auto page = w_->notifications->List(r().enterprise_user, {});
    ASSERT_TRUE(page);
    ASSERT_FALSE(page->items.empty());
    EXPECT_EQ(page->items[0].kind, "due_today");
    EXPECT_EQ(page->items[0].body, "整改期限：12月4日");  // Shanghai would print 12月5日
}

TEST_P(EscalationJobTest, OverdueGoesToTheVillageThenTheTown) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    At(kDue);
    EXPECT_EQ(Run().escalations, 0);  // due this very second: not past yet
    At(kDue + 60);
    EXPECT_EQ(Run().escalations, 1);
    EXPECT_EQ(Level(id), 1);
    EXPECT_EQ(w_->Count(3, "overdue_village", id), 1);   // the village officer
    EXPECT_EQ(w_->Count(11, "overdue_village", id), 1);  // the village's responsible person
    EXPECT_EQ(w_->Count(12), 0);                         // disabled
    EXPECT_EQ(w_->Count(7), 0);                          // another village
    EXPECT_EQ(w_->Count(2, "overdue_town"), 0);
    EXPECT_EQ(Run().escalations, 0);
    At(kDue + 3 * kDay - 60);
    EXPECT_EQ(Run().escalations, 0);
    At(kDue + 3 * kDay + 60);
    EXPECT_EQ(Run().escalations, 1);
    EXPECT_EQ(Level(id), 2);
    EXPECT_EQ(w_->Count(2, "overdue_town", id), 1);
    EXPECT_EQ(w_->Count(6), 0);  // the other town
    EXPECT_EQ(w_->Count(3, "overdue_village", id), 1);
    At(kDue + 10 * kDay);
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(Events(id, "escalate"), 2);
    EXPECT_EQ(
        w_->store().QueryInt(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'hazard' AND entity_id = ? AND action = 'escalate'", {id}),
        2);
    // The hazard reads as overdue, and its version did not move (no officer's screen went stale).
    auto seen = h().hazards->Get(r().admin, id);
    ASSERT_TRUE(seen);
    EXPECT_TRUE(seen->overdue);
    EXPECT_EQ(seen->hazard.version, 1);
}

TEST_P(EscalationJobTest, AJobThatSleptThroughBothRungsClimbsThemInOrder) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    Run();
    At(kDue + 4 * kDay);
    EXPECT_EQ(Run().escalations, 2);
    EXPECT_EQ(Level(id), 2);
    EXPECT_EQ(w_->Count(3, "overdue_village", id), 1);
    EXPECT_EQ(w_->Count(2, "overdue_town", id), 1);
    // No stale reminders once the deadline has passed.
    EXPECT_EQ(w_->CountKind("reminder"), 0);
    EXPECT_EQ(w_->CountKind("due_today"), 0);
}

TEST_P(EscalationJobTest, ExtendingTheDeadlineRearmsRemindersAndTheLadder) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    At(kDue - 3 * kDay + 60);
    Run();
    At(kDue + 60);
    Run();
    EXPECT_EQ(Level(id), 1);
    const UnixSeconds due2 = kDue + 10 * kDay;
    ASSERT_TRUE(h().Act(r().village_officer, id, "extend", "材料未到", due2));
    EXPECT_EQ(Level(id), 0);
    EXPECT_EQ(w_->Count(5, "deadline_extended", id), 1);
    At(due2 - 3 * kDay + 60);
    Run();
    EXPECT_EQ(w_->Count(5, "reminder", id), 2);
    At(due2 + 60);
    EXPECT_EQ(Run().escalations, 1);
    EXPECT_EQ(Level(id), 1);
    EXPECT_EQ(w_->Count(3, "overdue_village", id), 2);
}

TEST_P(EscalationJobTest, ClosedAndSubmittedHazardsAreNeverRemindedOrEscalated) {
    const int64_t closed = h().Create(r().inspector, r().ent1a, "general", kDue);
    const int64_t submitted = h().Create(r().inspector, r().ent1a, "general", kDue);
    ASSERT_TRUE(h().Act(r().enterprise_user, closed, "submit", "已整改"));
    ASSERT_TRUE(h().Act(r().inspector, closed, "approve"));
    ASSERT_TRUE(h().Act(r().enterprise_user, submitted, "submit", "已整改"));
    const int64_t before = w_->Total();
    for (UnixSeconds t = kDue - 4 * kDay; t <= kDue + 5 * kDay; t += 3 * 3600) {
        At(t);
        Run();
    }
    EXPECT_EQ(w_->Total(), before);
    EXPECT_EQ(Level(closed), 0);
    EXPECT_EQ(Level(submitted), 0);
}

TEST_P(EscalationJobTest, ARestartSendsNothingTwice) {
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    At(kDue - 3 * kDay + 60);
    Run();
    At(kDue + 3 * kDay + 60);
    Run();
    const int64_t total = w_->Total();
    ASSERT_EQ(Level(id), 2);
    // New service objects on the same store, at the same instant.
    w_->Restart();
    MakeJob();
    Run();
    EXPECT_EQ(w_->Total(), total);
    // A crash after the notifications but before the scan mark: the range is scanned again.
    w_->store().Exec("DELETE FROM job_runs");
    w_->Restart();
    MakeJob();
    auto report = Run();
    EXPECT_GT(report.hazards_seen, 0);
    EXPECT_EQ(report.reminders, 0);
    EXPECT_EQ(report.escalations, 0);
    EXPECT_EQ(w_->Total(), total);
    EXPECT_EQ(Events(id, "escalate"), 2);
}

TEST_P(EscalationJobTest, PagesThroughManyHazardsCrossingAtOnce) {
    EscalationOptions options;
    options.page_size = 3;  // several pages, ties on due_at included
    job_ =
        std::make_unique<EscalationJob>(w_->store().shared(), w_->clock(), *h().hazards, *w_->notifications, options);
    std::vector<int64_t> ids;
    for (int i = 0; i < 8; ++i) ids.push_back(h().Create(r().inspector, r().ent1a, "general", kDue + (i % 2)));
    At(kDue + 120);
    auto report = Run();
    EXPECT_EQ(report.escalations, 8);
    for (int64_t id : ids) EXPECT_EQ(Level(id), 1) << id;
    EXPECT_EQ(w_->CountKind("overdue_village"), 16);  // users 3 and 11 for each
}

TEST_P(EscalationJobTest, AFirstRunDoesNotAnnounceOldHistory) {
    // A deadline that passed a month ago, before the job ever ran (e.g. imported or seeded data).
    const int64_t id = h().Create(r().inspector, r().ent1a, "general", kDue);
    w_->store().Exec("UPDATE hazards SET due_at = ? WHERE id = ?", {w_->clock().Now() - 30 * kDay, id});
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(Level(id), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, EscalationJobTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
