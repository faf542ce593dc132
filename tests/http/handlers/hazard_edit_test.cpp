#include "http/handlers/hazard_edit.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "http/handlers/evidence_http.hpp"

namespace safegrid::http {
namespace {

// Hazards, public reports and the edit route on one store: what a citizen wrote, as staff read and edit it.
class HazardEditHttp : public test::EvidenceHttp {
  protected:
    void SetUp() override {
        EvidenceHttp::SetUp();
        if (!w_) return;
        edits_ = std::make_unique<services::HazardEditService>(w_->store->shared(), w_->clock, *w_->audit, *hazards_);
        RegisterHazardEditRoutes(router_, *edits_);
    }
    // A citizen's report assigned to ent1a (seen by town, village, inspector and the enterprise); its hazard id.
    int64_t AssignedReport() {
        auto created = PostFrom("/api/v1/public/reports", "",
                                R"({"description":"后门消防通道被货车堵住","address":"高家村 18 号",)"
                                R"("lat":30.1,"lng":121.2,"contact":"13800000000"})",
                                "203.0.113.9");
        EXPECT_EQ(created.status, 201) << boost::json::serialize(created.body);
        auto list = Get("/api/v1/hazards?status=reported", "town");
        const int64_t id = list.body.at("items").at(0).at("id").as_int64();
        auto assigned = Post("/api/v1/hazards/" + Id(id) + "/actions", "town",
                             R"({"action":"assign","enterprise_id":)" + Id(w_->ent1a) + "}");
        EXPECT_EQ(assigned.status, 200) << boost::json::serialize(assigned.body);
        return id;
    }

    std::unique_ptr<services::HazardEditService> edits_;
};

TEST_P(HazardEditHttp, HazardCarriesTheReportAndItsContactForStaffOnly) {
    const int64_t id = AssignedReport();
    for (const char* staff : {"town", "village", "inspector", "admin"}) {
        auto h = Get("/api/v1/hazards/" + Id(id), staff);
        ASSERT_EQ(h.status, 200) << staff;
        const auto& report = h.body.at("report").as_object();
        EXPECT_EQ(report.at("address"), "高家村 18 号") << staff;
        EXPECT_DOUBLE_EQ(report.at("lat").as_double(), 30.1);
        EXPECT_DOUBLE_EQ(report.at("lng").as_double(), 121.2);
        EXPECT_EQ(report.at("contact"), "13800000000") << staff;
        EXPECT_TRUE(report.at("reported_at").is_string());
    }
    auto seen = Get("/api/v1/hazards/" + Id(id), "enterprise");
    ASSERT_EQ(seen.status, 200);
    const auto& report = seen.body.at("report").as_object();
    EXPECT_EQ(report.at("address"), "高家村 18 号");
    EXPECT_FALSE(report.contains("contact"));
    EXPECT_EQ(boost::json::serialize(seen.body).find("13800000000"), std::string::npos);
    // Not a citizen's report: null.
    auto own = Post("/api/v1/hazards", "inspector",
                    R"({"enterprise_id":)" + Id(w_->ent1a) +
                        R"(,"title":"安全出口上锁","severity":"general","category":"exits","due_at":")" +
                        FormatRfc3339(w_->clock.Now() + 86400) + "\"}");
    ASSERT_EQ(own.status, 201);
    EXPECT_TRUE(own.body.at("report").is_null());
}

TEST_P(HazardEditHttp, PatchEditsTheWordsWithIfMatchAndAnswersTheWholeHazard) {
    const int64_t id = AssignedReport();
    const std::string path = "/api/v1/hazards/" + Id(id);
    const int64_t version = Get(path, "town").Int("version");
    auto edited = Patch(path, "town", R"({"title":"仓库后门消防通道被占用","category":"fire_lane"})",
                        {{"if-match", "\"" + std::to_string(version) + "\""}});
    ASSERT_EQ(edited.status, 200) << boost::json::serialize(edited.body);
    EXPECT_EQ(edited.body.at("title"), "仓库后门消防通道被占用");
    EXPECT_EQ(edited.body.at("category"), "fire_lane");
    EXPECT_EQ(edited.body.at("description"), "后门消防通道被货车堵住");
    EXPECT_EQ(edited.Int("version"), version + 1);
    EXPECT_EQ(edited.body.at("history").as_array().back().at("action"), "edit");
    EXPECT_EQ(edited.body.at("report").at("contact"), "13800000000");

    // The same version again: someone else changed it.
    auto stale = Patch(path, "village", R"({"title":"别的标题","version":)" + std::to_string(version) + "}");
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.Code(), "version_conflict");
    auto bad = Patch(path, "town", R"({"title":"","category":"nope"})");
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.body.at("error").at("fields").as_object().contains("title"));
    EXPECT_TRUE(bad.body.at("error").at("fields").as_object().contains("category"));
    EXPECT_EQ(Patch(path, "town", R"({"title":7})").status, 422);
    EXPECT_EQ(Patch(path, "enterprise", R"({"title":"我们的标题"})").status, 403);
    EXPECT_EQ(Patch(path, "other_town", R"({"title":"x"})").status, 404);
    EXPECT_EQ(Patch("/api/v1/hazards/999999", "town", R"({"title":"x"})").status, 404);
    EXPECT_EQ(Patch(path, "", R"({"title":"x"})").status, 401);
    EXPECT_EQ(Get(path, "admin").body.at("title"), "仓库后门消防通道被占用");

    // Rejected: its words are final.
    ASSERT_EQ(Post(path + "/actions", "town", R"({"action":"reject","comment":"不属实"})").status, 200);
    auto closed = Patch(path, "town", R"({"title":"再改"})");
    EXPECT_EQ(closed.status, 409);
    EXPECT_EQ(closed.Code(), "invalid_transition");
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardEditHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
