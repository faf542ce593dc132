// Issue 11 point 2: three `safegrid serve` processes on one PostgreSQL (docs/multi-process.md).
// Each process listens on its own port so the test can address each one; a fourth
// joins the first one's port through SO_REUSEPORT. Checked:
//   (a) a due scheduler job runs in exactly one process (the runs per job, summed over the
//       processes' /metrics, go up by one per due period);
//   (b) login failures spread over the three processes lock the account at the same count as one;
//   (c) a public rate limit (public reports per address) is shared the same way;
//   (d) an event stream on process A receives an event written by process B, and A was woken by
//       PostgreSQL's NOTIFY (its notify counter moved), not only by its one-second poll.
// Skips without SAFEGRID_PG_URL (CI always sets it).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "storage/db.hpp"
#include "support/http_client.hpp"
#include "support/pg_fixture.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

using namespace std::chrono_literals;

// The value of one counter line ("name{labels} value") in a /metrics page; 0 when absent.
double Counter(const std::string& metrics, const std::string& series) {
    const size_t at = metrics.find("\n" + series + " ");
    if (at == std::string::npos) return 0;
    return std::stod(metrics.substr(at + series.size() + 2));
}

// A raw SSE reader: GET /api/v1/events and read until `needle` shows up or `timeout` passes.
class EventStream {
  public:
    EventStream(uint16_t port, const std::string& token) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
        const std::string request =
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            "Authorization: Bearer " +
            token + "\r\n\r\n";
        ok_ = ::send(fd_, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size());
    }
    ~EventStream() {
        if (fd_ >= 0) ::close(fd_);
    }
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    bool WaitFor(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (ok_ && received_.find(needle) == std::string::npos) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return false;
            received_.append(buf, static_cast<size_t>(n));
        }
        return ok_;
    }
    const std::string& received() const { return received_; }

  private:
    int fd_ = -1;
    bool ok_ = false;
    std::string received_;
};

