#include "services/retention_job.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "services/live_events.hpp"
#include "services/live_feed.hpp"
#include "services/notification_world.hpp"
#include "services/public_report_service.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86400;

std::string Png(const std::string& tail) { return std::string("\x89PNG\r\n\x1A\n", 8) + tail; }

// The daily retention job on both stores, driven by the fake clock: what it deletes and what it
// must keep. NotificationWorld: real user rows behind the world's principals (sessions name them).
class RetentionJobTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::NotificationWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        auto db = w_->store().shared();
        auth_ = std::make_unique<AuthService>(db, clock(), *w_->r().audit);
        idempotency_ = std::make_unique<IdempotencyService>(db, clock());
        attachments_ = std::make_unique<AttachmentService>(db, clock(), *w_->r().audit,
                                                           AttachmentOptions{.data_dir = dir_.path().string()});
        job_ = std::make_unique<RetentionJob>(*auth_, *idempotency_, *attachments_);
    }
    test::FakeClock& clock() { return w_->clock(); }
    RetentionReport Run() {
        auto r = job_->Run();
        EXPECT_TRUE(r) << (r ? "" : r.error().id + " " + r.error().internal);
        return r ? *r : RetentionReport{};
    }
    void Session(const std::string& hash, int64_t user, int64_t expires_at) {
        w_->store().Exec("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                         {hash, user, clock().Now(), expires_at});
    }
    int64_t Count(const std::string& table) { return w_->store().QueryInt("SELECT COUNT(*) FROM " + table); }
    bool Exists(const AttachmentRecord& a) {
        return w_->store().QueryInt("SELECT COUNT(*) FROM attachments WHERE id = ?", {a.id}) == 1;
    }
    bool FileOf(const AttachmentRecord& a) { return fs::exists(attachments_->PathOf(a.sha256)); }
    AttachmentRecord Public(const std::string& tail) {
        auto a = attachments_->UploadPublic("image/png", Png(tail), "203.0.113.5");
        EXPECT_TRUE(a);
        return a ? *a : AttachmentRecord{};
    }
    AttachmentRecord Staff(const std::string& tail) {
        auto a = attachments_->Upload(w_->r().inspector, "image/png", Png(tail), "192.0.2.10");
        EXPECT_TRUE(a);
        return a ? *a : AttachmentRecord{};
    }

    std::unique_ptr<test::NotificationWorld> w_;
    test::TempDir dir_;
    std::unique_ptr<AuthService> auth_;
    std::unique_ptr<IdempotencyService> idempotency_;
    std::unique_ptr<AttachmentService> attachments_;
    std::unique_ptr<RetentionJob> job_;
};

TEST_P(RetentionJobTest, DeletesLiveEventsOlderThanSevenDaysWhenGivenTheFeed) {
    LiveEvents live(clock());
    LiveFeed feed(w_->store().shared(), live, clock());  // not started: only its retention is used
    RetentionJob job(*auth_, *idempotency_, *attachments_, &feed);
    auto record = [&](const char* tag) {
        LiveEvent e{"hazard.updated",
                    {w_->r().town, std::nullopt, std::nullopt},
                    std::nullopt,
                    std::string(R"({"tag":")") + tag + R"("})"};
        ASSERT_TRUE(w_->store().shared()->Transact(true, [&](storage::Connection& c) { return live.Record(c, e); }));
    };
    record("old");
    clock().Advance(7 * kDay);
    record("new");
    auto kept = job.Run();
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->live_events, 0);  // exactly seven days old: still kept
    clock().Advance(1);
    auto purged = job.Run();
    ASSERT_TRUE(purged);
    EXPECT_EQ(purged->live_events, 1);
    EXPECT_EQ(Count("live_events"), 1);
    EXPECT_NE(RetentionJob::Summary(*purged).find("live_events=1"), std::string::npos);
    EXPECT_EQ(Run().live_events, 0);  // the job without a feed leaves them alone
}

TEST_P(RetentionJobTest, DeletesEndedSessionsAndIdempotencyRecordsPastTheirRetention) {
    const int64_t t0 = clock().Now();
    Session("live", 2, t0 + 12 * 3600);
    Session("ended", 3, t0 + 3600);
    auto stored = idempotency_->Run({"u:2", "k-1", "POST", "/api/v1/hazards"}, [] {
        return StoredAnswer{201, "application/json", R"({"contact":"13800001111"})"};
    });
    ASSERT_TRUE(stored);

    RetentionReport now = Run();
    EXPECT_EQ(now.sessions, 0);
    EXPECT_EQ(now.idempotency_keys, 0);

    clock().Advance(3600 + kDay + 1);  // "ended" ended more than a day ago; "live" has not
    RetentionReport next_day = Run();
    EXPECT_EQ(next_day.sessions, 1);
    EXPECT_EQ(Count("sessions"), 1);
    EXPECT_EQ(next_day.idempotency_keys, 0);
    EXPECT_EQ(Count("idempotency_keys"), 1);

    clock().Advance(30 * kDay);  // past the 30-day retention: the stored body with a phone number goes
    RetentionReport month = Run();
    EXPECT_EQ(month.sessions, 1);
    EXPECT_EQ(month.idempotency_keys, 1);
    EXPECT_EQ(Count("sessions"), 0);
    EXPECT_EQ(Count("idempotency_keys"), 0);
    EXPECT_EQ(Run().idempotency_keys, 0);  // twice is harmless
}

