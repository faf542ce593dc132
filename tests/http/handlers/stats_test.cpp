#include "http/handlers/stats.hpp"

#include <gtest/gtest.h>

#include "http/handlers/hazards.hpp"
#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class StatsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        hazards_ =
            std::make_unique<services::HazardService>(w_->store->shared(), w_->clock, *w_->audit, *w_->enterprises);
        stats_ = std::make_unique<services::StatsService>(w_->store->shared(), w_->clock);
        RegisterHazardRoutes(router_, *hazards_);
        RegisterStatsRoutes(router_, *stats_);
    }
    int64_t CreateAs(const std::string& who, int64_t enterprise, const std::string& severity = "general") {
        const std::string due = FormatRfc3339(w_->clock.Now() + 86400);
        auto reply = Post("/api/v1/hazards", who,
                          R"({"enterprise_id":)" + Id(enterprise) + R"(,"title":"电线私拉乱接","severity":")" +
                              severity + R"(","category":"electrical","due_at":")" + due + "\"}");
        EXPECT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
        return reply.status == 201 ? reply.Int("id") : 0;
    }

    std::unique_ptr<services::HazardService> hazards_;
    std::unique_ptr<services::StatsService> stats_;
};

TEST_P(StatsHttp, OverviewHasTheContractShapeWithZeros) {
    CreateAs("town", w_->ent1a, "major");
    auto reply = Get("/api/v1/stats/overview", "town");
    ASSERT_EQ(reply.status, 200);
    const auto& h = reply.body.at("hazards");
    EXPECT_EQ(h.at("total"), 1);
    EXPECT_EQ(h.at("by_status"),
              boost::json::parse(R"({"reported":0,"rectifying":1,"submitted":0,"closed":0,"rejected":0})"));
    EXPECT_EQ(h.at("by_severity"), boost::json::parse(R"({"general":0,"major":1})"));
    EXPECT_EQ(h.at("overdue"), 0);
    EXPECT_EQ(h.at("major_open"), 1);
    EXPECT_EQ(reply.body.at("rectification_rate").to_number<double>(), 0.0);
    EXPECT_EQ(reply.body.at("on_time_rate").to_number<double>(), 0.0);
    EXPECT_EQ(reply.body.at("enterprises").at("total"), 3);
    EXPECT_EQ(reply.body.at("enterprises").at("by_risk_level"),
              boost::json::parse(R"({"red":1,"orange":1,"yellow":1,"blue":0})"));  // none trained: + 18 each
    EXPECT_EQ(reply.body.at("enterprises").at("risk_level"), "red");  // the area's colour: the highest held
}

TEST_P(StatsHttp, EveryAreaRowCarriesItsRolledUpColour) {
    CreateAs("town", w_->ent1a, "major");
    auto reply = Get("/api/v1/stats/regions", "town");
    ASSERT_EQ(reply.status, 200);
    for (const auto& row : reply.body.as_array()) {
        const auto& e = row.at("enterprises").as_object();
        const auto& by = e.at("by_risk_level").as_object();
        const char* highest = by.at("red").as_int64() > 0      ? "red"
                              : by.at("orange").as_int64() > 0 ? "orange"
                              : by.at("yellow").as_int64() > 0 ? "yellow"
                              : by.at("blue").as_int64() > 0   ? "blue"
                                                               : nullptr;
        if (highest == nullptr) {
            EXPECT_TRUE(e.at("risk_level").is_null()) << boost::json::serialize(row);
        } else {
            EXPECT_EQ(e.at("risk_level"), highest) << boost::json::serialize(row);
        }
    }
    EXPECT_EQ(reply.body.at(0).at("enterprises").at("risk_level"), "red");  // 高家村 holds the red one
}

TEST_P(StatsHttp, RegionsRowsCarryTheirRegion) {
    CreateAs("town", w_->ent1a);
    CreateAs("town", w_->ent2a);
    auto reply = Get("/api/v1/stats/regions", "town");
    ASSERT_EQ(reply.status, 200);
    const auto& rows = reply.body.as_array();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("region"),
              boost::json::parse(R"({"id":)" + Id(w_->village1) + R"(,"name":"高家村","kind":"village"})"));
    EXPECT_EQ(rows[0].at("direct"), false);
    EXPECT_EQ(rows[0].at("hazards").at("total"), 1);
    auto grids = Get("/api/v1/stats/regions?parent_id=" + Id(w_->village1), "village");
    ASSERT_EQ(grids.status, 200);
    EXPECT_EQ(grids.body.as_array().size(), 2u);
    EXPECT_EQ(Get("/api/v1/stats/regions", "enterprise").status, 403);
    EXPECT_EQ(Get("/api/v1/stats/regions?parent_id=" + Id(w_->other_town), "town").status, 404);
}

TEST_P(StatsHttp, ParametersAreValidated) {
    EXPECT_EQ(Get("/api/v1/stats/overview?region_id=abc", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/stats/overview?region_id=0", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/stats/overview?region_id=" + Id(w_->other_town), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/stats/trend?months=0", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/stats/trend?months=61", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/stats/trend?months=x", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/stats/ranking?parent_id=-3", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/stats/overview", "").status, 401);
}

TEST_P(StatsHttp, TrendAndRanking) {
    CreateAs("town", w_->ent1a);
    auto trend = Get("/api/v1/stats/trend", "town");
    ASSERT_EQ(trend.status, 200);
    ASSERT_EQ(trend.body.as_array().size(), 12u);
    EXPECT_EQ(trend.body.as_array().back(), boost::json::parse(R"({"month":"2026-11","found":1,"closed":0})"));
    auto ranking = Get("/api/v1/stats/ranking", "town");
    ASSERT_EQ(ranking.status, 200);
    ASSERT_EQ(ranking.body.as_array().size(), 2u);
    EXPECT_EQ(ranking.body.at(0).at("rank"), 1);
    EXPECT_TRUE(ranking.body.at(0).as_object().contains("rectification_rate"));
    EXPECT_TRUE(ranking.body.at(0).at("hazards").as_object().contains("overdue"));
}

TEST_P(StatsHttp, EnterpriseSeesItsOwnFigures) {
    CreateAs("town", w_->ent1a);
    CreateAs("town", w_->ent1b);
    auto reply = Get("/api/v1/stats/overview", "enterprise");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body.at("hazards").at("total"), 1);
    EXPECT_EQ(reply.body.at("enterprises").at("total"), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, StatsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
