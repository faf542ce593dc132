// Issue 11 point 6: the primary dies under write load and a synchronous replica is promoted by
// script (pg_ctl promote). serve, given both hosts in one libpq URL
// (target_session_attrs=read-write), answers 503 with Retry-After while no primary exists —
// every request within a bounded time, never a 500 — and finds the new primary by itself,
// without a restart. Every write it acknowledged (201) is on the new primary.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "functional/pg_pair.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Outcomes {
    std::mutex mu;
    std::vector<int64_t> acked;         // ids of hazards answered 201
    std::map<int, int> statuses;        // status → how many
    int unavailable_without_retry = 0;  // 503s lacking Retry-After (header or body)
    std::chrono::milliseconds slowest{0};
};

void Writer(uint16_t port, int64_t enterprise_id, int n, const std::atomic<bool>& stop, Outcomes& out) {
    HttpClient client("127.0.0.1", port);
    if (client.Login("inspector1").status != 200) {
        std::lock_guard lock(out.mu);
        ++out.statuses[-1];
        return;
    }
    for (int i = 0; !stop; ++i) {
        const auto start = Clock::now();
        auto r =
            pg_pair::PostHazard(client, enterprise_id, "故障切换写入 " + std::to_string(n) + "-" + std::to_string(i));
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        // Like a client that honours Retry-After, but keeping the test short.
        if (r.status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::lock_guard lock(out.mu);
        ++out.statuses[r.status];
        out.slowest = std::max(out.slowest, took);
        if (r.status == 201) out.acked.push_back(r.Json().at("id").as_int64());
        if (r.status == 503) {
            const boost::json::value body = r.Json();
            const bool in_body = body.is_object() && body.at("error").as_object().contains("retry_after");
            if (!r.headers.contains("retry-after") || !in_body) ++out.unavailable_without_retry;
        }
    }
}

int Count(Outcomes& out, int status) {
    std::lock_guard lock(out.mu);
    return out.statuses[status];
}

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

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

    Outcomes out;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int n = 0; n < 4; ++n) {
        writers.emplace_back([&, n] { Writer(server.port(), enterprise_id, n, stop, out); });
    }
    ASSERT_TRUE(WaitFor([&] { return Count(out, 201) >= 20; }, std::chrono::seconds(60)));

    auto crashed = pg.Script("crash " + pg_pair::Quote(pg.base() + "/primary"));
    ASSERT_EQ(crashed.code, 0) << crashed.out;
    // No primary now: the service says so, quickly, and does not die.
    EXPECT_TRUE(WaitFor([&] { return Count(out, 503) >= 5; }, std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const int acked_before_promotion = Count(out, 201);

    auto promoted = pg.Script("promote " + pg_pair::Quote(pg.base() + "/replica"));
    ASSERT_EQ(promoted.code, 0) << promoted.out;
    // It finds the new primary by itself: writes are acknowledged again.
    EXPECT_TRUE(WaitFor([&] { return Count(out, 201) >= acked_before_promotion + 20; }, std::chrono::seconds(60)))
        << server.Log();
    stop = true;
    for (auto& t : writers) t.join();

    {
        std::lock_guard lock(out.mu);
        for (const auto& [status, n] : out.statuses) {
            EXPECT_TRUE(status == 201 || status == 503) << n << " answers with status " << status;
        }
        EXPECT_EQ(out.unavailable_without_retry, 0);
        EXPECT_LT(out.slowest, std::chrono::milliseconds(15000)) << "a request hung during the outage";
    }
    EXPECT_TRUE(server.Running());
    EXPECT_EQ(probe.Get("/healthz").status, 200);

    // Every acknowledged hazard is on the new primary.
    std::string ids;
    for (int64_t id : out.acked) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    ASSERT_FALSE(ids.empty());
    auto present = pg.Sql(true, "SELECT count(*) FROM hazards WHERE id IN (" + ids + ")");
    ASSERT_EQ(present.code, 0) << present.out;
    EXPECT_EQ(present.out, std::to_string(out.acked.size()));
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

}  // namespace
}  // namespace safegrid::testing
