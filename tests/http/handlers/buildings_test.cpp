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

INSTANTIATE_TEST_SUITE_P(Stores, BuildingsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
