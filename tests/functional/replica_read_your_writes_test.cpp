// Issue 11 point 3: `serve --db-read` sends list pages to a streaming replica, but never answers
// a user's own write with a stale read. The replica is made to lag on purpose
// (pg_wal_replay_pause): the writer's list then comes from the primary and shows the write,
// while another user's list still comes from the replica and does not; once replay resumes the
// replica serves the writer again.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "functional/pg_pair.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

using pg_pair::Metric;

constexpr const char* kFromReplica = "safegrid_replica_reads_total{served_by=\"replica\"}";
constexpr const char* kFromPrimary = "safegrid_replica_reads_total{served_by=\"primary\"}";
constexpr const char* kReadYourWrites = "safegrid_replica_fallbacks_total{reason=\"read_your_writes\"}";

int64_t Total(HttpClient& client, const std::string& path) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value body = r.Json();
    return body.is_object() ? body.at("total").as_int64() : -1;
}

TEST(ReplicaReadYourWrites, TheWriterNeverReadsStaleListsWhileOthersReadTheLaggingReplica) {
    pg_pair::Pair pg;
    if (!pg.available()) GTEST_SKIP() << "PostgreSQL server binaries not installed";
    auto primary = pg.StartPrimary();
    ASSERT_EQ(primary.code, 0) << primary.out;
    auto seeded = RunSafegrid({"seed-demo", "--db", pg.PrimaryUrl(), "--enterprises", "20", "--seed", "5"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    auto replica = pg.StartReplica();
    ASSERT_EQ(replica.code, 0) << replica.out;

    test::TempDir dir;
    ServerProcess server({"--db", pg.PrimaryUrl(), "--db-read", pg.ReplicaUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient writer("127.0.0.1", server.port());
    ASSERT_EQ(writer.Login("inspector1").status, 200);
    HttpClient other("127.0.0.1", server.port());
    ASSERT_EQ(other.Login("town").status, 200);
    HttpClient metrics("127.0.0.1", server.port());

    auto enterprises = writer.Get("/api/v1/enterprises?page_size=1");
    ASSERT_EQ(enterprises.status, 200) << enterprises.body;
    const int64_t enterprise_id = enterprises.Json().at("items").at(0).at("id").as_int64();
    const int64_t writer_before = Total(writer, "/api/v1/hazards");
    const int64_t other_before = Total(other, "/api/v1/hazards");
    EXPECT_GT(Metric(metrics, kFromReplica), 0) << "lists are served by the replica when nothing is pending";

    auto paused = pg.Sql(true, "SELECT pg_wal_replay_pause()");
    ASSERT_EQ(paused.code, 0) << paused.out;
    auto created = pg_pair::PostHazard(writer, enterprise_id, "副本延迟时的新隐患");
    ASSERT_EQ(created.status, 201) << created.body;

    // The writer: served by the primary, so its own write is there.
    const double fallbacks = Metric(metrics, kReadYourWrites);
    const double primary_reads = Metric(metrics, kFromPrimary);
    EXPECT_EQ(Total(writer, "/api/v1/hazards"), writer_before + 1);
    EXPECT_GT(Metric(metrics, kReadYourWrites), fallbacks);
    EXPECT_GT(Metric(metrics, kFromPrimary), primary_reads);

    // Another user: the replica still answers, without the write it has not replayed.
    const double replica_reads = Metric(metrics, kFromReplica);
    EXPECT_EQ(Total(other, "/api/v1/hazards"), other_before);
    EXPECT_GT(Metric(metrics, kFromReplica), replica_reads);

    // Replay resumes: the replica catches up and serves the writer again, write included.
    auto resumed = pg.Sql(true, "SELECT pg_wal_replay_resume()");
    ASSERT_EQ(resumed.code, 0) << resumed.out;
    bool served_by_replica = false;
    for (int i = 0; i < 100 && !served_by_replica; ++i) {
        const double before = Metric(metrics, kFromReplica);
        EXPECT_EQ(Total(writer, "/api/v1/hazards"), writer_before + 1);
        served_by_replica = Metric(metrics, kFromReplica) > before;
        if (!served_by_replica) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(served_by_replica) << "the replica never served the writer again after catching up";
    EXPECT_EQ(Total(other, "/api/v1/hazards"), other_before + 1);
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

// Several serve processes behind one address (issue 11 point 2): the write goes through A, the
// writer's next list through B. B never saw the write, but finds the writer's position in the
// store (write_positions) and answers from the primary; another user's list through B still
// comes from the paused replica.
TEST(ReplicaReadYourWrites, HoldsAcrossProcesses) {
    pg_pair::Pair pg;
    if (!pg.available()) GTEST_SKIP() << "PostgreSQL server binaries not installed";
    auto primary = pg.StartPrimary();
    ASSERT_EQ(primary.code, 0) << primary.out;
    auto seeded = RunSafegrid({"seed-demo", "--db", pg.PrimaryUrl(), "--enterprises", "20", "--seed", "7"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    auto replica = pg.StartReplica();
    ASSERT_EQ(replica.code, 0) << replica.out;

    test::TempDir dir;
    ServerProcess a({"--db", pg.PrimaryUrl(), "--db-read", pg.ReplicaUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(a.Start()) << a.Log();
    ServerProcess b({"--db", pg.PrimaryUrl(), "--db-read", pg.ReplicaUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(b.Start()) << b.Log();
    // One session, used through both processes (the session lives in the store).
    HttpClient writer_a("127.0.0.1", a.port());
    auto login = writer_a.Login("inspector1");
    ASSERT_EQ(login.status, 200);
    HttpClient writer_b("127.0.0.1", b.port());
    writer_b.SetToken(std::string(login.Json().at("token").as_string()));
    HttpClient other_b("127.0.0.1", b.port());
    ASSERT_EQ(other_b.Login("town").status, 200);
    HttpClient metrics_b("127.0.0.1", b.port());

    auto enterprises = writer_a.Get("/api/v1/enterprises?page_size=1");
    ASSERT_EQ(enterprises.status, 200) << enterprises.body;
    const int64_t enterprise_id = enterprises.Json().at("items").at(0).at("id").as_int64();
    const int64_t writer_before = Total(writer_b, "/api/v1/hazards");
    const int64_t other_before = Total(other_b, "/api/v1/hazards");

    auto paused = pg.Sql(true, "SELECT pg_wal_replay_pause()");
    ASSERT_EQ(paused.code, 0) << paused.out;
    auto created = pg_pair::PostHazard(writer_a, enterprise_id, "另一进程写入的隐患");
    ASSERT_EQ(created.status, 201) << created.body;

    const double fallbacks = Metric(metrics_b, kReadYourWrites);
    const double primary_reads = Metric(metrics_b, kFromPrimary);
    EXPECT_EQ(Total(writer_b, "/api/v1/hazards"), writer_before + 1) << "process B answered the writer stale";
    EXPECT_GT(Metric(metrics_b, kReadYourWrites), fallbacks);
    EXPECT_GT(Metric(metrics_b, kFromPrimary), primary_reads);

    const double replica_reads = Metric(metrics_b, kFromReplica);
    EXPECT_EQ(Total(other_b, "/api/v1/hazards"), other_before);
    EXPECT_GT(Metric(metrics_b, kFromReplica), replica_reads);

    auto resumed = pg.Sql(true, "SELECT pg_wal_replay_resume()");
    ASSERT_EQ(resumed.code, 0) << resumed.out;
    EXPECT_EQ(a.Stop(SIGTERM), 0) << a.Log();
    EXPECT_EQ(b.Stop(SIGTERM), 0) << b.Log();
}

// A replica that is down does not take the lists with it: they fall back to the primary.
TEST(ReplicaReadYourWrites, ListsFallBackToThePrimaryWhenTheReplicaIsDown) {
    pg_pair::Pair pg;
    if (!pg.available()) GTEST_SKIP() << "PostgreSQL server binaries not installed";
    auto primary = pg.StartPrimary();
    ASSERT_EQ(primary.code, 0) << primary.out;
    auto seeded = RunSafegrid({"seed-demo", "--db", pg.PrimaryUrl(), "--enterprises", "10", "--seed", "6"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;

    test::TempDir dir;
    // No replica was ever started on that port: serve still starts, and says why reads stay home.
    ServerProcess server({"--db", pg.PrimaryUrl(), "--db-read", pg.ReplicaUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient town("127.0.0.1", server.port());
    ASSERT_EQ(town.Login("town").status, 200);
    EXPECT_GT(Total(town, "/api/v1/hazards"), 0);
    EXPECT_EQ(town.Get("/api/v1/stats/overview").status, 200);
    EXPECT_GT(Metric(town, "safegrid_replica_fallbacks_total{reason=\"replica_down\"}"), 0);
    EXPECT_EQ(Metric(town, kFromReplica), 0);
    EXPECT_NE(server.Log().find("read replica"), std::string::npos) << server.Log();
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

// SQLite is one file: there is no replica to read from, and serve says so instead of starting.
TEST(ReplicaReadYourWrites, SqliteRefusesDbRead) {
    test::TempDir dir;
    const std::string db = "sqlite:" + dir.File("one.db");
    auto served = RunSafegrid({"serve", "--db", db, "--db-read", "postgresql://postgres@127.0.0.1:1/x", "--listen",
                               "127.0.0.1:0", "--data-dir", dir.File("data")});
    EXPECT_NE(served.exit_code, 0);
    EXPECT_NE(served.output.find("--db-read"), std::string::npos) << served.output;
}

}  // namespace
}  // namespace safegrid::testing
