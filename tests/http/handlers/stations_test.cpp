#include "http/handlers/stations.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "services/station_standard_loader.hpp"

namespace safegrid::http {
namespace {

// The contract's station lines over HTTP: codes, keys and the 422 fields.
class StationsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        auto standard = services::LoadStationStandard(test::StandardsDir());
        ASSERT_TRUE(standard);
        stations_ = std::make_unique<services::StationService>(
            w_->store->shared(), w_->clock, *w_->audit,
            std::make_shared<const station::StationStandard>(std::move(*standard)));
        RegisterStationRoutes(router_, *stations_);
        auto created = Post("/api/v1/stations", "town", Body(w_->village1));
        ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
        station_ = created.Int("id");
    }

    static std::string Body(int64_t region, const std::string& extra = "") {
        return R"({"name":"高家村微型消防站","kind":"community","region_id":)" + std::to_string(region) +
               R"(,"lat":30.17,"lng":121.33,"staff":6,"radius_m":500)" + extra + "}";
    }

    std::unique_ptr<services::StationService> stations_;
    int64_t station_ = 0;
};

TEST_P(StationsHttp, CreateAnswers201WithTheContractKeys) {
    auto reply = Get("/api/v1/stations/" + Id(station_), "village");
    ASSERT_EQ(reply.status, 200);
    for (const char* key : {"id", "name", "kind", "region_id", "lat", "lng", "staff", "radius_m", "version",
                            "equipment", "missing", "expiring", "drills"}) {
        EXPECT_TRUE(reply.body.as_object().contains(key)) << key;
    }
    const auto& missing = reply.body.at("missing").as_array();
    ASSERT_FALSE(missing.empty());
    for (const char* key : {"item", "name", "have", "min"}) EXPECT_TRUE(missing[0].as_object().contains(key)) << key;
    auto list = Get("/api/v1/stations?region_id=" + Id(w_->village1), "town");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Int("total"), 1);
}

TEST_P(StationsHttp, BadInputIs422NamingTheFieldAndScopeIs404) {
    EXPECT_TRUE(Post("/api/v1/stations", "town", Body(w_->village1, R"(,"kind":"brigade")")).HasField("kind"));
    auto bad_kind = Post(
        "/api/v1/stations", "town",
        R"({"name":"x","kind":"brigade","region_id":)" + Id(w_->village1) + R"(,"lat":30,"lng":121,"radius_m":500})");
    EXPECT_EQ(bad_kind.status, 422);
    EXPECT_TRUE(bad_kind.HasField("kind"));
    auto bad_lat = Post("/api/v1/stations", "town",
                        R"({"name":"x","kind":"community","region_id":)" + Id(w_->village1) +
                            R"(,"lat":100,"lng":121,"radius_m":500})");
    EXPECT_EQ(bad_lat.status, 422);
    EXPECT_TRUE(bad_lat.HasField("lat"));
    auto bad_radius = Post(
        "/api/v1/stations", "town",
        R"({"name":"x","kind":"community","region_id":)" + Id(w_->village1) + R"(,"lat":30,"lng":121,"radius_m":-5})");
    EXPECT_EQ(bad_radius.status, 422);
    EXPECT_TRUE(bad_radius.HasField("radius_m"));
    EXPECT_EQ(Post("/api/v1/stations", "town", Body(w_->other_village)).status, 404);
    EXPECT_EQ(Post("/api/v1/stations", "enterprise", Body(w_->village1)).status, 403);
    EXPECT_EQ(Get("/api/v1/stations/" + Id(station_), "other_village").status, 404);
    EXPECT_EQ(Get("/api/v1/stations/" + Id(station_), "enterprise").status, 403);

    const std::string equipment = "/api/v1/stations/" + Id(station_) + "/equipment";
    auto item = Post(equipment, "village", R"({"item":"MFS-EQ-99","count":1})");
    EXPECT_EQ(item.status, 422);
    EXPECT_TRUE(item.HasField("item"));
    auto count = Post(equipment, "village", R"({"item":"MFS-EQ-01","count":-1})");
    EXPECT_EQ(count.status, 422);
    EXPECT_TRUE(count.HasField("count"));
    auto date = Post(equipment, "village", R"({"item":"MFS-EQ-01","count":1,"expires_on":"next week"})");
    EXPECT_EQ(date.status, 422);
    EXPECT_TRUE(date.HasField("expires_on"));
    EXPECT_EQ(Post(equipment, "other_village", R"({"item":"MFS-EQ-01","count":1})").status, 404);
}

TEST_P(StationsHttp, EquipmentAnswersTheWholeStationAndDrillsAre201) {
    // A POST that creates answers 201 (CONTRACT "Conventions"): a new item row does; a replaced one is 200.
    auto reply = Post("/api/v1/stations/" + Id(station_) + "/equipment", "village",
                      R"({"item":"MFS-EQ-01","count":10,"expires_on":"2026-12-01"})");
    ASSERT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
    const auto& expiring = reply.body.at("expiring").as_array();
    ASSERT_EQ(expiring.size(), 1u);
    EXPECT_EQ(expiring[0].at("item"), "MFS-EQ-01");
    EXPECT_EQ(expiring[0].at("expires_on"), "2026-12-01");
    EXPECT_EQ(expiring[0].at("expired"), false);
    const auto& row = reply.body.at("equipment").as_array().at(0);
    EXPECT_EQ(row.at("count").as_int64(), 10);
    EXPECT_EQ(row.at("min").as_int64(), 10);
    auto replaced = Post("/api/v1/stations/" + Id(station_) + "/equipment", "village",
                         R"({"item":"MFS-EQ-01","count":12,"expires_on":"2026-12-01"})");
    ASSERT_EQ(replaced.status, 200) << boost::json::serialize(replaced.body);
    EXPECT_EQ(replaced.body.at("equipment").as_array().at(0).at("count").as_int64(), 12);
    auto drill = Post("/api/v1/stations/" + Id(station_) + "/drills", "town",
                      R"({"held_on":"2026-11-20","response_s":170,"note":"拉动"})");
    ASSERT_EQ(drill.status, 201) << boost::json::serialize(drill.body);
    EXPECT_EQ(drill.Int("response_s"), 170);
}

TEST_P(StationsHttp, PatchNeedsTheVersionAndAStaleOneIs409WithTheCurrentStation) {
    const std::string path = "/api/v1/stations/" + Id(station_);
    auto ok = Patch(path, "village", R"({"staff":8})", {{"if-match", "\"1\""}});
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.Int("version"), 2);
    auto stale = Patch(path, "town", R"({"staff":9,"version":1})");
    ASSERT_EQ(stale.status, 409);
    EXPECT_EQ(stale.body.at("error").at("current").at("staff").as_int64(), 8);
    EXPECT_EQ(Patch(path, "town", R"({"radius_m":0,"version":2})").status, 422);
}

TEST_P(StationsHttp, CoverageAnswersTheContractShape) {
    w_->store->Exec("UPDATE enterprises SET lat = 30.18, lng = 121.33 WHERE id = ?", {w_->ent1b});
    auto reply = Get("/api/v1/stats/coverage", "town");
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.Int("enterprises"), 1);
    EXPECT_EQ(reply.Int("covered"), 0);
    const auto& gap = reply.body.at("uncovered").as_array().at(0);
    EXPECT_EQ(gap.at("id").as_int64(), w_->ent1b);
    EXPECT_NEAR(static_cast<double>(gap.at("nearest_m").as_int64()), 1112, 2);
    EXPECT_EQ(Get("/api/v1/stats/coverage?region_id=" + Id(w_->other_village), "town").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, StationsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
