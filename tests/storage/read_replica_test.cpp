// The routing Database of `serve --db-read` (storage/read_replica.hpp), on one PostgreSQL server
// standing in for both primary and replica (it is not in recovery, so it counts as fully
// caught up). The lag and failover behaviour against a real streaming replica is tested in
// tests/functional/replica_read_your_writes_test.cpp and failover_promote_test.cpp.
#include "storage/read_replica.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "platform/caller.hpp"
#include "platform/metrics.hpp"
#include "support/pg_fixture.hpp"

namespace safegrid::storage {
namespace {

double Sample(const std::string& sample) {
    const std::string text = platform::Metrics::Global().RenderPrometheus();
    const size_t at = text.find("\n" + sample + " ");
    return at == std::string::npos ? 0 : std::atof(text.c_str() + at + sample.size() + 2);
}

const std::string kFromReplica = "safegrid_replica_reads_total{served_by=\"replica\"}";
const std::string kFromPrimary = "safegrid_replica_reads_total{served_by=\"primary\"}";

Result<int64_t> One(Database& db) {
    return db.Read([](Connection& c) -> Result<int64_t> {
        SG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT 1", {}));
        return rows.rows.at(0).Int(0);
    });
}

TEST(ReadReplica, ParsesWalPositions) {
    EXPECT_EQ(detail::ParseLsn("0/0"), 0u);
    EXPECT_EQ(detail::ParseLsn("16/B374D848"), 0x16B374D848u);
    EXPECT_EQ(detail::ParseLsn("FFFFFFFF/FFFFFFFF"), UINT64_MAX);
    EXPECT_LT(*detail::ParseLsn("0/FFFFFFFF"), *detail::ParseLsn("1/0"));
    for (const char* bad : {"", "/", "1/", "/1", "16B374D848", "1/2/3", "G/1", "1/ 2", "100000000/0"}) {
        EXPECT_FALSE(detail::ParseLsn(bad)) << bad;
    }
}

TEST(ReadReplica, SqliteHasNoReplica) {
    auto primary = OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(primary);
    auto routed = WithReadReplica(*primary, "postgresql://postgres@127.0.0.1:1/x", {});
    ASSERT_FALSE(routed);
    EXPECT_EQ(routed.error().code, Code::kMalformed);
    EXPECT_EQ(routed.error().id, "db_read_unsupported");
}

TEST(ReadReplica, OnlyMarkedReadsGoToTheReplicaAndWritesMoveToThePrimary) {
    auto pg = test::PgTestDatabase::CreateOrSkip();
    if (!pg) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
    auto primary = OpenDatabase(pg->url());
    ASSERT_TRUE(primary) << primary.error().internal;
    auto routed = WithReadReplica(*primary, pg->url(), {});
    ASSERT_TRUE(routed) << routed.error().internal;
    Database& db = **routed;
    EXPECT_EQ(db.Url(), (*primary)->Url());

    const double replica_before = Sample(kFromReplica);
    ASSERT_EQ(One(db).value_or(0), 1);  // unmarked: the primary, and not counted
    EXPECT_EQ(Sample(kFromReplica), replica_before);
    {
        const LagTolerantReads may_lag;
        ASSERT_EQ(One(db).value_or(0), 1);
        EXPECT_EQ(Sample(kFromReplica), replica_before + 1);
        // A write that starts on a marked path still runs, on the primary.
        const platform::CallerScope caller(42);
        auto wrote = db.Transact(true, [](Connection& c) -> Result<int64_t> {
            SG_TRY(c.Execute("CREATE TABLE IF NOT EXISTS replica_probe (x INTEGER)", {}));
            return c.Execute("INSERT INTO replica_probe (x) VALUES (1)", {});
        });
        ASSERT_TRUE(wrote) << wrote.error().internal;
        EXPECT_EQ(*wrote, 1);
        // The writer's next read waits for nothing: this "replica" is not in recovery.
        ASSERT_EQ(One(db).value_or(0), 1);
        EXPECT_EQ(Sample(kFromReplica), replica_before + 2);
    }
}

TEST(ReadReplica, ADownReplicaIsNotAnErrorItsReadsFallBack) {
    auto pg = test::PgTestDatabase::CreateOrSkip();
    if (!pg) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
    auto primary = OpenDatabase(pg->url());
    ASSERT_TRUE(primary) << primary.error().internal;
    auto routed = WithReadReplica(*primary, "postgresql://postgres@127.0.0.1:1/nothing", {});
    ASSERT_TRUE(routed) << routed.error().internal;
    const double down_before = Sample("safegrid_replica_fallbacks_total{reason=\"replica_down\"}");
    const double primary_before = Sample(kFromPrimary);
    const LagTolerantReads may_lag;
    ASSERT_EQ(One(**routed).value_or(0), 1);
    EXPECT_GT(Sample("safegrid_replica_fallbacks_total{reason=\"replica_down\"}"), down_before);
    EXPECT_EQ(Sample(kFromPrimary), primary_before + 1);
}

}  // namespace
}  // namespace safegrid::storage
