#include "http/handlers/attachments.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "core/attachment/jpeg_builder.hpp"
#include "http/handlers/evidence_http.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace safegrid::http {
namespace {

class AttachmentsHttp : public test::EvidenceHttp {
  protected:
    std::string Due() { return FormatRfc3339(w_->clock.Now() + 86400); }
    int64_t CreateHazard(const std::string& who, int64_t attachment) {
        auto reply = Post("/api/v1/hazards", who,
                          R"({"enterprise_id":)" + Id(w_->ent1a) +
                              R"(,"title":"灭火器过期","severity":"general","category":"evacuation","due_at":")" +
                              Due() + R"(","attachments":[)" + Id(attachment) + "]}");
        EXPECT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
        return reply.status == 201 ? reply.Int("id") : 0;
    }
};

TEST_P(AttachmentsHttp, UploadAnswers201WithHashSizeAndExif) {
    test::ExifBuilder exif;
    exif.TakenAt("2026:11:29 19:31:14")
        .Position('N', {{30, 1}, {10, 1}, {3000, 100}}, 'E', {{121, 1}, {15, 1}, {36, 1}});
    const std::string jpeg = exif.Jpeg();
    auto reply = Upload("inspector", jpeg, "image/jpeg");
    ASSERT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
    EXPECT_GT(reply.Int("id"), 0);
    EXPECT_EQ(reply.body.at("sha256").as_string().size(), 64u);
    EXPECT_EQ(reply.Int("size"), static_cast<int64_t>(jpeg.size()));
    EXPECT_EQ(reply.body.at("content_type"), "image/jpeg");
    EXPECT_EQ(reply.body.at("taken_at"), "2026-11-29T11:31:14Z");
    EXPECT_NEAR(reply.body.at("lat").as_double(), 30.175, 1e-9);
    EXPECT_NEAR(reply.body.at("lng").as_double(), 121.26, 1e-9);
    auto png = Upload("inspector", Png(), "image/png; charset=binary");
    ASSERT_EQ(png.status, 201);
    EXPECT_TRUE(png.body.at("taken_at").is_null());
}

TEST_P(AttachmentsHttp, RefusalsAnswerTheContractCodes) {
    EXPECT_EQ(Reply(Send(Method::kPost, "/api/v1/attachments", "", Png(), "image/png")).status, 401);
    auto gif = Upload("inspector", "GIF89a....", "image/gif");
    EXPECT_EQ(gif.status, 415);
    EXPECT_EQ(gif.Code(), "unsupported_media_type");
    EXPECT_EQ(Upload("inspector", Png(), "").status, 415);
    EXPECT_EQ(Upload("inspector", Png(), "application/json").status, 415);
    EXPECT_EQ(Upload("inspector", "<html><script>alert(1)</script></html>", "image/png").status, 415);
    EXPECT_EQ(Upload("inspector", Png(), "application/pdf").status, 415);
    EXPECT_EQ(Upload("inspector", "", "image/jpeg").status, 415);
    auto big = Upload("inspector", Png(std::string(services::kMaxAttachmentBytes - 7, 'x')), "image/png");
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(big.Code(), "payload_too_large");
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM attachments"), 0);
}

TEST_P(AttachmentsHttp, DownloadOnlyToThoseWhoSeeTheHazard) {
    const std::string bytes = Png("before");
    const int64_t id = Upload("inspector", bytes).Int("id");
    const std::string target = "/api/v1/attachments/" + Id(id);
    // Unlinked: only the uploader.
    EXPECT_EQ(Send(Method::kGet, target, "inspector").status, 200);
    EXPECT_EQ(Send(Method::kGet, target, "town").status, 404);

    const int64_t hazard = CreateHazard("inspector", id);
    Response ok = Send(Method::kGet, target, "town");
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(ok.content_type, "image/png");
    EXPECT_EQ(ok.body, bytes);
    EXPECT_EQ(Header(ok, "X-Content-Type-Options"), "nosniff");
    for (const char* who : {"admin", "village", "inspector", "enterprise"}) {
        EXPECT_EQ(Send(Method::kGet, target, who).status, 200) << who;
    }
    for (const char* who : {"other_town", "other_village", "other_inspector", "other_enterprise"}) {
        auto denied = Reply(Send(Method::kGet, target, who));
        EXPECT_EQ(denied.status, 404) << who;
        EXPECT_EQ(denied.Code(), "not_found");
    }
    EXPECT_EQ(Send(Method::kGet, target, "").status, 401);
    for (const char* bad :
         {"/api/v1/attachments/999999", "/api/v1/attachments/abc", "/api/v1/attachments/0", "/api/v1/attachments/-1"}) {
        EXPECT_EQ(Send(Method::kGet, bad, "admin").status, 404) << bad;
    }
    EXPECT_EQ(Send(Method::kHead, target, "town").status, 200);

    // The hazard page shows the before and after photos of each step.
    const int64_t after = Upload("enterprise", Png("after")).Int("id");
    auto submitted = Post("/api/v1/hazards/" + Id(hazard) + "/actions", "enterprise",
                          R"({"action":"submit","attachments":[)" + Id(after) + "]}");
    ASSERT_EQ(submitted.status, 200) << boost::json::serialize(submitted.body);
    auto page = Get("/api/v1/hazards/" + Id(hazard), "town");
    EXPECT_EQ(page.body.at("history").at(0).at("attachments"), boost::json::value(boost::json::array{id}));
    EXPECT_EQ(page.body.at("history").at(1).at("attachments"), boost::json::value(boost::json::array{after}));
    EXPECT_EQ(page.body.at("attachments"), boost::json::parse(R"([{"id":)" + Id(id) + R"(,"role":"before"},{"id":)" +
                                                              Id(after) + R"(,"role":"after"}])"));
    EXPECT_EQ(Send(Method::kGet, "/api/v1/attachments/" + Id(after), "village").status, 200);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/attachments/" + Id(after), "other_enterprise").status, 404);
}

