// SQLite-only behaviour: durability settings, :memory:, file handling.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "storage/db.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::storage_test {
namespace {

using storage::Connection;
using storage::Rows;

std::string Pragma(storage::Connection& c, const std::string& name) {
    auto r = c.Query("PRAGMA " + name);
    EXPECT_TRUE(r) << (r ? "" : r.error().internal);
    return r && !r->rows.empty() ? r->rows[0].Text(0) : "";
}

TEST(Sqlite, EveryPooledConnectionHasTheDurabilitySettings) {
    test::TempDir dir;
    storage::DbOptions options;
    options.pool_size = 3;
    auto db = storage::OpenDatabase("sqlite:" + dir.File("a/b/c.db"), options);  // creates a/b
    ASSERT_TRUE(db) << db.error().internal;
    std::vector<storage::Database::Lease> leases;
    for (int i = 0; i < 3; ++i) {
        auto lease = (*db)->Acquire();
        ASSERT_TRUE(lease);
        EXPECT_EQ(Pragma(**lease, "journal_mode"), "wal");
        EXPECT_EQ(Pragma(**lease, "foreign_keys"), "1");
        EXPECT_EQ(Pragma(**lease, "synchronous"), "2");  // FULL
        EXPECT_EQ(Pragma(**lease, "busy_timeout"), "5000");
        leases.push_back(std::move(*lease));
    }
    EXPECT_EQ((*db)->Url(), "sqlite:" + dir.File("a/b/c.db"));
    EXPECT_EQ((*db)->dialect(), storage::Dialect::kSqlite);
}

TEST(Sqlite, SynchronousNormalWhenAsked) {
    test::TempDir dir;
    storage::DbOptions options;
    options.synchronous_full = false;
    auto db = storage::OpenDatabase("sqlite:" + dir.File("x.db"), options);
    ASSERT_TRUE(db);
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease);
    EXPECT_EQ(Pragma(**lease, "synchronous"), "1");
}

TEST(Sqlite, MemoryDatabaseIsSharedByAllUsesOfOneDatabase) {
    auto db = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db) << db.error().internal;
    auto made = (*db)->Transact(true, [](Connection& c) -> Status {
        SG_TRY(c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);"));
        return {};
    });
    ASSERT_TRUE(made) << made.error().internal;
    auto n = (*db)->Read([](Connection& c) { return c.Query("SELECT count(*) FROM t"); });
    ASSERT_TRUE(n) << n.error().internal;
    EXPECT_EQ(n->rows[0].Int(0), 1);
    // Several threads share it safely (one connection, lent in turn).
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i) {
        threads.emplace_back([&, i] {
            auto r = (*db)->Transact(true, [i](Connection& c) -> Status {
                const storage::Value ps[] = {int64_t{10 + i}};
                SG_TRY(c.Execute("INSERT INTO t (id) VALUES (?)", ps));
                return {};
            });
            EXPECT_TRUE(r);
        });
    }
    for (auto& t : threads) t.join();
    auto all = (*db)->Read([](Connection& c) { return c.Query("SELECT count(*) FROM t"); });
    ASSERT_TRUE(all);
    EXPECT_EQ(all->rows[0].Int(0), 4);
    // Two :memory: databases are distinct.
    auto other = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(other);
    EXPECT_FALSE((*other)->Read([](Connection& c) { return c.Query("SELECT count(*) FROM t"); }));
}

TEST(Sqlite, AFileThatIsNotADatabaseFailsAtOpen) {
    test::TempDir dir;
    std::ofstream(dir.File("junk.db")) << "definitely not sqlite, but long enough to have a header........";
    auto db = storage::OpenDatabase("sqlite:" + dir.File("junk.db"));
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Code::kInternal);
}

TEST(Sqlite, UnwritableLocationFailsAtOpen) {
    test::TempDir dir;
    std::ofstream(dir.File("file")) << "x";
    auto db = storage::OpenDatabase("sqlite:" + dir.File("file/sub/x.db"));  // parent is a file
    EXPECT_FALSE(db);
}

TEST(Sqlite, ReadersAreNotBlockedByAWriter) {
    test::TempDir dir;
    auto db = storage::OpenDatabase("sqlite:" + dir.File("x.db"));
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Read([](Connection& c) { return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
    auto writer = (*db)->Acquire();
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Begin(true));
    ASSERT_TRUE((*writer)->Execute("INSERT INTO t VALUES (1)"));
    // WAL: a reader sees the last committed state while the write transaction is open.
    auto n = (*db)->Transact(false, [](Connection& c) { return c.Query("SELECT count(*) FROM t"); });
    ASSERT_TRUE(n) << n.error().internal;
    EXPECT_EQ(n->rows[0].Int(0), 0);
    ASSERT_TRUE((*writer)->Commit());
}

TEST(Sqlite, ASecondWriterTimesOutAsUnavailable) {
    test::TempDir dir;
    storage::DbOptions options;
    options.busy_timeout_ms = 100;
    auto db = storage::OpenDatabase("sqlite:" + dir.File("x.db"), options);
    ASSERT_TRUE(db);
    auto first = (*db)->Acquire();
    ASSERT_TRUE(first);
    ASSERT_TRUE((*first)->Begin(true));
    auto second = (*db)->Transact(true, [](Connection&) -> Status { return {}; });
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Code::kUnavailable);
    ASSERT_TRUE((*first)->Rollback());
}

}  // namespace
}  // namespace safegrid::storage_test