class MultiProcessTest : public ::testing::Test {
  protected:
    void SetUp() override {
        pg_ = test::PgTestDatabase::CreateOrSkip();
        if (!pg_) {
            if (!HasFailure()) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
            return;
        }
        auto seeded =
            RunSafegrid({"seed-demo", "--db", pg_->url(), "--enterprises", "20", "--hazards", "40", "--seed", "5"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
        auto db = storage::OpenDatabase(pg_->url());
        ASSERT_TRUE(db) << db.error().internal;
        db_ = *db;
        // Every process runs the scheduler every second, so the due runs below race for real.
        setenv("SAFEGRID_SCHEDULER_INTERVAL_SECONDS", "1", 1);
        for (int i = 0; i < 3; ++i) {
            servers_.push_back(std::make_unique<ServerProcess>(
                std::vector<std::string>{"--db", pg_->url(), "--data-dir", dir_.File("data"), "--reuse-port"}));
            ASSERT_TRUE(servers_.back()->Start()) << servers_.back()->Log();
        }
        unsetenv("SAFEGRID_SCHEDULER_INTERVAL_SECONDS");
    }
    void TearDown() override {
        unsetenv("SAFEGRID_SCHEDULER_INTERVAL_SECONDS");
        for (auto& s : servers_) {
            if (s->Running()) EXPECT_EQ(s->Stop(SIGTERM), 0) << s->Log();
        }
        servers_.clear();
        db_.reset();
    }

    HttpClient Client(size_t i) { return HttpClient("127.0.0.1", servers_.at(i)->port()); }
    std::string Metrics(size_t i) { return Client(i).Get("/metrics").body; }
    double SumOverProcesses(const std::string& series) {
        double sum = 0;
        for (size_t i = 0; i < servers_.size(); ++i) sum += Counter(Metrics(i), series);
        return sum;
    }
    void Exec(const std::string& sql) {
        auto done = db_->Read([&](storage::Connection& c) { return c.Execute(sql); });
        ASSERT_TRUE(done) << sql << ": " << done.error().internal;
    }

    test::TempDir dir_;
    std::unique_ptr<test::PgTestDatabase> pg_;
    std::shared_ptr<storage::Database> db_;
    std::vector<std::unique_ptr<ServerProcess>> servers_;
};

TEST_F(MultiProcessTest, ThreeProcessesShareJobsLimitsAndEvents) {
    // (d) first: a stream on A, a public report (a new hazard, hazard.updated) through B.
    HttpClient a = Client(0);
    auto login = a.Login("admin");
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string token = std::string(login.Json().at("token").as_string());
    const double notified_before = Counter(Metrics(0), "safegrid_live_notify_wakes_total");
    EventStream stream(servers_[0]->port(), token);
    ASSERT_TRUE(stream.WaitFor("\r\n\r\n", 5s)) << stream.received();
    ASSERT_NE(stream.received().find(" 200 "), std::string::npos) << stream.received();
    HttpClient b = Client(1);
    auto report = b.Post("/api/v1/public/reports", {{"description", "多进程测试：楼道堆放杂物"}});
    ASSERT_EQ(report.status, 201) << report.body;
    EXPECT_TRUE(stream.WaitFor("event: hazard.updated", 5s)) << stream.received();
    EXPECT_GT(Counter(Metrics(0), "safegrid_live_notify_wakes_total"), notified_before);

    // (b) five failures spread over the three processes lock the account; the sixth is refused.
    for (int i = 0; i < 5; ++i) {
        auto failed = Client(i % 3).Post("/api/v1/auth/login", {{"username", "zhangsan-mp"}, {"password", "wrong"}});
        EXPECT_EQ(failed.status, 401) << i << " " << failed.body;
    }
    for (size_t i = 0; i < 3; ++i) {
        auto locked = Client(i).Post("/api/v1/auth/login", {{"username", "zhangsan-mp"}, {"password", "wrong"}});
        EXPECT_EQ(locked.status, 429) << i << " " << locked.body;
        EXPECT_TRUE(locked.headers.contains("retry-after"));
    }

    // (c) ten public reports an hour per address, over all processes (one was sent above).
    for (int i = 1; i < 10; ++i) {
        auto sent = Client(i % 3).Post("/api/v1/public/reports", {{"description", "多进程限流 " + std::to_string(i)}});
        EXPECT_EQ(sent.status, 201) << i << " " << sent.body;
    }
    for (size_t i = 0; i < 3; ++i) {
        auto refused = Client(i).Post("/api/v1/public/reports", {{"description", "超出限额"}});
        EXPECT_EQ(refused.status, 429) << i << " " << refused.body;
    }

    // (a) every due period of a daily job is run once over the three processes: three rounds in
    // which the jobs' last runs are forgotten, so all three schedulers find them due at once.
    const std::vector<std::string> daily = {"risk_refresh", "retention", "planner_statistics"};
    std::map<std::string, double> before;
    for (const auto& job : daily)
        before[job] = SumOverProcesses("safegrid_scheduler_job_runs_total{job=\"" + job + "\"}");
    for (int round = 0; round < 3; ++round) {
        Exec("DELETE FROM job_runs WHERE job IN ('risk_refresh', 'retention', 'planner_statistics')");
        std::this_thread::sleep_for(3s);  // three ticks of every process
        for (const auto& job : daily) {
            const double runs = SumOverProcesses("safegrid_scheduler_job_runs_total{job=\"" + job + "\"}");
            EXPECT_EQ(runs - before[job], 1) << job << " round " << round;
            before[job] = runs;
        }
    }
    // The every-tick escalation job did run, in some process, and no lease is left held.
    EXPECT_GT(SumOverProcesses("safegrid_scheduler_job_runs_total{job=\"deadlines\"}"), 0);

    // SO_REUSEPORT: a fourth process listens on A's port beside it.
    ServerProcess fourth({"--db", pg_->url(), "--data-dir", dir_.File("data"), "--reuse-port", "--listen",
                          "127.0.0.1:" + std::to_string(servers_[0]->port())});
    ASSERT_TRUE(fourth.Start()) << fourth.Log();
    EXPECT_EQ(fourth.port(), servers_[0]->port());
    EXPECT_EQ(Client(0).Get("/healthz").status, 200);
    EXPECT_EQ(fourth.Stop(SIGTERM), 0) << fourth.Log();
}

}  // namespace
}  // namespace safegrid::testing