TEST_P(AttachmentsHttp, MetaAnswersTheExifTimeAndPlaceToThoseWhoSeeTheFile) {
    test::ExifBuilder exif;
    exif.TakenAt("2026:12:05 14:03:27")
        .Position('N', {{30, 1}, {10, 1}, {3000, 100}}, 'E', {{121, 1}, {15, 1}, {36, 1}});
    const int64_t id = Upload("inspector", exif.Jpeg(), "image/jpeg").Int("id");
    const std::string target = "/api/v1/attachments/" + Id(id) + "/meta";
    EXPECT_EQ(Send(Method::kGet, target, "town").status, 404);  // not yet attached: only the uploader
    CreateHazard("inspector", id);
    auto meta = Get(target, "town");
    ASSERT_EQ(meta.status, 200) << boost::json::serialize(meta.body);
    EXPECT_EQ(meta.Int("id"), id);
    EXPECT_EQ(meta.body.at("taken_at"), "2026-12-05T06:03:27Z");
    EXPECT_NEAR(meta.body.at("lat").as_double(), 30.175, 1e-9);
    EXPECT_NEAR(meta.body.at("lng").as_double(), 121.26, 1e-9);
    EXPECT_EQ(Send(Method::kGet, target, "other_town").status, 404);
    EXPECT_EQ(Send(Method::kGet, target, "").status, 401);
    const int64_t png = Upload("inspector", Png("no exif")).Int("id");
    EXPECT_TRUE(Get("/api/v1/attachments/" + Id(png) + "/meta", "inspector").body.at("taken_at").is_null());
}

TEST_P(AttachmentsHttp, PublicUploadsAreRateLimitedPerClientAddress) {
    for (int i = 0; i < 30; ++i) {
        auto ok = Upload("", Png(std::to_string(i)), "image/png", "203.0.113.7");
        ASSERT_EQ(ok.status, 201) << i;
    }
    Response limited = Send(Method::kPost, "/api/v1/public/attachments", "", Png("x"), "image/png", "203.0.113.7");
    ASSERT_EQ(limited.status, 429);
    auto body = Reply(limited);
    EXPECT_EQ(body.Code(), "rate_limited");
    EXPECT_EQ(body.body.at("error").at("retry_after"), 3600);
    EXPECT_EQ(Header(limited, "Retry-After"), "3600");
    EXPECT_EQ(Upload("", Png("y"), "image/png", "203.0.113.8").status, 201);
    // A public upload is nobody's to download until a report claims it.
    const int64_t id = Upload("", Png("z"), "image/png", "203.0.113.9").Int("id");
    EXPECT_EQ(Send(Method::kGet, "/api/v1/attachments/" + Id(id), "admin").status, 404);
}

TEST_P(AttachmentsHttp, IdempotencyKeyReplaysPerClientAddressWithoutLogin) {
    const std::map<std::string, std::string> key{{"idempotency-key", "photo-1"}};
    auto first = Upload("", Png("retry"), "image/png", "203.0.113.20", key);
    ASSERT_EQ(first.status, 201);
    Response again =
        Send(Method::kPost, "/api/v1/public/attachments", "", Png("retry"), "image/png", "203.0.113.20", key);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
    EXPECT_EQ(Reply(again).Int("id"), first.Int("id"));
    // Another address with the same key is another caller.
    auto other = Upload("", Png("retry"), "image/png", "203.0.113.21", key);
    EXPECT_NE(other.Int("id"), first.Int("id"));
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM attachments"), 2);
}

TEST_P(AttachmentsHttp, TheServerReadsUpToTenMebibytesOnBothUploadRoutes) {
    Server server(router_, hooks_, ServerOptions{.port = 0, .worker_threads = 2});
    auto port = server.Start();
    ASSERT_TRUE(port);
    safegrid::testing::HttpClient client("127.0.0.1", *port);
    const std::string limit = Png(std::string(services::kMaxAttachmentBytes - 8, 'x'));
    ASSERT_EQ(limit.size(), services::kMaxAttachmentBytes);
    for (const char* target : {"/api/v1/attachments", "/api/v1/public/attachments"}) {
        client.SetToken(std::string(target) == "/api/v1/attachments" ? "inspector" : "");
        EXPECT_EQ(client.Request("POST", target, limit, "image/png").status, 201) << target;
        EXPECT_EQ(client.Request("POST", target, limit + "x", "image/png").status, 413) << target;
        safegrid::testing::HttpClient fresh("127.0.0.1", *port);  // the 413 above closed the connection
        fresh.SetToken(std::string(target) == "/api/v1/attachments" ? "inspector" : "");
        EXPECT_EQ(fresh.Request("POST", target, limit + std::string(1 << 20, 'x'), "image/png").status, 413) << target;
        client = safegrid::testing::HttpClient("127.0.0.1", *port);
    }
    // JSON routes keep their smaller limit.
    safegrid::testing::HttpClient json("127.0.0.1", *port);
    EXPECT_EQ(json.Request("POST", "/api/v1/public/reports", std::string(2 << 20, ' ')).status, 413);
    server.Stop();
}

INSTANTIATE_TEST_SUITE_P(Stores, AttachmentsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
