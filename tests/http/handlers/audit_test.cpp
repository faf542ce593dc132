#include "http/handlers/audit.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/audit_tamper.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::http {
namespace {

boost::json::value Body(const Response& r) { return boost::json::parse(r.body); }

class AuditHandlersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(test::Backend::kSqlite);
        ASSERT_TRUE(store_);
        audit_ = std::make_unique<services::AuditService>(store_->shared(), clock_);
        RegisterAuditRoutes(router_, *audit_);
        actor_.user_id = 2;
        actor_.username = "town";
        actor_.role = Role::kTown;
        actor_.scope = {Scope::Level::kTown, 1};
        Append(1, "enterprise", 10, nullptr, boost::json::object{{"name", "甲厂"}});
        Append(1, "enterprise", 10, boost::json::object{{"name", "甲厂"}}, boost::json::object{{"name", "乙厂"}});
        Append(2, "hazard", 3, nullptr, boost::json::object{{"title", "x"}});
    }

    void Append(int64_t town, const std::string& entity, int64_t id, boost::json::value before,
                boost::json::value after) {
        ASSERT_TRUE(store_->db().Transact(true, [&](storage::Connection& c) {
            return audit_->Append(c, &actor_,
                                  {town, entity, id, before.is_null() ? "create" : "update", before, after});
        }));
    }

    Response Get(const Principal& who, std::vector<std::pair<std::string, std::string>> query = {}) {
        Request req;
        req.method = Method::kGet;
        req.path = req.target = "/api/v1/audit";
        req.query = std::move(query);
        req.principal = who;
        return router_.Find(Method::kGet, req.path).route->handler(req);
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<services::AuditService> audit_;
    Router router_;
    Principal actor_;
};

TEST_F(AuditHandlersTest, TownSeesItsChainNewestFirstWithJsonBeforeAndAfter) {
    Response r = Get(actor_);
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = Body(r).as_object();
    EXPECT_EQ(body.at("total").as_int64(), 2);
    const auto& item = body.at("items").as_array().at(0).as_object();
    EXPECT_EQ(item.at("action").as_string(), "update");
    EXPECT_EQ(item.at("entity").as_string(), "enterprise");
    EXPECT_EQ(item.at("entity_id").as_int64(), 10);
    EXPECT_EQ(item.at("actor_id").as_int64(), 2);
    EXPECT_EQ(item.at("actor_name").as_string(), "town");
    EXPECT_EQ(item.at("at").as_string(), "2026-11-29T11:31:14Z");
    EXPECT_EQ(item.at("before").at("name").as_string(), "甲厂");
    EXPECT_EQ(item.at("after").at("name").as_string(), "乙厂");
    EXPECT_EQ(item.at("hash").as_string().size(), 64u);
    EXPECT_TRUE(body.at("items").as_array().at(1).at("before").is_null());
}

// Issue 12 point 5: the log names people and things; the recorded (hashed) login stays readable.
TEST_F(AuditHandlersTest, EntriesNameTheActorAndTheEntity) {
    store_->Exec(
        "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, created_at, "
        "updated_at) VALUES (2, 'town', 'x', 'town', 1, 1, '沈建国', 1, 1)");
    Append(1, "user", 2, nullptr, boost::json::object{{"username", "town"}});
    ASSERT_TRUE(store_->db().Transact(true, [&](storage::Connection& c) {
        return audit_->Append(c, nullptr, {1, "region", 99, "create", nullptr, boost::json::object{}});
    }));
    auto items = Body(Get(actor_)).at("items").as_array();
    ASSERT_GE(items.size(), 2u);
    const auto& system = items.at(0).as_object();
    EXPECT_TRUE(system.at("actor_name").is_null());
    EXPECT_EQ(system.at("actor_login").as_string(), "system");
    EXPECT_TRUE(system.at("actor_role").is_null());
    EXPECT_TRUE(system.at("entity_label").is_null());  // no region 99
    const auto& login = items.at(1).as_object();
    EXPECT_EQ(login.at("actor_name").as_string(), "沈建国");
    EXPECT_EQ(login.at("actor_login").as_string(), "town");
    EXPECT_EQ(login.at("actor_role").as_string(), "town");
    EXPECT_EQ(login.at("entity_label").as_string(), "沈建国");
}

TEST_F(AuditHandlersTest, AdminSeesEveryChainAndFilters) {
    Principal admin;
    admin.user_id = 1;
    admin.role = Role::kAdmin;
    admin.scope = Scope::All();
    EXPECT_EQ(Body(Get(admin)).at("total").as_int64(), 3);
    EXPECT_EQ(Body(Get(admin, {{"entity", "hazard"}})).at("total").as_int64(), 1);
    EXPECT_EQ(Body(Get(admin, {{"entity", "enterprise"}, {"entity_id", "10"}, {"page_size", "1"}}))
                  .at("items")
                  .as_array()
                  .size(),
              1u);
    EXPECT_EQ(Get(admin, {{"entity_id", "ten"}}).status, 422);
    EXPECT_EQ(Get(admin, {{"page_size", "201"}}).status, 422);
    EXPECT_EQ(Get(admin, {{"entity", std::string(65, 'e')}}).status, 422);
}

TEST_F(AuditHandlersTest, OtherRolesAreForbidden) {
    for (Role role : {Role::kVillage, Role::kInspector, Role::kEnterprise}) {
        Principal p = actor_;
        p.role = role;
        EXPECT_EQ(Get(p).status, 403);
    }
}

TEST_F(AuditHandlersTest, ATamperedRowIsShownNotFailed) {
    test::AllowAuditTampering(store_->db());
    store_->Exec("UPDATE audit_log SET after_json = '{broken' WHERE entity = 'hazard'");
    Principal admin;
    admin.role = Role::kAdmin;
    admin.scope = Scope::All();
    Response r = Get(admin, {{"entity", "hazard"}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(Body(r).at("items").at(0).at("after").as_string(), "{broken");
}

}  // namespace
}  // namespace safegrid::http
