#include "storage/repositories/session_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class SessionRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(SessionRepository(c)); });
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(SessionRepositoryTest, InsertsFindsAndRevokesOnce) {
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"h1", 7, 100, 200, std::nullopt, "10.0.0.1"}); }));
    auto s = InTx([](SessionRepository r) { return r.Find("h1"); });
    ASSERT_TRUE(s && *s);
    EXPECT_EQ((*s)->user_id, 7);
    EXPECT_EQ((*s)->created_at, 100);
    EXPECT_EQ((*s)->expires_at, 200);
    EXPECT_FALSE((*s)->revoked_at);
    EXPECT_EQ((*s)->client_ip, "10.0.0.1");

    EXPECT_TRUE(*InTx([](SessionRepository r) { return r.Revoke("h1", 150); }));
    EXPECT_FALSE(*InTx([](SessionRepository r) { return r.Revoke("h1", 160); }));
    EXPECT_FALSE(*InTx([](SessionRepository r) { return r.Revoke("nope", 160); }));
    EXPECT_EQ((*InTx([](SessionRepository r) { return r.Find("h1"); }))->revoked_at, 150);
    EXPECT_FALSE(*InTx([](SessionRepository r) { return r.Find("nope"); }));
}

TEST_P(SessionRepositoryTest, PurgesEndedSessionsOnly) {
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"expired", 1, 0, 100, std::nullopt, ""}); }));
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"revoked", 1, 0, 1000, 50, ""}); }));
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"live", 1, 0, 1000, std::nullopt, ""}); }));
    auto n = InTx([](SessionRepository r) { return r.PurgeEnded(500); });
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 2);
    EXPECT_TRUE(*InTx([](SessionRepository r) { return r.Find("live"); }));
}

TEST_P(SessionRepositoryTest, DuplicateTokenHashConflicts) {
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"h", 1, 0, 1, std::nullopt, ""}); }));
    auto dup = InTx([](SessionRepository r) { return r.Insert({"h", 2, 0, 1, std::nullopt, ""}); });
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Code::kConflict);
}

TEST_P(SessionRepositoryTest, RevokesAllOfAUserButTheOneToKeep) {
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"keep", 7, 0, 1000, std::nullopt, ""}); }));
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"other", 7, 0, 1000, std::nullopt, ""}); }));
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"old", 7, 0, 1000, 50, ""}); }));
    ASSERT_TRUE(InTx([](SessionRepository r) { return r.Insert({"someone", 8, 0, 1000, std::nullopt, ""}); }));
    auto n = InTx([](SessionRepository r) { return r.RevokeAllOf(7, 300, std::string_view("keep")); });
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    EXPECT_EQ((*InTx([](SessionRepository r) { return r.Find("other"); }))->revoked_at, 300);
    EXPECT_EQ((*InTx([](SessionRepository r) { return r.Find("old"); }))->revoked_at, 50);  // not moved
    EXPECT_FALSE((*InTx([](SessionRepository r) { return r.Find("keep"); }))->revoked_at);
    EXPECT_FALSE((*InTx([](SessionRepository r) { return r.Find("someone"); }))->revoked_at);
    n = InTx([](SessionRepository r) { return r.RevokeAllOf(7, 400, std::nullopt); });
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    EXPECT_EQ((*InTx([](SessionRepository r) { return r.Find("keep"); }))->revoked_at, 400);
}

INSTANTIATE_TEST_SUITE_P(Stores, SessionRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
