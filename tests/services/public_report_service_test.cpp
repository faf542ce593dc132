#include "services/public_report_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "services/attachment_service.hpp"
#include "services/hazard_world.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::services {
namespace {

using test::HazardWorld;

constexpr const char* kIp = "203.0.113.5";

class PublicReportServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        Make({});
        attachments_ = std::make_unique<AttachmentService>(w_->store().shared(), w_->r->clock, *w_->r->audit,
                                                           AttachmentOptions{.data_dir = dir_.path().string()});
    }
    void Make(PublicReportOptions options) {
        reports_ = std::make_unique<PublicReportService>(w_->store().shared(), w_->r->clock, *w_->r->audit,
                                                         *w_->hazards, options);
    }

    static NewPublicReport Report(const std::string& description = "厂房后门消防通道被货车堵住") {
        NewPublicReport r;
        r.description = description;
        r.address = "匡堰镇高家村 18 号";
        r.lat = 30.175;
        r.lng = 121.26;
        r.contact = "13800000000";
        return r;
    }
    PublicReportCreated Create(const NewPublicReport& r = Report(), const std::string& ip = "203.0.113.5") {
        auto created = reports_->Create(r, ip);
        EXPECT_TRUE(created) << (created ? "" : created.error().id + " " + created.error().internal);
        return created ? *created : PublicReportCreated{};
    }
    int64_t PublicUpload(const std::string& tail) {
        auto a = attachments_->UploadPublic("image/png", std::string("\x89PNG\r\n\x1A\n", 8) + tail, "203.0.113.5");
        EXPECT_TRUE(a);
        return a ? a->id : 0;
    }
    static void ExpectInvalid(const Result<PublicReportCreated>& r, const std::string& field) {
        ASSERT_FALSE(r) << field;
        EXPECT_EQ(r.error().code, Code::kValidation) << r.error().id;
        EXPECT_TRUE(r.error().fields.count(field)) << field;
    }

    std::unique_ptr<HazardWorld> w_;
    test::TempDir dir_;
    std::unique_ptr<AttachmentService> attachments_;
    std::unique_ptr<PublicReportService> reports_;
};

TEST_P(PublicReportServiceTest, BecomesAReportedTownLevelHazardSeenByTownStaffOnly) {
    auto& r = *w_->r;
    PublicReportCreated created = Create();
    EXPECT_EQ(created.tracking_code.size(), kTrackingCodeLength);
    auto h = w_->hazards->Get(r.town_officer, created.hazard_id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->hazard.status, HazardStatus::kReported);
    EXPECT_EQ(h->hazard.source, "public");
    EXPECT_EQ(h->hazard.path.town_id, r.town);  // the first town of the store
    EXPECT_FALSE(h->hazard.path.village_id);
    EXPECT_FALSE(h->hazard.enterprise_id);
    EXPECT_FALSE(h->hazard.reporter_id);
    EXPECT_EQ(h->hazard.title, "厂房后门消防通道被货车堵住");
    EXPECT_EQ(h->hazard.description, "厂房后门消防通道被货车堵住");
    EXPECT_EQ(h->hazard.address, "匡堰镇高家村 18 号");
    EXPECT_DOUBLE_EQ(*h->hazard.lat, 30.175);
    ASSERT_EQ(h->history.size(), 1u);
    EXPECT_EQ(h->history[0].action, "create");
    EXPECT_FALSE(h->history[0].actor_id);
    EXPECT_TRUE(w_->hazards->Get(r.admin, created.hazard_id));
    for (const Principal* who : {&r.village_officer, &r.inspector, &r.enterprise_user, &r.other_town_officer}) {
        EXPECT_FALSE(w_->hazards->Get(*who, created.hazard_id)) << who->username;
    }
    HazardFilter reported;
    reported.status = "reported";
    auto page = w_->hazards->List(r.town_officer, reported);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 1);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM public_reports WHERE tracking_code = ? AND hazard_id = ? "
                                   "AND contact = '13800000000' AND client_ip = '203.0.113.5' AND town_id = ?",
                                   {created.tracking_code, created.hazard_id, r.town}),
              1);
    EXPECT_EQ(r.AuditCount("public_report"), 1);
}

TEST_P(PublicReportServiceTest, LongDescriptionsMakeAShortTitle) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += "堵";
    auto created = Create(Report(text + "\n第二行"));
    auto h = w_->hazards->Get(w_->r->admin, created.hazard_id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->hazard.title, std::string(text, 0, 50 * 3) + "…");
    EXPECT_EQ(h->hazard.description, text + "\n第二行");
}

