// Issue 11 point 6 with Patroni + etcd from Debian: two Patroni nodes in synchronous mode, the
// leader's machine is lost under write load (kill -9 of its Patroni and its PostgreSQL), and Patroni
// promotes the synchronous standby once the leader key lapses. serve, given both hosts in one libpq
// URL (target_session_attrs=read-write), answers 503 with Retry-After while there is no leader and
// writes again on the new one without a restart; every write it acknowledged is on the new leader.
// The same checks as failover_promote_test, which promotes by script instead.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "functional/failover_load.hpp"
#include "functional/pg_pair.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

using pg_pair::Quote;
using pg_pair::Run;
using pg_pair::Shell;

// etcd + node1 + node2 through scripts/patroni-cluster.sh, in a temp directory under /tmp (Patroni
// runs as postgres when the tests run as root); everything killed and deleted in the destructor.
class PatroniCluster {
  public:
    PatroniCluster() : script_(SourceDir() + "/scripts/patroni-cluster.sh") {
        const Shell available = Run(Quote(script_) + " available");
        if (available.code != 0) {
            why_unavailable_ = available.out;
            return;
        }
        char base[] = "/tmp/safegrid-patroni-XXXXXX";
        if (::mkdtemp(base) == nullptr) {
            why_unavailable_ = "mkdtemp failed";
            return;
        }
        ::chmod(base, 0755);
        dir_ = std::string(base) + "/cluster";
        port1_ = pg_pair::FreePort();
        port2_ = pg_pair::FreePort();
        while (port2_ == port1_) port2_ = pg_pair::FreePort();
        base_ = base;
    }
    ~PatroniCluster() {
        if (base_.empty()) return;
        Script("stop " + Quote(dir_));
        Run("rm -rf " + Quote(base_));
    }
    PatroniCluster(const PatroniCluster&) = delete;
    PatroniCluster& operator=(const PatroniCluster&) = delete;

    // Empty when patroni, etcd and PostgreSQL are installed; else why not.
    [[nodiscard]] const std::string& why_unavailable() const { return why_unavailable_; }
    Shell Script(const std::string& args) const { return Run(Quote(script_) + " " + args); }
    // node1 leads, node2 is its synchronous standby.
    Shell Start() const {
        return Script("start " + Quote(dir_) + " " + std::to_string(port1_) + " " + std::to_string(port2_));
    }
    Shell Kill(const std::string& node) const { return Script("kill " + Quote(dir_) + " " + node); }
    Shell Status() const { return Script("status " + Quote(dir_)); }
    // The leader's PostgreSQL port, 0 while there is none.
    [[nodiscard]] uint16_t LeaderPort() const {
        const Shell leader = Script("leader " + Quote(dir_));
        return leader.code == 0 ? static_cast<uint16_t>(std::atoi(leader.out.c_str())) : 0;
    }
    Shell Sql(uint16_t port, const std::string& sql) const {
        return Script("sql " + std::to_string(port) + " " + Quote(sql));
    }
    [[nodiscard]] uint16_t port1() const { return port1_; }
    [[nodiscard]] uint16_t port2() const { return port2_; }
    [[nodiscard]] std::string Node1Url() const {
        return "postgresql://postgres@127.0.0.1:" + std::to_string(port1_) + "/safegrid";
    }
    // Both hosts; libpq connects to whichever accepts writes (docs/replicas.md, "Patroni").
    [[nodiscard]] std::string FailoverUrl() const {
        return "postgresql://postgres@127.0.0.1:" + std::to_string(port1_) + ",127.0.0.1:" + std::to_string(port2_) +
               "/safegrid?target_session_attrs=read-write&connect_timeout=3";
    }

  private:
    std::string script_;
    std::string why_unavailable_;
    std::string base_;
    std::string dir_;
    uint16_t port1_ = 0;
    uint16_t port2_ = 0;
};

TEST(FailoverPatroni, LeaderLostUnderWriteLoadNoAcknowledgedWriteIsLost) {
    PatroniCluster cluster;
    if (!cluster.why_unavailable().empty()) GTEST_SKIP() << cluster.why_unavailable();
    auto started = cluster.Start();
    ASSERT_EQ(started.code, 0) << started.out;
    ASSERT_EQ(cluster.LeaderPort(), cluster.port1()) << cluster.Status().out;
    // Seeded through the leader with synchronous commits already on: the standby has it all.
    auto seeded = RunSafegrid({"seed-demo", "--db", cluster.Node1Url(), "--enterprises", "10", "--seed", "8"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;

    test::TempDir dir;
    ServerProcess server({"--db", cluster.FailoverUrl(), "--data-dir", dir.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient probe("127.0.0.1", server.port());
    ASSERT_EQ(probe.Login("inspector1").status, 200);
    auto enterprises = probe.Get("/api/v1/enterprises?page_size=1");
    ASSERT_EQ(enterprises.status, 200) << enterprises.body;
    const int64_t enterprise_id = enterprises.Json().at("items").at(0).at("id").as_int64();

    failover_load::Load load(server.port(), enterprise_id);
    ASSERT_TRUE(load.WaitForCount(201, 20, std::chrono::seconds(60)));

    // The leader's machine is lost: its Patroni goes with its PostgreSQL, nothing restarts it.
    const auto killed_at = failover_load::Clock::now();
    auto killed = cluster.Kill("node1");
    ASSERT_EQ(killed.code, 0) << killed.out;
    // No leader now: the service says so, quickly, and does not die.
    EXPECT_TRUE(load.WaitForCount(503, 5, std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const int acked_before_failover = load.Count(201);

    // Patroni promotes node2 once node1's leader key lapses (ttl 10 s); serve finds it by itself.
    EXPECT_TRUE(
        failover_load::WaitFor([&] { return cluster.LeaderPort() == cluster.port2(); }, std::chrono::seconds(45)))
        << cluster.Status().out;
    EXPECT_TRUE(load.WaitForCount(201, acked_before_failover + 1, std::chrono::seconds(45))) << server.Log();
    const auto resumed_after =
        std::chrono::duration_cast<std::chrono::milliseconds>(failover_load::Clock::now() - killed_at);
    EXPECT_TRUE(load.WaitForCount(201, acked_before_failover + 20, std::chrono::seconds(30))) << server.Log();
    load.Stop();
    // For the record (docs/replicas.md quotes it): how long writes were refused.
    std::cout << "writes resumed " << resumed_after.count() << " ms after the leader was lost; " << load.Count(201)
              << " acknowledged, " << load.Count(503) << " answered 503\n";
    load.ExpectOnlyAcksAndRetryableUnavailability();
    EXPECT_TRUE(server.Running());
    EXPECT_EQ(probe.Get("/healthz").status, 200);

    // Every acknowledged hazard is on the new leader, read through its own port.
    const auto [ids, acked] = load.AckedIds();
    ASSERT_FALSE(ids.empty());
    auto present = cluster.Sql(cluster.port2(), "SELECT count(*) FROM hazards WHERE id IN (" + ids + ")");
    ASSERT_EQ(present.code, 0) << present.out;
    EXPECT_EQ(present.out, std::to_string(acked));
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

}  // namespace
}  // namespace safegrid::testing
