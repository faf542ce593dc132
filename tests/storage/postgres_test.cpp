// PostgreSQL-only behaviour: placeholder rewriting, value decoding, reconnects.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "storage/db.hpp"
#include "storage/postgres/pg_sql.hpp"
#include "support/pg_fixture.hpp"

namespace safegrid::storage_test {
namespace {

using storage::Connection;
using storage::detail::RewritePlaceholders;

TEST(PgPlaceholders, RewritesOnlyRealPlaceholders) {
    EXPECT_EQ(RewritePlaceholders("SELECT ?, ?").text, "SELECT $1, $2");
    EXPECT_EQ(RewritePlaceholders("SELECT ?, ?").params, 2);
    EXPECT_EQ(RewritePlaceholders("SELECT '?', ?").text, "SELECT '?', $1");
    EXPECT_EQ(RewritePlaceholders("SELECT 'it''s ?', ?").text, "SELECT 'it''s ?', $1");
    EXPECT_EQ(RewritePlaceholders("SELECT E'\\' ?', ?").text, "SELECT E'\\' ?', $1");
    EXPECT_EQ(RewritePlaceholders("SELECT '\\', ?").text, "SELECT '\\', $1");  // no escapes in '...'
    EXPECT_EQ(RewritePlaceholders("SELECT \"a?b\" FROM t WHERE x = ?").text, "SELECT \"a?b\" FROM t WHERE x = $1");
    EXPECT_EQ(RewritePlaceholders("SELECT ? -- what?\n, ?").text, "SELECT $1 -- what?\n, $2");
    EXPECT_EQ(RewritePlaceholders("SELECT /* a /* nested ? */ ? */ ?").text, "SELECT /* a /* nested ? */ ? */ $1");
    EXPECT_EQ(RewritePlaceholders("SELECT $$ ? $$, $tag$ ? $tag$, ?").text, "SELECT $$ ? $$, $tag$ ? $tag$, $1");
    EXPECT_EQ(RewritePlaceholders("SELECT a$b, ?").text, "SELECT a$b, $1");
    EXPECT_EQ(RewritePlaceholders("").text, "");
    // Unterminated constructs never read past the end.
    EXPECT_EQ(RewritePlaceholders("SELECT '?").params, 0);
    EXPECT_EQ(RewritePlaceholders("SELECT E'\\").params, 0);
    EXPECT_EQ(RewritePlaceholders("SELECT /* ?").params, 0);
    EXPECT_EQ(RewritePlaceholders("SELECT $x$ ?").params, 0);
    EXPECT_EQ(RewritePlaceholders("SELECT \"?").params, 0);
    EXPECT_EQ(RewritePlaceholders("?").text, "$1");
}

TEST(PgPlaceholders, RandomInputNeverCrashesAndCountsMatch) {
    std::mt19937 rng(777);
    const std::string alphabet = "?'\"$-/*\\Eatg_ \n";
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        const size_t n = rng() % 30;
        for (size_t k = 0; k < n; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
        const auto r = RewritePlaceholders(s);
        // Every `?` is either kept or replaced; replacing adds "$n" so the text never shrinks.
        EXPECT_GE(r.text.size(), s.size());
        EXPECT_LE(static_cast<size_t>(r.params), s.size());
    }
}

TEST(PgValues, FormatsAndParsesCells) {
    using storage::detail::FormatDouble;
    using storage::detail::ParseCell;
    EXPECT_EQ(FormatDouble(0.1), "0.1");
    EXPECT_EQ(FormatDouble(NAN), "NaN");
    EXPECT_EQ(FormatDouble(-INFINITY), "-Infinity");
    EXPECT_EQ(storage::detail::FormatInt(INT64_MIN), "-9223372036854775808");
    EXPECT_EQ(ParseCell(20, "42", 2), storage::Value(int64_t{42}));
    EXPECT_EQ(ParseCell(16, "t", 1), storage::Value(int64_t{1}));
    EXPECT_EQ(ParseCell(16, "f", 1), storage::Value(int64_t{0}));
    EXPECT_EQ(ParseCell(1700, "12.50", 5), storage::Value(12.5));
    EXPECT_EQ(ParseCell(701, "Infinity", 8), storage::Value(INFINITY));
    EXPECT_EQ(ParseCell(17, "\\x00ff", 6), storage::Value(storage::Blob{std::string("\0\xff", 2)}));
    EXPECT_EQ(ParseCell(25, "文本", 6), storage::Value(std::string("文本")));
    EXPECT_EQ(storage::detail::ParameterNumberIn("could not determine data type of parameter $12"), 12);
    EXPECT_EQ(storage::detail::ParameterNumberIn("no number $ here"), std::nullopt);
}

class Pg : public ::testing::Test {
  protected:
    void SetUp() override {
        pg_ = test::PgTestDatabase::CreateOrSkip();
        if (!pg_) {
            if (!HasFailure()) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
            return;
        }
        auto db = storage::OpenDatabase(pg_->url());
        ASSERT_TRUE(db) << db.error().internal;
        db_ = *db;
    }
    std::unique_ptr<test::PgTestDatabase> pg_;
    std::shared_ptr<storage::Database> db_;
};

TEST_F(Pg, DecodesColumnsByType) {
    auto r = db_->Read([](Connection& c) {
        return c.Query(
            "SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 3.25::numeric, true, false, "
            "'\\x0102'::bytea, 'text'::varchar, sum(x) FROM (VALUES (1::bigint), (2)) AS v(x)");
    });
    ASSERT_TRUE(r) << r.error().internal;
    const auto& row = r->rows.at(0);
    EXPECT_EQ(row.at(0), storage::Value(int64_t{1}));
    EXPECT_EQ(row.at(2), storage::Value(int64_t{3}));
    EXPECT_EQ(row.at(3), storage::Value(1.5));
    EXPECT_EQ(row.at(5), storage::Value(3.25));
    EXPECT_EQ(row.at(6), storage::Value(int64_t{1}));
    EXPECT_EQ(row.at(7), storage::Value(int64_t{0}));
    EXPECT_EQ(row.at(8), storage::Value(storage::Blob{"\x01\x02"}));
    EXPECT_EQ(row.at(9), storage::Value(std::string("text")));
    EXPECT_EQ(row.Int(10), 3);  // sum(bigint) is numeric on PostgreSQL; Int() still reads it
}

TEST_F(Pg, UrlHidesThePasswordAndDialectIsPostgres) {
    EXPECT_EQ(db_->dialect(), storage::Dialect::kPostgres);
    EXPECT_EQ(db_->Url(), pg_->url());  // the test server has no password
}

TEST_F(Pg, NulInTextIsMalformedNotAServerError) {
    auto r = db_->Read([](Connection& c) {
        const storage::Value ps[] = {std::string("a\0b", 3)};
        return c.Query("SELECT ?::text", ps);
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kMalformed);
}

TEST_F(Pg, ReadTransactionsAreReadOnly) {
    ASSERT_TRUE(db_->Read([](Connection& c) { return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
    auto r = db_->Transact(false, [](Connection& c) { return c.Execute("INSERT INTO t VALUES (1)"); });
    EXPECT_FALSE(r);
}

// Issue 11 point 1: a read transaction's BEGIN READ ONLY travels with its first statement (one
// pipeline). Whether that statement is new to the session (BEGIN sent alone first) or prepared
// (pipelined), everything runs inside one read-only transaction.
TEST_F(Pg, DeferredReadBeginKeepsOneReadOnlyTransaction) {
    storage::DbOptions options;
    options.pool_size = 1;  // the same session every time: the second round runs pipelined
    auto opened = storage::OpenDatabase(pg_->url(), options);
    ASSERT_TRUE(opened);
    auto& db = **opened;
    ASSERT_TRUE(db.Read([](Connection& c) { return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
    for (int round = 0; round < 3; ++round) {
        auto r = db.Transact(false, [](Connection& c) -> Result<std::vector<std::string>> {
            SG_ASSIGN_OR_RETURN(auto a, c.Query("SELECT current_setting('transaction_read_only'), "
                                                "CAST(txid_current_if_assigned() IS NULL AS INTEGER), "
                                                "CAST(now() AS TEXT), (SELECT 1 FROM pg_sleep(0.01))"));
            // now() is the transaction's start: the same in a later statement of the same one.
            SG_ASSIGN_OR_RETURN(auto b, c.Query("SELECT CAST(now() AS TEXT), CAST(statement_timestamp() AS TEXT)"));
            return std::vector<std::string>{a.rows[0].Text(0), a.rows[0].Text(2), b.rows[0].Text(0), b.rows[0].Text(1)};
        });
        ASSERT_TRUE(r) << round << " " << r.error().internal;
        EXPECT_EQ((*r)[0], "on") << round;
        EXPECT_EQ((*r)[1], (*r)[2]) << round << ": both statements in one transaction";
        EXPECT_NE((*r)[2], (*r)[3]) << round << ": and not in one statement";
        // A write as the first statement of a read transaction fails (prepared the first round,
        // pipelined after) and the session stays usable.
        auto w = db.Transact(false, [](Connection& c) { return c.Execute("INSERT INTO t VALUES (1)"); });
        EXPECT_FALSE(w) << round;
        // An error from the pipelined statement itself (division by zero) leaves no transaction open.
        auto bad = db.Transact(false, [](Connection& c) {
            const storage::Value ps[] = {int64_t{0}};
            return c.Query("SELECT 1 / CAST(? AS INTEGER)", ps);
        });
        EXPECT_FALSE(bad) << round;
        // A read transaction that runs nothing costs nothing and ends cleanly.
        EXPECT_TRUE(db.Transact(false, [](Connection&) -> Status { return {}; })) << round;
    }
    auto count = db.Transact(true, [](Connection& c) { return c.Query("SELECT COUNT(*) FROM t"); });
    ASSERT_TRUE(count) << count.error().internal;
    EXPECT_EQ(count->rows[0].Int(0), 0);
}

TEST_F(Pg, ACommitAfterASwallowedErrorIsReported) {
    ASSERT_TRUE(db_->Read([](Connection& c) { return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
    auto r = db_->Transact(true, [](Connection& c) -> Status {
        (void)c.Execute("INSERT INTO t VALUES (1)");
        (void)c.Execute("INSERT INTO t VALUES (1)");  // fails and aborts the transaction
        return {};
    });
    EXPECT_FALSE(r);  // not a silent rollback
}

TEST_F(Pg, APooledConnectionKilledByTheServerIsReplaced) {
    storage::DbOptions options;
    options.pool_size = 1;
    auto db = storage::OpenDatabase(pg_->url(), options);
    ASSERT_TRUE(db);
    auto pid = (*db)->Read([](Connection& c) { return c.Query("SELECT pg_backend_pid()"); });
    ASSERT_TRUE(pid);
    // Kill the pooled (idle) backend from another connection, as a server restart would.
    auto killed = db_->Read([&](Connection& c) {
        const storage::Value ps[] = {pid->rows[0].Int(0)};
        return c.Query("SELECT pg_terminate_backend(CAST(? AS INTEGER)), pg_sleep(0.2)", ps);
    });
    ASSERT_TRUE(killed) << killed.error().internal;
    auto after = (*db)->Transact(true, [](Connection& c) { return c.Query("SELECT pg_backend_pid()"); });
    ASSERT_TRUE(after) << after.error().internal;
    EXPECT_NE(after->rows[0].Int(0), pid->rows[0].Int(0));
    // The same for a read transaction, whose BEGIN goes out with its (prepared) first statement.
    auto again = db_->Read([&](Connection& c) {
        const storage::Value ps[] = {after->rows[0].Int(0)};
        return c.Query("SELECT pg_terminate_backend(CAST(? AS INTEGER)), pg_sleep(0.2)", ps);
    });
    ASSERT_TRUE(again) << again.error().internal;
    auto read = (*db)->Transact(false, [](Connection& c) { return c.Query("SELECT pg_backend_pid()"); });
    ASSERT_TRUE(read) << read.error().internal;
    EXPECT_NE(read->rows[0].Int(0), after->rows[0].Int(0));
}

TEST(PgOpen, UnreachableServerIsUnavailable) {
    storage::DbOptions options;
    auto db = storage::OpenDatabase("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", options);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Code::kUnavailable);
}

}  // namespace
}  // namespace safegrid::storage_test
