#include "services/attachment_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/attachment/exif.hpp"
#include "core/attachment/jpeg_builder.hpp"
#include "platform/crypto.hpp"
#include "services/hazard_world.hpp"
#include "services/public_report_service.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
using test::HazardWorld;

std::string Png(const std::string& tail = "pixels") { return std::string("\x89PNG\r\n\x1A\n", 8) + tail; }

class AttachmentServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        Make(30);
    }
    void Make(int public_per_hour) {
        // A data dir that does not exist yet: the service creates it.
        attachments_ =
            std::make_unique<AttachmentService>(w_->store().shared(), w_->r->clock, *w_->r->audit,
                                                AttachmentOptions{.data_dir = (dir_.path() / "var" / "data").string(),
                                                                  .public_uploads_per_hour = public_per_hour});
    }

    AttachmentRecord Upload(const Principal& who, const std::string& bytes = Png(),
                            const std::string& type = "image/png") {
        auto a = attachments_->Upload(who, type, bytes, "192.0.2.10");
        EXPECT_TRUE(a) << (a ? "" : a.error().id + " " + a.error().internal);
        return a ? *a : AttachmentRecord{};
    }
    static std::string ReadAll(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    size_t FilesUnder(const fs::path& root) {
        size_t n = 0;
        std::error_code ec;
        if (!fs::exists(root, ec)) return 0;
        for (const auto& e : fs::recursive_directory_iterator(root)) n += e.is_regular_file();
        return n;
    }
    fs::path Root() const { return dir_.path() / "var" / "data" / "attachments"; }
    bool Sees(const Principal& who, int64_t id) {
        auto file = attachments_->Download(who, id);
        if (!file) {
            EXPECT_EQ(file.error().code, Code::kNotFound) << file.error().internal;
        }
        return file.has_value();
    }

    std::unique_ptr<HazardWorld> w_;
    test::TempDir dir_;
    std::unique_ptr<AttachmentService> attachments_;
};

