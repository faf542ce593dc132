// The storage contract: one body, both backends (see backend_fixture.hpp).
#include <atomic>
#include <limits>
#include <thread>

#include "backend_fixture.hpp"

namespace safegrid::storage_test {
namespace {

using storage::Blob;
using storage::Connection;
using storage::Database;
using storage::Rows;
using storage::Value;

using Contract = BackendTest;

TEST_P(Contract, RoundTripsEveryValueTypeIncludingNull) {
    Exec("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT, b " + BlobType() + ")");
    std::string all_bytes;
    for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
    const std::string chinese = "安全隐患排查：消防通道堵塞 🚒 ünïcode";
    const std::vector<std::vector<Value>> rows = {
        {int64_t{1}, std::numeric_limits<int64_t>::max(), 3.25, chinese, Blob{all_bytes}},
        {int64_t{2}, std::numeric_limits<int64_t>::min(), -1e300, std::string(), Blob{}},
        {int64_t{3}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}},
        {int64_t{4}, int64_t{0}, 0.1, std::string("it's \"quoted\" \\ ?"), Blob{std::string("\0\x01", 2)}},
    };
    for (const auto& r : rows) EXPECT_EQ(Exec("INSERT INTO vals (id, i, d, t, b) VALUES (?, ?, ?, ?, ?)", r), 1);

    Rows got = Query("SELECT id, i, d, t, b FROM vals ORDER BY id");
    ASSERT_EQ(got.rows.size(), rows.size());
    EXPECT_EQ(got.columns, (std::vector<std::string>{"id", "i", "d", "t", "b"}));
    for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t c = 0; c < rows[r].size(); ++c) {
            EXPECT_EQ(got.rows[r].at(c), rows[r][c]) << "row " << r << " column " << c;
        }
    }
    EXPECT_EQ(got.rows[0].Text(3), chinese);
    EXPECT_FALSE(got.rows[1].IsNull(3));  // '' is not NULL
    EXPECT_FALSE(got.rows[1].IsNull(4));  // an empty blob is not NULL
    EXPECT_TRUE(got.rows[2].IsNull(1));
    EXPECT_EQ(got.rows[2].OptInt(1), std::nullopt);
    EXPECT_EQ(got.rows[2].Int(1), 0);
    EXPECT_EQ(got.rows[2].Text(3), "");

    // A parameter in WHERE, with Chinese text, and case-insensitive LIKE as db.hpp prescribes.
    EXPECT_EQ(QueryInt("SELECT id FROM vals WHERE t = ?", {chinese}), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM vals WHERE lower(t) LIKE lower(?)", {std::string("%ÜNÏCODE%")}),
              IsPg() ? 1 : 0);  // SQLite's lower() folds ASCII only; PostgreSQL folds Unicode
    EXPECT_EQ(QueryInt("SELECT count(*) FROM vals WHERE lower(t) LIKE lower(?)", {std::string("%IT'S%")}), 1);
}

TEST_P(Contract, QuestionMarksInsideLiteralsAreNotPlaceholders) {
    Rows r = Query("SELECT '?' AS a, ? AS b, 'it''s ?' AS c /* ? */ -- ?\n", {std::string("x")});
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].Text(0), "?");
    EXPECT_EQ(r.rows[0].Text(1), "x");
    EXPECT_EQ(r.rows[0].Text(2), "it's ?");
}

TEST_P(Contract, ParameterOfUndeterminedTypeWorks) {
    Exec("CREATE TABLE p (id INTEGER PRIMARY KEY, town_id BIGINT)");
    Exec("INSERT INTO p (id, town_id) VALUES (1, 10), (2, 20)");
    const std::string sql = "SELECT count(*) FROM p WHERE (? IS NULL OR town_id = ?)";
    EXPECT_EQ(QueryInt(sql, {std::monostate{}, std::monostate{}}), 2);
    EXPECT_EQ(QueryInt(sql, {int64_t{10}, int64_t{10}}), 1);
    // The same inside a transaction (PostgreSQL retries the PREPARE under a savepoint).
    auto n = db_->Transact(true, [&](Connection& c) -> Result<int64_t> {
        const Value ps[] = {int64_t{20}, int64_t{20}};
        SG_ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT count(*) FROM p WHERE (? IS NULL OR town_id + 0 = ?)", ps));
        SG_TRY(c.Execute("UPDATE p SET town_id = 30 WHERE id = 2"));
        return rows.rows[0].Int(0);
    });
    ASSERT_TRUE(n) << n.error().internal;
    EXPECT_EQ(*n, 1);
    EXPECT_EQ(QueryInt("SELECT town_id FROM p WHERE id = 2"), 30);
}

