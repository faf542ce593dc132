#include "services/audit_service.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <thread>

#include "support/audit_tamper.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

Principal Actor(int64_t id, Role role, Scope scope) {
    Principal p;
    p.user_id = id;
    p.username = "user" + std::to_string(id);
    p.role = role;
    p.scope = scope;
    return p;
}

TEST(AuditCanonical, SerialisesFieldsInFixedOrderWithStoredJsonTexts) {
    AuditRecord r;
    r.town_id = 7;
    r.actor_id = 3;
    r.actor_name = "town";
    r.at = 1795951874;
    r.entity = "enterprise";
    r.entity_id = 42;
    r.action = "update";
    r.before_json = R"({"name":"a"})";
    r.after_json = R"({"name":"b\"c"})";
    EXPECT_EQ(CanonicalAuditEntry(r),
              R"([7,3,"town",1795951874,"enterprise",42,"update","{\"name\":\"a\"}","{\"name\":\"b\\\"c\"}"])");
    r.actor_id.reset();
    EXPECT_EQ(CanonicalAuditEntry(r).substr(0, 9), R"([7,null,")");
}

TEST(AuditCanonical, HashDependsOnEveryFieldAndThePreviousHash) {
    AuditRecord r;
    r.entity = "user";
    r.action = "create";
    r.before_json = "null";
    r.after_json = "{}";
    const std::string h = AuditEntryHash(kAuditGenesisHash, r);
    EXPECT_EQ(h.size(), 64u);
    EXPECT_NE(AuditEntryHash(std::string(64, '1'), r), h);
    AuditRecord changed = r;
    changed.after_json = "{ }";
    EXPECT_NE(AuditEntryHash(kAuditGenesisHash, changed), h);
    // Moving text between fields must change the hash (field boundaries are unambiguous).
    AuditRecord shifted = r;
    shifted.entity = "usercreate";
    shifted.action = "";
    EXPECT_NE(AuditEntryHash(kAuditGenesisHash, shifted), h);
}

class AuditServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        audit_ = std::make_unique<AuditService>(store_->shared(), clock_);
    }

    int64_t Append(int64_t town, const std::string& entity, int64_t entity_id, boost::json::value before,
                   boost::json::value after, const Principal* actor = nullptr) {
        auto r = store_->db().Transact(true, [&](storage::Connection& c) {
            return audit_->Append(c, actor, {town, entity, entity_id, "update", before, after});
        });
        EXPECT_TRUE(r) << (r ? "" : r.error().internal);
        clock_.Advance(1);
        return store_->QueryInt("SELECT MAX(id) FROM audit_log");
    }

    void AppendFive() {
        for (int i = 0; i < 5; ++i) {
            ids_.push_back(
                Append(1, "enterprise", 100 + i, boost::json::object{{"n", i}}, boost::json::object{{"n", i + 1}}));
        }
    }

    // What someone holding the database does to hide the last entries of chain 1: delete them and
    // move the head back, so the chain agrees with itself again. With `reuse_ids` the id sequence
    // goes back too, as in an older copy of the whole database put back in place.
    void DeleteTailAfter(size_t keep, bool reuse_ids = false) {
        test::AllowAuditTampering(store_->db());
        const int64_t last_kept = ids_[keep - 1];
        store_->Exec("DELETE FROM audit_log WHERE town_id = 1 AND id > ?", {last_kept});
        store_->Exec(
            "UPDATE audit_heads SET last_id = ?, last_hash = (SELECT hash FROM audit_log WHERE id = ?) "
            "WHERE town_id = 1",
            {last_kept, last_kept});
        if (!reuse_ids) return;
        if (GetParam() == test::Backend::kSqlite) {
            store_->Exec("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", {last_kept});
        } else {
            store_->QueryInt("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), ?)", {last_kept});
        }
    }

    AuditCheckpoint Checkpoint(const AuditCheckpoint* base = nullptr) {
        AuditCheckpoint cp;
        auto chains = audit_->CheckpointChains(base);
        EXPECT_TRUE(chains) << (chains ? "" : chains.error().internal);
        if (chains) cp.chains = *chains;
        return cp;
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<AuditService> audit_;
    std::vector<int64_t> ids_;
};

TEST_P(AuditServiceTest, AppendsLinkedEntriesPerTownAndVerifiesIntact) {
    const Principal actor = Actor(9, Role::kTown, {Scope::Level::kTown, 1});
    Append(1, "enterprise", 1, nullptr, boost::json::object{{"name", "甲"}}, &actor);
    Append(2, "enterprise", 2, nullptr, boost::json::object{{"name", "乙"}});
    Append(1, "enterprise", 1, boost::json::object{{"name", "甲"}}, boost::json::object{{"name", "丙"}}, &actor);

    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->intact) << v->reason;
    EXPECT_EQ(v->entries_checked, 3);

    auto page = audit_->List(Actor(1, Role::kAdmin, Scope::All()), {});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->second, 3);
    const auto& items = page->first;               // newest first
    EXPECT_EQ(items[0].prev_hash, items[2].hash);  // town 1's chain skips town 2's entry
    EXPECT_EQ(items[1].prev_hash, kAuditGenesisHash);
    EXPECT_EQ(items[2].prev_hash, kAuditGenesisHash);
    EXPECT_EQ(items[0].actor_id, 9);
    EXPECT_EQ(items[0].actor_name, "user9");
    EXPECT_EQ(items[1].actor_name, "system");
    EXPECT_FALSE(items[1].actor_id.has_value());
    EXPECT_EQ(items[0].before_json, R"({"name":"甲"})");
    EXPECT_EQ(items[1].before_json, "null");
    EXPECT_EQ(store_->QueryInt("SELECT last_id FROM audit_heads WHERE town_id = 1"), items[0].id);
}

