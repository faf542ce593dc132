#include "http/handlers/public_reports.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "http/handlers/evidence_http.hpp"

namespace safegrid::http {
namespace {

class PublicReportsHttp : public test::EvidenceHttp {
  protected:
    HttpReply Report(const std::string& json, const std::string& ip = "203.0.113.1",
                     std::map<std::string, std::string> headers = {}) {
        return PostFrom("/api/v1/public/reports", "", json, ip, std::move(headers));
    }
    HttpReply StatusOf(const std::string& code) {
        return Reply(Send(Method::kGet, "/api/v1/public/reports/" + code, ""));
    }
    Response StatusFrom(const std::string& code, const std::string& ip) {
        return Send(Method::kGet, "/api/v1/public/reports/" + code, "", "", "", ip);
    }
};

TEST_P(PublicReportsHttp, ReportIsSeenByTownStaffAssignedConfirmedAndFollowedByItsCode) {
    w_->clock.Advance(60);
    auto photo = Upload("", Png("citizen photo"), "image/png", "203.0.113.1");
    ASSERT_EQ(photo.status, 201);
    const int64_t photo_id = photo.Int("id");
    auto created = Report(R"({"description":"仓库门口堆放大量纸箱堵住消防通道","address":"高家村 18 号","lat":30.1,)"
                          R"("lng":121.2,"contact":"13800000000","attachments":[)" +
                          Id(photo_id) + "]}");
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    ASSERT_EQ(created.body.as_object().size(), 1u);
    const std::string code(created.body.at("tracking_code").as_string());
    EXPECT_EQ(code.size(), 10u);

    auto status = StatusOf(code);
    ASSERT_EQ(status.status, 200);
    EXPECT_EQ(status.body.as_object().size(), 2u);  // nothing but status and updated_at
    EXPECT_EQ(status.body.at("status"), "reported");
    const std::string reported_at(status.body.at("updated_at").as_string());
    EXPECT_EQ(reported_at, FormatRfc3339(w_->clock.Now()));

    // Staff: the town sees it as a reported hazard without an enterprise; the village does not.
    auto list = Get("/api/v1/hazards?status=reported", "town");
    ASSERT_EQ(list.Int("total"), 1);
    const auto& item = list.body.at("items").at(0);
    EXPECT_EQ(item.at("source"), "public");
    EXPECT_TRUE(item.at("enterprise_id").is_null());
    EXPECT_TRUE(item.at("village_id").is_null());
    const int64_t hazard = item.at("id").as_int64();
    EXPECT_EQ(Get("/api/v1/hazards?status=reported", "village").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/hazards/" + Id(hazard), "village").status, 404);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/attachments/" + Id(photo_id), "town").status, 200);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/attachments/" + Id(photo_id), "village").status, 404);

    // Assign (the existing action) moves it to the enterprise's grid; confirm starts the loop.
    w_->clock.Advance(600);
    auto assigned = Post("/api/v1/hazards/" + Id(hazard) + "/actions", "town",
                         R"({"action":"assign","enterprise_id":)" + Id(w_->ent1a) + "}");
    ASSERT_EQ(assigned.status, 200) << boost::json::serialize(assigned.body);
    EXPECT_EQ(assigned.body.at("status"), "reported");
    status = StatusOf(code);
    EXPECT_EQ(status.body.at("status"), "reported");
    EXPECT_EQ(status.body.at("updated_at"), boost::json::value(FormatRfc3339(w_->clock.Now())));
    EXPECT_EQ(Get("/api/v1/hazards/" + Id(hazard), "inspector").status, 200);
    w_->clock.Advance(60);
    auto confirmed = Post("/api/v1/hazards/" + Id(hazard) + "/actions", "inspector",
                          R"({"action":"confirm","due_at":")" + FormatRfc3339(w_->clock.Now() + 7 * 86400) + "\"}");
    ASSERT_EQ(confirmed.status, 200) << boost::json::serialize(confirmed.body);
    status = StatusOf(code);
    EXPECT_EQ(status.body.at("status"), "rectifying");
    EXPECT_EQ(status.body.at("updated_at"), boost::json::value(FormatRfc3339(w_->clock.Now())));
}

TEST_P(PublicReportsHttp, BadReportsAnswer400415And422FieldByField) {
    EXPECT_EQ(Reply(Send(Method::kPost, "/api/v1/public/reports", "", "{", "application/json")).status, 400);
    EXPECT_EQ(Reply(Send(Method::kPost, "/api/v1/public/reports", "", "description=x", "text/plain")).status, 415);
    auto empty = Report(R"({"description":"   ","lat":95,"lng":"east","contact":1})");
    EXPECT_EQ(empty.status, 422);
    for (const char* field : {"description", "lat", "lng", "contact"}) EXPECT_TRUE(empty.HasField(field)) << field;
    auto long_text =
        Report(R"({"description":")" + std::string(2001, 'x') + R"(","address":")" + std::string(201, 'y') + "\"}");
    EXPECT_TRUE(long_text.HasField("description"));
    EXPECT_TRUE(long_text.HasField("address"));
    auto half = Report(R"({"description":"x","lat":30})");
    EXPECT_TRUE(half.HasField("lng"));
    auto foreign = Report(R"({"description":"x","attachments":[999999]})");
    EXPECT_EQ(foreign.status, 422);
    EXPECT_TRUE(foreign.HasField("attachments"));
    const int64_t staff_photo = Upload("inspector", Png()).Int("id");
    EXPECT_TRUE(Report(R"({"description":"x","attachments":[)" + Id(staff_photo) + "]}").HasField("attachments"));
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM public_reports"), 0);
}

