#include "http/handlers/scorecards.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

// The clock reads 2026-12-06 in China.
class ScorecardsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        w_->clock.Set(*ParseRfc3339("2026-12-06T02:00:00Z"));
        auto standard = services::LoadScorecardStandard(test::StandardsDir());
        ASSERT_TRUE(standard);
        scorecards_ = std::make_unique<services::ScorecardService>(w_->store->shared(), w_->clock, *w_->audit,
                                                                   std::move(*standard));
        RegisterScorecardRoutes(router_, *scorecards_);
    }

    test::HttpReply Put(const std::string& who, const std::string& body) {
        return Call(Method::kPut, "/api/v1/scorecards/manual", who, body);
    }

    std::unique_ptr<services::ScorecardService> scorecards_;
};

TEST_P(ScorecardsHttp, ListsRankedCardsWithTheContractsKeys) {
    auto r = Get("/api/v1/scorecards?period=2026-11&level=village", "town");
    ASSERT_EQ(r.status, 200) << boost::json::serialize(r.body);
    ASSERT_TRUE(r.body.is_array());
    ASSERT_EQ(r.body.as_array().size(), 2u);
    const auto& first = r.body.as_array()[0].as_object();
    EXPECT_TRUE(first.at("region").as_object().contains("id"));
    EXPECT_TRUE(first.at("region").as_object().contains("name"));
    EXPECT_FALSE(first.contains("enterprise"));
    EXPECT_EQ(first.at("rank").as_int64(), 1);
    EXPECT_TRUE(first.at("score").is_number());
    const auto& items = first.at("items").as_array();
    ASSERT_EQ(items.size(), 12u);
    for (const char* key : {"code", "max", "points", "figure"}) EXPECT_TRUE(items[0].as_object().contains(key)) << key;
    EXPECT_EQ(items[0].at("code").as_string(), "VIL-01");
    EXPECT_EQ(items[0].at("manual"), true);

    auto e = Get("/api/v1/scorecards?period=2026&level=enterprise&region_id=" + Id(w_->village1), "village");
    ASSERT_EQ(e.status, 200) << boost::json::serialize(e.body);
    ASSERT_EQ(e.body.as_array().size(), 2u);
    EXPECT_TRUE(e.body.as_array()[0].as_object().contains("enterprise"));
}

TEST_P(ScorecardsHttp, StatusCodesOfTheContract) {
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=village", "").status, 401);
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=village", "village").status, 403);
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=enterprise", "inspector").status, 403);
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=enterprise", "enterprise").status, 403);
    EXPECT_TRUE(Get("/api/v1/scorecards?period=2027-01&level=village", "town").HasField("period"));
    EXPECT_TRUE(Get("/api/v1/scorecards?period=2026-1&level=village", "town").HasField("period"));
    EXPECT_TRUE(Get("/api/v1/scorecards?level=village", "town").HasField("period"));
    EXPECT_TRUE(Get("/api/v1/scorecards?period=2026-11&level=grid", "town").HasField("level"));
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=village", "town").status, 200);
    EXPECT_EQ(Get("/api/v1/scorecards?period=2026-11&level=village&region_id=" + Id(w_->other_village), "town").status,
              404);
    EXPECT_TRUE(Get("/api/v1/scorecards?period=2026-11&level=village&region_id=x", "town").HasField("region_id"));
}

TEST_P(ScorecardsHttp, ManualEntriesAreStoredOrRefusedNamingTheField) {
    const std::string village = Id(w_->village1);
    auto ok = Put("town", R"({"period":"2026-11","level":"village","region_id":)" + village +
                              R"(,"code":"VIL-01","points":7.5})");
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.body.at("points").as_double(), 7.5);
    EXPECT_EQ(ok.body.at("max").as_double(), 8);
    auto listed = Get("/api/v1/scorecards?period=2026-11&level=village&region_id=" + village, "town");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.as_array()[0].at("items").as_array()[0].at("points").as_double(), 7.5);

    auto expect = [&](const std::string& body, const char* field) {
        auto r = Put("town", body);
        EXPECT_EQ(r.status, 422) << field << ": " << boost::json::serialize(r.body);
        EXPECT_TRUE(r.HasField(field)) << field << ": " << boost::json::serialize(r.body);
    };
    expect(R"({"period":"2026-11","level":"village","region_id":)" + village + R"(,"code":"VIL-01","points":9})",
           "points");
    expect(R"({"period":"2026-11","level":"village","region_id":)" + village + R"(,"code":"VIL-01","points":"8"})",
           "points");
    expect(R"({"period":"2026-11","level":"village","region_id":)" + village + R"(,"code":"VIL-05","points":1})",
           "code");
    expect(R"({"period":"2099-11","level":"village","region_id":)" + village + R"(,"code":"VIL-01","points":1})",
           "period");
    expect(R"({"period":"2026-11","level":"county","region_id":)" + village + R"(,"code":"VIL-01","points":1})",
           "level");
    EXPECT_EQ(Put("village",
                  R"({"period":"2026-11","level":"village","region_id":)" + village + R"(,"code":"VIL-01","points":1})")
                  .status,
              403);
    EXPECT_EQ(Put("town", R"({"period":"2026-11","level":"village","region_id":)" + Id(w_->other_village) +
                              R"(,"code":"VIL-01","points":1})")
                  .status,
              404);
    EXPECT_EQ(w_->AuditCount("scorecard"), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, ScorecardsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
