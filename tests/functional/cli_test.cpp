// The operator commands of CONTRACT.md "Start-up", run as a town IT person would run them.
#include <gtest/gtest.h>
#include <signal.h>

#include "storage/db.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = "sqlite:" + dir_.File("cli.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "20", "--seed", "3"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }
    test::TempDir dir_;
    std::string db_;
};

TEST_F(Cli, HelpExplainsEveryCommand) {
    auto help = RunSafegrid({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    for (const char* cmd : {"serve", "migrate", "seed-demo", "import", "backup", "restore", "audit", "user"})
        EXPECT_NE(help.output.find(cmd), std::string::npos) << cmd;
    EXPECT_EQ(RunSafegrid({"seed-demo", "--help"}).exit_code, 0);
    EXPECT_NE(RunSafegrid({"no-such-command"}).exit_code, 0);
}

TEST_F(Cli, MigrateIsIdempotent) {
    EXPECT_EQ(RunSafegrid({"migrate", "--db", db_}).exit_code, 0);
    EXPECT_EQ(RunSafegrid({"migrate", "--db", db_}).exit_code, 0);
}

TEST_F(Cli, SeedRefusesADatabaseThatHoldsData) {
    auto again = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "5"});
    EXPECT_NE(again.exit_code, 0);
}

TEST_F(Cli, UserAddReadsThePasswordFromStdinAndTheUserCanLogIn) {
    auto added = RunSafegrid({"user", "add", "zhangsan", "--role", "town", "--region", "1", "--password-stdin", "--db", db_},
                             "s3cret-pass\n");
    ASSERT_EQ(added.exit_code, 0) << added.output;
    EXPECT_EQ(added.output.find("s3cret-pass"), std::string::npos) << "the password must never be echoed";
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    EXPECT_EQ(client.Login("zhangsan", "s3cret-pass").status, 200);
    EXPECT_EQ(client.Login("zhangsan", "wrong-pass").status, 401);

    auto bad_role = RunSafegrid({"user", "add", "lisi", "--role", "mayor", "--password-stdin", "--db", db_}, "x\n");
    EXPECT_NE(bad_role.exit_code, 0);
}

TEST_F(Cli, AuditVerifyFindsTheFirstAlteredEntry) {
    auto ok = RunSafegrid({"audit", "verify", "--db", db_});
    ASSERT_EQ(ok.exit_code, 0) << ok.output;
    {
        auto db = storage::OpenDatabase(db_);
        ASSERT_TRUE(db);
        auto changed = (*db)->Transact(true, [](storage::Connection& c) -> Result<int64_t> {
            return c.Execute("UPDATE audit_log SET after_json = '{\"name\":\"篡改\"}' WHERE id = 5");
        });
        ASSERT_TRUE(changed);
        ASSERT_EQ(*changed, 1);
    }
    auto broken = RunSafegrid({"audit", "verify", "--db", db_});
    EXPECT_EQ(broken.exit_code, 1) << broken.output;
    EXPECT_NE(broken.output.find("5"), std::string::npos) << broken.output;
}

TEST_F(Cli, BackupAndRestoreRoundTripALiveStore) {
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data")});
    ASSERT_TRUE(server.Start()) << server.Log();
    const std::string backup = dir_.File("backup.db");
    auto made = RunSafegrid({"backup", "--db", db_, backup});  // while the server runs
    ASSERT_EQ(made.exit_code, 0) << made.output;
    server.Stop(SIGTERM);

    const std::string restored = "sqlite:" + dir_.File("restored.db");
    auto back = RunSafegrid({"restore", backup, "--db", restored});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    auto verify = RunSafegrid({"audit", "verify", "--db", restored});
    EXPECT_EQ(verify.exit_code, 0) << verify.output;

    ServerProcess second({"--db", restored, "--data-dir", dir_.File("data2")});
    ASSERT_TRUE(second.Start()) << second.Log();
    HttpClient client("127.0.0.1", second.port());
    ASSERT_EQ(client.Login("town").status, 200);
    auto list = client.Get("/api/v1/enterprises?page_size=1");
    EXPECT_EQ(list.Json().at("total").as_int64(), 20);
}

}  // namespace
}  // namespace safegrid::testing
