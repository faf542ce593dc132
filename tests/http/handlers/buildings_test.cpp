#include "http/handlers/buildings.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class BuildingsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        auto created = Post("/api/v1/buildings", "inspector",
                            R"({"grid_id":)" + Id(w_->grid1a) +
                                R"(,"name":"王家厂房1幢","address":"匡堰镇高家村东路12号","landlord_name":"王芳",)"
                                R"("landlord_phone":"13600000000","floors":4,"area_m2":2400.5})");
        ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
        building_ = created.Int("id");
        EXPECT_EQ(created.Int("tenant_count"), 0);
        EXPECT_TRUE(created.body.at("tenants").as_array().empty());
        auto tenant = Post("/api/v1/enterprises", "inspector",
                           R"({"grid_id":)" + Id(w_->grid1a) + R"(,"building_id":)" + Id(building_) +
                               R"(,"name":"慈溪市巧手绣花厂","credit_code":")" + test::CreditCodeFor(90) + R"("})");
        ASSERT_EQ(tenant.status, 201) << boost::json::serialize(tenant.body);
        tenant_ = tenant.Int("id");
    }

    int64_t building_ = 0, tenant_ = 0;
};

TEST_P(BuildingsHttp, GetListsTheTenants) {
    auto reply = Get("/api/v1/buildings/" + Id(building_), "village");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Int("tenant_count"), 1);
    EXPECT_EQ(reply.body.at("tenants").as_array()[0].at("id").as_int64(), tenant_);
    EXPECT_EQ(reply.body.at("area_m2").as_double(), 2400.5);
    EXPECT_EQ(Get("/api/v1/enterprises?building_id=" + Id(building_), "town").body.at("total").as_int64(), 1);
}

TEST_P(BuildingsHttp, RolesAndScope) {
    const std::string path = "/api/v1/buildings/" + Id(building_);
    EXPECT_EQ(Get(path, "admin").status, 200);
    EXPECT_EQ(Get(path, "town").status, 200);
    EXPECT_EQ(Get(path, "inspector").status, 200);
    EXPECT_EQ(Get(path, "other_inspector").status, 404);
    EXPECT_EQ(Get(path, "other_village").status, 404);
    EXPECT_EQ(Get(path, "other_town").status, 404);
    EXPECT_EQ(Get(path, "enterprise").status, 403);
    EXPECT_EQ(Get("/api/v1/buildings", "enterprise").status, 403);
    EXPECT_EQ(Post("/api/v1/buildings", "enterprise", R"({"grid_id":1,"name":"x"})").status, 403);
    EXPECT_EQ(Patch(path, "enterprise", R"({"name":"x","version":1})").status, 403);
    EXPECT_EQ(Patch(path, "other_inspector", R"({"name":"x","version":1})").status, 404);
    EXPECT_EQ(Get("/api/v1/buildings?region_id=" + Id(w_->village2), "village").status, 404);
}

TEST_P(BuildingsHttp, ListSearchAndPaging) {
    auto reply = Get("/api/v1/buildings?q=%E4%B8%9C%E8%B7%AF&page_size=5", "town");  // 东路
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Int("total"), 1);
    EXPECT_EQ(reply.Int("page_size"), 5);
    EXPECT_EQ(reply.body.at("items").as_array()[0].at("tenant_count").as_int64(), 1);
    EXPECT_FALSE(reply.body.at("items").as_array()[0].as_object().contains("tenants"));
    EXPECT_EQ(Get("/api/v1/buildings?region_id=" + Id(w_->village2), "town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/buildings?page=0", "town").status, 422);
}

TEST_P(BuildingsHttp, PatchWithVersion) {
    const std::string path = "/api/v1/buildings/" + Id(building_);
    EXPECT_TRUE(Patch(path, "village", R"({"floors":5})").HasField("version"));
    auto ok = Patch(path, "village", R"({"floors":5,"landlord_phone":null})", {{"if-match", "\"1\""}});
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.Int("floors"), 5);
    EXPECT_EQ(ok.body.at("landlord_phone"), "");
    EXPECT_EQ(ok.Int("version"), 2);
    EXPECT_EQ(Patch(path, "village", R"({"floors":6,"version":1})").status, 409);
    EXPECT_EQ(Patch(path, "village", R"({"floors":0,"version":2})").status, 422);
    EXPECT_EQ(Patch(path, "village", R"({"grid_id":)" + Id(w_->grid1b) + R"(,"version":2})").status, 422);
}

TEST_P(BuildingsHttp, SleepingFactsAndTheServersWarnings) {
    const std::string path = "/api/v1/buildings/" + Id(building_);
    auto fresh = Get(path, "town");
    EXPECT_EQ(fresh.Int("people_sleeping"), 0);
    EXPECT_EQ(fresh.body.at("sleeping_separated"), false);
    EXPECT_TRUE(fresh.body.at("height_m").is_null());
    EXPECT_TRUE(fresh.body.at("warnings").as_array().empty());  // one tenant, nobody sleeping
    auto bad = Patch(path, "town", R"({"people_sleeping":-2,"sleeping_separated":"yes","version":1})");
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.HasField("people_sleeping"));
    EXPECT_TRUE(bad.HasField("sleeping_separated"));
    auto ok = Patch(path, "town", R"({"people_sleeping":25,"sandwich_panels":true,"height_m":9.5,"version":1})");
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.Int("people_sleeping"), 25);
    EXPECT_EQ(ok.body.at("sandwich_panels"), true);
    EXPECT_EQ(ok.body.at("height_m").as_double(), 9.5);
    std::vector<std::string> codes;
    for (const auto& w : ok.body.at("warnings").as_array()) {
        codes.emplace_back(w.at("code").as_string());
        EXPECT_FALSE(w.at("message").as_string().empty());
        EXPECT_FALSE(w.at("rule").as_string().empty());
    }
    EXPECT_EQ(codes, (std::vector<std::string>{"three_in_one", "ga703_full_separation", "sandwich_panel_dormitory"}));
    EXPECT_EQ(ok.body.at("warnings").as_array()[0].at("message").as_string().find("Three-in-one"), 0u);  // en asked
    auto listed = Get("/api/v1/buildings", "town");
    EXPECT_EQ(listed.body.at("items").as_array()[0].at("warnings").as_array().size(), 3u);
    // The tenant's risk now names the factor.
    auto risk = Get("/api/v1/enterprises/" + Id(tenant_) + "/risk", "town");
    ASSERT_EQ(risk.status, 200);
    bool named = false;
    for (const auto& f : risk.body.at("factors").as_array()) named = named || f.at("code") == "people_sleeping";
    EXPECT_TRUE(named);
    auto created = Post("/api/v1/buildings", "inspector",
                        R"({"grid_id":)" + Id(w_->grid1a) + R"(,"name":"宿舍楼","people_sleeping":-1})");
    EXPECT_EQ(created.status, 422);
    EXPECT_TRUE(created.HasField("people_sleeping"));
}

INSTANTIATE_TEST_SUITE_P(Stores, BuildingsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
