#include "storage/repositories/idempotency_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class IdempotencyRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(IdempotencyRepository(c)); });
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(IdempotencyRepositoryTest, ReservesOnceThenCompletes) {
    const IdempotencyRecord rec{"u:1", "k", "POST", "/p", 0, "", "", 100};
    EXPECT_TRUE(*InTx([&](IdempotencyRepository r) { return r.Reserve(rec); }));
    EXPECT_FALSE(*InTx([&](IdempotencyRepository r) { return r.Reserve(rec); }));
    ASSERT_TRUE(
        InTx([](IdempotencyRepository r) { return r.Complete("u:1", "k", 201, "application/json", "{\"id\":1}"); }));
    auto found = InTx([](IdempotencyRepository r) { return r.Find("u:1", "k"); });
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->status, 201);
    EXPECT_EQ((*found)->content_type, "application/json");
    EXPECT_EQ((*found)->body, "{\"id\":1}");
    EXPECT_EQ((*found)->method, "POST");
    EXPECT_EQ((*found)->path, "/p");
    EXPECT_EQ((*found)->created_at, 100);
    EXPECT_FALSE(*InTx([](IdempotencyRepository r) { return r.Find("u:2", "k"); }));
}

TEST_P(IdempotencyRepositoryTest, DeletesAndPurgesByAge) {
    ASSERT_TRUE(InTx([](IdempotencyRepository r) {
        return r.Reserve({"u:1", "old", "POST", "/p", 201, "", "", 100});
    }));
    ASSERT_TRUE(InTx([](IdempotencyRepository r) {
        return r.Reserve({"u:1", "new", "POST", "/p", 201, "", "", 300});
    }));
    ASSERT_TRUE(InTx([](IdempotencyRepository r) { return r.DeleteIfOlder("u:1", "new", 200); }));
    EXPECT_TRUE(*InTx([](IdempotencyRepository r) { return r.Find("u:1", "new"); }));
    auto purged = InTx([](IdempotencyRepository r) { return r.Purge(200); });
    ASSERT_TRUE(purged);
    EXPECT_EQ(*purged, 1);
    EXPECT_FALSE(*InTx([](IdempotencyRepository r) { return r.Find("u:1", "old"); }));
}

INSTANTIATE_TEST_SUITE_P(Stores, IdempotencyRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
