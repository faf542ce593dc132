#include "http/handlers/campaigns.hpp"

#include <gtest/gtest.h>

#include "http/handlers/inspection_http.hpp"

namespace safegrid::http {
namespace {

// The fake clock reads 2026-11-29 in China.
class CampaignsHttp : public test::InspectionHttp {
  protected:
    void SetUp() override {
        InspectionHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        campaigns_ = std::make_unique<services::CampaignService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit);
        RegisterCampaignRoutes(router_, *campaigns_);
    }

    std::string Body(int64_t region) {
        return R"({"name":"三合一场所专项整治","starts_on":"2026-11-01","ends_on":"2026-11-30","scope":{"region_ids":[)" +
               Id(region) + R"(],"tags":[]},"categories":["three_in_one"]})";
    }

    std::string InspectionBody(const std::string& kind_and_campaign) {
        return R"({"enterprise_id":)" + Id(w_->r->ent1a) + R"(,"checklist_id":"fire-small-workshop",)" +
               kind_and_campaign + R"(,"items":[{"item_id":"FS-EVA-03","result":"fail"}]})";
    }

    test::HttpReply Patch(const std::string& target, const std::string& who, const std::string& body) {
        return Call(Method::kPatch, target, who, body);
    }

    std::unique_ptr<services::CampaignService> campaigns_;
};

TEST_P(CampaignsHttp, CreateReadAndListWithTheStatusCodesOfTheContract) {
    auto created = Post("/api/v1/campaigns", "town", Body(w_->r->village1));
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    const std::string path = "/api/v1/campaigns/" + Id(created.Int("id"));
    EXPECT_EQ(created.body.at("scope").at("region_ids").as_array().size(), 1u);
    EXPECT_EQ(created.body.at("open"), true);
    EXPECT_EQ(created.body.at("progress").at("in_scope").as_int64(), 2);
    EXPECT_EQ(created.body.at("progress").at("coverage").as_double(), 0.0);

    EXPECT_EQ(Post("/api/v1/campaigns", "village", Body(w_->r->village1)).status, 403);
    EXPECT_EQ(Post("/api/v1/campaigns", "inspector", Body(w_->r->village1)).status, 403);
    EXPECT_EQ(Post("/api/v1/campaigns", "enterprise", Body(w_->r->village1)).status, 403);
    EXPECT_EQ(Post("/api/v1/campaigns", "admin", Body(w_->r->village2)).status, 201);
    EXPECT_EQ(Get("/api/v1/campaigns", "enterprise").status, 403);

    EXPECT_EQ(Get(path, "inspector").status, 200);
    EXPECT_EQ(Get(path, "other_town").status, 404);
    EXPECT_EQ(Get("/api/v1/campaigns/999999", "town").status, 404);
    auto listed = Get("/api/v1/campaigns?open_on=2026-11-29", "inspector");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.Int("total"), 1);  // 倡隆村's campaign is not the inspector's
    EXPECT_EQ(Get("/api/v1/campaigns?open_on=2026-12-01", "town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/campaigns?enterprise_id=" + Id(w_->r->ent2a), "town").Int("total"), 1);
    EXPECT_TRUE(Get("/api/v1/campaigns?open_on=soon", "town").HasField("open_on"));
}

TEST_P(CampaignsHttp, BadInputIs422NamingTheField) {
    auto expect = [&](const std::string& body, const char* field) {
        auto r = Post("/api/v1/campaigns", "town", body);
        EXPECT_EQ(r.status, 422) << field << ": " << boost::json::serialize(r.body);
        EXPECT_TRUE(r.HasField(field)) << field << ": " << boost::json::serialize(r.body);
    };
    expect(R"({"name":"x","starts_on":"2026-11-02","ends_on":"2026-11-01","scope":{"region_ids":[)" +
               Id(w_->r->village1) + "]}}",
           "ends_on");
    expect(R"({"name":"x","starts_on":"2026-11-01","ends_on":"2026-11-02","scope":{"region_ids":[)" +
               Id(w_->r->village1) + R"(],"tags":["glitter"]}})",
           "scope.tags");
    expect(Body(w_->r->other_village), "scope.region_ids");
    expect(R"({"name":"x","starts_on":"2026-11-01","ends_on":"2026-11-02","scope":{"region_ids":[)" +
               Id(w_->r->village1) + R"(]},"categories":["knitting"]})",
           "categories");
    expect(R"({"name":"x","starts_on":"2026-11-01","ends_on":"2026-11-02","scope":{"region_ids":"all"}})",
           "scope.region_ids");
    expect(R"({"name":"x","starts_on":"2026-11-01","ends_on":"2026-11-02"})", "scope.region_ids");
}

