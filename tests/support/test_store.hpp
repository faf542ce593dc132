// Migrated, throw-away stores for repository and service tests, on SQLite (a file in a TempDir)
// and on PostgreSQL (a fresh database from PgTestDatabase on the server of SAFEGRID_PG_URL).
// Each store is removed when the TestStore is destroyed.
//
// Usage in a test parameterised over both backends:
//   class MyTest : public ::testing::TestWithParam<test::Backend> {
//     void SetUp() override { store_ = test::TestStore::Open(GetParam());
//                             if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set"; } ...
//   INSTANTIATE_TEST_SUITE_P(Stores, MyTest, test::AllBackends(), test::BackendName);
//
// Thread-safety: one TestStore per test; the Database inside is thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/db.hpp"
#include "support/pg_fixture.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::test {

enum class Backend { kSqlite, kPostgres };

inline auto AllBackends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class TestStore {
  public:
    // nullptr for kPostgres when SAFEGRID_PG_URL is unset (the caller skips). Any other failure
    // to open or migrate is a broken test environment: it fails the test with the reason.
    static std::unique_ptr<TestStore> Open(Backend backend);
    ~TestStore() = default;
    TestStore(const TestStore&) = delete;
    TestStore& operator=(const TestStore&) = delete;

    [[nodiscard]] storage::Database& db() const { return *db_; }
    [[nodiscard]] const std::shared_ptr<storage::Database>& shared() const { return db_; }
    [[nodiscard]] Backend backend() const { return backend_; }

    // Runs one statement outside the services (test set-up and tampering). Fails the test on error.
    int64_t Exec(const std::string& sql, std::initializer_list<storage::Value> params = {});
    // The first column of the first row as an integer (COUNT(*), ids); 0 when no row.
    int64_t QueryInt(const std::string& sql, std::initializer_list<storage::Value> params = {});

    // Region tree and enterprises for identity tests (0002_registry.sql rows, minimal fields).
    int64_t AddTown(const std::string& name = "匡堰镇");
    int64_t AddVillage(int64_t town_id, const std::string& name = "村");
    int64_t AddGrid(int64_t town_id, int64_t village_id, const std::string& name = "网格");
    int64_t AddEnterprise(int64_t town_id, int64_t village_id, int64_t grid_id, const std::string& name = "企业");

  private:
    explicit TestStore(Backend backend) : backend_(backend) {}
    int64_t AddRegion(const std::string& name, const std::string& kind, std::optional<int64_t> parent,
                      std::optional<int64_t> town, std::optional<int64_t> village);

    // Declaration order matters: the pool closes before the database is dropped or the dir removed.
    Backend backend_;
    std::unique_ptr<TempDir> dir_;
    std::unique_ptr<PgTestDatabase> pg_;
    std::shared_ptr<storage::Database> db_;
    int64_t next_code_ = 1;
};

}  // namespace safegrid::test