TEST_P(AuditServiceTest, EmptyStoreIsIntact) {
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->intact);
    EXPECT_EQ(v->entries_checked, 0);
}

TEST_P(AuditServiceTest, VerifyFindsAnAlteredBeforeJson) {
    AppendFive();
    test::AllowAuditTampering(store_->db());
    store_->Exec("UPDATE audit_log SET before_json = ? WHERE id = ?", {std::string(R"({"n":99})"), ids_[2]});
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[2]);
    EXPECT_EQ(v->reason, "hash mismatch");
}

TEST_P(AuditServiceTest, VerifyFindsADeletedMiddleEntry) {
    AppendFive();
    test::AllowAuditTampering(store_->db());
    store_->Exec("DELETE FROM audit_log WHERE id = ?", {ids_[2]});
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[3]);
    EXPECT_EQ(v->reason, "missing entry before");
}

TEST_P(AuditServiceTest, VerifyFindsADeletedLastEntry) {
    AppendFive();
    test::AllowAuditTampering(store_->db());
    store_->Exec("DELETE FROM audit_log WHERE id = ?", {ids_[4]});
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[4]);
    EXPECT_EQ(v->reason, "missing entry at end");
}

TEST_P(AuditServiceTest, VerifyFindsARewrittenEntryWhoseHashWasRecomputed) {
    AppendFive();
    // An attacker who recomputes the altered entry's own hash still breaks the next link.
    AuditRecord r;
    auto rows = store_->db().Read([&](storage::Connection& c) {
        std::vector<storage::Value> p = {ids_[1]};
        return c.Query(
            "SELECT town_id, actor_name, at, entity, entity_id, action, after_json, prev_hash "
            "FROM audit_log WHERE id = ?",
            p);
    });
    ASSERT_TRUE(rows);
    const auto& row = rows->rows.at(0);
    r = {0,          row.Int(0),  std::nullopt,  row.Text(1), row.Int(2),  row.Text(3),
         row.Int(4), row.Text(5), R"({"n":42})", row.Text(6), row.Text(7), ""};
    test::AllowAuditTampering(store_->db());
    store_->Exec("UPDATE audit_log SET before_json = ?, hash = ? WHERE id = ?",
                 {r.before_json, AuditEntryHash(r.prev_hash, r), ids_[1]});
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[2]);
}

TEST_P(AuditServiceTest, VerifyFindsEntriesWhoseHeadWasDeleted) {
    AppendFive();
    store_->Exec("DELETE FROM audit_heads WHERE town_id = 1");
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->reason, "chain head missing");
}

TEST_P(AuditServiceTest, RolledBackChangeLeavesNoEntry) {
    AppendFive();
    auto r = store_->db().Transact(true, [&](storage::Connection& c) -> Status {
        SG_TRY(audit_->Append(c, nullptr, {1, "enterprise", 1, "delete", nullptr, nullptr}));
        return Conflict("test_abort", {"", ""});
    });
    EXPECT_FALSE(r);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM audit_log"), 5);
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->intact) << v->reason;
    // And the chain continues from the last committed entry.
    Append(1, "enterprise", 1, nullptr, nullptr);
    EXPECT_TRUE(audit_->Verify()->intact);
}

TEST_P(AuditServiceTest, ListShowsTownsTheirChainAndAdminsEverything) {
    Append(1, "enterprise", 5, nullptr, nullptr);
    Append(1, "hazard", 5, nullptr, nullptr);
    Append(2, "enterprise", 5, nullptr, nullptr);

    auto town = audit_->List(Actor(1, Role::kTown, {Scope::Level::kTown, 1}), {});
    ASSERT_TRUE(town);
    EXPECT_EQ(town->second, 2);
    for (const auto& r : town->first) EXPECT_EQ(r.town_id, 1);

    AuditService::Query q;
    q.entity = "enterprise";
    q.entity_id = 5;
    auto admin = audit_->List(Actor(2, Role::kAdmin, Scope::All()), q);
    ASSERT_TRUE(admin);
    EXPECT_EQ(admin->second, 2);

    q.limit = 1;
    q.offset = 1;
    auto paged = audit_->List(Actor(2, Role::kAdmin, Scope::All()), q);
    ASSERT_TRUE(paged);
    EXPECT_EQ(paged->second, 2);
    EXPECT_EQ(paged->first.size(), 1u);

    for (Role role : {Role::kVillage, Role::kInspector, Role::kEnterprise}) {
        auto denied = audit_->List(Actor(3, role, {Scope::Level::kVillage, 1}), {});
        ASSERT_FALSE(denied);
        EXPECT_EQ(denied.error().code, Code::kForbidden);
    }
}

