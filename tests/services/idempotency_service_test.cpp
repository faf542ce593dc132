#include "services/idempotency_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

class IdempotencyServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        store_->Exec("CREATE TABLE scratch (x INTEGER NOT NULL)");
        service_ = std::make_unique<IdempotencyService>(store_->shared(), clock_);
    }

    // A handler that changes the store through a nested transaction (as services do) and answers `status`.
    std::function<StoredAnswer()> Handler(int status) {
        return [this, status]() -> StoredAnswer {
            const int run = ++runs_;
            auto r = store_->db().Transact(true, [&](storage::Connection& c) {
                std::vector<storage::Value> p = {int64_t{run}};
                return c.Execute("INSERT INTO scratch (x) VALUES (?)", p);
            });
            EXPECT_TRUE(r);
            return {status, "application/json; charset=utf-8", R"({"run":)" + std::to_string(run) + "}"};
        };
    }

    int64_t Rows() { return store_->QueryInt("SELECT COUNT(*) FROM scratch"); }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<IdempotencyService> service_;
    std::atomic<int> runs_{0};
};

TEST_P(IdempotencyServiceTest, RepeatReplaysTheFirstAnswerAndChangesNothing) {
    const IdempotentCall call{"u:7", "key-1", "POST", "/api/v1/hazards"};
    auto first = service_->Run(call, Handler(201));
    ASSERT_TRUE(first);
    EXPECT_FALSE(first->replayed);
    EXPECT_EQ(first->answer.status, 201);

    clock_.Advance(23 * 3600);
    auto second = service_->Run(call, Handler(201));
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->replayed);
    EXPECT_EQ(second->answer.status, 201);
    EXPECT_EQ(second->answer.body, R"({"run":1})");
    EXPECT_EQ(second->answer.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(runs_, 1);
    EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyServiceTest, FailingHandlerLeavesNoRowsAndMayBeRetried) {
    const IdempotentCall call{"u:7", "key-2", "POST", "/api/v1/hazards"};
    auto failed = service_->Run(call, Handler(422));
    ASSERT_TRUE(failed);
    EXPECT_FALSE(failed->replayed);
    EXPECT_EQ(failed->answer.status, 422);
    EXPECT_EQ(Rows(), 0);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);

    auto retried = service_->Run(call, Handler(201));
    ASSERT_TRUE(retried);
    EXPECT_FALSE(retried->replayed);
    EXPECT_EQ(retried->answer.status, 201);
    EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyServiceTest, SameKeyForAnotherRequestIsRejected) {
    ASSERT_TRUE(service_->Run({"u:7", "k", "POST", "/api/v1/hazards"}, Handler(201)));
    auto reused = service_->Run({"u:7", "k", "POST", "/api/v1/enterprises"}, Handler(201));
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, Code::kValidation);
    EXPECT_EQ(reused.error().id, "idempotency_key_reused");
    EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyServiceTest, KeysBelongToTheirCaller) {
    ASSERT_TRUE(service_->Run({"u:7", "k", "POST", "/p"}, Handler(201)));
    auto other = service_->Run({"u:8", "k", "POST", "/p"}, Handler(201));
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->replayed);
    EXPECT_EQ(Rows(), 2);
}

TEST_P(IdempotencyServiceTest, KeysAreKeptThirtyDaysByDefault) {
    // CONTRACT: "a repeat with the same key by the same caller within 30 days answers the first
    // response again" — an offline phone's queue may wait weeks.
    const IdempotentCall call{"u:7", "offline-1", "POST", "/api/v1/hazards"};
    ASSERT_TRUE(service_->Run(call, Handler(201)));
    clock_.Advance(29 * 86400);
    ASSERT_EQ(*service_->PurgeExpired(), 0);
    auto replay = service_->Run(call, Handler(201));
    ASSERT_TRUE(replay);
    EXPECT_TRUE(replay->replayed);
    EXPECT_EQ(Rows(), 1);

    clock_.Advance(2 * 86400);  // 31 days after the first
    auto purged = service_->PurgeExpired();
    ASSERT_TRUE(purged);
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);  // no stored bodies stay
    auto later = service_->Run(call, Handler(201));
    ASSERT_TRUE(later);
    EXPECT_FALSE(later->replayed);
    EXPECT_EQ(Rows(), 2);
}

TEST_P(IdempotencyServiceTest, RetentionIsConfigurable) {
    service_ = std::make_unique<IdempotencyService>(store_->shared(), clock_, 24 * 3600);
    const IdempotentCall call{"ip:10.0.0.1", "k", "POST", "/api/v1/public/reports"};
    ASSERT_TRUE(service_->Run(call, Handler(201)));
    clock_.Advance(24 * 3600 + 1);
    auto later = service_->Run(call, Handler(201));
    ASSERT_TRUE(later);
    EXPECT_FALSE(later->replayed);
    EXPECT_EQ(Rows(), 2);
}

