// GET /api/v1/map/layers and the "boundary" of /api/v1/regions, through the router.
#include "http/handlers/map.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

const std::string kSquare =
    R"({"type":"Polygon","coordinates":[[[121.0,30.0],[121.01,30.0],[121.01,30.01],[121.0,30.01],[121.0,30.0]]]})";
const std::string kCanonicalSquare =
    R"({"type":"Polygon","coordinates":[[[121,30],[121.01,30],[121.01,30.01],[121,30.01],[121,30]]]})";

// The canonical square as a JSON value: compared as values, since the serializer spells numbers its
// own way (121.01 may come out as 1.2101E2).
boost::json::value Square() { return boost::json::parse(kCanonicalSquare); }

class MapHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        map_ = std::make_unique<services::MapService>(w_->store->shared());
        RegisterMapRoutes(router_, *map_);
    }
    std::unique_ptr<services::MapService> map_;
};

TEST_P(MapHttp, ABoundaryIsPatchedReadBackCanonicalAndLeftOutOfTheTree) {
    auto patched = Patch("/api/v1/regions/" + Id(w_->grid1a), "town", R"({"version":1,"boundary":)" + kSquare + "}");
    ASSERT_EQ(patched.status, 200) << boost::json::serialize(patched.body);
    EXPECT_EQ(patched.body.at("boundary"), Square()) << boost::json::serialize(patched.body.at("boundary"));
    auto read = Get("/api/v1/regions/" + Id(w_->grid1a), "inspector");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.body.at("boundary"), Square()) << boost::json::serialize(read.body.at("boundary"));
    EXPECT_TRUE(Get("/api/v1/regions/" + Id(w_->grid1b), "village").body.at("boundary").is_null());
    auto tree = Get("/api/v1/regions", "village");
    ASSERT_EQ(tree.status, 200);
    for (const auto& grid : tree.body.as_array()[0].at("children").as_array()) {
        EXPECT_FALSE(grid.as_object().contains("boundary"));
    }
    auto cleared = Patch("/api/v1/regions/" + Id(w_->grid1a), "town", R"({"version":2,"boundary":null})");
    ASSERT_EQ(cleared.status, 200);
    EXPECT_TRUE(cleared.body.at("boundary").is_null());
}

TEST_P(MapHttp, APostTakesABoundary) {
    auto created =
        Post("/api/v1/regions", "town",
             R"({"name":"新网格","kind":"grid","parent_id":)" + Id(w_->village1) + R"(,"boundary":)" + kSquare + "}");
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    EXPECT_EQ(created.body.at("boundary"), Square()) << boost::json::serialize(created.body.at("boundary"));
}

TEST_P(MapHttp, BadBoundariesAre422OnBoundaryWithTheReason) {
    const std::string target = "/api/v1/regions/" + Id(w_->grid1a);
    struct Case {
        std::string boundary;
        std::string reason;  // part of the English message
    };
    for (const Case& c : std::vector<Case>{
             {R"("a polygon")", "geometry object"},
             {R"({"type":"Point","coordinates":[121,30]})", "Polygon or MultiPolygon"},
             {R"({"type":"Feature","geometry":{}})", "Polygon or MultiPolygon"},
             {R"({"type":"Polygon"})", "coordinates"},
             {R"({"type":"Polygon","coordinates":[[[121,30],[121.1,30],[121,30]]]})", "4 positions"},
             {R"({"type":"Polygon","coordinates":[[[121,30],[121.1,30],[121.1,30.1],[121,30.2]]]})", "closed"},
             {R"({"type":"Polygon","coordinates":[[["121",30],[121.1,30],[121.1,30.1],[121,30]]]})", "numbers"},
             {R"({"type":"Polygon","coordinates":[[[121,30],[121.1,30],[121.1,91],[121,30]]]})", "Latitude"},
             {R"({"type":"Polygon","coordinates":[[[181,30],[121.1,30],[121.1,31],[181,30]]]})", "Longitude"},
             {R"({"type":"MultiPolygon","coordinates":[]})", "at least one polygon"},
             {R"({"type":"Polygon","coordinates":[[121,30]]})", "[lng, lat]"},
             {R"({"type":"Polygon","coordinates":[121]})", "array of positions"},
         }) {
        auto reply = Patch(target, "town", R"({"version":1,"boundary":)" + c.boundary + "}");
        EXPECT_EQ(reply.status, 422) << c.boundary;
        ASSERT_TRUE(reply.HasField("boundary")) << c.boundary << " " << boost::json::serialize(reply.body);
        const std::string message = boost::json::serialize(reply.body.at("error").at("fields").at("boundary"));
        EXPECT_NE(message.find(c.reason), std::string::npos) << c.boundary << " → " << message;
    }
    EXPECT_TRUE(Get(target, "town").body.at("boundary").is_null());  // nothing written
    EXPECT_EQ(Get(target, "town").Int("version"), 1);
}

TEST_P(MapHttp, LayersHaveTheDocumentedShapeForTheCallersScope) {
    ASSERT_EQ(Patch("/api/v1/regions/" + Id(w_->grid1a), "town", R"({"version":1,"boundary":)" + kSquare + "}").status,
              200);
    w_->store->Exec("UPDATE enterprises SET lat = 30.005, lng = 121.005 WHERE id IN (?, ?)", {w_->ent1a, w_->ent2a});
    auto reply = Get("/api/v1/map/layers", "village");
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    const auto& enterprises = reply.body.at("enterprises").as_array();
    ASSERT_EQ(enterprises.size(), 1u);  // ent2a is in the other village
    const auto& e = enterprises[0].as_object();
    EXPECT_EQ(e.at("id").as_int64(), w_->ent1a);
    for (const char* key : {"name", "lat", "lng", "risk_level", "open_hazards"}) EXPECT_TRUE(e.contains(key)) << key;
    EXPECT_EQ(e.at("open_hazards").as_int64(), 0);
    const auto& boundaries = reply.body.at("boundaries").as_array();
    ASSERT_EQ(boundaries.size(), 1u);
    EXPECT_EQ(boundaries[0].at("region_id").as_int64(), w_->grid1a);
    EXPECT_EQ(boundaries[0].at("name"), "高家村第一网格");
    EXPECT_EQ(boundaries[0].at("kind"), "grid");
    EXPECT_EQ(boundaries[0].at("boundary"), Square()) << boost::json::serialize(boundaries[0].at("boundary"));
    EXPECT_EQ(reply.body.at("truncated").at("enterprises"), false);
    EXPECT_EQ(reply.body.at("limits").at("enterprises").as_int64(), services::kMapMaxEnterprises);
}

TEST_P(MapHttp, LayersRefuseWhatTheCallerMayNotSee) {
    EXPECT_EQ(Get("/api/v1/map/layers", "").status, 401);
    EXPECT_EQ(Get("/api/v1/map/layers", "enterprise").status, 403);
    EXPECT_EQ(Get("/api/v1/map/layers?region_id=" + Id(w_->other_town), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/map/layers?region_id=" + Id(w_->grid1b), "inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/map/layers?region_id=0", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/map/layers?region_id=abc", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/map/layers?region_id=" + Id(w_->grid1b), "town").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Stores, MapHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
