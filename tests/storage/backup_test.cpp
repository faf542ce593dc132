#include "storage/backup.hpp"

#include <fstream>

#include "backend_fixture.hpp"

namespace safegrid::storage_test {
namespace {

using Backups = BackendTest;

TEST_P(Backups, RestoreBringsBackTheBackedUpRowsOnALiveDatabase) {
    Exec("CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT)");
    for (int i = 1; i <= 3; ++i) Exec("INSERT INTO b (id, v) VALUES (?, ?)", {int64_t{i}, std::string("第一批")});
    const std::string file = dir_.File("out/backup.bin");  // a missing parent directory on purpose
    auto saved = storage::Backup(*db_, file);
    ASSERT_TRUE(saved) << saved.error().internal;

    for (int i = 4; i <= 6; ++i) Exec("INSERT INTO b (id, v) VALUES (?, ?)", {int64_t{i}, std::string("第二批")});
    Exec("UPDATE b SET v = 'changed' WHERE id = 1");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM b"), 6);

    // Restore while this Database (a "live" pool with cached statements) stays open.
    auto restored = storage::Restore(file, url_);
    ASSERT_TRUE(restored) << restored.error().internal;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM b"), 3);
    auto rows = Query("SELECT v FROM b WHERE id = 1");
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.rows[0].Text(0), "第一批");
    // Still writable after the restore.
    Exec("INSERT INTO b (id, v) VALUES (7, 'after')");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM b"), 4);

    // And a freshly opened Database sees the same.
    db_.reset();
    db_ = Open();
    ASSERT_TRUE(db_);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM b"), 4);
}

TEST_P(Backups, RestoreRefusesAMissingOrForeignFile) {
    auto missing = storage::Restore(dir_.File("nope.bin"), url_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().id, "invalid_backup");
    const std::string junk = dir_.File("junk.bin");
    std::ofstream(junk) << "this is not a backup";
    Exec("CREATE TABLE keep (id INTEGER PRIMARY KEY)");
    Exec("INSERT INTO keep (id) VALUES (1)");
    auto bad = storage::Restore(junk, url_);
    EXPECT_FALSE(bad);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM keep"), 1);  // the target is untouched
}

TEST_P(Backups, BackupReplacesAnOlderFileAtomically) {
    Exec("CREATE TABLE b (id INTEGER PRIMARY KEY)");
    const std::string file = dir_.File("backup.bin");
    ASSERT_TRUE(storage::Backup(*db_, file));
    Exec("INSERT INTO b (id) VALUES (1)");
    ASSERT_TRUE(storage::Backup(*db_, file));
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
    }
    Exec("DELETE FROM b");
    ASSERT_TRUE(storage::Restore(file, url_));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM b"), 1);
}

TEST(BackupArguments, EmptyPathsAndBadUrlsAreRefused) {
    EXPECT_FALSE(storage::Restore("", "sqlite:/tmp/x.db"));
    auto bad = storage::Restore("/tmp/x", "mysql://nope");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Code::kMalformed);
    EXPECT_FALSE(storage::Restore("/tmp/x", "sqlite::memory:"));
}

INSTANTIATE_TEST_SUITE_P(Backends, Backups, ::testing::Values(Kind::kSqlite, Kind::kPostgres), KindName);

}  // namespace
}  // namespace safegrid::storage_test
