#include "services/user_service.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

Principal Caller(int64_t id, Role role, Scope scope) {
    Principal p;
    p.user_id = id;
    p.username = "caller" + std::to_string(id);
    p.role = role;
    p.scope = scope;
    return p;
}

class UserServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        audit_ = std::make_unique<AuditService>(store_->shared(), clock_);
        users_ = std::make_unique<UserService>(store_->shared(), clock_, *audit_);
        town_ = store_->AddTown("匡堰镇");
        village_ = store_->AddVillage(town_);
        grid_ = store_->AddGrid(town_, village_);
        enterprise_ = store_->AddEnterprise(town_, village_, grid_);
        other_town_ = store_->AddTown("观海卫镇");
        other_village_ = store_->AddVillage(other_town_);
        other_enterprise_ =
            store_->AddEnterprise(other_town_, other_village_, store_->AddGrid(other_town_, other_village_));
        admin_ = Caller(1001, Role::kAdmin, Scope::All());
        town_officer_ = Caller(1002, Role::kTown, {Scope::Level::kTown, town_});
    }

    static NewUser User(std::string name, std::string role, std::optional<int64_t> region = std::nullopt,
                        std::optional<int64_t> enterprise = std::nullopt) {
        return NewUser{std::move(name), std::move(role), region, enterprise, "password1", std::nullopt, std::nullopt};
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<AuditService> audit_;
    std::unique_ptr<UserService> users_;
    int64_t town_ = 0, village_ = 0, grid_ = 0, enterprise_ = 0;
    int64_t other_town_ = 0, other_village_ = 0, other_enterprise_ = 0;
    Principal admin_, town_officer_;
};

TEST_P(UserServiceTest, CreatesEachRoleInItsTown) {
    struct Case {
        NewUser user;
        int64_t town;
    };
    for (const Case& c :
         {Case{User("admin2", "admin"), 0}, Case{User("town1", "town", town_), town_},
          Case{User("village1", "village", village_), town_}, Case{User("insp1", "inspector", grid_), town_},
          Case{User("insp2", "inspector", other_village_), other_town_},
          Case{User("ent1", "enterprise", std::nullopt, enterprise_), town_}}) {
        auto u = users_->Create(nullptr, c.user);
        ASSERT_TRUE(u) << c.user.username << ": " << u.error().id << " " << u.error().internal;
        EXPECT_EQ(u->username, c.user.username);
        EXPECT_EQ(RoleName(u->role), c.user.role);
        EXPECT_EQ(u->town_id, c.town) << c.user.username;
        EXPECT_EQ(u->created_at, clock_.Now());
        EXPECT_EQ(u->version, 1);
    }
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM users"), 6);
}

TEST_P(UserServiceTest, RejectsInvalidFieldsAllAtOnce) {
    NewUser bad{"a b", "mayor", std::nullopt, std::nullopt, "short", std::string("tab\there"), std::string(40, '1')};
    auto u = users_->Create(nullptr, bad);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, Code::kValidation);
    for (const char* f : {"username", "role", "password", "display_name", "phone"}) {
        EXPECT_TRUE(u.error().fields.count(f)) << f;
    }
}

TEST_P(UserServiceTest, ChecksUsernameShape) {
    for (const std::string& name : {std::string("ab"), std::string(33, 'a'), std::string("名字名字"),
                                    std::string("a/b"), std::string("x\0y", 3), std::string("drop;--")}) {
        auto u = users_->Create(nullptr, User(name, "admin"));
        ASSERT_FALSE(u) << name;
        EXPECT_TRUE(u.error().fields.count("username")) << name;
    }
    EXPECT_TRUE(users_->Create(nullptr, User("a.b-c_9", "admin")));
    EXPECT_TRUE(users_->Create(nullptr, User(std::string(32, 'z'), "admin")));
}