TEST_P(AttachmentServiceTest, StoresTheFileByHashThenTheRowWithAudit) {
    auto& r = *w_->r;
    const std::string bytes = Png("evidence");
    AttachmentRecord a = Upload(r.inspector, bytes);
    const std::string sha = platform::Sha256Hex(bytes);
    EXPECT_GT(a.id, 0);
    EXPECT_EQ(a.sha256, sha);
    EXPECT_EQ(a.size, static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(a.content_type, "image/png");
    EXPECT_EQ(a.uploader_id, r.inspector.user_id);
    EXPECT_EQ(a.town_id, r.town);  // the inspector's grid lies in the town
    EXPECT_EQ(a.uploader_ip, "192.0.2.10");
    EXPECT_EQ(a.created_at, r.clock.Now());
    const fs::path expected = Root() / sha.substr(0, 2) / sha.substr(2, 2) / sha;
    EXPECT_EQ(attachments_->PathOf(sha), expected.string());
    EXPECT_EQ(ReadAll(expected.string()), bytes);
    EXPECT_EQ(FilesUnder(Root()), 1u);  // no temp file left behind
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM attachments WHERE id = ? AND sha256 = ?", {a.id, sha}), 1);
    EXPECT_EQ(
        w_->store().QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'attachment' AND entity_id = ?", {a.id}),
        1);
    // The uploader's town for each kind of scope; the admin's uploads belong to no town.
    EXPECT_EQ(Upload(r.village_officer).town_id, r.town);
    EXPECT_EQ(Upload(r.enterprise_user).town_id, r.town);
    EXPECT_EQ(Upload(r.other_town_officer).town_id, r.other_town);
    EXPECT_EQ(Upload(r.admin).town_id, 0);
}

TEST_P(AttachmentServiceTest, SameBytesTwiceKeepOneFile) {
    auto& r = *w_->r;
    AttachmentRecord a = Upload(r.inspector);
    AttachmentRecord b = Upload(r.town_officer);
    EXPECT_NE(a.id, b.id);
    EXPECT_EQ(a.sha256, b.sha256);
    EXPECT_EQ(FilesUnder(Root()), 1u);
    Upload(r.inspector, Png("other"));
    EXPECT_EQ(FilesUnder(Root()), 2u);
}

TEST_P(AttachmentServiceTest, RefusesSizeTypeAndContentWritingNothing) {
    auto& r = *w_->r;
    auto expect = [&](const std::string& type, const std::string& bytes, Code code) {
        auto a = attachments_->Upload(r.inspector, type, bytes, "192.0.2.10");
        ASSERT_FALSE(a) << type;
        EXPECT_EQ(a.error().code, code) << type;
    };
    std::string big = Png(std::string(kMaxAttachmentBytes - 7, 'x'));
    ASSERT_EQ(big.size(), kMaxAttachmentBytes + 1);
    expect("image/png", big, Code::kTooLarge);
    expect("image/gif", "GIF89a", Code::kUnsupportedMedia);
    expect("", Png(), Code::kUnsupportedMedia);
    expect("text/html", "<script>alert(1)</script>", Code::kUnsupportedMedia);
    expect("image/png", test::ExifBuilder::PlainJpeg(), Code::kUnsupportedMedia);
    expect("image/jpeg", "<svg onload=alert(1)>", Code::kUnsupportedMedia);
    expect("application/pdf", "", Code::kUnsupportedMedia);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM attachments"), 0);
    EXPECT_EQ(FilesUnder(Root()), 0u);
    // Exactly the limit is accepted.
    big.pop_back();
    EXPECT_EQ(Upload(r.inspector, big).size, static_cast<int64_t>(kMaxAttachmentBytes));
}

TEST_P(AttachmentServiceTest, JpegKeepsExifTimeAndPosition) {
    test::ExifBuilder exif;
    exif.TakenAt("2026:11:29 08:00:00")
        .Position('N', {{30, 1}, {10, 1}, {3000, 100}}, 'E', {{121, 1}, {15, 1}, {36, 1}});
    AttachmentRecord a = Upload(w_->r->inspector, exif.Jpeg(), "image/jpeg");
    EXPECT_EQ(a.taken_at, *ParseRfc3339("2026-11-29T00:00:00Z"));
    ASSERT_TRUE(a.lat && a.lng);
    EXPECT_NEAR(*a.lat, 30.175, 1e-9);
    EXPECT_NEAR(*a.lng, 121.26, 1e-9);
    AttachmentRecord plain = Upload(w_->r->inspector, test::ExifBuilder::PlainJpeg(), "image/jpeg");
    EXPECT_FALSE(plain.taken_at);
    EXPECT_FALSE(plain.lat);
}

TEST_P(AttachmentServiceTest, UnlinkedOnlyItsUploaderThenWhoeverSeesTheHazard) {
    auto& r = *w_->r;
    const std::string bytes = Png("before photo");
    AttachmentRecord a = Upload(r.inspector, bytes);
    auto file = attachments_->Download(r.inspector, a.id);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->bytes, bytes);
    EXPECT_EQ(file->meta.content_type, "image/png");
    EXPECT_FALSE(Sees(r.town_officer, a.id));
    EXPECT_FALSE(Sees(r.admin, a.id));

    NewHazard in{r.ent1a, "通道堵塞", "", "general", "evacuation", w_->Tomorrow(), {a.id}};
    ASSERT_TRUE(w_->hazards->Create(r.inspector, in));
    for (const Principal* who : {&r.inspector, &r.town_officer, &r.village_officer, &r.enterprise_user, &r.admin}) {
        EXPECT_TRUE(Sees(*who, a.id)) << who->username;
    }
    for (const Principal* who :
         {&r.other_inspector, &r.other_town_officer, &r.other_village_officer, &r.other_enterprise_user}) {
        EXPECT_FALSE(Sees(*who, a.id)) << who->username;
    }
    EXPECT_FALSE(Sees(r.admin, 999999));
}

TEST_P(AttachmentServiceTest, InspectionEvidenceFollowsTheInspection) {
    auto& r = *w_->r;
    AttachmentRecord a = Upload(r.other_village_officer);
    w_->store().Exec(
        "INSERT INTO inspections (town_id, village_id, grid_id, enterprise_id, checklist_id, at, created_at) "
        "VALUES (?, ?, ?, ?, 'fire', 1, 1)",
        {r.town, r.village2, r.grid2a, r.ent2a});
    const int64_t inspection = w_->store().QueryInt("SELECT MAX(id) FROM inspections");
    w_->store().Exec(
        "INSERT INTO attachment_links (attachment_id, town_id, entity, entity_id) VALUES "
        "(?, ?, 'inspection', ?)",
        {a.id, r.town, inspection});
    EXPECT_TRUE(Sees(r.other_village_officer, a.id));
    EXPECT_TRUE(Sees(r.town_officer, a.id));
    EXPECT_FALSE(Sees(r.village_officer, a.id));
    EXPECT_FALSE(Sees(r.inspector, a.id));
}