TEST_P(PublicReportServiceTest, ValidatesEveryFieldAndWritesNothing) {
    auto with = [](auto change) {
        NewPublicReport r = Report();
        change(r);
        return r;
    };
    ExpectInvalid(reports_->Create(with([](auto& r) { r.description = "  "; }), "a"), "description");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.description = std::string(2001, 'x'); }), "b"), "description");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.description = "a\x01"; }), "c"), "description");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.address = std::string(201, 'x'); }), "d"), "address");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.contact = std::string(101, '1'); }), "e"), "contact");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.lat = 91; }), "f"), "lat");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.lng = -180.5; }), "g"), "lng");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.lat.reset(); }), "h"), "lat");
    ExpectInvalid(reports_->Create(with([](auto& r) { r.attachments = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; }), "i"),
                  "attachments");
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM public_reports"), 0);
    // The boundaries themselves are fine.
    Create(with([](auto& r) {
        r.description = std::string(2000, 'x');
        r.address = std::string(200, 'x');
        r.contact = std::string(100, '1');
        r.lat = -90;
        r.lng = 180;
    }));
}

TEST_P(PublicReportServiceTest, ClaimsUnusedPublicUploadsOnly) {
    auto& r = *w_->r;
    const int64_t photo = PublicUpload("one");
    NewPublicReport in = Report();
    in.attachments = {photo, photo};
    PublicReportCreated created = Create(in);
    auto h = w_->hazards->Get(r.town_officer, created.hazard_id);
    ASSERT_TRUE(h);
    ASSERT_EQ(h->attachments.size(), 1u);
    EXPECT_EQ(h->attachments[0].attachment_id, photo);
    EXPECT_EQ(h->attachments[0].role, "before");
    EXPECT_EQ(h->history[0].attachments, (std::vector<int64_t>{photo}));
    EXPECT_EQ(w_->store().QueryInt("SELECT town_id FROM attachments WHERE id = ?", {photo}), r.town);

    // Used already, a staff upload, a missing id, a silly id: 422 and nothing written.
    auto staff = attachments_->Upload(r.inspector, "image/png", std::string("\x89PNG\r\n\x1A\nx", 9), "");
    ASSERT_TRUE(staff);
    const int64_t fresh = PublicUpload("two");
    for (const std::vector<int64_t>& ids :
         std::vector<std::vector<int64_t>>{{photo}, {staff->id}, {fresh, 999999}, {0}, {-5}}) {
        in.attachments = ids;
        ExpectInvalid(reports_->Create(in, "203.0.113." + std::to_string(ids.size())), "attachments");
    }
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards"), 1);
    EXPECT_EQ(w_->store().QueryInt("SELECT town_id FROM attachments WHERE id = ?", {fresh}), 0);  // rolled back
}

TEST_P(PublicReportServiceTest, RateLimitedPerAddressForAnHour) {
    Make({.reports_per_hour = 2});
    Create(Report(), "198.51.100.1");
    ExpectInvalid(reports_->Create(Report(""), "198.51.100.1"), "description");  // counts too
    auto limited = reports_->Create(Report(), "198.51.100.1");
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_EQ(reports_->RetryAfter("198.51.100.1"), 3600);
    EXPECT_EQ(reports_->RetryAfter("198.51.100.2"), 0);
    Create(Report(), "198.51.100.2");
    w_->r->clock.Advance(3600);
    Create(Report(), "198.51.100.1");
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM public_reports"), 3);
}

TEST_P(PublicReportServiceTest, RateLimitKeysIpv6ByItsSlash64) {
    Make({.reports_per_hour = 2});
    Create(Report(), "2001:db8:7:7::1");
    Create(Report(), "2001:db8:7:7::2");
    auto limited = reports_->Create(Report(), "2001:db8:7:7:abcd::3");  // same /64, other address
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_GT(reports_->RetryAfter("2001:db8:7:7::99"), 0);
    Create(Report(), "2001:db8:7:8::1");  // the next /64 is another subscriber
}

TEST_P(PublicReportServiceTest, StatusFollowsTheHazardThroughAssignAndConfirm) {
    auto& r = *w_->r;
    PublicReportCreated created = Create();
    auto status = reports_->Status(created.tracking_code, kIp);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->status, HazardStatus::kReported);
    EXPECT_EQ(status->updated_at, r.clock.Now());

    r.clock.Advance(600);
    ActionInput assign{"assign"};
    assign.enterprise_id = r.ent1a;
    ASSERT_TRUE(w_->hazards->Act(r.town_officer, created.hazard_id, assign, {}, std::nullopt));
    status = reports_->Status(created.tracking_code, kIp);
    EXPECT_EQ(status->status, HazardStatus::kReported);
    EXPECT_EQ(status->updated_at, r.clock.Now());
    // Assigned: now the enterprise's grid sees it, and may confirm it.
    ASSERT_TRUE(w_->Act(r.inspector, created.hazard_id, "confirm", std::nullopt, w_->Tomorrow()));
    EXPECT_EQ(reports_->Status(created.tracking_code, kIp)->status, HazardStatus::kRectifying);

    std::string lower = created.tracking_code;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(reports_->Status(" " + lower + " ", kIp));
    for (const std::string& bad : {std::string("ABCDEFGHJK"), std::string(""), std::string("0OIL1ABCDE"),
                                   created.tracking_code + "2", std::string("'; DROP TABLE hazards; --")}) {
        auto missing = reports_->Status(bad, kIp);
        ASSERT_FALSE(missing) << bad;
        EXPECT_EQ(missing.error().code, Code::kNotFound);
    }
}