TEST_P(CampaignsHttp, PatchNeedsTheVersion) {
    auto created = Post("/api/v1/campaigns", "town", Body(w_->r->village1));
    const std::string path = "/api/v1/campaigns/" + Id(created.Int("id"));
    EXPECT_TRUE(Patch(path, "town", R"({"name":"新"})").HasField("version"));
    auto ok = Call(Method::kPatch, path, "town", R"({"ends_on":"2026-12-31"})", {{"if-match", "\"1\""}});
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.Int("version"), 2);
    EXPECT_EQ(ok.body.at("ends_on"), "2026-12-31");
    EXPECT_EQ(Patch(path, "town", R"({"name":"旧","version":1})").status, 409);
    EXPECT_EQ(Patch(path, "village", R"({"name":"旧","version":2})").status, 403);
    EXPECT_EQ(Patch(path, "town", R"({"ends_on":"2026-10-01","version":2})").status, 422);
}

TEST_P(CampaignsHttp, InspectionsCarryTheCampaignToTheirHazards) {
    auto created = Post("/api/v1/campaigns", "town", Body(w_->r->village1));
    const std::string campaign = Id(created.Int("id"));
    EXPECT_TRUE(
        Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"campaign")")).HasField("campaign_id"));
    EXPECT_TRUE(
        Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"routine","campaign_id":)" + campaign))
            .HasField("campaign_id"));
    EXPECT_EQ(
        Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"campaign","campaign_id":999999)")).status,
        422);
    auto made =
        Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"campaign","campaign_id":)" + campaign));
    ASSERT_EQ(made.status, 201) << boost::json::serialize(made.body);
    EXPECT_EQ(made.Int("campaign_id"), created.Int("id"));
    EXPECT_EQ(made.body.at("kind"), "campaign");
    const int64_t hazard = made.body.at("hazard_ids").as_array()[0].as_int64();
    auto h = Get("/api/v1/hazards/" + Id(hazard), "inspector");
    ASSERT_EQ(h.status, 200);
    EXPECT_EQ(h.Int("campaign_id"), created.Int("id"));
    auto progress = Get("/api/v1/campaigns/" + campaign, "town");
    EXPECT_EQ(progress.body.at("progress").at("inspected").as_int64(), 1);
    EXPECT_EQ(progress.body.at("progress").at("hazards").as_int64(), 1);
    EXPECT_EQ(progress.body.at("by_region").as_array()[0].at("region").at("name"), "高家村");
    // An enterprise's self-check: reported, no campaign; any other kind is refused.
    auto self = Post("/api/v1/inspections", "enterprise",
                     R"({"checklist_id":"fire-small-workshop","items":[{"item_id":"FS-EVA-03","result":"fail"}]})");
    ASSERT_EQ(self.status, 201) << boost::json::serialize(self.body);
    EXPECT_EQ(self.body.at("kind"), "self_check");
    EXPECT_TRUE(self.body.at("campaign_id").is_null());
    const int64_t reported = self.body.at("hazard_ids").as_array()[0].as_int64();
    EXPECT_EQ(Get("/api/v1/hazards/" + Id(reported), "enterprise").body.at("status"), "reported");
    EXPECT_EQ(
        Post("/api/v1/inspections", "enterprise", InspectionBody(R"("kind":"campaign","campaign_id":)" + campaign))
            .status,
        403);
}