TEST_P(UserServiceTest, RequiresTheRightKindOfRegionOrAnEnterprise) {
    struct Case {
        NewUser user;
        const char* field;
    };
    for (const Case& c :
         {Case{User("ttt1", "town"), "region_id"}, Case{User("ttt2", "town", village_), "region_id"},
          Case{User("vvv1", "village", grid_), "region_id"}, Case{User("iii1", "inspector", town_), "region_id"},
          Case{User("iii2", "inspector", 999'999), "region_id"}, Case{User("eee1", "enterprise"), "enterprise_id"},
          Case{User("eee2", "enterprise", std::nullopt, 999'999), "enterprise_id"},
          Case{User("eee3", "enterprise", grid_, enterprise_), "region_id"},
          Case{User("aaa1", "admin", town_), "region_id"},
          Case{User("vvv2", "village", village_, enterprise_), "enterprise_id"}}) {
        auto u = users_->Create(nullptr, c.user);
        ASSERT_FALSE(u) << c.user.username;
        EXPECT_EQ(u.error().code, Code::kValidation) << c.user.username;
        EXPECT_TRUE(u.error().fields.count(c.field)) << c.user.username;
    }
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM users"), 0);
}

TEST_P(UserServiceTest, UsernamesAreUniqueRegardlessOfCase) {
    ASSERT_TRUE(users_->Create(nullptr, User("admin", "admin")));
    auto dup = users_->Create(nullptr, User("ADMIN", "admin"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Code::kConflict);
    EXPECT_EQ(dup.error().id, "username_taken");
}

TEST_P(UserServiceTest, TownOfficersCreateOnlyInsideTheirTown) {
    EXPECT_TRUE(users_->Create(&town_officer_, User("vvv1", "village", village_)));
    EXPECT_TRUE(users_->Create(&town_officer_, User("eee1", "enterprise", std::nullopt, enterprise_)));

    auto admin = users_->Create(&town_officer_, User("boss", "admin"));
    ASSERT_FALSE(admin);
    EXPECT_EQ(admin.error().code, Code::kForbidden);

    auto elsewhere = users_->Create(&town_officer_, User("vvv2", "village", other_village_));
    ASSERT_FALSE(elsewhere);
    EXPECT_TRUE(elsewhere.error().fields.count("region_id"));
    auto missing = users_->Create(&town_officer_, User("vvv3", "village", 999'999));
    ASSERT_FALSE(missing);
    // Out of town reads exactly like missing: nothing reveals that the region exists.
    EXPECT_EQ(elsewhere.error().fields.at("region_id").en, missing.error().fields.at("region_id").en);

    // Even a region of the wrong kind elsewhere must not be told apart from a missing one.
    auto wrong_kind_elsewhere = users_->Create(&town_officer_, User("vvv4", "village", other_town_));
    ASSERT_FALSE(wrong_kind_elsewhere);
    EXPECT_EQ(wrong_kind_elsewhere.error().fields.at("region_id").en, missing.error().fields.at("region_id").en);

    auto other_ent = users_->Create(&town_officer_, User("eee2", "enterprise", std::nullopt, other_enterprise_));
    ASSERT_FALSE(other_ent);
    EXPECT_TRUE(other_ent.error().fields.count("enterprise_id"));
}

TEST_P(UserServiceTest, OtherRolesMayNotCreateUsersAndLearnNothingFromBadInput) {
    for (Role role : {Role::kVillage, Role::kInspector, Role::kEnterprise}) {
        Principal p = Caller(5, role, {Scope::Level::kVillage, village_});
        auto u = users_->Create(&p, NewUser{"", "", std::nullopt, std::nullopt, "", std::nullopt, std::nullopt});
        ASSERT_FALSE(u);
        EXPECT_EQ(u.error().code, Code::kForbidden);
    }
}

TEST_P(UserServiceTest, ListAndGetFollowTheCallersReach) {
    auto mine = users_->Create(nullptr, User("vvv1", "village", village_));
    auto theirs = users_->Create(nullptr, User("vvv2", "village", other_village_));
    ASSERT_TRUE(mine && theirs);

    auto all = users_->List(admin_, 0, 20);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->second, 2);
    auto town = users_->List(town_officer_, 0, 20);
    ASSERT_TRUE(town);
    ASSERT_EQ(town->second, 1);
    EXPECT_EQ(town->first.at(0).id, mine->id);

    Principal village = Caller(mine->id, Role::kVillage, {Scope::Level::kVillage, village_});
    EXPECT_EQ(users_->List(village, 0, 20).error().code, Code::kForbidden);
    EXPECT_TRUE(users_->Get(village, mine->id));  // themself
    EXPECT_EQ(users_->Get(village, theirs->id).error().code, Code::kForbidden);

    EXPECT_TRUE(users_->Get(town_officer_, mine->id));
    EXPECT_EQ(users_->Get(town_officer_, theirs->id).error().code, Code::kNotFound);
    EXPECT_EQ(users_->Get(town_officer_, 999'999).error().code, Code::kNotFound);
    EXPECT_TRUE(users_->Get(admin_, theirs->id));
}

TEST_P(UserServiceTest, CreationIsAuditedWithoutThePassword) {
    auto u = users_->Create(&town_officer_, User("vvv1", "village", village_));
    ASSERT_TRUE(u);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = 'create' AND "
                               "entity_id = ? AND town_id = ? AND actor_id = ?",
                               {u->id, town_, int64_t{1002}}),
              1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%password%' OR "
                               "after_json LIKE '%argon2%'"),
              0);
    EXPECT_TRUE(audit_->Verify()->intact);
}

TEST_P(UserServiceTest, StoresAnArgon2idHashNotThePassword) {
    ASSERT_TRUE(users_->Create(nullptr, User("admin", "admin")));
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), 1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM users WHERE password_hash LIKE '%password1%'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, UserServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
