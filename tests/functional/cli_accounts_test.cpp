// `safegrid user passwd|disable` and the demo-password warning of `serve`, run as a town IT person
// would run them against the real binary.
#include <gtest/gtest.h>
#include <signal.h>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

constexpr const char* kDemoWarning = "still have the demo password";

class CliAccounts : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = "sqlite:" + dir_.File("cli.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "5", "--seed", "3", "--hazards", "0"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }

    // Logs "town" in on a server that then stops, so no server cache outlives the command under test.
    std::string TokenOfAStoppedServer() {
        ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
        EXPECT_TRUE(server.Start()) << server.Log();
        HttpClient client("127.0.0.1", server.port());
        auto login = client.Login("town");
        EXPECT_EQ(login.status, 200);
        server.Stop(SIGTERM);
        return login.status == 200 ? std::string(login.Json().at("token").as_string()) : std::string();
    }

    test::TempDir dir_;
    std::string db_;
};

TEST_F(CliAccounts, PasswdSetsThePasswordAndEndsEverySession) {
    const std::string old_token = TokenOfAStoppedServer();
    auto set = RunSafegrid({"user", "passwd", "town", "--password-stdin", "--db", db_}, "brand-new-pass\n");
    ASSERT_EQ(set.exit_code, 0) << set.output;
    EXPECT_EQ(set.output.find("brand-new-pass"), std::string::npos) << "the password must never be echoed";

    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    client.SetToken(old_token);
    EXPECT_EQ(client.Get("/api/v1/me").status, 401);
    EXPECT_EQ(client.Login("town", "demo1234").status, 401);
    EXPECT_EQ(client.Login("town", "brand-new-pass").status, 200);

    auto weak = RunSafegrid({"user", "passwd", "town", "--password-stdin", "--db", db_}, "short\n");
    EXPECT_NE(weak.exit_code, 0);
    auto nobody = RunSafegrid({"user", "passwd", "nobody", "--password-stdin", "--db", db_}, "brand-new-pass\n");
    EXPECT_NE(nobody.exit_code, 0);
}

TEST_F(CliAccounts, DisableEndsSessionsAndRefusesLoginUntilEnabled) {
    const std::string old_token = TokenOfAStoppedServer();
    auto off = RunSafegrid({"user", "disable", "town", "--db", db_});
    ASSERT_EQ(off.exit_code, 0) << off.output;
    {
        ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
        ASSERT_TRUE(server.Start()) << server.Log();
        HttpClient client("127.0.0.1", server.port());
        client.SetToken(old_token);
        EXPECT_EQ(client.Get("/api/v1/me").status, 401);
        EXPECT_EQ(client.Login("town").status, 401);
        server.Stop(SIGTERM);
    }
    auto on = RunSafegrid({"user", "disable", "town", "--enable", "--db", db_});
    ASSERT_EQ(on.exit_code, 0) << on.output;
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    EXPECT_EQ(client.Login("town").status, 200);
    auto verify = RunSafegrid({"audit", "verify", "--db", db_});
    EXPECT_EQ(verify.exit_code, 0) << verify.output;
    EXPECT_NE(RunSafegrid({"user", "disable", "nobody", "--db", db_}).exit_code, 0);
}

TEST_F(CliAccounts, ServeWarnsAboutTheDemoPasswordOnlyOutsideADemoStore) {
    {
        ServerProcess demo({"--db", db_, "--data-dir", dir_.File("data")});
        ASSERT_TRUE(demo.Start()) << demo.Log();
        EXPECT_EQ(demo.Log().find(kDemoWarning), std::string::npos) << demo.Log();
        demo.Stop(SIGTERM);
    }
    const std::string real = "sqlite:" + dir_.File("real.db");
    ASSERT_EQ(RunSafegrid({"migrate", "--db", real}).exit_code, 0);
    ASSERT_EQ(RunSafegrid({"user", "add", "root1", "--role", "admin", "--password-stdin", "--db", real}, "demo1234\n")
                  .exit_code,
              0);
    ASSERT_EQ(
        RunSafegrid({"user", "add", "root2", "--role", "admin", "--password-stdin", "--db", real}, "a-real-pass\n")
            .exit_code,
        0);
    {
        ServerProcess server({"--db", real, "--data-dir", dir_.File("data-real")});
        ASSERT_TRUE(server.Start()) << server.Log();
        const std::string log = server.Log();
        const size_t warning = log.find(kDemoWarning);
        ASSERT_NE(warning, std::string::npos) << log;
        const std::string line = log.substr(warning, log.find('\n', warning) - warning);
        EXPECT_NE(line.find("root1"), std::string::npos) << line;
        EXPECT_EQ(line.find("root2"), std::string::npos) << line;
        server.Stop(SIGTERM);
    }
    // Once the password is changed the warning goes.
    ASSERT_EQ(RunSafegrid({"user", "passwd", "root1", "--password-stdin", "--db", real}, "another-pass\n").exit_code,
              0);
    ServerProcess server({"--db", real, "--data-dir", dir_.File("data-real")});
    ASSERT_TRUE(server.Start()) << server.Log();
    EXPECT_EQ(server.Log().find(kDemoWarning), std::string::npos) << server.Log();
}

}  // namespace
}  // namespace safegrid::testing