TEST_P(AttachmentServiceTest, PublicUploadsAreAnonymousAndRateLimitedPerAddress) {
    Make(3);
    auto a = attachments_->UploadPublic("image/png", Png(), "203.0.113.5");
    ASSERT_TRUE(a) << a.error().id;
    EXPECT_FALSE(a->uploader_id);
    EXPECT_EQ(a->town_id, 0);
    EXPECT_EQ(a->uploader_ip, "203.0.113.5");
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM attachments WHERE uploader_id IS NULL"), 1);
    // Refused attempts count too.
    EXPECT_EQ(attachments_->UploadPublic("text/html", "<p>", "203.0.113.5").error().code, Code::kUnsupportedMedia);
    EXPECT_TRUE(attachments_->UploadPublic("image/png", Png("2"), "203.0.113.5"));
    EXPECT_EQ(attachments_->PublicRetryAfter("203.0.113.5"), 3600);
    auto limited = attachments_->UploadPublic("image/png", Png("3"), "203.0.113.5");
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_TRUE(attachments_->UploadPublic("image/png", Png("4"), "203.0.113.6"));
    w_->r->clock.Advance(3600);
    EXPECT_TRUE(attachments_->UploadPublic("image/png", Png("5"), "203.0.113.5"));
    // Nobody downloads an unclaimed public upload, not even the admin.
    EXPECT_FALSE(Sees(w_->r->admin, a->id));
}

TEST_P(AttachmentServiceTest, PublicPhotoOfAReportIsSeenByTheTownStaff) {
    auto& r = *w_->r;
    PublicReportService reports(w_->store().shared(), r.clock, *r.audit, *w_->hazards);
    auto a = attachments_->UploadPublic("image/png", Png("citizen"), "203.0.113.5");
    ASSERT_TRUE(a);
    NewPublicReport report;
    report.description = "楼道堆满纸箱";
    report.attachments = {a->id};
    ASSERT_TRUE(reports.Create(report, "203.0.113.5"));
    EXPECT_TRUE(Sees(r.town_officer, a->id));
    EXPECT_FALSE(Sees(r.village_officer, a->id));
    EXPECT_FALSE(Sees(r.other_town_officer, a->id));
}

TEST_P(AttachmentServiceTest, AFailedFileWriteWritesNoRow) {
    auto& r = *w_->r;
    // A data dir below a regular file: mkdir fails whoever runs the test (root included).
    const fs::path blocker = dir_.path() / "not-a-dir";
    std::ofstream(blocker) << "x";
    attachments_ = std::make_unique<AttachmentService>(w_->store().shared(), r.clock, *r.audit,
                                                       AttachmentOptions{.data_dir = (blocker / "data").string()});
    auto a = attachments_->Upload(r.inspector, "image/png", Png(), "192.0.2.10");
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, Code::kInternal);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM attachments"), 0);
    EXPECT_EQ(r.AuditCount("attachment"), 0);
}

TEST_P(AttachmentServiceTest, AFailedRowTakesBackItsOwnFileButNotASharedOne) {
    auto& r = *w_->r;
    const std::string first = Png("aaaa");
    AttachmentRecord kept = Upload(r.inspector, first);
    // From now on a second row of the same size cannot be inserted (the row fails after the file).
    w_->store().Exec("CREATE UNIQUE INDEX attachments_one_per_size ON attachments (size)");
    auto fresh = attachments_->Upload(r.inspector, "image/png", Png("bbbb"), "192.0.2.10");
    ASSERT_FALSE(fresh);
    EXPECT_FALSE(fs::exists(attachments_->PathOf(platform::Sha256Hex(Png("bbbb")))));  // no orphan file
    // The same bytes again: the file was there before and a row names it, so it stays.
    auto twin = attachments_->Upload(r.town_officer, "image/png", first, "192.0.2.10");
    ASSERT_FALSE(twin);
    EXPECT_EQ(ReadAll(attachments_->PathOf(kept.sha256)), first);
    EXPECT_EQ(FilesUnder(Root()), 1u);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM attachments"), 1);
}