TEST_P(PublicReportServiceTest, TrackingCodeLookUpsAreLimitedPerAddress) {
    Make({.lookups_per_hour = 3});
    PublicReportCreated created = Create();
    // Found or not, every look-up counts: guessing is what the limit is for.
    EXPECT_TRUE(reports_->Status(created.tracking_code, kIp));
    EXPECT_FALSE(reports_->Status("ABCDEFGHJK", kIp));
    EXPECT_TRUE(reports_->Status(created.tracking_code, kIp));
    auto limited = reports_->Status(created.tracking_code, kIp);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_EQ(reports_->LookupRetryAfter(kIp), 3600);
    EXPECT_TRUE(reports_->Status(created.tracking_code, "198.51.100.7"));  // another address
    w_->r->clock.Advance(3600);
    EXPECT_TRUE(reports_->Status(created.tracking_code, kIp));
}

TEST_P(PublicReportServiceTest, TheConfiguredTownReceivesReports) {
    auto& r = *w_->r;
    Make({.town_id = r.other_town});
    PublicReportCreated created = Create();
    EXPECT_TRUE(w_->hazards->Get(r.other_town_officer, created.hazard_id));
    EXPECT_FALSE(w_->hazards->Get(r.town_officer, created.hazard_id));
    Make({.town_id = r.village1});  // not a town: the server is misconfigured
    auto refused = reports_->Create(Report(), "203.0.113.9");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Code::kUnavailable);
}

TEST_P(PublicReportServiceTest, StaffReadWhatTheCitizenWroteAndTheEnterpriseNeverTheContact) {
    auto& r = *w_->r;
    r.clock.Advance(120);
    const UnixSeconds reported_at = r.clock.Now();
    PublicReportCreated created = Create();
    auto seen = w_->hazards->Get(r.town_officer, created.hazard_id);
    ASSERT_TRUE(seen);
    ASSERT_TRUE(seen->report);
    EXPECT_EQ(seen->report->address, "匡堰镇高家村 18 号");
    EXPECT_DOUBLE_EQ(*seen->report->lat, 30.175);
    EXPECT_DOUBLE_EQ(*seen->report->lng, 121.26);
    EXPECT_EQ(seen->report->contact, std::optional<std::string>("13800000000"));
    EXPECT_EQ(seen->report->reported_at, reported_at);
    EXPECT_EQ(w_->hazards->Get(r.admin, created.hazard_id)->report->contact, "13800000000");

    // Assigned to ent1a: its grid's staff read the contact; the enterprise reads the hazard, not who reported it.
    r.clock.Advance(60);
    ActionInput assign{"assign"};
    assign.enterprise_id = r.ent1a;
    auto assigned = w_->hazards->Act(r.town_officer, created.hazard_id, assign, {}, std::nullopt);
    ASSERT_TRUE(assigned);
    EXPECT_EQ(assigned->report->contact, "13800000000");
    for (const Principal* staff : {&r.village_officer, &r.inspector}) {
        auto h = w_->hazards->Get(*staff, created.hazard_id);
        ASSERT_TRUE(h) << staff->username;
        ASSERT_TRUE(h->report) << staff->username;
        EXPECT_EQ(h->report->contact, "13800000000") << staff->username;
    }
    auto by_enterprise = w_->hazards->Get(r.enterprise_user, created.hazard_id);
    ASSERT_TRUE(by_enterprise);
    ASSERT_TRUE(by_enterprise->report);
    EXPECT_EQ(by_enterprise->report->address, "匡堰镇高家村 18 号");
    EXPECT_FALSE(by_enterprise->report->contact);
    // Whatever the enterprise does, the answer it gets carries no contact either.
    ASSERT_TRUE(w_->Act(r.inspector, created.hazard_id, "confirm", std::nullopt, w_->Tomorrow()));
    auto submitted = w_->Act(r.enterprise_user, created.hazard_id, "submit", "已清理");
    ASSERT_TRUE(submitted);
    ASSERT_TRUE(submitted->report);
    EXPECT_FALSE(submitted->report->contact);

    // A hazard that is not a citizen's report has no report.
    const int64_t own = w_->Create(r.inspector, r.ent1a);
    EXPECT_FALSE(w_->hazards->Get(r.town_officer, own)->report);
}

