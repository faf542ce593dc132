// The operator commands of CONTRACT.md "Start-up", run as a town IT person would run them.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "core/enterprise/credit_code.hpp"
#include "storage/db.hpp"
#include "support/audit_tamper.hpp"
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
    auto added =
        RunSafegrid({"user", "add", "zhangsan", "--role", "town", "--region", "1", "--password-stdin", "--db", db_},
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
        test::AllowAuditTampering(**db);  // as someone holding the database file would
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
    const std::string data = dir_.File("data");
    auto made = RunSafegrid({"backup", "--db", db_, "--data-dir", data, backup});  // while the server runs
    ASSERT_EQ(made.exit_code, 0) << made.output;
    server.Stop(SIGTERM);

    const std::string restored = "sqlite:" + dir_.File("restored.db");
    auto back = RunSafegrid({"restore", backup, "--db", restored, "--data-dir", data});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    auto verify = RunSafegrid({"audit", "verify", "--db", restored, "--data-dir", data});
    EXPECT_EQ(verify.exit_code, 0) << verify.output;

    ServerProcess second({"--db", restored, "--data-dir", dir_.File("data2")});
    ASSERT_TRUE(second.Start()) << second.Log();
    HttpClient client("127.0.0.1", second.port());
    ASSERT_EQ(client.Login("town").status, 200);
    auto list = client.Get("/api/v1/enterprises?page_size=1");
    EXPECT_EQ(list.Json().at("total").as_int64(), 20);
}

// Long commands show progress only on a terminal (issue 11 point 4): here stdout and stderr are a
// pipe, as in CI logs, so not one '\r' progress line may appear.
TEST_F(Cli, LongCommandsPrintNoProgressWhenNotOnATerminal) {
    const std::string fresh = "sqlite:" + dir_.File("fresh.db");
    auto migrated = RunSafegrid({"migrate", "--db", fresh});
    EXPECT_EQ(migrated.exit_code, 0) << migrated.output;
    EXPECT_NE(migrated.output.find("schema is at migration"), std::string::npos) << migrated.output;
    const std::string backup = dir_.File("cli.bak");
    auto backed_up = RunSafegrid({"backup", backup, "--db", db_, "--data-dir", dir_.File("data")});
    EXPECT_EQ(backed_up.exit_code, 0) << backed_up.output;
    auto restored = RunSafegrid({"restore", backup, "--db", fresh, "--data-dir", dir_.File("data")});
    EXPECT_EQ(restored.exit_code, 0) << restored.output;
    for (const auto* run : {&migrated, &backed_up, &restored}) {
        EXPECT_EQ(run->output.find('\r'), std::string::npos) << run->output;
    }
}