TEST_P(RetentionJobTest, OrphanPublicUploadsGoAfterADayStaffOrphansAfterThirtyDays) {
    auto& r = w_->r();
    const AttachmentRecord orphan = Public("nobody claimed me");
    const AttachmentRecord claimed = Public("claimed by a report");
    PublicReportService reports(w_->store().shared(), clock(), *r.audit, *w_->hw->hazards);
    NewPublicReport report;
    report.description = "楼道堆放杂物";
    report.attachments = {claimed.id};
    ASSERT_TRUE(reports.Create(report, "203.0.113.5"));
    const AttachmentRecord staff_orphan = Staff("never attached");
    const AttachmentRecord linked = Staff("evidence");
    NewHazard in{r.ent1a, "通道堵塞", "", "general", "evacuation", w_->hw->Tomorrow(), {linked.id}};
    ASSERT_TRUE(w_->hw->hazards->Create(r.inspector, in));
    // A public orphan whose bytes are also a linked staff photo's: its row goes, the shared file stays.
    const AttachmentRecord twin = Public("evidence");
    ASSERT_EQ(twin.sha256, linked.sha256);

    EXPECT_EQ(Run().attachments.rows, 0);
    clock().Advance(kDay - 1);
    EXPECT_EQ(Run().attachments.rows, 0);  // not a day old yet
    EXPECT_TRUE(Exists(orphan));

    clock().Advance(2);
    RetentionReport day = Run();
    EXPECT_EQ(day.attachments.rows, 2);
    EXPECT_EQ(day.attachments.files, 1);
    EXPECT_FALSE(Exists(orphan));
    EXPECT_FALSE(FileOf(orphan));
    EXPECT_FALSE(Exists(twin));
    EXPECT_TRUE(FileOf(linked));
    EXPECT_TRUE(Exists(claimed) && FileOf(claimed));
    EXPECT_TRUE(Exists(staff_orphan) && FileOf(staff_orphan));
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'attachment' AND action = 'purge'"),
              2);

    clock().Advance(30 * kDay);
    RetentionReport month = Run();
    EXPECT_EQ(month.attachments.rows, 1);
    EXPECT_FALSE(Exists(staff_orphan));
    EXPECT_FALSE(FileOf(staff_orphan));
    EXPECT_TRUE(Exists(linked) && FileOf(linked));
    EXPECT_TRUE(Exists(claimed) && FileOf(claimed));
    // A downloadable attachment always has its file.
    EXPECT_TRUE(attachments_->Download(r.town_officer, claimed.id));
    EXPECT_TRUE(attachments_->Download(r.inspector, linked.id));
}

TEST_P(RetentionJobTest, AnUploadOfAPurgedOrphansBytesWritesItsFileAgain) {
    const AttachmentRecord orphan = Public("same bytes");
    clock().Advance(kDay + 1);
    // A new upload of the same bytes after the purge writes its file again.
    EXPECT_EQ(Run().attachments.files, 1);
    const AttachmentRecord again = Staff("same bytes");
    EXPECT_EQ(again.sha256, orphan.sha256);
    EXPECT_TRUE(FileOf(again));
    EXPECT_TRUE(attachments_->Download(w_->r().inspector, again.id));
}

TEST_P(RetentionJobTest, ProcessedRawFramesGoAfterTheirRetentionUnprocessedOnesStay) {
    DeviceInbox inbox(w_->store().shared(), clock());
    job_->KeepDeviceInbox(inbox, 90 * kDay);
    auto message = [](const std::string& key) {
        return InboxMessage{7, "gb26875", key, 1'700'000'000, R"([{"event":"heartbeat","at":1700000000}])", "@@"};
    };
    ASSERT_TRUE(inbox.Append(std::vector<InboxMessage>{message("1@a"), message("2@a"), message("3@a")}));
    // The first two were applied by the processor; the third never was (the processor was down).
    w_->store().Exec("UPDATE device_inbox SET processed_at = ? WHERE dedupe_key IN ('1@a', '2@a')", {clock().Now()});
    clock().Advance(89 * kDay);
    EXPECT_EQ(Run().device_inbox, 0);
    ASSERT_TRUE(inbox.Append(std::vector<InboxMessage>{message("4@a")}));
    w_->store().Exec("UPDATE device_inbox SET processed_at = ? WHERE dedupe_key = '4@a'", {clock().Now()});
    clock().Advance(2 * kDay);  // 91 days after the first three, 2 after the fourth
    const RetentionReport r = Run();
    EXPECT_EQ(r.device_inbox, 2);
    EXPECT_EQ(Count("device_inbox"), 2);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM device_inbox WHERE dedupe_key IN ('3@a', '4@a')"), 2);
    EXPECT_NE(RetentionJob::Summary(r).find("device_inbox=2"), std::string::npos);
    EXPECT_EQ(Run().device_inbox, 0);  // twice is harmless
}

INSTANTIATE_TEST_SUITE_P(Stores, RetentionJobTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
