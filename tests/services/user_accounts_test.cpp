// Taking accounts back: disable/enable, password change and set, logout everywhere, and the check
// for accounts that kept the demo password (services/user_accounts.cpp, auth_service.cpp).
#include <gtest/gtest.h>

#include "services/auth_service.hpp"
#include "services/user_service.hpp"
#include "storage/repositories/user_repository.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

constexpr const char* kPassword = "password1";

class UserAccountsTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        audit_ = std::make_unique<AuditService>(store_->shared(), clock_);
        auth_ = std::make_unique<AuthService>(store_->shared(), clock_, *audit_);
        users_ = std::make_unique<UserService>(store_->shared(), clock_, *audit_, auth_.get());
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        other_town_ = store_->AddTown("观海卫镇");
        other_village_ = store_->AddVillage(other_town_);
        admin_id_ = AddUser("admin", "admin", std::nullopt);
        town_id_ = AddUser("town", "town", town_);
        village_id_ = AddUser("village1", "village", village_);
        other_id_ = AddUser("village9", "village", other_village_);
    }

    int64_t AddUser(const std::string& name, const std::string& role, std::optional<int64_t> region,
                    const std::string& password = kPassword) {
        auto u = users_->Create(nullptr, {name, role, region, std::nullopt, password, std::nullopt, std::nullopt});
        EXPECT_TRUE(u) << name << ": " << (u ? "" : u.error().id);
        return u ? u->id : 0;
    }

    LoginResult LoginOk(const std::string& name, const std::string& password = kPassword) {
        auto r = auth_->Login(name, password, "10.0.0.1");
        EXPECT_TRUE(r) << name << ": " << (r ? "" : r.error().id);
        return r ? *r : LoginResult{};
    }

    int64_t VersionOf(int64_t id) { return store_->QueryInt("SELECT version FROM users WHERE id = ?", {id}); }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<AuditService> audit_;
    std::unique_ptr<AuthService> auth_;
    std::unique_ptr<UserService> users_;
    int64_t town_ = 0, village_ = 0, other_town_ = 0, other_village_ = 0;
    int64_t admin_id_ = 0, town_id_ = 0, village_id_ = 0, other_id_ = 0;
};

TEST_P(UserAccountsTest, DisablingEndsEverySessionAtOnceAndRefusesLogin) {
    LoginResult admin = LoginOk("admin");
    LoginResult victim = LoginOk("village1");
    ASSERT_TRUE(auth_->Authenticate(victim.token));  // now in the cache

    auto off = users_->SetDisabled(&admin.principal, village_id_, true, VersionOf(village_id_));
    ASSERT_TRUE(off) << off.error().id;
    EXPECT_TRUE(off->disabled);
    // No clock advance: the cache must not keep the session alive.
    auto again = auth_->Authenticate(victim.token);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Code::kUnauthenticated);
    auto login = auth_->Login("village1", kPassword, "10.0.0.2");
    ASSERT_FALSE(login);
    EXPECT_EQ(login.error().code, Code::kUnauthenticated);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM sessions WHERE user_id = ? AND revoked_at IS NULL", {village_id_}),
              0);

    auto on = users_->SetDisabled(&admin.principal, village_id_, false, off->version);
    ASSERT_TRUE(on) << on.error().id;
    EXPECT_FALSE(on->disabled);
    EXPECT_TRUE(auth_->Login("village1", kPassword, "10.0.0.2"));
    // The old session stays ended: enabling does not revive it.
    EXPECT_FALSE(auth_->Authenticate(victim.token));
}

TEST_P(UserAccountsTest, DisablingFollowsTheCallersReach) {
    LoginResult town = LoginOk("town");
    LoginResult village = LoginOk("village1");
    // A town officer reaches its town's users, not another town's and not admins (404: not there).
    EXPECT_TRUE(users_->SetDisabled(&town.principal, village_id_, true, VersionOf(village_id_)));
    auto other = users_->SetDisabled(&town.principal, other_id_, true, VersionOf(other_id_));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, Code::kNotFound);
    auto admin = users_->SetDisabled(&town.principal, admin_id_, true, VersionOf(admin_id_));
    ASSERT_FALSE(admin);
    EXPECT_EQ(admin.error().code, Code::kNotFound);
    auto self = users_->SetDisabled(&town.principal, town_id_, true, VersionOf(town_id_));
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().code, Code::kConflict);
    EXPECT_EQ(self.error().id, "self_disable");
    // Other roles take back nobody.
    auto by_village = users_->SetDisabled(&village.principal, other_id_, true, VersionOf(other_id_));
    ASSERT_FALSE(by_village);
    EXPECT_EQ(by_village.error().code, Code::kForbidden);
    EXPECT_EQ(store_->QueryInt("SELECT disabled FROM users WHERE id = ?", {other_id_}), 0);
}

TEST_P(UserAccountsTest, DisablingNeedsTheCurrentVersion) {
    LoginResult admin = LoginOk("admin");
    auto missing = users_->SetDisabled(&admin.principal, village_id_, true, std::nullopt);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Code::kValidation);
    EXPECT_TRUE(missing.error().fields.count("version"));
    auto stale = users_->SetDisabled(&admin.principal, village_id_, true, VersionOf(village_id_) + 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, Code::kConflict);
    EXPECT_EQ(store_->QueryInt("SELECT disabled FROM users WHERE id = ?", {village_id_}), 0);
}

