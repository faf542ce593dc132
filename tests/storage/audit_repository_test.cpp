#include "storage/repositories/audit_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

const std::string kGenesis(64, '0');

class AuditRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(AuditRepository(c)); });
    }

    int64_t Add(int64_t town, const std::string& entity, int64_t entity_id) {
        auto id = InTx([&](AuditRepository r) -> Result<int64_t> {
            SG_ASSIGN_OR_RETURN(AuditHead head, r.LockHead(town, kGenesis));
            const std::string hash = "h" + std::to_string(head.last_id + 1);
            SG_ASSIGN_OR_RETURN(int64_t id, r.Insert({0, town, 3, "town", 1000, entity, entity_id, "update", "null",
                                                      R"({"a":1})", head.last_hash, hash}));
            SG_TRY(r.UpdateHead({town, id, hash}));
            return id;
        });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : 0;
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(AuditRepositoryTest, CreatesTheHeadOnceAndMovesIt) {
    auto head = InTx([](AuditRepository r) { return r.LockHead(4, kGenesis); });
    ASSERT_TRUE(head);
    EXPECT_EQ(head->last_id, 0);
    EXPECT_EQ(head->last_hash, kGenesis);
    const int64_t id = Add(4, "user", 1);
    auto again = InTx([](AuditRepository r) { return r.LockHead(4, kGenesis); });
    ASSERT_TRUE(again);
    EXPECT_EQ(again->last_id, id);
    auto heads = InTx([](AuditRepository r) { return r.Heads(); });
    ASSERT_TRUE(heads);
    EXPECT_EQ(heads->size(), 1u);
}

TEST_P(AuditRepositoryTest, ReadsAChainInPagesUpToAnId) {
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(Add(1, "enterprise", i));
        Add(2, "enterprise", i);
    }
    auto page = InTx([&](AuditRepository r) { return r.ChainPage(1, ids[0], ids[3], 2); });
    ASSERT_TRUE(page);
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].id, ids[1]);
    EXPECT_EQ((*page)[1].id, ids[2]);
    EXPECT_EQ((*page)[0].actor_id, 3);
    EXPECT_EQ((*page)[0].after_json, R"({"a":1})");
    auto towns = InTx([](AuditRepository r) { return r.ChainTowns(); });
    ASSERT_TRUE(towns);
    EXPECT_EQ(*towns, (std::vector<int64_t>{1, 2}));
}

TEST_P(AuditRepositoryTest, ListsNewestFirstWithFilters) {
    Add(1, "enterprise", 5);
    Add(1, "hazard", 5);
    const int64_t last = Add(2, "enterprise", 5);
    auto all = InTx([](AuditRepository r) { return r.List({}); });
    ASSERT_TRUE(all);
    EXPECT_EQ(all->second, 3);
    EXPECT_EQ(all->first.at(0).id, last);
    auto filtered = InTx(
        [](AuditRepository r) { return r.List({.town_id = 1, .entity = std::string("enterprise"), .entity_id = 5}); });
    ASSERT_TRUE(filtered);
    EXPECT_EQ(filtered->second, 1);
    auto none = InTx([](AuditRepository r) { return r.List({.entity = std::string("'; DROP TABLE audit_log; --")}); });
    ASSERT_TRUE(none);
    EXPECT_EQ(none->second, 0);
}

TEST_P(AuditRepositoryTest, FindsAnEntryHashAndCountsAChain) {
    const int64_t a = Add(1, "enterprise", 1);
    Add(2, "enterprise", 1);
    const int64_t b = Add(1, "enterprise", 2);
    const int64_t c = Add(1, "enterprise", 3);
    auto hash = InTx([&](AuditRepository r) { return r.EntryHash(1, b); });
    ASSERT_TRUE(hash);
    EXPECT_EQ(*hash, std::optional<std::string>("h2"));
    auto other_town = InTx([&](AuditRepository r) { return r.EntryHash(2, b); });
    ASSERT_TRUE(other_town);
    EXPECT_FALSE(other_town->has_value());
    auto count = InTx([&](AuditRepository r) { return r.CountChain(1, a, c); });
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 2);
}

// Migration 0008: the store itself refuses to rewrite history, on both stores.
TEST_P(AuditRepositoryTest, TheStoreRefusesUpdateAndDeleteOfAuditEntries) {
    const int64_t id = Add(1, "enterprise", 1);
    auto run = [&](const std::string& sql) {
        return store_->db().Transact(true, [&](Connection& c) { return c.Execute(sql); });
    };
    EXPECT_FALSE(run("UPDATE audit_log SET after_json = '{}' WHERE id = " + std::to_string(id)));
    EXPECT_FALSE(run("UPDATE audit_log SET hash = 'x'"));
    EXPECT_FALSE(run("DELETE FROM audit_log WHERE id = " + std::to_string(id)));
    EXPECT_FALSE(run("DELETE FROM audit_log"));
    if (GetParam() == test::Backend::kPostgres) EXPECT_FALSE(run("TRUNCATE audit_log"));
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log"), 1);
    auto row = InTx([&](AuditRepository r) { return r.EntryHash(1, id); });
    ASSERT_TRUE(row);
    EXPECT_EQ(*row, std::optional<std::string>("h1"));
    // Appending still works, and so does moving the head.
    Add(1, "enterprise", 2);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log"), 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, AuditRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
