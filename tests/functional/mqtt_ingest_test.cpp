// serve --mqtt against a REAL mosquitto broker started on a free loopback port with its own config
// and data dir: a fire published twice is stored once, bad messages are refused by reason, the
// listener comes back after the broker restarts and gets what was published meanwhile (persistent
// session), and SIGTERM stops the server cleanly. Skipped when /usr/sbin/mosquitto is missing
// (scripts/install-deps.sh installs it, so `make test` and CI run it).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "app/simulate_mqtt.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

constexpr const char* kMosquitto = "/usr/sbin/mosquitto";

uint16_t FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

// A mosquitto of our own: loopback only, persistence in the temp dir (as root it must stay root to
// write there), stopped with SIGTERM so it saves its sessions.
class Broker {
  public:
    explicit Broker(const test::TempDir& dir) : port_(FreePort()), conf_(dir.File("mosquitto.conf")) {
        std::ofstream(conf_) << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence true\n"
                             << "persistence_location " << dir.path().string() << "/\n"
                             << (geteuid() == 0 ? "user root\n" : "") << "log_dest file " << dir.File("broker.log")
                             << "\n";
    }
    ~Broker() { Stop(); }
    bool Start() {
        pid_ = fork();
        if (pid_ == 0) {
            execl(kMosquitto, kMosquitto, "-c", conf_.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 100; ++i) {  // ready when it accepts a connection
            const int fd = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port_);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            close(fd);
            if (ok) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    void Stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    uint16_t port() const { return port_; }

  private:
    uint16_t port_;
    std::string conf_;
    pid_t pid_ = -1;
};

// Publishes QoS 1 messages and waits until the broker acked them all.
void Publish(uint16_t port, const std::vector<std::pair<std::string, std::string>>& messages) {
    mosquitto_lib_init();
    mosquitto* m = mosquitto_new(nullptr, true, nullptr);
    ASSERT_EQ(mosquitto_connect(m, "127.0.0.1", port, 30), MOSQ_ERR_SUCCESS);
    static std::atomic<int> acked;
    acked = 0;
    mosquitto_publish_callback_set(m, [](mosquitto*, void*, int) { ++acked; });
    for (const auto& [topic, payload] : messages) {
        ASSERT_EQ(
            mosquitto_publish(m, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, false),
            MOSQ_ERR_SUCCESS);
    }
    for (int i = 0; i < 200 && acked < static_cast<int>(messages.size()); ++i) mosquitto_loop(m, 50, 1);
    EXPECT_EQ(acked, static_cast<int>(messages.size()));
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
}

int64_t InboxCount(const std::string& path, const std::string& where) {
    sqlite3* db = nullptr;
    int64_t n = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        const std::string sql = "SELECT COUNT(*) FROM device_inbox WHERE protocol = 'mqtt' AND " + where;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

TEST(MqttFunctional, RealBrokerDedupesRefusesReconnectsAndStopsCleanly) {
    if (!std::filesystem::exists(kMosquitto)) GTEST_SKIP() << "mosquitto is not installed (scripts/install-deps.sh)";
    test::TempDir dir;
    const std::string db_path = dir.File("s.db");
    auto seeded = RunSafegrid({"seed-demo", "--db", "sqlite:" + db_path, "--enterprises", "12", "--seed", "7"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    // The seed's demo alarms came through the inbox too: count what this test adds.
    const int64_t fires = InboxCount(db_path, "signals LIKE '%fire%'");
    const int64_t clears = InboxCount(db_path, "signals LIKE '%clear%'");
    Broker broker(dir);
    ASSERT_TRUE(broker.Start());
    const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
    ServerProcess server(
        {"--db", "sqlite:" + db_path, "--data-dir", dir.File("data"), "--mqtt", url, "--mqtt-client-id", "sg-test"});
    ASSERT_TRUE(server.Start()) << server.Log();
    ASSERT_TRUE(
        WaitFor([&] { return server.Log().find("mqtt: connected") != std::string::npos; }, std::chrono::seconds(20)))
        << server.Log();

    // The demo town's first electrical-fire monitor speaks MQTT (services/seed/demo_devices).
    const std::string fire = R"({"ts":"2026-12-06T02:00:00Z","event":"fire","detail":"3F"})";
    Publish(broker.port(), {{"safegrid/devices/EF-1/events", fire},
                            {"safegrid/devices/EF-1/events", fire},
                            {"safegrid/devices/NOPE-1/events", fire},
                            {"safegrid/devices/EF-1/events", "not json"}});
    // The refusals are logged when the batch is read, before its good messages commit: wait for both.
    ASSERT_TRUE(WaitFor(
        [&] {
            return server.Log().find("(bad_json)") != std::string::npos &&
                   InboxCount(db_path, "signals LIKE '%fire%'") >= fires + 1;
        },
        std::chrono::seconds(20)))
        << server.Log();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a second copy would have landed by now
    EXPECT_EQ(InboxCount(db_path, "signals LIKE '%fire%'"), fires + 1);
    EXPECT_NE(server.Log().find("(unknown_device) from serial \"NOPE-1\""), std::string::npos) << server.Log();

    // The broker restarts; what is published before the listener is back waits in its session.
    broker.Stop();
    ASSERT_TRUE(broker.Start());
    Publish(broker.port(), {{"safegrid/devices/EF-1/events", R"({"ts":1796522700,"event":"clear"})"}});
    EXPECT_TRUE(
        WaitFor([&] { return InboxCount(db_path, "signals LIKE '%clear%'") == clears + 1; }, std::chrono::seconds(30)))
        << server.Log();

    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

TEST(MqttFunctional, TheSimulatorsMessagesAreAckedAndEveryOneIsStored) {
    if (!std::filesystem::exists(kMosquitto)) GTEST_SKIP() << "mosquitto is not installed (scripts/install-deps.sh)";
    test::TempDir dir;
    const std::string db_path = dir.File("s.db");
    auto seeded = RunSafegrid({"seed-demo", "--db", "sqlite:" + db_path, "--enterprises", "12", "--seed", "7"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    const int64_t seeded_rows = InboxCount(db_path, "1 = 1");  // the demo alarms' messages
    Broker broker(dir);
    ASSERT_TRUE(broker.Start());
    const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
    ServerProcess server(
        {"--db", "sqlite:" + db_path, "--data-dir", dir.File("data"), "--mqtt", url, "--mqtt-client-id", "sg-sim"});
    ASSERT_TRUE(server.Start()) << server.Log();
    ASSERT_TRUE(
        WaitFor([&] { return server.Log().find("mqtt: connected") != std::string::npos; }, std::chrono::seconds(20)))
        << server.Log();

    auto run = app::RunMqttSimulator(url, 3, 50, std::chrono::seconds(2), "sqlite:" + db_path);
    ASSERT_TRUE(run) << run.error().internal;
    EXPECT_GE(run->sent, 90);
    EXPECT_EQ(run->acked, run->sent);
    EXPECT_TRUE(
        WaitFor([&] { return InboxCount(db_path, "1 = 1") - seeded_rows == run->sent; }, std::chrono::seconds(20)))
        << InboxCount(db_path, "1 = 1") - seeded_rows << " of " << run->sent << "\n"
        << server.Log();
    EXPECT_EQ(server.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace safegrid::testing
