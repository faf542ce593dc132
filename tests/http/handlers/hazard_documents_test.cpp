#include "http/handlers/hazard_documents.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "core/time_zone.hpp"
#include "http/handlers/inspection_http.hpp"
#include "importer/xlsx_reader.hpp"

namespace safegrid::http {
namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The inspection world behind Dispatch with the hazard and document routes; downloads are read raw.
class HazardDocumentsHttp : public test::InspectionHttp {
  protected:
    void SetUp() override {
        InspectionHttp::SetUp();
        if (!w_) return;
        docs_ = std::make_unique<services::HazardDocumentService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit,
                                                                  *w_->hazards);
        RegisterHazardDocumentRoutes(router_, *docs_);
        logins_["other_enterprise"] = &w_->r->other_enterprise_user;
    }

    Response Raw(const std::string& target, const std::string& who) {
        Request r;
        r.method = Method::kGet;
        r.target = target;
        if (!who.empty()) r.headers["authorization"] = "Bearer " + who;
        r.headers["accept-language"] = "en";
        Response out = Dispatch(router_, hooks_, r);
        EXPECT_NE(out.status, 500) << target << ": " << out.body;
        return out;
    }
    static std::string Header(const Response& r, const std::string& name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return v;
        return "";
    }
    static std::string ErrorCode(const Response& r) {
        boost::system::error_code ec;
        auto body = boost::json::parse(r.body, ec);
        if (ec || !body.is_object() || !body.as_object().contains("error")) return "<no error body>";
        return std::string(body.at("error").at("code").as_string());
    }

    int64_t CreateAs(const std::string& who, int64_t enterprise, const std::string& title) {
        auto reply = Post("/api/v1/hazards", who,
                          R"({"enterprise_id":)" + Id(enterprise) + R"(,"title":")" + title +
                              R"(","severity":"general","category":"exits","due_at":")" +
                              FormatRfc3339(w_->r->clock.Now() + 7 * 86400) + "\"}");
        EXPECT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
        return reply.status == 201 ? reply.Int("id") : 0;
    }
    std::set<std::string> ExportedIds(const Response& r) {
        std::set<std::string> ids;
        auto table = importer::ReadXlsx(r.body);
        EXPECT_TRUE(table) << (table ? "" : table.error().internal);
        if (table)
            for (const auto& row : table->rows) ids.insert(row.at(0));
        return ids;
    }

    std::unique_ptr<services::HazardDocumentService> docs_;
};

TEST_P(HazardDocumentsHttp, NoticeIsAPdfAttachment) {
    const int64_t id = CreateAs("inspector", w_->r->ent1a, "安全出口上锁");
    const Response r = Raw("/api/v1/hazards/" + Id(id) + "/notice.pdf", "enterprise");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "application/pdf");
    EXPECT_EQ(r.body.substr(0, 5), "%PDF-");
    const std::string disposition = Header(r, "Content-Disposition");
    const std::string today = FormatLocalIsoDate(w_->r->clock.Now(), TimeZone{});
    EXPECT_EQ(
        disposition.rfind("attachment; filename=\"notice-" + Id(id) + "-" + today + ".pdf\"; filename*=UTF-8''", 0), 0u)
        << disposition;
    // "整改通知书" percent-encoded.
    EXPECT_NE(disposition.find("%E6%95%B4%E6%94%B9%E9%80%9A%E7%9F%A5%E4%B9%A6"), std::string::npos) << disposition;
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
}

TEST_P(HazardDocumentsHttp, NoticeAnswersTheContractErrors) {
    const int64_t id = CreateAs("inspector", w_->r->ent1a, "安全出口上锁");
    EXPECT_EQ(Raw("/api/v1/hazards/" + Id(id) + "/notice.pdf", "").status, 401);
    for (const char* who : {"other_town", "other_inspector", "other_enterprise"}) {
        const Response r = Raw("/api/v1/hazards/" + Id(id) + "/notice.pdf", who);
        EXPECT_EQ(r.status, 404) << who;
        EXPECT_EQ(ErrorCode(r), "not_found");
    }
    for (const char* bad : {"0", "-1", "abc", "99999999999999999999", "1.5"}) {
        EXPECT_EQ(Raw(std::string("/api/v1/hazards/") + bad + "/notice.pdf", "town").status, 404) << bad;
    }
    auto reported = Post("/api/v1/hazards", "enterprise",
                         R"({"enterprise_id":)" + Id(w_->r->ent1a) +
                             R"(,"title":"自查：灭火器过期","severity":"general","category":"extinguisher"})");
    ASSERT_EQ(reported.status, 201);
    const Response r = Raw("/api/v1/hazards/" + Id(reported.Int("id")) + "/notice.pdf", "inspector");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(ErrorCode(r), "notice_not_confirmed");
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
}

TEST_P(HazardDocumentsHttp, ExportWinsOverTheHazardIdRoute) {
    const int64_t mine = CreateAs("inspector", w_->r->ent1a, "甲企业隐患");
    const int64_t other = CreateAs("village", w_->r->ent1b, "乙企业隐患");
    const Response r = Raw("/api/v1/hazards/export.xlsx", "town");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, kXlsxType);
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    // "隐患清单-<the town's date>.xlsx" (RFC 5987) with an ASCII fallback.
    const std::string today = FormatLocalIsoDate(w_->r->clock.Now(), TimeZone{});
    EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"hazards-" + today +
                                                    ".xlsx\"; filename*=UTF-8''%E9%9A%90%E6%82%A3%E6%B8%85%E5%8D%95-" +
                                                    today + ".xlsx");
    EXPECT_EQ(ExportedIds(r), (std::set<std::string>{Id(mine), Id(other)}));
    // The enterprise sees its own rows only; filters are the list's.
    EXPECT_EQ(ExportedIds(Raw("/api/v1/hazards/export.xlsx", "enterprise")), (std::set<std::string>{Id(mine)}));
    EXPECT_EQ(ExportedIds(
                  Raw("/api/v1/hazards/export.xlsx?enterprise_id=" + Id(w_->r->ent1b) + "&status=rectifying", "town")),
              (std::set<std::string>{Id(other)}));
    EXPECT_TRUE(ExportedIds(Raw("/api/v1/hazards/export.xlsx", "other_town")).empty());
    // The hazard route itself still works beside it.
    EXPECT_EQ(Raw("/api/v1/hazards/" + Id(mine), "town").status, 200);
}

TEST_P(HazardDocumentsHttp, ExportRejectsBadFiltersLikeTheList) {
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx", "").status, 401);
    const Response bad = Raw("/api/v1/hazards/export.xlsx?region_id=abc&overdue=maybe", "town");
    EXPECT_EQ(bad.status, Get("/api/v1/hazards?region_id=abc&overdue=maybe", "town").status);
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?status=lost", "town").status, 422);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?status=open,closed", "town").status, 422);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?sort=title", "town").status, 422);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?status=open&sort=due_at&q=%E9%94%A6", "town").status, 200);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?region_id=" + Id(w_->r->other_town), "town").status, 404);
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?region_id=0", "town").status, 404);
    // Paging parameters are ignored, not refused: the export is every row.
    EXPECT_EQ(Raw("/api/v1/hazards/export.xlsx?page=abc", "town").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardDocumentsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