TEST_P(AuditServiceTest, ConcurrentAppendsToOneChainStayLinked) {
    constexpr int kThreads = 4;
    constexpr int kEach = 10;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                auto r = store_->db().Transact(true, [&](storage::Connection& c) {
                    return audit_->Append(c, nullptr, {1, "enterprise", t * 100 + i, "update", nullptr, nullptr});
                });
                EXPECT_TRUE(r) << (r ? "" : r.error().internal);
            }
        });
    }
    for (auto& th : threads) th.join();
    auto v = audit_->Verify();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->intact) << v->reason << " at " << v->first_bad_id.value_or(0);
    EXPECT_EQ(v->entries_checked, kThreads * kEach);
}

TEST_P(AuditServiceTest, CheckpointNamesEveryChainsLastEntryAndCount) {
    const int64_t a = Append(1, "enterprise", 1, nullptr, nullptr);
    const int64_t b = Append(2, "enterprise", 1, nullptr, nullptr);
    const int64_t c = Append(1, "enterprise", 1, nullptr, nullptr);
    const AuditCheckpoint cp = Checkpoint();
    ASSERT_EQ(cp.chains.size(), 2u);
    EXPECT_EQ(cp.chains[0].town_id, 1);
    EXPECT_EQ(cp.chains[0].last_id, c);
    EXPECT_EQ(cp.chains[0].entries, 2);
    EXPECT_EQ(cp.chains[1].town_id, 2);
    EXPECT_EQ(cp.chains[1].last_id, b);
    EXPECT_EQ(cp.chains[1].entries, 1);
    EXPECT_NE(a, c);
    // Counting goes on from a base checkpoint.
    Append(1, "enterprise", 1, nullptr, nullptr);
    const AuditCheckpoint next = Checkpoint(&cp);
    EXPECT_EQ(next.chains[0].entries, 3);
    EXPECT_EQ(next.chains[1].entries, 1);
}

TEST_P(AuditServiceTest, CheckpointFindsADeletedTailTheChainAloneCannotSee) {
    AppendFive();
    const AuditCheckpoint cp = Checkpoint();
    DeleteTailAfter(3);
    auto alone = audit_->Verify();
    ASSERT_TRUE(alone);
    EXPECT_TRUE(alone->intact) << "the chain agrees with itself: only the checkpoint can tell";
    auto v = audit_->Verify(&cp);
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[4]);
    EXPECT_TRUE(v->reason.starts_with("missing checkpoint entry")) << v->reason;
}

TEST_P(AuditServiceTest, CheckpointFindsAnOlderCopyThatWentOnWithOtherEntries) {
    AppendFive();
    const AuditCheckpoint cp = Checkpoint();
    DeleteTailAfter(3, /*reuse_ids=*/true);
    const int64_t again4 = Append(1, "enterprise", 900, nullptr, nullptr);
    const int64_t again5 = Append(1, "enterprise", 901, nullptr, nullptr);
    ASSERT_EQ(again4, ids_[3]);
    ASSERT_EQ(again5, ids_[4]);  // the same ids as before, with other content
    ASSERT_TRUE(audit_->Verify()->intact);
    auto v = audit_->Verify(&cp);
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_EQ(v->first_bad_id, ids_[4]);
    EXPECT_EQ(v->reason, "differs from checkpoint");
}

TEST_P(AuditServiceTest, CheckpointFindsAChainDeletedWhole) {
    AppendFive();
    Append(2, "enterprise", 7, nullptr, nullptr);
    const AuditCheckpoint cp = Checkpoint();
    test::AllowAuditTampering(store_->db());
    store_->Exec("DELETE FROM audit_log WHERE town_id = 2");
    store_->Exec("DELETE FROM audit_heads WHERE town_id = 2");
    ASSERT_TRUE(audit_->Verify()->intact);
    auto v = audit_->Verify(&cp);
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->intact);
    EXPECT_TRUE(v->reason.starts_with("missing checkpoint entry")) << v->reason;
}

TEST_P(AuditServiceTest, CheckpointPassesAsTheChainGrows) {
    AppendFive();
    const AuditCheckpoint cp = Checkpoint();
    Append(1, "enterprise", 6, nullptr, nullptr);
    Append(3, "enterprise", 6, nullptr, nullptr);
    auto v = audit_->Verify(&cp);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->intact) << v->reason;
    EXPECT_TRUE(v->checkpoint_checked);
    EXPECT_EQ(v->entries_checked, 7);
}

TEST_P(AuditServiceTest, NoNewCheckpointForAStoreBehindTheOldOne) {
    AppendFive();
    const AuditCheckpoint cp = Checkpoint();
    DeleteTailAfter(3);
    auto refused = audit_->CheckpointChains(&cp);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().id, "audit_behind_checkpoint");
}

INSTANTIATE_TEST_SUITE_P(Stores, AuditServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