TEST_P(Contract, ExecuteCountsChangedRowsAndReturningGivesIds) {
    Exec("CREATE TABLE items (id " + AutoId() + ", name TEXT NOT NULL)");
    Rows ids = Query("INSERT INTO items (name) VALUES (?), (?) RETURNING id", {std::string("a"), std::string("b")});
    ASSERT_EQ(ids.rows.size(), 2u);
    EXPECT_GT(ids.rows[0].Int(0), 0);
    EXPECT_EQ(
        Exec("UPDATE items SET name = ? WHERE name IN (?, ?)", {std::string("c"), std::string("a"), std::string("b")}),
        2);
    EXPECT_EQ(Exec("SELECT * FROM items"), 0);
    EXPECT_EQ(Exec("CREATE INDEX items_name ON items (name)"), 0);
    EXPECT_EQ(Exec("DELETE FROM items WHERE name = ?", {std::string("none")}), 0);
}

TEST_P(Contract, UniqueViolationIsConflictAlreadyExists) {
    Exec("CREATE TABLE u (id INTEGER PRIMARY KEY, code TEXT UNIQUE)");
    Exec("INSERT INTO u (id, code) VALUES (1, 'x')");
    auto dup = db_->Read([](Connection& c) {
        const Value ps[] = {int64_t{2}, std::string("x")};
        return c.Execute("INSERT INTO u (id, code) VALUES (?, ?)", ps);
    });
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Code::kConflict);
    EXPECT_EQ(dup.error().id, "already_exists");
    EXPECT_FALSE(dup.error().message.zh.empty());
    auto pk = db_->Read([](Connection& c) { return c.Execute("INSERT INTO u (id, code) VALUES (1, 'y')"); });
    ASSERT_FALSE(pk);
    EXPECT_EQ(pk.error().id, "already_exists");
}

TEST_P(Contract, ForeignKeyViolationIsConstraintViolation) {
    Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    Exec("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id))");
    auto r = db_->Read([](Connection& c) { return c.Execute("INSERT INTO child (id, parent_id) VALUES (1, 42)"); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kConflict);
    EXPECT_EQ(r.error().id, "constraint_violation");
}

TEST_P(Contract, BadStatementsAreErrorsNotCrashes) {
    auto syntax = db_->Read([](Connection& c) { return c.Query("SELEKT 1"); });
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().code, Code::kInternal);
    EXPECT_NE(syntax.error().internal.find("SELEKT"), std::string::npos);
    auto count = db_->Read([](Connection& c) {
        const Value ps[] = {int64_t{1}};
        return c.Query("SELECT ?, ?", ps);
    });
    ASSERT_FALSE(count);
    EXPECT_EQ(count.error().code, Code::kInternal);
    auto empty = db_->Read([](Connection& c) { return c.Query(""); });
    EXPECT_FALSE(empty);
    auto two = db_->Read([](Connection& c) { return c.Execute("SELECT 1; SELECT 2"); });
    EXPECT_FALSE(two);
    // The connection is still usable afterwards.
    EXPECT_EQ(QueryInt("SELECT 7"), 7);
}

