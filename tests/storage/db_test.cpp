// Row accessors and database URL parsing (no backend needed).
#include "storage/db.hpp"

#include <gtest/gtest.h>

#include <random>

#include "storage/db_url.hpp"

namespace safegrid::storage_test {
namespace {

using storage::Blob;
using storage::Row;
using storage::Value;
using storage::detail::ParseDbUrl;

TEST(Row, AccessorsConvertBetweenNumericKinds) {
    Row row({int64_t{42}, 2.75, std::string("17"), std::monostate{}, Blob{"ab"}, std::string("x"), 1e300});
    EXPECT_EQ(row.Int(0), 42);
    EXPECT_EQ(row.Double(0), 42.0);
    EXPECT_EQ(row.Text(0), "42");
    EXPECT_EQ(row.Int(1), 2);  // numeric from PostgreSQL where SQLite gives an integer
    EXPECT_EQ(row.Double(1), 2.75);
    EXPECT_EQ(row.Int(2), 17);
    EXPECT_EQ(row.Int(3), 0);
    EXPECT_EQ(row.Text(3), "");
    EXPECT_EQ(row.OptText(3), std::nullopt);
    EXPECT_EQ(row.OptDouble(1), 2.75);
    EXPECT_EQ(row.Text(4), "ab");
    EXPECT_EQ(row.Int(5), 0);
    EXPECT_EQ(row.Int(6), 0);  // out of range: no undefined behaviour
    EXPECT_TRUE(row.IsNull(3));
    EXPECT_EQ(row.size(), 7u);
    EXPECT_EQ(storage::Nullable(std::optional<int>(5)), Value(int64_t{5}));
    EXPECT_EQ(storage::Nullable(std::optional<int>()), Value(std::monostate{}));
}

TEST(DbUrl, SqliteForms) {
    auto a = ParseDbUrl("sqlite:./var/safegrid.db");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->dialect, storage::Dialect::kSqlite);
    EXPECT_EQ(a->sqlite_path, "./var/safegrid.db");
    EXPECT_EQ(ParseDbUrl("sqlite::memory:")->sqlite_path, ":memory:");
    EXPECT_EQ(ParseDbUrl("sqlite:///abs/x.db")->sqlite_path, "/abs/x.db");
    EXPECT_EQ(ParseDbUrl("sqlite:/with space/x.db")->sqlite_path, "/with space/x.db");
    EXPECT_EQ(ParseDbUrl("sqlite:数据/x.db")->sqlite_path, "数据/x.db");
}

TEST(DbUrl, PostgresFormsAndPasswordRedaction) {
    auto a = ParseDbUrl("postgresql://sg:s%40cret@db.example:5433/safegrid?sslmode=require");
    ASSERT_TRUE(a) << a.error().message.en;
    EXPECT_EQ(a->dialect, storage::Dialect::kPostgres);
    EXPECT_EQ(a->password, "s@cret");
    EXPECT_EQ(a->redacted, "postgresql://sg@db.example:5433/safegrid?sslmode=require");
    EXPECT_EQ(a->full, "postgresql://sg:s%40cret@db.example:5433/safegrid?sslmode=require");
    auto b = ParseDbUrl("postgres://u@h/d?password=pw&application_name=x");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->password, "pw");
    EXPECT_EQ(b->redacted, "postgres://u@h/d?application_name=x");
    EXPECT_TRUE(ParseDbUrl("postgresql://u@[::1]:5432/d"));
    EXPECT_TRUE(ParseDbUrl("postgresql://u@h1:5432,h2:5433/d"));
    EXPECT_TRUE(ParseDbUrl("postgresql:///d"));
    EXPECT_TRUE(ParseDbUrl("postgresql://u@h/d?options=-csearch_path%3Dt1"));
}

TEST(DbUrl, MalformedUrlsAreMalformedErrors) {
    for (const char* bad :
         {"", "sqlite:", "sqlite://host/x.db", "mysql://u@h/d", "postgresql://u@h:99999/d", "postgresql://u@h:abc/d",
          "postgresql://u@h:/d", "postgresql://u:p%zz@h/d", "postgresql://u@h/d?nonsense_option=1",
          "postgresql://u@[::1/d", "postgresql://u@h/a/b", "postgresql://u@h/d?=x", "postgresql://u@h d/x",
          "sqlite:x\n.db", "postgresql://u@h/d%", "postgresql://u@h!/d"}) {
        auto r = ParseDbUrl(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kMalformed) << bad;
        EXPECT_EQ(r.error().id, "malformed_db_url");
        auto opened = storage::OpenDatabase(bad);
        ASSERT_FALSE(opened);
        EXPECT_EQ(opened.error().code, Code::kMalformed) << bad;
    }
}

TEST(DbUrl, MessagesNeverContainThePassword) {
    auto r = ParseDbUrl("postgresql://u:topsecret@h/d?nonsense_option=1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.en.find("topsecret"), std::string::npos);
    EXPECT_EQ(r.error().internal.find("topsecret"), std::string::npos);
}

TEST(DbUrl, RandomInputNeverCrashes) {
    std::mt19937 rng(12345);
    const std::string alphabet = "postgresql:/@?&=%[]:,.sqlite0123456789abc \x01\xe4";
    for (int i = 0; i < 20000; ++i) {
        std::string s = i % 2 ? "postgresql://" : "sqlite:";
        const size_t n = rng() % 40;
        for (size_t k = 0; k < n; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
        auto r = ParseDbUrl(s);
        if (!r) {
            EXPECT_EQ(r.error().code, Code::kMalformed);
        }
    }
}

TEST(Ambient, NoCurrentConnectionOutsideTransactions) { EXPECT_EQ(storage::Database::Current(), nullptr); }

}  // namespace
}  // namespace safegrid::storage_test
