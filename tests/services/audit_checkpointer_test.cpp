#include "services/audit_checkpointer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "support/audit_tamper.hpp"
#include "support/fake_clock.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace safegrid::services {
namespace {

class AuditCheckpointerTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        audit_ = std::make_unique<AuditService>(store_->shared(), clock_);
        checkpointer_ =
            std::make_unique<AuditCheckpointer>(*audit_, clock_, files_, "store-under-test", std::chrono::hours(1));
    }

    int64_t Append(int64_t town) {
        auto r = store_->db().Transact(true, [&](storage::Connection& c) {
            return audit_->Append(c, nullptr, {town, "enterprise", 1, "update", nullptr, nullptr});
        });
        EXPECT_TRUE(r) << (r ? "" : r.error().internal);
        return store_->QueryInt("SELECT MAX(id) FROM audit_log");
    }

    AuditCheckpoint OnDisk() {
        auto cp = files_.Read(checkpointer_->Path());
        EXPECT_TRUE(cp && cp->has_value());
        return cp && *cp ? **cp : AuditCheckpoint{};
    }

    test::FakeClock clock_;
    test::TempDir dir_;
    AuditCheckpointFiles files_{dir_.File("data")};
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<AuditService> audit_;
    std::unique_ptr<AuditCheckpointer> checkpointer_;
};

TEST_P(AuditCheckpointerTest, WritesWhereEveryChainEndsAndFollowsIt) {
    Append(1);
    const int64_t second = Append(1);
    ASSERT_TRUE(checkpointer_->WriteNow());
    AuditCheckpoint cp = OnDisk();
    EXPECT_EQ(cp.database, "store-under-test");
    ASSERT_EQ(cp.chains.size(), 1u);
    EXPECT_EQ(cp.chains[0].last_id, second);
    EXPECT_EQ(cp.chains[0].entries, 2);

    const int64_t third = Append(1);
    ASSERT_TRUE(checkpointer_->WriteNow());
    cp = OnDisk();
    EXPECT_EQ(cp.chains[0].last_id, third);
    EXPECT_EQ(cp.chains[0].entries, 3);
    EXPECT_TRUE(audit_->Verify(&cp)->intact);
}

TEST_P(AuditCheckpointerTest, KeepsTheOldCheckpointWhenTheStoreNoLongerReachesIt) {
    const int64_t first = Append(1);
    const int64_t second = Append(1);
    ASSERT_TRUE(checkpointer_->WriteNow());
    test::AllowAuditTampering(store_->db());
    store_->Exec("DELETE FROM audit_log WHERE id = ?", {second});
    store_->Exec("UPDATE audit_heads SET last_id = ?, last_hash = (SELECT hash FROM audit_log WHERE id = ?)",
                 {first, first});
    auto refused = checkpointer_->WriteNow();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().id, "audit_behind_checkpoint");
    EXPECT_EQ(OnDisk().chains.at(0).last_id, second);  // the evidence stays
}

TEST_P(AuditCheckpointerTest, StopWritesTheShutdownCheckpoint) {
    checkpointer_->Start();
    // Wait for the start-up checkpoint, so the entry below is surely after it.
    for (int i = 0; i < 1000 && !std::filesystem::exists(checkpointer_->Path()); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(std::filesystem::exists(checkpointer_->Path()));
    EXPECT_TRUE(OnDisk().chains.empty());
    const int64_t id = Append(2);  // the hour-long interval means only Stop can write this one
    checkpointer_->Stop();
    const AuditCheckpoint cp = OnDisk();
    ASSERT_EQ(cp.chains.size(), 1u);
    EXPECT_EQ(cp.chains[0].last_id, id);
}

INSTANTIATE_TEST_SUITE_P(Stores, AuditCheckpointerTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
