// Nothing acknowledged is ever lost: every write that answered 201 survives a kill -9 of the
// server, and SIGTERM is a clean stop (exit 0) that lets in-flight requests finish.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "services/seed/demo_town.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

// The id of the first grid in the caller's region tree.
int64_t FirstGrid(const boost::json::value& nodes) {
    for (const auto& n : nodes.as_array()) {
        if (n.at("kind").as_string() == "grid") return n.at("id").as_int64();
        if (int64_t g = FirstGrid(n.at("children")); g) return g;
    }
    return 0;
}

class Functional : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = "sqlite:" + dir_.File("durable.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "30", "--seed", "7"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }
    test::TempDir dir_;
    std::string db_;
};

TEST_F(Functional, EveryAcknowledgedWriteSurvivesKillNine) {
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient probe("127.0.0.1", server.port());
    ASSERT_EQ(probe.Login("town").status, 200);
    const int64_t grid = FirstGrid(probe.Get("/api/v1/regions").Json());
    ASSERT_GT(grid, 0);

    std::mutex mu;
    std::vector<int64_t> acknowledged;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&, w] {
            HttpClient client("127.0.0.1", server.port());
            if (client.Login("town").status != 200) return;
            services::seed::SeedRandom rng(1000 + w);
            for (int i = 0; !stop && i < 10000; ++i) {
                boost::json::object body{{"name", "耐久测试企业" + std::to_string(w) + "-" + std::to_string(i)},
                                         {"credit_code", services::seed::MakeDemoCreditCode(rng, false)},
                                         {"grid_id", grid}};
                auto r = client.Post("/api/v1/enterprises", body);
                if (r.status == 201) {
                    std::lock_guard lock(mu);
                    acknowledged.push_back(r.Json().at("id").as_int64());
                } else if (r.status == 0) {
                    return;  // the server is gone
                }
            }
        });
    }
    // Let the writers get going, then kill the server mid-stream, without warning.
    for (int i = 0; i < 200; ++i) {
        {
            std::lock_guard lock(mu);
            if (acknowledged.size() >= 40) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_FALSE(acknowledged.empty()) << "no write was acknowledged before the kill";

    ServerProcess again({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(again.Start()) << again.Log();
    HttpClient reader("127.0.0.1", again.port());
    ASSERT_EQ(reader.Login("town").status, 200);
    for (int64_t id : acknowledged) {
        EXPECT_EQ(reader.Get("/api/v1/enterprises/" + std::to_string(id)).status, 200) << "lost enterprise " << id;
    }
    EXPECT_EQ(again.Stop(SIGTERM), 0);
}

TEST_F(Functional, SigtermStopsCleanlyWithExitZero) {
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

TEST_F(Functional, HealthzAndUnknownApiPathsAnswerJson) {
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    auto health = client.Get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.Json().at("status").as_string(), "ok");
    auto missing = client.Get("/api/v1/no-such-thing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json().at("error").at("code").as_string(), "not_found");
    EXPECT_FALSE(missing.headers["x-request-id"].empty());
    auto metrics = client.Get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("safegrid_http_requests_total"), std::string::npos);
}

}  // namespace
}  // namespace safegrid::testing
