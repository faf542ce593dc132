#include "storage/repositories/user_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class UserRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(UserRepository(c)); });
    }

    static UserRecord Record(std::string name, int64_t town) {
        UserRecord u;
        u.username = std::move(name);
        u.password_hash = "$argon2id$v=19$stub";
        u.role = town ? "village" : "admin";
        u.region_id = town ? std::optional<int64_t>(town + 1) : std::nullopt;
        u.town_id = town;
        u.display_name = "张三";
        u.created_at = u.updated_at = 1000;
        return u;
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(UserRepositoryTest, InsertsAndReadsBackEveryField) {
    UserRecord in = Record("Village1", 5);
    in.enterprise_id = 77;
    in.phone = "13800000000";
    in.disabled = true;
    auto id = InTx([&](UserRepository r) { return r.Insert(in); });
    ASSERT_TRUE(id) << id.error().internal;
    auto out = InTx([&](UserRepository r) { return r.FindById(*id); });
    ASSERT_TRUE(out && *out);
    const UserRecord& u = **out;
    EXPECT_EQ(u.id, *id);
    EXPECT_EQ(u.username, "Village1");
    EXPECT_EQ(u.password_hash, in.password_hash);
    EXPECT_EQ(u.role, "village");
    EXPECT_EQ(u.region_id, 6);
    EXPECT_EQ(u.enterprise_id, 77);
    EXPECT_EQ(u.town_id, 5);
    EXPECT_EQ(u.display_name, "张三");
    EXPECT_EQ(u.phone, "13800000000");
    EXPECT_TRUE(u.disabled);
    EXPECT_EQ(u.created_at, 1000);
    EXPECT_EQ(u.version, 1);
}

TEST_P(UserRepositoryTest, FindsUsernamesRegardlessOfCaseAndRejectsCaseVariants) {
    ASSERT_TRUE(InTx([&](UserRepository r) { return r.Insert(Record("Admin", 0)); }));
    auto found = InTx([&](UserRepository r) { return r.FindByUsername("aDMIN"); });
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->username, "Admin");
    auto missing = InTx([&](UserRepository r) { return r.FindByUsername("' OR '1'='1"); });
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
    auto dup = InTx([&](UserRepository r) { return r.Insert(Record("ADMIN", 0)); });
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Code::kConflict);
}

TEST_P(UserRepositoryTest, ListsByTownInIdOrderWithTotal) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(InTx([&](UserRepository r) { return r.Insert(Record("u" + std::to_string(i), i % 2 ? 3 : 4)); }));
    }
    auto page = InTx([&](UserRepository r) { return r.List({.town_id = 4, .offset = 1, .limit = 1}); });
    ASSERT_TRUE(page);
    EXPECT_EQ(page->second, 3);
    ASSERT_EQ(page->first.size(), 1u);
    EXPECT_EQ(page->first[0].username, "u2");
    auto all = InTx([&](UserRepository r) { return r.List({.offset = 0, .limit = 100}); });
    ASSERT_TRUE(all);
    EXPECT_EQ(all->second, 5);
    EXPECT_EQ(all->first.size(), 5u);
}

TEST_P(UserRepositoryTest, ReadsRegionKindTownAndNameAndEnterpriseTown) {
    const int64_t town = store_->AddTown("匡堰镇");
    const int64_t village = store_->AddVillage(town, "倡隆村");
    const int64_t grid = store_->AddGrid(town, village);
    const int64_t ent = store_->AddEnterprise(town, village, grid);
    auto region = InTx([&](UserRepository r) { return r.FindRegion(village); });
    ASSERT_TRUE(region && *region);
    EXPECT_EQ((*region)->kind, "village");
    EXPECT_EQ((*region)->town_id, town);
    auto name = InTx([&](UserRepository r) { return r.RegionName(village); });
    ASSERT_TRUE(name && *name);
    EXPECT_EQ(**name, "倡隆村");
    auto ent_town = InTx([&](UserRepository r) { return r.EnterpriseTown(ent); });
    ASSERT_TRUE(ent_town && *ent_town);
    EXPECT_EQ(**ent_town, town);
    auto none = InTx([&](UserRepository r) { return r.FindRegion(999'999); });
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
}

TEST_P(UserRepositoryTest, UpdatesPasswordAndDisabledWithVersions) {
    UserRecord in = Record("village1", 5);
    in.demo_password = true;
    in.password_changed_at = 1000;
    auto id = InTx([&](UserRepository r) { return r.Insert(in); });
    ASSERT_TRUE(id);
    auto read = [&] { return **InTx([&](UserRepository r) { return r.FindById(*id); }); };
    EXPECT_EQ(read().demo_password, true);
    EXPECT_EQ(read().password_changed_at, 1000);

    EXPECT_TRUE(*InTx([&](UserRepository r) { return r.UpdatePassword(*id, "$argon2id$new", false, 2000); }));
    EXPECT_EQ(read().password_hash, "$argon2id$new");
    EXPECT_EQ(read().demo_password, false);
    EXPECT_EQ(read().password_changed_at, 2000);
    EXPECT_EQ(read().version, 2);
    EXPECT_FALSE(*InTx([&](UserRepository r) { return r.UpdatePassword(999'999, "x", false, 2000); }));

    EXPECT_FALSE(*InTx([&](UserRepository r) { return r.SetDisabled(*id, true, 1, 3000); }));  // stale
    EXPECT_TRUE(*InTx([&](UserRepository r) { return r.SetDisabled(*id, true, 2, 3000); }));
    EXPECT_TRUE(read().disabled);
    EXPECT_EQ(read().version, 3);
    EXPECT_EQ(read().updated_at, 3000);
}

TEST_P(UserRepositoryTest, TracksDemoPasswordsAndTheDemoStoreMark) {
    UserRecord legacy = Record("legacy", 0);  // demo_password unknown
    UserRecord demo = Record("demo", 0);
    demo.demo_password = true;
    UserRecord real = Record("real", 0);
    real.demo_password = false;
    for (const auto& u : {legacy, demo, real}) ASSERT_TRUE(InTx([&](UserRepository r) { return r.Insert(u); }));
    auto unknown = InTx([](UserRepository r) { return r.WithUnknownDemoPassword(); });
    ASSERT_TRUE(unknown);
    ASSERT_EQ(unknown->size(), 1u);
    EXPECT_EQ(unknown->front().username, "legacy");
    EXPECT_FALSE(unknown->front().demo_password);
    ASSERT_TRUE(InTx([&](UserRepository r) { return r.SetDemoPassword(unknown->front().id, true); }));
    auto with = InTx([](UserRepository r) { return r.WithDemoPassword(); });
    ASSERT_TRUE(with);
    ASSERT_EQ(with->size(), 2u);
    EXPECT_EQ((*with)[0].username, "legacy");
    EXPECT_EQ((*with)[1].username, "demo");

    EXPECT_FALSE(*InTx([](UserRepository r) { return r.IsDemoStore(); }));
    ASSERT_TRUE(InTx([](UserRepository r) { return r.MarkDemoStore(); }));
    ASSERT_TRUE(InTx([](UserRepository r) { return r.MarkDemoStore(); }));  // twice is fine
    EXPECT_TRUE(*InTx([](UserRepository r) { return r.IsDemoStore(); }));
}

INSTANTIATE_TEST_SUITE_P(Stores, UserRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
