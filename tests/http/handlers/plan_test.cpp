#include "http/handlers/plan.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "services/user_service.hpp"

namespace safegrid::http {
namespace {

class PlanHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        users_ = std::make_unique<services::UserService>(w_->store->shared(), w_->clock, *w_->audit);
        plans_ = std::make_unique<services::PlanService>(w_->store->shared(), w_->clock, TimeZone{});
        RegisterPlanRoutes(router_, *plans_);
        services::NewUser u{"inspector_a", "inspector", w_->grid1a, std::nullopt, "demo1234pass", "李明", std::nullopt};
        auto made = users_->Create(nullptr, u);
        ASSERT_TRUE(made);
        inspector_id_ = made->id;
        inspector_ = test::MakeCaller(inspector_id_, Role::kInspector, {Scope::Level::kGrid, w_->grid1a});
        logins_["inspector_a"] = &inspector_;
        auto in = w_->Input(w_->grid1a, "慈溪市甲纺织厂", 21);
        in.lat = 30.18;
        in.lng = 121.32;
        auto e = w_->enterprises->Create(nullptr, in);
        ASSERT_TRUE(e);
        located_ = e->id;
    }

    std::unique_ptr<services::UserService> users_;
    std::unique_ptr<services::PlanService> plans_;
    int64_t inspector_id_ = 0, located_ = 0;
    Principal inspector_;
};

TEST_P(PlanHttp, AnswersTheContractShape) {
    auto reply = Get("/api/v1/plan?date=2026-12-06", "inspector_a");
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.body.at("date"), "2026-12-06");
    EXPECT_EQ(reply.Int("inspector_id"), inspector_id_);
    const auto& stops = reply.body.at("stops").as_array();
    ASSERT_EQ(stops.size(), 2u) << "both never inspected: due";
    // The located one first (leg 0: no start), then ent1a without a location (leg 0, lat/lng null).
    const auto& first = stops[0].as_object();
    EXPECT_EQ(first.at("order"), 1);
    EXPECT_EQ(first.at("enterprise").at("id"), located_);
    EXPECT_EQ(first.at("enterprise").at("name"), "慈溪市甲纺织厂");
    EXPECT_DOUBLE_EQ(first.at("enterprise").at("lat").as_double(), 30.18);
    EXPECT_DOUBLE_EQ(first.at("enterprise").at("lng").as_double(), 121.32);
    EXPECT_TRUE(first.at("enterprise").at("risk_level").is_string());
    EXPECT_EQ(first.at("reasons"), boost::json::parse(R"(["due"])"));
    EXPECT_EQ(first.at("hazard_ids"), boost::json::array());
    EXPECT_EQ(first.at("leg_m"), 0);
    const auto& last = stops[1].as_object();
    EXPECT_EQ(last.at("order"), 2);
    EXPECT_EQ(last.at("enterprise").at("id"), w_->ent1a);
    EXPECT_TRUE(last.at("enterprise").at("lat").is_null());
    EXPECT_TRUE(last.at("enterprise").at("lng").is_null());
    EXPECT_EQ(last.at("leg_m"), 0);
    EXPECT_EQ(reply.body.at("total_m"), 0);

    // From a start 0.01° south, the first leg is about 1.1 km.
    auto from = Get("/api/v1/plan?date=2026-12-06&start=30.17,121.32", "inspector_a");
    ASSERT_EQ(from.status, 200);
    const int64_t leg = from.body.at("stops").at(0).at("leg_m").as_int64();
    EXPECT_NEAR(leg, 1112, 2);
    EXPECT_EQ(from.Int("total_m"), leg);
}

TEST_P(PlanHttp, ACampaignStopNamesItsCampaignsSoTheAppCanStartTheirInspection) {
    plans_->SetCampaignTargetSource(
        [this](storage::Connection&, std::string_view, const std::vector<int64_t>&, int64_t) {
            return Result<std::vector<services::CampaignTarget>>(
                std::vector<services::CampaignTarget>{{located_, 9}, {located_, 4}});
        });
    auto reply = Get("/api/v1/plan?date=2026-12-06", "inspector_a");
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    const auto& stops = reply.body.at("stops").as_array();
    ASSERT_EQ(stops.size(), 2u);
    EXPECT_EQ(stops[0].at("enterprise").at("id"), located_);
    EXPECT_EQ(stops[0].at("reasons"), boost::json::parse(R"(["due","campaign"])"));
    EXPECT_EQ(stops[0].at("campaign_ids"), boost::json::parse("[4,9]"));
    EXPECT_EQ(stops[1].at("campaign_ids"), boost::json::array());
}

TEST_P(PlanHttp, BadInputAndScope) {
    auto bad_date = Get("/api/v1/plan?date=2026-13-01", "inspector_a");
    EXPECT_EQ(bad_date.status, 422);
    EXPECT_TRUE(bad_date.HasField("date"));
    for (const char* start : {"abc", "91,0", "30.18", "30.18,121.32,1"}) {
        auto bad_start = Get(std::string("/api/v1/plan?start=") + start, "inspector_a");
        EXPECT_EQ(bad_start.status, 422) << start;
        EXPECT_TRUE(bad_start.HasField("start")) << start;
    }
    auto bad_id = Get("/api/v1/plan?inspector_id=abc", "town");
    EXPECT_EQ(bad_id.status, 422);
    EXPECT_TRUE(bad_id.HasField("inspector_id"));
    EXPECT_EQ(Get("/api/v1/plan", "").status, 401);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=" + Id(inspector_id_), "enterprise").status, 403);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=" + Id(inspector_id_), "town").status, 200);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=" + Id(inspector_id_), "village").status, 200);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=" + Id(inspector_id_), "other_town").status, 404);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=" + Id(inspector_id_), "other_village").status, 404);
    EXPECT_EQ(Get("/api/v1/plan?inspector_id=999999", "town").status, 404);
    // No date: today in the town's time zone.
    auto today = Get("/api/v1/plan", "inspector_a");
    ASSERT_EQ(today.status, 200);
    EXPECT_EQ(std::string(today.body.at("date").as_string()), FormatLocalIsoDate(w_->clock.Now(), TimeZone{}));
}

INSTANTIATE_TEST_SUITE_P(Stores, PlanHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
