#include "http/handlers/users.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::http {
namespace {

boost::json::value Body(const Response& r) { return boost::json::parse(r.body); }

class UserHandlersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(test::Backend::kSqlite);
        ASSERT_TRUE(store_);
        audit_ = std::make_unique<services::AuditService>(store_->shared(), clock_);
        users_ = std::make_unique<services::UserService>(store_->shared(), clock_, *audit_);
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        other_village_ = store_->AddVillage(store_->AddTown("观海卫镇"));
        RegisterUserRoutes(router_, *users_);
        admin_.user_id = 1001;
        admin_.username = "admin";
        admin_.role = Role::kAdmin;
        admin_.scope = Scope::All();
        town_officer_.user_id = 1002;
        town_officer_.username = "town";
        town_officer_.role = Role::kTown;
        town_officer_.scope = {Scope::Level::kTown, town_};
    }

    Response Call(Method method, const std::string& path, const Principal& who, const std::string& body = "",
                  std::vector<std::pair<std::string, std::string>> query = {}) {
        Request req;
        req.method = method;
        req.path = req.target = path;
        req.body = body;
        req.query = std::move(query);
        req.headers["content-type"] = "application/json";
        req.locale = Locale::kEn;
        req.principal = who;
        auto match = router_.Find(method, path);
        EXPECT_TRUE(match.route) << path;
        if (!match.route) return {};
        req.path_params = match.params;
        return match.route->handler(req);
    }

    std::string NewVillageUser(const std::string& name, int64_t region) {
        return R"({"username":")" + name + R"(","role":"village","region_id":)" + std::to_string(region) +
               R"(,"password":"password1","display_name":"村干部"})";
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<services::AuditService> audit_;
    std::unique_ptr<services::UserService> users_;
    Router router_;
    int64_t town_ = 0, village_ = 0, other_village_ = 0;
    Principal admin_, town_officer_;
};

TEST_F(UserHandlersTest, AdminCreatesAUserAndGets201WithoutThePassword) {
    Response r = Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("vil1", village_));
    ASSERT_EQ(r.status, 201) << r.body;
    auto body = Body(r).as_object();
    EXPECT_EQ(body.at("username").as_string(), "vil1");
    EXPECT_EQ(body.at("role").as_string(), "village");
    EXPECT_EQ(body.at("region_id").as_int64(), village_);
    EXPECT_EQ(body.at("town_id").as_int64(), town_);
    EXPECT_EQ(body.at("display_name").as_string(), "村干部");
    EXPECT_EQ(body.at("version").as_int64(), 1);
    EXPECT_EQ(body.at("created_at").as_string(), "2026-11-29T11:31:14Z");
    EXPECT_EQ(r.body.find("password"), std::string::npos);
    EXPECT_EQ(r.body.find("argon2"), std::string::npos);
}

TEST_F(UserHandlersTest, BadInputGetsTheContractsStatuses) {
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", admin_, "{").status, 400);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", admin_, "\"x\"").status, 400);
    Response types = Call(Method::kPost, "/api/v1/users", admin_, R"({"username":1,"region_id":"abc"})");
    EXPECT_EQ(types.status, 422);
    Response rules = Call(Method::kPost, "/api/v1/users", admin_, R"({"username":"x","role":"king","password":"1"})");
    ASSERT_EQ(rules.status, 422);
    const boost::json::value rules_body = Body(rules);
    const auto& fields = rules_body.at("error").at("fields").as_object();
    EXPECT_TRUE(fields.contains("username"));
    EXPECT_TRUE(fields.contains("role"));
    EXPECT_TRUE(fields.contains("password"));
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", admin_, R"({"region_id":1e300})").status, 422);
    ASSERT_EQ(Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("vil1", village_)).status, 201);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("VIL1", village_)).status, 409);
}

TEST_F(UserHandlersTest, OnlyAdminsAndTownOfficersCreateUsers) {
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", town_officer_, NewVillageUser("vil1", village_)).status, 201);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", town_officer_, NewVillageUser("vil2", other_village_)).status, 422);
    Principal village = town_officer_;
    village.role = Role::kVillage;
    village.scope = {Scope::Level::kVillage, village_};
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", village, NewVillageUser("vil3", village_)).status, 403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", village, "{}").status, 403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", village, "{garbage").status, 403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/users", village, R"({"region_id":"x"})").status, 403);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users", village).status, 403);
}