TEST_P(IdempotencyServiceTest, PurgeDeletesOnlyExpiredKeys) {
    ASSERT_TRUE(service_->Run({"u:1", "old", "POST", "/p"}, Handler(201)));
    clock_.Advance(15 * 86400);
    ASSERT_TRUE(service_->Run({"u:1", "new", "POST", "/p"}, Handler(201)));
    clock_.Advance(15 * 86400 + 1);
    auto purged = service_->PurgeExpired();
    ASSERT_TRUE(purged);
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 1);
}

TEST_P(IdempotencyServiceTest, TheCallerIsTheUserSoAnotherUsersKeyIsNotTheirs) {
    // The transport names the caller "u:<user id>", whatever session the request came with.
    ASSERT_TRUE(service_->Run({"u:1", "same-key", "POST", "/p"}, Handler(201)));
    auto other = service_->Run({"u:2", "same-key", "POST", "/p"}, Handler(201));
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->replayed);
    EXPECT_EQ(other->answer.body, R"({"run":2})");
}

TEST_P(IdempotencyServiceTest, RejectsUnreadableKeysWithoutRunningTheHandler) {
    for (const std::string& key : {std::string(), std::string(201, 'k'), std::string("a\nb"), std::string("é")}) {
        auto r = service_->Run({"u:1", key, "POST", "/p"}, Handler(201));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, Code::kMalformed);
    }
    EXPECT_EQ(runs_, 0);
}

TEST_P(IdempotencyServiceTest, RefusesToRunInsideAnOpenTransaction) {
    auto r = store_->db().Transact(true, [&](storage::Connection&) -> Status {
        auto inner = service_->Run({"u:1", "k", "POST", "/p"}, Handler(201));
        EXPECT_FALSE(inner);
        return {};
    });
    EXPECT_TRUE(r);
    EXPECT_EQ(runs_, 0);
}

// An upload's file write and fsync must not hold the store's write lock: the handler runs with no
// transaction open, its answer is stored after it, and a repeat replays it.
TEST_P(IdempotencyServiceTest, OutsideTransactionRunsTheHandlerWithNoTransactionAndReplaysIt) {
    const IdempotentCall call{"u:7", "upload-1", "POST", "/api/v1/attachments"};
    bool inside_transaction = true;
    auto upload = [&]() -> StoredAnswer {
        inside_transaction = storage::Database::Current() != nullptr;
        return Handler(201)();
    };
    auto first = service_->RunOutsideTransaction(call, upload);
    ASSERT_TRUE(first);
    EXPECT_FALSE(first->replayed);
    EXPECT_FALSE(inside_transaction);

    clock_.Advance(29 * 24 * 3600);
    auto again = service_->RunOutsideTransaction(call, upload);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->answer.body, R"({"run":1})");
    EXPECT_EQ(runs_, 1);
    EXPECT_EQ(Rows(), 1);

    const IdempotentCall other_path{"u:7", "upload-1", "POST", "/api/v1/public/attachments"};
    auto reused = service_->RunOutsideTransaction(other_path, upload);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().id, "idempotency_key_reused");
    EXPECT_EQ(runs_, 1);
}

TEST_P(IdempotencyServiceTest, OutsideTransactionStoresNoFailedAnswer) {
    const IdempotentCall call{"u:7", "upload-2", "POST", "/api/v1/attachments"};
    auto refused = service_->RunOutsideTransaction(call, Handler(415));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->answer.status, 415);
    auto retried = service_->RunOutsideTransaction(call, Handler(201));
    ASSERT_TRUE(retried);
    EXPECT_FALSE(retried->replayed);
    EXPECT_EQ(retried->answer.status, 201);
    EXPECT_EQ(runs_, 2);
}

TEST_P(IdempotencyServiceTest, TwoConcurrentFirstsRunTheHandlerOnce) {
    const IdempotentCall call{"u:7", "race", "POST", "/api/v1/hazards"};
    auto slow = [this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return Handler(201)();
    };
    Result<IdempotentOutcome> a, b;
    std::thread first([&] { a = service_->Run(call, slow); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread second([&] { b = service_->Run(call, slow); });
    first.join();
    second.join();
    ASSERT_TRUE(a) << a.error().id;
    ASSERT_TRUE(b) << b.error().id;
    EXPECT_EQ(runs_, 1);
    EXPECT_EQ(Rows(), 1);
    EXPECT_NE(a->replayed, b->replayed);
    EXPECT_EQ(a->answer.body, b->answer.body);
}

INSTANTIATE_TEST_SUITE_P(Stores, IdempotencyServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