TEST_P(PublicReportServiceTest, ReplyCarriesTheRejectionReason) {
    auto& r = *w_->r;
    PublicReportCreated created = Create();
    auto reply = reports_->Reply(created.tracking_code, kIp);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, HazardStatus::kReported);
    EXPECT_FALSE(reply->reason);
    r.clock.Advance(600);
    ASSERT_TRUE(w_->Act(r.town_officer, created.hazard_id, "reject", "经现场核实，通道已畅通"));
    reply = reports_->Reply(" " + created.tracking_code + " ", kIp);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, HazardStatus::kRejected);
    EXPECT_EQ(reply->reason, "经现场核实，通道已畅通");
    EXPECT_EQ(reply->updated_at, r.clock.Now());
}

TEST_P(PublicReportServiceTest, ReplyCarriesTheClosingCommentAndNothingInBetween) {
    auto& r = *w_->r;
    PublicReportCreated created = Create();
    ActionInput assign{"assign"};
    assign.enterprise_id = r.ent1a;
    ASSERT_TRUE(w_->hazards->Act(r.town_officer, created.hazard_id, assign, {}, std::nullopt));
    ASSERT_TRUE(w_->Act(r.inspector, created.hazard_id, "confirm", "内部：请企业三日内整改", w_->Tomorrow()));
    auto reply = reports_->Reply(created.tracking_code, kIp);
    EXPECT_EQ(reply->status, HazardStatus::kRectifying);
    EXPECT_FALSE(reply->reason);  // the confirm's comment is for the enterprise, not the reporter
    ASSERT_TRUE(w_->Act(r.enterprise_user, created.hazard_id, "submit", "企业：已清理"));
    reply = reports_->Reply(created.tracking_code, kIp);
    EXPECT_EQ(reply->status, HazardStatus::kSubmitted);
    EXPECT_FALSE(reply->reason);
    ASSERT_TRUE(w_->Act(r.inspector, created.hazard_id, "approve", "已复查，消防通道已清理"));
    reply = reports_->Reply(created.tracking_code, kIp);
    EXPECT_EQ(reply->status, HazardStatus::kClosed);
    EXPECT_EQ(reply->reason, "已复查，消防通道已清理");

    // Closed without a word: no reason rather than someone else's comment.
    PublicReportCreated quiet = Create(Report("另一处隐患"));
    ASSERT_TRUE(w_->hazards->Act(r.town_officer, quiet.hazard_id, assign, {}, std::nullopt));
    ASSERT_TRUE(w_->Act(r.inspector, quiet.hazard_id, "confirm", "内部说明", w_->Tomorrow()));
    ASSERT_TRUE(w_->Act(r.enterprise_user, quiet.hazard_id, "submit", "企业说明"));
    ASSERT_TRUE(w_->Act(r.inspector, quiet.hazard_id, "approve"));
    reply = reports_->Reply(quiet.tracking_code, kIp);
    EXPECT_EQ(reply->status, HazardStatus::kClosed);
    EXPECT_FALSE(reply->reason);
}

TEST_P(PublicReportServiceTest, ReplyLookUpsShareTheStatusLimitAndItsNotFound) {
    Make({.lookups_per_hour = 4});
    PublicReportCreated created = Create();
    EXPECT_TRUE(reports_->Status(created.tracking_code, kIp));
    EXPECT_TRUE(reports_->Reply(created.tracking_code, kIp));
    for (const std::string& bad : {std::string("ABCDEFGHJK"), std::string("'; DROP TABLE hazards; --")}) {
        auto missing = reports_->Reply(bad, kIp);
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, Code::kNotFound);
    }
    // Four look-ups on one counter, whichever endpoint: the fifth is refused by both.
    auto limited = reports_->Reply(created.tracking_code, kIp);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_FALSE(reports_->Status(created.tracking_code, kIp));
    EXPECT_GT(reports_->LookupRetryAfter(kIp), 0);
    EXPECT_TRUE(reports_->Reply(created.tracking_code, "198.51.100.7"));
}

TEST(TrackingCode, ShortUnambiguousAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 5000; ++i) {
        std::string code = NewTrackingCode();
        ASSERT_EQ(code.size(), kTrackingCodeLength);
        for (char c : code) ASSERT_NE(std::string_view("23456789ABCDEFGHJKMNPQRSTUVWXYZ").find(c), std::string::npos);
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 5000u);
}

INSTANTIATE_TEST_SUITE_P(Stores, PublicReportServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
