#include "storage/migrate.hpp"

#include <thread>

#include "backend_fixture.hpp"

namespace safegrid::storage_test {
namespace {

using storage::Migration;

using Migrations = BackendTest;

const Migration kTestMigrations[] = {
    {1, "first",
     "CREATE TABLE m_one (id INTEGER PRIMARY KEY, name TEXT);\n"
     "INSERT INTO m_one (id, name) VALUES (1, '一');"},
    {2, "second", "CREATE TABLE m_two (id INTEGER PRIMARY KEY);\nCREATE INDEX m_two_id ON m_two (id);"},
};

TEST_P(Migrations, ApplyIsIdempotent) {
    EXPECT_EQ(*storage::AppliedMigration(*db_), 0);  // no schema_migrations yet
    ASSERT_TRUE(storage::ApplyMigrations(*db_, kTestMigrations));
    ASSERT_TRUE(storage::ApplyMigrations(*db_, kTestMigrations));
    EXPECT_EQ(*storage::AppliedMigration(*db_), 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM m_one"), 1);  // the INSERT ran once
    EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), 2);
    auto names = Query("SELECT name, applied_at FROM schema_migrations ORDER BY version");
    ASSERT_EQ(names.rows.size(), 2u);
    EXPECT_EQ(names.rows[0].Text(0), "first");
    EXPECT_GT(names.rows[0].Int(1), 1700000000);
}

TEST_P(Migrations, AFailingMigrationLeavesNothingBehind) {
    const Migration broken[] = {
        kTestMigrations[0],
        {2, "broken", "CREATE TABLE m_half (id INTEGER PRIMARY KEY);\nTHIS IS NOT SQL;"},
    };
    auto r = storage::ApplyMigrations(*db_, broken);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().internal.find("2_broken"), std::string::npos) << r.error().internal;
    EXPECT_EQ(*storage::AppliedMigration(*db_), 1);
    auto half = db_->Read([](storage::Connection& c) { return c.Query("SELECT count(*) FROM m_half"); });
    EXPECT_FALSE(half);  // the table of the failed file was rolled back with it
    // Fixed file: applies on the next start.
    ASSERT_TRUE(storage::ApplyMigrations(*db_, kTestMigrations));
    EXPECT_EQ(*storage::AppliedMigration(*db_), 2);
}

TEST_P(Migrations, RefusesASchemaNewerThanTheBinary) {
    ASSERT_TRUE(storage::ApplyMigrations(*db_, kTestMigrations));
    auto r = storage::ApplyMigrations(*db_, std::span(kTestMigrations, 1));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().internal.find("newer"), std::string::npos);
}

TEST_P(Migrations, RejectsUnorderedLists) {
    const Migration unordered[] = {kTestMigrations[1], kTestMigrations[0]};
    EXPECT_FALSE(storage::ApplyMigrations(*db_, unordered));
}

TEST_P(Migrations, TwoServersStartingTogetherApplyEachOnce) {
    auto other = Open();
    ASSERT_TRUE(other);
    Status a, b;
    std::thread t1([&] { a = storage::ApplyMigrations(*db_, kTestMigrations); });
    std::thread t2([&] { b = storage::ApplyMigrations(*other, kTestMigrations); });
    t1.join();
    t2.join();
    EXPECT_TRUE(a) << (a ? "" : a.error().internal);
    EXPECT_TRUE(b) << (b ? "" : b.error().internal);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM m_one"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), 2);
}

// The real, embedded migrations of this binary (written by the other layers) apply cleanly
// and idempotently on both backends.
TEST_P(Migrations, EmbeddedMigrationsApplyTwice) {
    ASSERT_TRUE(storage::Migrate(*db_)) << storage::Migrate(*db_).error().internal;
    auto again = storage::Migrate(*db_);
    ASSERT_TRUE(again) << again.error().internal;
    EXPECT_EQ(*storage::AppliedMigration(*db_), storage::LatestMigration(db_->dialect()));
    const auto embedded = storage::EmbeddedMigrations(db_->dialect());
    for (size_t i = 1; i < embedded.size(); ++i) EXPECT_LT(embedded[i - 1].version, embedded[i].version);
}

TEST(MigrationFiles, SameNumbersOnBothSides) {
    const auto sqlite = storage::EmbeddedMigrations(storage::Dialect::kSqlite);
    const auto pg = storage::EmbeddedMigrations(storage::Dialect::kPostgres);
    ASSERT_EQ(sqlite.size(), pg.size());
    for (size_t i = 0; i < sqlite.size(); ++i) {
        EXPECT_EQ(sqlite[i].version, pg[i].version);
        EXPECT_EQ(sqlite[i].name, pg[i].name);
        EXPECT_FALSE(sqlite[i].sql.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Migrations, ::testing::Values(Kind::kSqlite, Kind::kPostgres), KindName);

}  // namespace
}  // namespace safegrid::storage_test