// A file the way a clerk saves it; `text` is UTF-8.
std::string WriteFile(test::TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string FirstGridCode(const std::string& db_url) {
    auto db = storage::OpenDatabase(db_url);
    if (!db) return {};
    auto rows = (*db)->Read([](storage::Connection& c) {
        return c.Query("SELECT code FROM regions WHERE kind = 'grid' ORDER BY id LIMIT 1");
    });
    return rows && !rows->rows.empty() ? rows->rows[0].Text(0) : std::string();
}

int64_t CountRows(const std::string& db_url, const std::string& table) {
    auto db = storage::OpenDatabase(db_url);
    if (!db) return -1;
    auto rows = (*db)->Read([&](storage::Connection& c) { return c.Query("SELECT COUNT(*) FROM " + table); });
    return rows ? rows->rows[0].Int(0) : -1;
}

TEST_F(Cli, ImportEnterprisesDryRunReportsRowsThenARealRunWritesAllOrNothing) {
    const std::string grid = FirstGridCode(db_);
    ASSERT_FALSE(grid.empty());
    const auto good1 = MakeCreditCodeFrom("91", "330282", "MA2CLK01");
    const auto good2 = MakeCreditCodeFrom("91", "330282", "MA2CLK02");
    ASSERT_TRUE(good1 && good2);
    std::string bad_code = *good2;
    bad_code.back() = bad_code.back() == '0' ? '1' : '0';  // a wrong check character
    const std::string header = "企业名称,统一社会信用代码,所属网格,地址,从业人数\n";
    const std::string with_error =
        WriteFile(dir_, "bad.csv",
                  header + "慈溪市甲服装厂," + *good1 + "," + grid + ",匡堰镇倡隆村1号,12\n" + "慈溪市乙制衣厂," +
                      bad_code + "," + grid + ",匡堰镇倡隆村2号,8\n");
    const int64_t before = CountRows(db_, "enterprises");

    auto dry = RunSafegrid({"import", "enterprises", with_error, "--db", db_, "--dry-run"});
    EXPECT_EQ(dry.exit_code, 1) << dry.output;
    EXPECT_NE(dry.output.find("row 3"), std::string::npos) << dry.output;
    EXPECT_NE(dry.output.find("统一社会信用代码"), std::string::npos) << dry.output;
    auto real_with_error = RunSafegrid({"import", "enterprises", with_error, "--db", db_});
    EXPECT_EQ(real_with_error.exit_code, 1) << real_with_error.output;
    EXPECT_EQ(CountRows(db_, "enterprises"), before) << "all or nothing: the good row must not be written";

    const std::string fixed = WriteFile(dir_, "good.csv",
                                        header + "慈溪市甲服装厂," + *good1 + "," + grid + ",匡堰镇倡隆村1号,12\n" +
                                            "慈溪市乙制衣厂," + *good2 + "," + grid + ",匡堰镇倡隆村2号,8\n");
    auto real = RunSafegrid({"import", "enterprises", fixed, "--db", db_});
    EXPECT_EQ(real.exit_code, 0) << real.output;
    EXPECT_EQ(real.output.find('\r'), std::string::npos) << "no progress line off a terminal: " << real.output;
    EXPECT_EQ(CountRows(db_, "enterprises"), before + 2);
    EXPECT_EQ(RunSafegrid({"audit", "verify", "--db", db_}).exit_code, 0);
}

TEST_F(Cli, ImportHazardsWithAMappingBringsInAPastLedger) {
    const std::string grid = FirstGridCode(db_);
    const auto code = MakeCreditCodeFrom("91", "330282", "MA2CLK03");
    ASSERT_TRUE(code);
    const std::string companies = WriteFile(
        dir_, "companies.csv", "企业名称,统一社会信用代码,所属网格\n慈溪市丙纺织厂," + *code + "," + grid + "\n");
    ASSERT_EQ(RunSafegrid({"import", "enterprises", companies, "--db", db_}).exit_code, 0);

    const std::string ledger = WriteFile(dir_, "ledger.csv",
                                         "编号,单位,问题,日期,状态\n"
                                         "L-1,慈溪市丙纺织厂,疏散通道堆放杂物,2024-03-05,done\n"
                                         "L-2,慈溪市丙纺织厂,灭火器过期,2024/4/1,open\n");
    const std::string mapping = WriteFile(dir_, "mapping.json", R"({
        "columns": {"ref": "编号", "enterprise_name": "单位", "title": "问题", "found_at": "日期", "status": "状态"},
        "values": {"status": {"done": "closed", "open": "rectifying"}}})");
    const int64_t before = CountRows(db_, "hazards");
    auto dry = RunSafegrid({"import", "hazards", ledger, "--db", db_, "--mapping", mapping, "--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.output;
    EXPECT_EQ(CountRows(db_, "hazards"), before);
    auto real = RunSafegrid({"import", "hazards", ledger, "--db", db_, "--mapping", mapping});
    EXPECT_EQ(real.exit_code, 0) << real.output;
    EXPECT_EQ(real.output.find('\r'), std::string::npos) << "no progress line off a terminal: " << real.output;
    EXPECT_EQ(CountRows(db_, "hazards"), before + 2);
    auto again = RunSafegrid({"import", "hazards", ledger, "--db", db_, "--mapping", mapping});
    EXPECT_EQ(again.exit_code, 1) << "the same refs twice must be refused: " << again.output;

    const std::string bad_mapping = WriteFile(dir_, "bad.json", R"({"colums": {}})");
    EXPECT_EQ(RunSafegrid({"import", "hazards", ledger, "--db", db_, "--mapping", bad_mapping}).exit_code, 1);
    EXPECT_NE(RunSafegrid({"import", "hazards", dir_.File("missing.csv"), "--db", db_}).exit_code, 0);
}

}  // namespace
}  // namespace safegrid::testing