TEST_F(UserHandlersTest, ListsAndReadsWithinReach) {
    ASSERT_EQ(Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("mine", village_)).status, 201);
    Response theirs = Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("theirs", other_village_));
    ASSERT_EQ(theirs.status, 201);
    const int64_t theirs_id = Body(theirs).at("id").as_int64();

    Response list = Call(Method::kGet, "/api/v1/users", town_officer_, "", {{"page", "1"}, {"page_size", "10"}});
    ASSERT_EQ(list.status, 200) << list.body;
    auto body = Body(list).as_object();
    EXPECT_EQ(body.at("total").as_int64(), 1);
    EXPECT_EQ(body.at("page").as_int64(), 1);
    EXPECT_EQ(body.at("page_size").as_int64(), 10);
    EXPECT_EQ(body.at("items").as_array().at(0).at("username").as_string(), "mine");

    EXPECT_EQ(Body(Call(Method::kGet, "/api/v1/users", admin_)).at("total").as_int64(), 2);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users", admin_, "", {{"page_size", "500"}}).status, 422);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users", admin_, "", {{"page", "zero"}}).status, 422);

    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/" + std::to_string(theirs_id), admin_).status, 200);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/" + std::to_string(theirs_id), town_officer_).status, 404);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/abc", admin_).status, 404);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/99999999999999999999", admin_).status, 404);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/-1", admin_).status, 404);
}

TEST_F(UserHandlersTest, PatchDisablesWithAVersionAndAnswersTheUser) {
    Response created = Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("vil1", village_));
    ASSERT_EQ(created.status, 201);
    const std::string path = "/api/v1/users/" + std::to_string(Body(created).at("id").as_int64());
    EXPECT_EQ(Body(created).at("disabled").as_bool(), false);

    EXPECT_EQ(Call(Method::kPatch, path, admin_, R"({"disabled":true})").status, 422);  // no version
    EXPECT_EQ(Call(Method::kPatch, path, admin_, R"({"disabled":"yes","version":1})").status, 422);
    EXPECT_EQ(Call(Method::kPatch, path, admin_, R"({"version":1})").status, 422);
    EXPECT_EQ(Call(Method::kPatch, path, admin_, R"({"disabled":true,"version":5})").status, 409);
    Response off = Call(Method::kPatch, path, admin_, R"({"disabled":true,"version":1})");
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_EQ(Body(off).at("disabled").as_bool(), true);
    EXPECT_EQ(Body(off).at("version").as_int64(), 2);
    EXPECT_EQ(Body(Call(Method::kGet, path, admin_)).at("disabled").as_bool(), true);
    // Outside the town officer's reach reads as missing.
    Response other = Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("vil9", other_village_));
    const std::string other_path = "/api/v1/users/" + std::to_string(Body(other).at("id").as_int64());
    EXPECT_EQ(Call(Method::kPatch, other_path, town_officer_, R"({"disabled":true,"version":1})").status, 404);
    Response on = Call(Method::kPatch, path, town_officer_, R"({"disabled":false,"version":2})");
    EXPECT_EQ(on.status, 200) << on.body;
}

TEST_F(UserHandlersTest, PatchHonoursIfMatch) {
    Response created = Call(Method::kPost, "/api/v1/users", admin_, NewVillageUser("vil1", village_));
    const std::string path = "/api/v1/users/" + std::to_string(Body(created).at("id").as_int64());
    Request req;
    req.method = Method::kPatch;
    req.path = req.target = path;
    req.body = R"({"disabled":true})";
    req.headers["content-type"] = "application/json";
    req.headers["if-match"] = "\"1\"";
    req.principal = admin_;
    auto match = router_.Find(Method::kPatch, path);
    ASSERT_TRUE(match.route);
    req.path_params = match.params;
    Response r = match.route->handler(req);
    EXPECT_EQ(r.status, 200) << r.body;
    // A caller cannot take back itself.
    Principal self = admin_;
    self.user_id = Body(created).at("id").as_int64();
    EXPECT_EQ(Call(Method::kPatch, path, self, R"({"disabled":true,"version":2})").status, 409);
}

}  // namespace
}  // namespace safegrid::http