TEST_P(Contract, TransactRollsBackWhenTheBodyFails) {
    Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    auto r = db_->Transact(true, [](Connection& c) -> Status {
        SG_TRY(c.Execute("INSERT INTO t (id) VALUES (1)"));
        return Conflict("invalid_transition", {"不行", "no"});
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "invalid_transition");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM t"), 0);
    EXPECT_EQ(Database::Current(), nullptr);

    // An exception also rolls back (and propagates).
    EXPECT_THROW((void)db_->Transact(true,
                                     [](Connection& c) -> Status {
                                         (void)c.Execute("INSERT INTO t (id) VALUES (2)");
                                         throw std::runtime_error("bug");
                                     }),
                 std::runtime_error);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM t"), 0);
    EXPECT_EQ(Database::Current(), nullptr);
}

TEST_P(Contract, NestedTransactJoinsTheOuterOne) {
    Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    auto ok = db_->Transact(true, [&](Connection& outer) -> Status {
        EXPECT_EQ(Database::Current(), &outer);
        SG_TRY(outer.Execute("INSERT INTO t (id) VALUES (1)"));
        return db_->Transact(true, [&](Connection& inner) -> Status {
            EXPECT_EQ(&inner, &outer);
            SG_TRY(inner.Execute("INSERT INTO t (id) VALUES (2)"));
            return {};
        });
    });
    ASSERT_TRUE(ok) << ok.error().internal;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM t"), 2);

    // An inner failure propagated by the outer body undoes the outer work too.
    auto failed = db_->Transact(true, [&](Connection& outer) -> Status {
        SG_TRY(outer.Execute("INSERT INTO t (id) VALUES (3)"));
        return db_->Transact(true, [&](Connection& inner) -> Status {
            SG_TRY(inner.Execute("INSERT INTO t (id) VALUES (4)"));
            return StaleVersion();
        });
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM t"), 2);
    // Read() inside a transaction sees the transaction's own writes.
    auto seen = db_->Transact(true, [&](Connection& c) -> Result<int64_t> {
        SG_TRY(c.Execute("INSERT INTO t (id) VALUES (5)"));
        return db_->Read([](Connection& r) -> Result<int64_t> {
            SG_ASSIGN_OR_RETURN(Rows rows, r.Query("SELECT count(*) FROM t"));
            return rows.rows[0].Int(0);
        });
    });
    ASSERT_TRUE(seen);
    EXPECT_EQ(*seen, 3);
}

TEST_P(Contract, ConcurrentWritersLoseNoUpdate) {
    Exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    Exec("INSERT INTO counter (id, n) VALUES (1, 0)");
    constexpr int kThreads = 4;
    constexpr int kIncrements = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kIncrements; ++i) {
                auto r = db_->Transact(true, [](Connection& c) -> Status {
                    SG_ASSIGN_OR_RETURN(Rows before, c.Query("SELECT n FROM counter WHERE id = 1"));
                    (void)before;
                    SG_TRY(c.Execute("UPDATE counter SET n = n + 1 WHERE id = 1"));
                    return {};
                });
                if (!r) {
                    ADD_FAILURE() << r.error().internal;
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(QueryInt("SELECT n FROM counter WHERE id = 1"), kThreads * kIncrements);
}

TEST_P(Contract, PoolWaitsThenReportsUnavailable) {
    storage::DbOptions options;
    options.pool_size = 2;
    options.busy_timeout_ms = 200;
    auto db = Open(options);
    ASSERT_TRUE(db);
    auto a = db->Acquire();
    auto b = db->Acquire();
    ASSERT_TRUE(a && b);
    auto none = db->Acquire();
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, Code::kUnavailable);
    // Assigning over a lease returns the connection it held to the pool.
    *a = std::move(*b);
    auto again = db->Acquire();
    EXPECT_TRUE(again);
}

TEST_P(Contract, ALeaseLeftInATransactionIsCleanedOnReturn) {
    Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    storage::DbOptions options;
    options.pool_size = 1;
    auto db = Open(options);
    {
        auto lease = db->Acquire();
        ASSERT_TRUE(lease);
        ASSERT_TRUE((*lease)->Begin(true));
        ASSERT_TRUE((*lease)->Execute("INSERT INTO t (id) VALUES (1)"));
    }  // returned mid-transaction: must be rolled back, not leaked to the next borrower
    auto lease = db->Acquire();
    ASSERT_TRUE(lease);
    auto n = (*lease)->Query("SELECT count(*) FROM t");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->rows[0].Int(0), 0);
    EXPECT_TRUE((*lease)->Begin(true));  // not "already in a transaction"
    EXPECT_TRUE((*lease)->Rollback());
}

INSTANTIATE_TEST_SUITE_P(Backends, Contract, ::testing::Values(Kind::kSqlite, Kind::kPostgres), KindName);

}  // namespace
}  // namespace safegrid::storage_test