// The reporter's metadata is for staff: the enterprise the report is about never gets it.
TEST_P(AttachmentServiceTest, EnterpriseNeverReceivesTheCitizensPhotoMetadata) {
    auto& r = *w_->r;
    test::ExifBuilder exif;
    exif.TakenAt("2026:11:29 08:00:00")
        .Position('N', {{30, 1}, {10, 1}, {3000, 100}}, 'E', {{121, 1}, {15, 1}, {36, 1}});
    const std::string photo = exif.Jpeg();
    ASSERT_TRUE(attachment::ReadJpegMetadata(photo).lat);
    auto upload = attachments_->UploadPublic("image/jpeg", photo, "203.0.113.5");
    ASSERT_TRUE(upload);
    PublicReportService reports(w_->store().shared(), r.clock, *r.audit, *w_->hazards);
    NewPublicReport report;
    report.description = "仓库门口堆放易燃物";
    report.contact = "13800000000";
    report.attachments = {upload->id};
    auto created = reports.Create(report, "203.0.113.5");
    ASSERT_TRUE(created);
    ActionInput assign{"assign"};
    assign.enterprise_id = r.ent1a;
    ASSERT_TRUE(w_->hazards->Act(r.town_officer, created->hazard_id, assign, {}, std::nullopt));

    auto staff = attachments_->Download(r.town_officer, upload->id);
    ASSERT_TRUE(staff);
    EXPECT_FALSE(staff->redacted);
    EXPECT_EQ(staff->bytes, photo);
    EXPECT_TRUE(staff->meta.taken_at && staff->meta.lat && staff->meta.lng);
    EXPECT_EQ(staff->meta.uploader_ip, "203.0.113.5");

    auto enterprise = attachments_->Download(r.enterprise_user, upload->id);
    ASSERT_TRUE(enterprise);
    EXPECT_TRUE(enterprise->redacted);
    EXPECT_FALSE(enterprise->meta.taken_at);
    EXPECT_FALSE(enterprise->meta.lat);
    EXPECT_FALSE(enterprise->meta.lng);
    EXPECT_EQ(enterprise->meta.uploader_ip, "");
    const attachment::PhotoMetadata in_file = attachment::ReadJpegMetadata(enterprise->bytes);
    EXPECT_FALSE(in_file.taken_at);
    EXPECT_FALSE(in_file.lat);
    EXPECT_EQ(enterprise->bytes.find("Exif"), std::string::npos);
    EXPECT_EQ(enterprise->bytes.substr(0, 2), "\xFF\xD8");
    EXPECT_EQ(enterprise->bytes.substr(enterprise->bytes.size() - 2), "\xFF\xD9");

    // A staff photo keeps its metadata for the enterprise too: it is not a reporter's.
    AttachmentRecord inspector_photo = Upload(r.inspector, photo, "image/jpeg");
    NewHazard in{r.ent1a, "通道堵塞", "", "general", "evacuation", w_->Tomorrow(), {inspector_photo.id}};
    ASSERT_TRUE(w_->hazards->Create(r.inspector, in));
    auto own = attachments_->Download(r.enterprise_user, inspector_photo.id);
    ASSERT_TRUE(own);
    EXPECT_FALSE(own->redacted);
    EXPECT_TRUE(own->meta.lat);
}

TEST(StripJpegMetadata, DropsExifXmpIptcAndCommentsKeepsTheImage) {
    test::ExifBuilder exif;
    exif.TakenAt("2026:11:29 08:00:00").Position('N', {{30, 1}, {0, 1}, {0, 1}}, 'E', {{121, 1}, {0, 1}, {0, 1}});
    const std::string stripped = StripJpegMetadata(exif.Jpeg());
    EXPECT_FALSE(attachment::ReadJpegMetadata(stripped).taken_at);
    const std::string plain = test::ExifBuilder::PlainJpeg();
    EXPECT_EQ(StripJpegMetadata(plain), plain);
    // A comment segment (COM) goes, what follows stays.
    std::string with_comment = plain.substr(0, 2) + std::string("\xFF\xFE\x00\x07home!", 9) + plain.substr(2);
    EXPECT_EQ(StripJpegMetadata(with_comment), plain);
    EXPECT_EQ(StripJpegMetadata("not a jpeg"), "not a jpeg");
    // A segment whose length runs past the end: nothing after it is kept.
    EXPECT_EQ(StripJpegMetadata(std::string("\xFF\xD8\xFF\xE1\x7F\xFF"
                                            "Exif",
                                            10)),
              std::string("\xFF\xD8", 2));
}

INSTANTIATE_TEST_SUITE_P(Stores, AttachmentServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