TEST_P(UserAccountsTest, DisableAndEnableAreAudited) {
    LoginResult admin = LoginOk("admin");
    auto off = users_->SetDisabled(&admin.principal, village_id_, true, VersionOf(village_id_));
    ASSERT_TRUE(off);
    ASSERT_TRUE(users_->SetDisabled(nullptr, village_id_, false, std::nullopt));  // the system, no version
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND "
                               "action = 'disable' AND actor_id = ?",
                               {village_id_, admin_id_}),
              1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND "
                               "action = 'enable' AND actor_id IS NULL",
                               {village_id_}),
              1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%argon2%'"), 0);
}

TEST_P(UserAccountsTest, ChangingThePasswordEndsEveryOtherSession) {
    LoginResult phone = LoginOk("village1");
    LoginResult browser = LoginOk("village1");
    ASSERT_TRUE(auth_->Authenticate(phone.token));
    ASSERT_TRUE(auth_->ChangePassword(browser.principal, browser.token, kPassword, "new-password-2"));
    EXPECT_TRUE(auth_->Authenticate(browser.token));  // the caller's own session stays
    EXPECT_FALSE(auth_->Authenticate(phone.token));   // at once, cache or not
    EXPECT_FALSE(auth_->Login("village1", kPassword, "10.0.0.3"));
    EXPECT_TRUE(auth_->Login("village1", "new-password-2", "10.0.0.3"));
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'password_change' AND actor_id = ?",
                               {village_id_}),
              1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%new-password%' OR "
                               "after_json LIKE '%password1%' OR after_json LIKE '%argon2%'"),
              0);
}

TEST_P(UserAccountsTest, PasswordChangeChecksTheOldPasswordAndTheNewOnesLength) {
    LoginResult me = LoginOk("village1");
    auto wrong = auth_->ChangePassword(me.principal, me.token, "not-my-password", "new-password-2");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Code::kValidation);
    EXPECT_TRUE(wrong.error().fields.count("old"));
    auto weak = auth_->ChangePassword(me.principal, me.token, kPassword, "short");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, Code::kValidation);
    EXPECT_TRUE(weak.error().fields.count("new"));
    EXPECT_TRUE(auth_->Login("village1", kPassword, "10.0.0.3"));  // unchanged
}

TEST_P(UserAccountsTest, LogoutEverywhereEndsEverySessionIncludingThisOne) {
    LoginResult a = LoginOk("village1");
    LoginResult b = LoginOk("village1");
    LoginResult someone_else = LoginOk("town");
    ASSERT_TRUE(auth_->Authenticate(a.token));
    ASSERT_TRUE(auth_->LogoutAll(a.principal));
    EXPECT_FALSE(auth_->Authenticate(a.token));
    EXPECT_FALSE(auth_->Authenticate(b.token));
    EXPECT_TRUE(auth_->Authenticate(someone_else.token));
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'logout_all'"), 1);
}

TEST_P(UserAccountsTest, TheSystemSetsAPasswordAndEndsSessions) {
    LoginResult old = LoginOk("village1");
    ASSERT_TRUE(auth_->Authenticate(old.token));
    auto set = users_->SetPasswordBySystem("VILLAGE1", "brand-new-pass");
    ASSERT_TRUE(set) << set.error().id;
    EXPECT_FALSE(auth_->Authenticate(old.token));
    EXPECT_TRUE(auth_->Login("village1", "brand-new-pass", "10.0.0.4"));
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'password_set' AND actor_id IS NULL"), 1);
    auto weak = users_->SetPasswordBySystem("village1", "short");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, Code::kValidation);
    auto nobody = users_->SetPasswordBySystem("nobody", "brand-new-pass");
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, Code::kNotFound);
}

TEST_P(UserAccountsTest, ListsAccountsWithTheDemoPasswordUnlessTheStoreIsADemo) {
    AddUser("inspector7", "admin", std::nullopt, std::string(kDemoAccountPassword));
    // An account from before migration 0009: unknown until checked, then recorded.
    const int64_t legacy = AddUser("legacy", "admin", std::nullopt, std::string(kDemoAccountPassword));
    store_->Exec("UPDATE users SET demo_password = NULL WHERE id = ?", {legacy});
    store_->Exec("UPDATE users SET demo_password = NULL WHERE id = ?", {town_id_});

    auto names = users_->DemoPasswordAccounts();
    ASSERT_TRUE(names) << names.error().internal;
    EXPECT_EQ(*names, (std::vector<std::string>{"inspector7", "legacy"}));
    EXPECT_EQ(store_->QueryInt("SELECT demo_password FROM users WHERE id = ?", {legacy}), 1);
    EXPECT_EQ(store_->QueryInt("SELECT demo_password FROM users WHERE id = ?", {town_id_}), 0);

    // Changing the password takes the account off the list.
    ASSERT_TRUE(users_->SetPasswordBySystem("legacy", "a-real-password"));
    names = users_->DemoPasswordAccounts();
    ASSERT_TRUE(names);
    EXPECT_EQ(*names, (std::vector<std::string>{"inspector7"}));

    ASSERT_TRUE(users_->MarkDemoStore());
    names = users_->DemoPasswordAccounts();
    ASSERT_TRUE(names);
    EXPECT_TRUE(names->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, UserAccountsTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
