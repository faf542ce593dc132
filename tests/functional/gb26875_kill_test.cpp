// Issue 9 "Done when": the GB26875 gateway loses no confirmed event. `safegrid serve
// --gb26875-listen` runs as a child process; `safegrid simulate-devices` drives the demo town's
// registered units (numbered events, resend of what was not confirmed); the server is killed with
// SIGKILL mid-stream and started again on the same port; the units reconnect and resend. Afterwards
// every event a unit saw confirmed is in device_inbox exactly once.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "storage/db.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

uint16_t FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

TEST(Gb26875Kill, EveryConfirmedEventSurvivesKillNineOfTheGateway) {
    test::TempDir dir;
    const std::string db = "sqlite:" + dir.File("gateway.db");
    auto seeded = RunSafegrid({"seed-demo", "--db", db, "--enterprises", "30", "--seed", "7"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    const std::string gb_listen = "127.0.0.1:" + std::to_string(FreePort());
    const std::vector<std::string> serve = {"--db", db, "--data-dir", dir.File("data"), "--gb26875-listen", gb_listen};

    auto server = std::make_unique<ServerProcess>(serve);
    ASSERT_TRUE(server->Start()) << server->Log();
    const std::string log = dir.File("confirmed.log");
    CommandResult simulated;
    std::thread simulator([&] {
        simulated = RunSafegrid({"simulate-devices", "--gb26875", gb_listen, "--units", "8", "--rate", "150",
                                 "--duration", "6", "--resend-after", "1", "--db", db, "--confirmed-log", log});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_EQ(server->Stop(SIGKILL), 128 + SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the units find the gateway gone
    server = std::make_unique<ServerProcess>(serve);
    ASSERT_TRUE(server->Start()) << server->Log();
    simulator.join();
    ASSERT_EQ(simulated.exit_code, 0) << simulated.output;
    EXPECT_EQ(server->Stop(SIGTERM), 0) << server->Log();

    // The simulator drained: everything it sent was confirmed in the end, and it did have to resend.
    std::smatch total;
    const std::regex kTotal(R"(total sent=(\d+) confirmed=(\d+) denied=(\d+) resent=(\d+))");
    ASSERT_TRUE(std::regex_search(simulated.output, total, kTotal)) << simulated.output;
    EXPECT_EQ(total[1].str(), total[2].str()) << simulated.output;
    EXPECT_EQ(total[3].str(), "0") << simulated.output;
    EXPECT_NE(total[4].str(), "0") << simulated.output;

    std::ifstream in(log);
    ASSERT_TRUE(in) << "no confirmed log";
    std::set<std::pair<int64_t, std::string>> confirmed;
    int64_t address = 0;
    std::string key;
    while (in >> address >> key) confirmed.emplace(address, key);
    ASSERT_GT(confirmed.size(), 300U) << simulated.output;

    auto store = storage::OpenDatabase(db);
    ASSERT_TRUE(store);
    auto stored = (*store)->Read([&](storage::Connection& c) -> Result<std::map<std::pair<int64_t, std::string>, int>> {
        SG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT d.unit_address, i.dedupe_key FROM device_inbox i "
                                               "JOIN devices d ON d.id = i.device_id WHERE i.protocol = 'gb26875'"));
        std::map<std::pair<int64_t, std::string>, int> out;
        for (const auto& r : rows.rows) ++out[{r.Int(0), r.Text(1)}];
        return out;
    });
    ASSERT_TRUE(stored) << stored.error().internal;
    std::size_t missing = 0;
    for (const auto& event : confirmed) {
        auto it = stored->find(event);
        if (it == stored->end()) {
            ++missing;
            ADD_FAILURE() << "confirmed but not stored: unit " << event.first << " " << event.second;
        } else {
            EXPECT_EQ(it->second, 1);
        }
        if (missing > 5) break;
    }
    EXPECT_EQ(missing, 0U);
}

}  // namespace
}  // namespace safegrid::testing
