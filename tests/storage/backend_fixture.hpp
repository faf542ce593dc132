// One fixture for the storage contract tests, parameterised over the two backends: the same
// test body runs against SQLite (a temp file) and PostgreSQL (a fresh database; skipped when
// SAFEGRID_PG_URL is unset).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/db.hpp"
#include "support/pg_fixture.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::storage_test {

enum class Kind { kSqlite, kPostgres };

inline std::string KindName(const ::testing::TestParamInfo<Kind>& info) {
    return info.param == Kind::kSqlite ? "Sqlite" : "Postgres";
}

class BackendTest : public ::testing::TestWithParam<Kind> {
  protected:
    void SetUp() override {
        if (GetParam() == Kind::kSqlite) {
            url_ = "sqlite:" + dir_.File("db/test.db");  // a missing parent directory on purpose
        } else {
            pg_ = test::PgTestDatabase::CreateOrSkip();
            if (!pg_) {
                if (!HasFailure()) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
                return;
            }
            url_ = pg_->url();
        }
        db_ = Open();
        ASSERT_TRUE(db_);
    }

    std::shared_ptr<storage::Database> Open(storage::DbOptions options = {}) {
        auto db = storage::OpenDatabase(url_, options);
        EXPECT_TRUE(db) << (db ? "" : db.error().internal);
        return db ? *db : nullptr;
    }

    bool IsPg() const { return GetParam() == Kind::kPostgres; }
    // Column types that differ between the dialects.
    std::string BlobType() const { return IsPg() ? "BYTEA" : "BLOB"; }
    std::string AutoId() const { return IsPg() ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"; }

    // Runs one statement outside any transaction; fails the test on error.
    int64_t Exec(const std::string& sql, std::vector<storage::Value> params = {}) {
        auto n = db_->Read([&](storage::Connection& c) { return c.Execute(sql, params); });
        EXPECT_TRUE(n) << sql << ": " << (n ? "" : n.error().internal);
        return n ? *n : -1;
    }
    storage::Rows Query(const std::string& sql, std::vector<storage::Value> params = {}) {
        auto r = db_->Read([&](storage::Connection& c) { return c.Query(sql, params); });
        EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.error().internal);
        return r ? *r : storage::Rows{};
    }
    int64_t QueryInt(const std::string& sql, std::vector<storage::Value> params = {}) {
        auto r = Query(sql, std::move(params));
        return r.rows.empty() ? -1 : r.rows[0].Int(0);
    }

    // Declaration order matters: the database closes before its PostgreSQL database is dropped
    // and before the temp dir is removed.
    test::TempDir dir_;
    std::unique_ptr<test::PgTestDatabase> pg_;
    std::string url_;
    std::shared_ptr<storage::Database> db_;
};

}  // namespace safegrid::storage_test