TEST_P(CampaignsHttp, ARecheckRoundIs201WithParentIdAndItsOwnEndpoints) {
    auto created = Post("/api/v1/campaigns", "town", Body(w_->r->village1));
    const std::string campaign = Id(created.Int("id"));
    ASSERT_EQ(Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"campaign","campaign_id":)" + campaign))
                  .status,
              201);
    const std::string recheck = "/api/v1/campaigns/" + campaign + "/recheck";
    auto backwards = Post(recheck, "town", R"({"starts_on":"2026-12-10","ends_on":"2026-12-01"})");
    EXPECT_EQ(backwards.status, 422);
    EXPECT_TRUE(backwards.HasField("ends_on"));
    EXPECT_TRUE(Post(recheck, "town", R"({"ends_on":"2026-12-01"})").HasField("starts_on"));
    EXPECT_EQ(Post(recheck, "village", R"({"starts_on":"2026-11-29","ends_on":"2026-12-31"})").status, 403);
    EXPECT_EQ(Post(recheck, "other_town", R"({"starts_on":"2026-11-29","ends_on":"2026-12-31"})").status, 404);
    EXPECT_EQ(
        Post("/api/v1/campaigns/999999/recheck", "town", R"({"starts_on":"2026-11-29","ends_on":"2026-12-31"})").status,
        404);

    auto round = Post(recheck, "town", R"({"starts_on":"2026-11-29","ends_on":"2026-12-31"})");
    ASSERT_EQ(round.status, 201) << boost::json::serialize(round.body);
    EXPECT_EQ(round.Int("parent_id"), created.Int("id"));
    EXPECT_EQ(round.body.at("status"), "open");
    const auto& progress = round.body.at("progress").as_object();
    EXPECT_EQ(progress.at("in_scope").as_int64(), 1);  // 宏达, where the hazard was found
    EXPECT_EQ(progress.at("recurred").as_int64(), 0);
    EXPECT_FALSE(created.body.at("progress").as_object().contains("recurred"));  // only rounds carry it

    auto parent = Get("/api/v1/campaigns/" + campaign + "?by=grid", "town");
    ASSERT_EQ(parent.status, 200);
    EXPECT_EQ(parent.body.at("by_region").as_array()[0].at("region").at("kind"), "grid");
    ASSERT_EQ(parent.body.at("rounds").as_array().size(), 1u);
    EXPECT_EQ(parent.body.at("rounds").as_array()[0].at("id"), round.body.at("id"));
    EXPECT_TRUE(Get("/api/v1/campaigns/" + campaign + "?by=street", "town").HasField("by"));

    auto pending = Get("/api/v1/campaigns/" + campaign + "/enterprises", "town");
    ASSERT_EQ(pending.status, 200);
    EXPECT_EQ(pending.Int("total"), 1);  // 锦绣 of 高家村: not inspected yet
    EXPECT_EQ(pending.body.at("items").as_array()[0].at("id").as_int64(), w_->r->ent1b);
    auto done = Get("/api/v1/campaigns/" + campaign + "/enterprises?inspected=true&page_size=5", "town");
    EXPECT_EQ(done.Int("total"), 1);
    EXPECT_FALSE(done.body.at("items").as_array()[0].at("inspected_at").is_null());
    EXPECT_EQ(Get("/api/v1/campaigns/" + campaign + "/enterprises?inspected=maybe", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/campaigns/" + campaign + "/enterprises", "other_town").status, 404);

    http::Request r;
    r.method = Method::kGet;
    r.target = "/api/v1/campaigns/" + campaign + "/export.xlsx";
    r.headers["authorization"] = "Bearer town";
    http::Response xlsx = http::Dispatch(router_, hooks_, r);
    EXPECT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST_P(CampaignsHttp, ARoundsHazardOnTheSameItemNamesTheParentsHazardItRepeats) {
    auto created = Post("/api/v1/campaigns", "town", Body(w_->r->village1));
    const std::string campaign = Id(created.Int("id"));
    auto first =
        Post("/api/v1/inspections", "inspector", InspectionBody(R"("kind":"campaign","campaign_id":)" + campaign));
    ASSERT_EQ(first.status, 201) << boost::json::serialize(first.body);
    const std::string parent_hazard = Id(first.body.at("hazard_ids").as_array()[0].as_int64());
    EXPECT_TRUE(Get("/api/v1/hazards/" + parent_hazard, "town").body.at("recurrence_of").is_null());
    auto submitted =
        Post("/api/v1/hazards/" + parent_hazard + "/actions", "inspector", R"({"action":"submit","comment":"已清理"})");
    ASSERT_EQ(submitted.status, 200) << boost::json::serialize(submitted.body);
    auto approved = Post("/api/v1/hazards/" + parent_hazard + "/actions", "town", R"({"action":"approve"})");
    ASSERT_EQ(approved.status, 200) << boost::json::serialize(approved.body);
    ASSERT_EQ(approved.body.at("status"), "closed");

    auto round = Post("/api/v1/campaigns/" + campaign + "/recheck", "town",
                      R"({"starts_on":"2026-11-29","ends_on":"2026-12-31"})");
    ASSERT_EQ(round.status, 201) << boost::json::serialize(round.body);
    auto again = Post("/api/v1/inspections", "inspector",
                      InspectionBody(R"("kind":"campaign","campaign_id":)" + Id(round.Int("id"))));
    ASSERT_EQ(again.status, 201) << boost::json::serialize(again.body);
    auto repeat = Get("/api/v1/hazards/" + Id(again.body.at("hazard_ids").as_array()[0].as_int64()), "town");
    ASSERT_EQ(repeat.status, 200);
    EXPECT_EQ(repeat.Int("recurrence_of"), std::stoll(parent_hazard));
    EXPECT_EQ(Get("/api/v1/campaigns/" + Id(round.Int("id")), "town").body.at("progress").at("recurred").as_int64(), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, CampaignsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
