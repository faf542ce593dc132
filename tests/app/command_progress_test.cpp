// Issue 11 point 4: the long commands (migrate, import, backup, restore) show done/total on a
// terminal. The commands run in-process with their progress sent to a file that counts as a
// terminal (ScopedProgressOutput); that they print nothing off a terminal is in progress_test
// (the reporter) and tests/functional/cli_test.cpp (the real binary, whose stderr is a pipe).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "core/enterprise/credit_code.hpp"
#include "storage/db.hpp"
#include "storage/migrate.hpp"
#include "support/pg_fixture.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

// Runs `command` with progress written to a file as if to a terminal; returns what it wrote.
template <typename F>
std::string ProgressOf(const test::TempDir& dir, F command, int expected_exit = 0) {
    const std::string path = dir.File("progress.txt");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0);
    {
        const ScopedProgressOutput out(fd, true);
        EXPECT_EQ(command(), expected_exit);
    }
    ::close(fd);
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The line a finished step of `total` draws, up to its rate: "\rlabel 1,234/1,234 (100%)".
std::string Finished(const std::string& label, int64_t total) {
    return "\r" + FormatProgress(label, total, total, 0) + " ";
}

std::string FirstGridCode(const std::string& db_url) {
    auto db = storage::OpenDatabase(db_url);
    if (!db) return {};
    auto rows = (*db)->Read([](storage::Connection& c) {
        return c.Query("SELECT code FROM regions WHERE kind = 'grid' ORDER BY id LIMIT 1");
    });
    return rows && !rows->rows.empty() ? rows->rows[0].Text(0) : std::string();
}

int64_t FileSize(const std::string& path) { return static_cast<int64_t>(std::filesystem::file_size(path)); }

TEST(CommandProgress, SqliteMigrateImportBackupRestoreShowDoneOfTotal) {
    test::TempDir dir;
    Config config;
    config.db = "sqlite:" + dir.File("p.db");
    config.data_dir = dir.File("data");
    config.log_level = "warn";

    const auto migrations = static_cast<int64_t>(storage::EmbeddedMigrations(storage::Dialect::kSqlite).size());
    std::string out = ProgressOf(dir, [&] { return MigrateCommand(config); });
    EXPECT_NE(out.find(Finished("migrations", migrations)), std::string::npos) << out;
    EXPECT_TRUE(out.ends_with("\n")) << out;
    // Nothing pending the second time: no line at all, not "0/0".
    EXPECT_EQ(ProgressOf(dir, [&] { return MigrateCommand(config); }), "");

    ASSERT_EQ(SeedDemoCommand(config, SeedOptions{.enterprises = 5, .hazards = 10, .seed = 9}), 0);
    const std::string grid = FirstGridCode(config.db);
    ASSERT_FALSE(grid.empty());
    std::string csv = "企业名称,统一社会信用代码,所属网格\n";
    const int rows = 250;  // more than one batch of kProgressEveryRows
    for (int i = 0; i < rows; ++i) {
        char serial[16];
        std::snprintf(serial, sizeof serial, "MA2P%04d", i);
        auto code = MakeCreditCodeFrom("91", "330282", serial);
        ASSERT_TRUE(code) << serial;
        csv += "进度测试厂" + std::to_string(i) + "," + *code + "," + grid + "\n";
    }
    const std::string file = dir.File("companies.csv");
    std::ofstream(file, std::ios::binary) << csv;
    out = ProgressOf(dir, [&] { return ImportCommand(config, "enterprises", file, std::nullopt, false); });
    EXPECT_NE(out.find("\renterprises rows written 100/250 (40%)"), std::string::npos) << out;
    EXPECT_NE(out.find(Finished("enterprises rows written", rows)), std::string::npos) << out;
    // A dry run writes nothing, so it reports nothing.
    EXPECT_EQ(ProgressOf(
                  dir, [&] { return ImportCommand(config, "enterprises", file, std::nullopt, true); }, 1),
              "");

    const std::string backup = dir.File("backups/p.bak");
    out = ProgressOf(dir, [&] { return BackupCommand(config, backup); });
    ASSERT_TRUE(std::filesystem::exists(backup));
    EXPECT_NE(out.find("\rbackup pages "), std::string::npos) << out;
    EXPECT_NE(out.find("(100%)"), std::string::npos) << out;

    Config target = config;
    target.db = "sqlite:" + dir.File("restored.db");
    out = ProgressOf(dir, [&] { return RestoreCommand(target, backup, false); });
    EXPECT_NE(out.find(Finished("restore bytes", FileSize(backup))), std::string::npos) << out;
}

TEST(CommandProgress, PostgresBackupEstimatesAndRestoreCountsBytes) {
    auto pg = test::PgTestDatabase::CreateOrSkip();
    if (!pg) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
    test::TempDir dir;
    Config config;
    config.db = pg->url();
    config.data_dir = dir.File("data");
    config.log_level = "warn";

    const auto migrations = static_cast<int64_t>(storage::EmbeddedMigrations(storage::Dialect::kPostgres).size());
    std::string out = ProgressOf(dir, [&] { return MigrateCommand(config); });
    EXPECT_NE(out.find(Finished("migrations", migrations)), std::string::npos) << out;

    const std::string backup = dir.File("p.dump");
    out = ProgressOf(dir, [&] { return BackupCommand(config, backup); });
    if (!std::filesystem::exists(backup)) GTEST_SKIP() << "pg_dump not installed: " << out;
    EXPECT_NE(out.find("\rbackup bytes (of the database size, an estimate) "), std::string::npos) << out;
    EXPECT_NE(out.find("(100%)"), std::string::npos) << out;

    out = ProgressOf(dir, [&] { return RestoreCommand(config, backup, false); });
    EXPECT_NE(out.find(Finished("restore bytes", FileSize(backup))), std::string::npos) << out;
    // The restored store is whole: the migrations it holds are all there.
    auto db = storage::OpenDatabase(config.db);
    ASSERT_TRUE(db);
    EXPECT_EQ(storage::AppliedMigration(**db).value_or(-1), storage::LatestMigration(storage::Dialect::kPostgres));
}

}  // namespace
}  // namespace safegrid::app