TEST_P(PublicReportsHttp, TenReportsPerAddressAndHour) {
    for (int i = 0; i < 10; ++i) ASSERT_EQ(Report(R"({"description":"占道经营"})", "198.51.100.4").status, 201) << i;
    Response limited = Send(Method::kPost, "/api/v1/public/reports", "", R"({"description":"占道经营"})",
                            "application/json", "198.51.100.4");
    ASSERT_EQ(limited.status, 429);
    EXPECT_EQ(Reply(limited).Code(), "rate_limited");
    EXPECT_EQ(Header(limited, "Retry-After"), "3600");
    EXPECT_EQ(Report(R"({"description":"占道经营"})", "198.51.100.5").status, 201);
    w_->clock.Advance(3600);
    EXPECT_EQ(Report(R"({"description":"占道经营"})", "198.51.100.4").status, 201);
}

TEST_P(PublicReportsHttp, IdempotencyKeyReturnsTheSameTrackingCode) {
    const std::map<std::string, std::string> key{{"idempotency-key", "offline-7"}};
    auto first = Report(R"({"description":"电线私拉乱接"})", "198.51.100.9", key);
    ASSERT_EQ(first.status, 201);
    auto again = Report(R"({"description":"电线私拉乱接"})", "198.51.100.9", key);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM public_reports"), 1);
}

TEST_P(PublicReportsHttp, TrackingCodeLookUpsAre429AfterSixtyPerAddressAndHour) {
    for (int i = 0; i < 60; ++i) ASSERT_EQ(StatusFrom("ABCDEFGHJK", "198.51.100.20").status, 404) << i;
    Response limited = StatusFrom("ABCDEFGHJK", "198.51.100.20");
    ASSERT_EQ(limited.status, 429);
    EXPECT_EQ(Reply(limited).Code(), "rate_limited");
    EXPECT_EQ(Header(limited, "Retry-After"), "3600");
    EXPECT_EQ(StatusFrom("ABCDEFGHJK", "198.51.100.21").status, 404);  // another address
    w_->clock.Advance(3600);
    EXPECT_EQ(StatusFrom("ABCDEFGHJK", "198.51.100.20").status, 404);
}

TEST_P(PublicReportsHttp, ReplyIsStatusReasonAndUpdatedAtOnly) {
    auto created = Report(R"({"description":"河边堆放大量易燃物","contact":"王先生 13900000000"})");
    ASSERT_EQ(created.status, 201);
    const std::string code(created.body.at("tracking_code").as_string());
    auto reply = Reply(Send(Method::kGet, "/api/v1/public/reports/" + code + "/reply", ""));
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.body.as_object().size(), 3u);
    EXPECT_EQ(reply.body.at("status"), "reported");
    EXPECT_TRUE(reply.body.at("reason").is_null());
    EXPECT_TRUE(reply.body.at("updated_at").is_string());

    const int64_t hazard = Get("/api/v1/hazards?status=reported", "town").body.at("items").at(0).at("id").as_int64();
    w_->clock.Advance(300);
    ASSERT_EQ(Post("/api/v1/hazards/" + Id(hazard) + "/actions", "town",
                   R"({"action":"reject","comment":"<b>已核实</b>：物品属正常堆放"})")
                  .status,
              200);
    reply = Reply(Send(Method::kGet, "/api/v1/public/reports/" + code + "/reply", ""));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body.as_object().size(), 3u);
    EXPECT_EQ(reply.body.at("status"), "rejected");
    EXPECT_EQ(reply.body.at("reason"), "<b>已核实</b>：物品属正常堆放");  // text as written; the page shows it as text
    EXPECT_EQ(reply.body.at("updated_at"), boost::json::value(FormatRfc3339(w_->clock.Now())));
    // The status endpoint keeps its two fields.
    EXPECT_EQ(StatusOf(code).body.as_object().size(), 2u);
    auto missing = Reply(Send(Method::kGet, "/api/v1/public/reports/ABCDEFGHJK/reply", ""));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Code(), "not_found");
}

TEST_P(PublicReportsHttp, ReplyLookUpsCountWithStatusLookUps) {
    for (int i = 0; i < 30; ++i) ASSERT_EQ(StatusFrom("ABCDEFGHJK", "198.51.100.30").status, 404) << i;
    for (int i = 0; i < 30; ++i) {
        ASSERT_EQ(Send(Method::kGet, "/api/v1/public/reports/ABCDEFGHJK/reply", "", "", "", "198.51.100.30").status,
                  404)
            << i;
    }
    Response limited = Send(Method::kGet, "/api/v1/public/reports/ABCDEFGHJK/reply", "", "", "", "198.51.100.30");
    ASSERT_EQ(limited.status, 429);
    EXPECT_EQ(Header(limited, "Retry-After"), "3600");
    EXPECT_EQ(StatusFrom("ABCDEFGHJK", "198.51.100.30").status, 429);
}

TEST_P(PublicReportsHttp, UnknownOrMalformedCodesAre404) {
    for (const char* code : {"ABCDEFGHJK", "x", "%27%20OR%201%3D1", "ABCDEFGHJKLMNOP"}) {
        auto reply = StatusOf(code);
        EXPECT_EQ(reply.status, 404) << code;
        EXPECT_EQ(reply.Code(), "not_found");
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, PublicReportsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
