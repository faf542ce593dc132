#include "storage/repositories/audit_repository.hpp"

#include <gtest/gtest.h>

#include "storage/repositories/hazard_repository.hpp"
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

    int64_t Add(int64_t town, const std::string& entity, int64_t entity_id, std::optional<int64_t> actor = 3) {
        auto id = InTx([&](AuditRepository r) -> Result<int64_t> {
            SG_ASSIGN_OR_RETURN(AuditHead head, r.LockHead(town, kGenesis));
            const std::string hash = "h" + std::to_string(head.last_id + 1);
            SG_ASSIGN_OR_RETURN(int64_t id, r.Insert({0, town, actor, "town", 1000, entity, entity_id, "update", "null",
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

// Issue 12 point 5: the audit page reads "沈建国（网格员） 隐患《灭火器过期》", not "inspector1
// public_report #211": names joined in the listing query.
TEST_P(AuditRepositoryTest, ListNamesTheActorAndTheEntity) {
    const int64_t town = store_->AddTown();
    const int64_t village = store_->AddVillage(town, "匡堰社区");
    const int64_t grid = store_->AddGrid(town, village, "匡堰社区第一网格");
    const int64_t enterprise = store_->AddEnterprise(town, village, grid, "慈溪市匡堰服饰有限公司");
    store_->Exec(
        "INSERT INTO users (username, password_hash, role, region_id, town_id, display_name, created_at, updated_at) "
        "VALUES ('inspector1', 'x', 'inspector', ?, ?, '沈建国', 1, 1)",
        {grid, town});
    const int64_t user = store_->QueryInt("SELECT id FROM users WHERE username = 'inspector1'");
    HazardRecord h;
    h.path = {town, village, grid};
    h.enterprise_id = enterprise;
    h.title = "灭火器过期";
    h.category = "extinguisher";
    h.status = HazardStatus::kReported;
    h.found_at = h.created_at = h.updated_at = 1000;
    auto hazard = store_->db().Transact(true, [&](Connection& c) { return HazardRepository(c).Insert(h); });
    ASSERT_TRUE(hazard);
    store_->Exec("INSERT INTO public_reports (town_id, tracking_code, hazard_id, created_at) VALUES (?, 'T1', ?, 1)",
                 {town, *hazard});
    const int64_t report = store_->QueryInt("SELECT id FROM public_reports WHERE tracking_code = 'T1'");

    Add(town, "hazard", *hazard, user);
    Add(town, "public_report", report, std::nullopt);
    Add(town, "enterprise", enterprise, user);
    Add(town, "region", grid, user);
    Add(town, "user", user, user);
    Add(town, "hazard", *hazard + 1000, user + 1000);  // gone: no names, the recorded login stays
    auto page = InTx([&](AuditRepository r) { return r.List({.town_id = town}); });
    ASSERT_TRUE(page) << page.error().internal;
    ASSERT_EQ(page->first.size(), 6u);
    const auto& rows = page->first;  // newest first
    EXPECT_EQ(rows[5].entity_label, "灭火器过期");
    EXPECT_EQ(rows[5].actor_display_name, "沈建国");
    EXPECT_EQ(rows[5].actor_role, "inspector");
    EXPECT_EQ(rows[4].entity_label, "灭火器过期");  // the report's hazard
    EXPECT_EQ(rows[4].actor_display_name, "");
    EXPECT_EQ(rows[4].actor_role, std::nullopt);
    EXPECT_EQ(rows[3].entity_label, "慈溪市匡堰服饰有限公司");
    EXPECT_EQ(rows[2].entity_label, "匡堰社区第一网格");
    EXPECT_EQ(rows[1].entity_label, "沈建国");
    EXPECT_EQ(rows[0].entity_label, "");
    EXPECT_EQ(rows[0].actor_display_name, "");
    EXPECT_EQ(rows[0].actor_role, std::nullopt);
    EXPECT_EQ(rows[0].actor_name, "town");
    // Paging still counts and cuts the log itself.
    auto second = InTx([&](AuditRepository r) { return r.List({.town_id = town, .offset = 4, .limit = 2}); });
    ASSERT_TRUE(second);
    EXPECT_EQ(second->second, 6);
    ASSERT_EQ(second->first.size(), 2u);
    EXPECT_EQ(second->first[1].entity_label, "灭火器过期");
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
