// Issue 11 point 6: the primary dies under write load and a synchronous replica is promoted by
// script (pg_ctl promote). serve, given both hosts in one libpq URL
// (target_session_attrs=read-write), answers 503 with Retry-After while no primary exists —
// every request within a bounded time, never a 500 — and finds the new primary by itself,
// without a restart. Every write it acknowledged (201) is on the new primary.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "functional/failover_load.hpp"
#include "functional/pg_pair.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

TEST(FailoverPromote, NoAcknowledgedWriteIsLostAnd503sBridgeTheOutage) {
    pg_pair::Pair pg;
    if (!pg.available()) GTEST_SKIP() << "PostgreSQL server binaries not installed";
    auto primary = pg.StartPrimary();
    ASSERT_EQ(primary.code, 0) << primary.out;
    auto seeded = RunSafegrid({"seed-demo", "--db", pg.PrimaryUrl(), "--enterprises", "10", "--seed", "8"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    auto replica = pg.StartReplica();
    ASSERT_EQ(replica.code, 0) << replica.out;
    // Synchronous from here on: a commit is acknowledged only once the replica has it.
    auto sync = pg.Script("sync " + std::to_string(pg.primary_port()));
    ASSERT_EQ(sync.code, 0) << sync.out;

    test::TempDir dir;
    ServerProcess server({"--db", pg.FailoverUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient probe("127.0.0.1", server.port());
    ASSERT_EQ(probe.Login("inspector1").status, 200);
    auto enterprises = probe.Get("/api/v1/enterprises?page_size=1");
    ASSERT_EQ(enterprises.status, 200) << enterprises.body;
    const int64_t enterprise_id = enterprises.Json().at("items").at(0).at("id").as_int64();

    failover_load::Load load(server.port(), enterprise_id);
    ASSERT_TRUE(load.WaitForCount(201, 20, std::chrono::seconds(60)));

    auto crashed = pg.Script("crash " + pg_pair::Quote(pg.base() + "/primary"));
    ASSERT_EQ(crashed.code, 0) << crashed.out;
    // No primary now: the service says so, quickly, and does not die.
    EXPECT_TRUE(load.WaitForCount(503, 5, std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const int acked_before_promotion = load.Count(201);

    auto promoted = pg.Script("promote " + pg_pair::Quote(pg.base() + "/replica"));
    ASSERT_EQ(promoted.code, 0) << promoted.out;
    // It finds the new primary by itself: writes are acknowledged again.
    EXPECT_TRUE(load.WaitForCount(201, acked_before_promotion + 20, std::chrono::seconds(60))) << server.Log();
    load.Stop();
    load.ExpectOnlyAcksAndRetryableUnavailability();
    EXPECT_TRUE(server.Running());
    EXPECT_EQ(probe.Get("/healthz").status, 200);

    // Every acknowledged hazard is on the new primary.
    const auto [ids, acked] = load.AckedIds();
    ASSERT_FALSE(ids.empty());
    auto present = pg.Sql(true, "SELECT count(*) FROM hazards WHERE id IN (" + ids + ")");
    ASSERT_EQ(present.code, 0) << present.out;
    EXPECT_EQ(present.out, std::to_string(acked));
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

}  // namespace
}  // namespace safegrid::testing
