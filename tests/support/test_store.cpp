#include "support/test_store.hpp"

#include <vector>

namespace safegrid::test {
namespace {

std::string Describe(const Error& e) { return e.id + ": " + e.message.en + " [" + e.internal + "]"; }

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::unique_ptr<TestStore> TestStore::Open(Backend backend) {
    std::unique_ptr<TestStore> store(new TestStore(backend));
    std::string url;
    if (backend == Backend::kSqlite) {
        store->dir_ = std::make_unique<TempDir>();
        url = "sqlite:" + store->dir_->File("test.db");
    } else {
        store->pg_ = PgTestDatabase::CreateOrSkip();
        if (!store->pg_) return nullptr;  // unset → skip; unusable → already a test failure
        url = store->pg_->url();
    }
    storage::DbOptions options;
    options.pool_size = 4;
    options.synchronous_full = false;  // temp stores need no power-loss safety
    auto db = storage::OpenDatabase(url, options);
    if (!db) {
        ADD_FAILURE() << "cannot open " << url << ": " << Describe(db.error());
        return nullptr;
    }
    store->db_ = *db;
    if (auto migrated = storage::Migrate(*store->db_); !migrated) {
        ADD_FAILURE() << "migration failed: " << Describe(migrated.error());
        return nullptr;
    }
    return store;
}

int64_t TestStore::Exec(const std::string& sql, std::initializer_list<storage::Value> params) {
    std::vector<storage::Value> p(params);
    auto r = db_->Transact(true, [&](storage::Connection& c) { return c.Execute(sql, p); });
    EXPECT_TRUE(r) << sql << ": " << (r ? "" : Describe(r.error()));
    return r ? *r : 0;
}

int64_t TestStore::QueryInt(const std::string& sql, std::initializer_list<storage::Value> params) {
    std::vector<storage::Value> p(params);
    auto r = db_->Read([&](storage::Connection& c) { return c.Query(sql, p); });
    EXPECT_TRUE(r) << sql << ": " << (r ? "" : Describe(r.error()));
    if (!r || r->rows.empty()) return 0;
    return r->rows.front().Int(0);
}

int64_t TestStore::AddRegion(const std::string& name, const std::string& kind, std::optional<int64_t> parent,
                             std::optional<int64_t> town, std::optional<int64_t> village) {
    // A region's own level holds its own id (0002_registry.sql): insert, then set it.
    const std::string code = "T" + std::to_string(next_code_++);
    auto id = db_->Transact(true, [&](storage::Connection& c) -> Result<int64_t> {
        std::vector<storage::Value> p = {
            name,       kind,      code, storage::Nullable(parent), town.value_or(0), storage::Nullable(village),
            int64_t{1}, int64_t{1}};
        SG_ASSIGN_OR_RETURN(auto rows, c.Query("INSERT INTO regions (name, kind, code, parent_id, town_id, village_id, "
                                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                               p));
        const int64_t id = rows.rows.at(0).Int(0);
        const std::string column = kind == "town" ? "town_id" : kind == "village" ? "village_id" : "grid_id";
        std::vector<storage::Value> q = {id, id};
        SG_TRY(c.Execute("UPDATE regions SET " + column + " = ? WHERE id = ?", q));
        return id;
    });
    EXPECT_TRUE(id) << (id ? "" : Describe(id.error()));
    return id ? *id : 0;
}

int64_t TestStore::AddTown(const std::string& name) {
    return AddRegion(name, "town", std::nullopt, std::nullopt, std::nullopt);
}

int64_t TestStore::AddVillage(int64_t town_id, const std::string& name) {
    return AddRegion(name, "village", town_id, town_id, std::nullopt);
}

int64_t TestStore::AddGrid(int64_t town_id, int64_t village_id, const std::string& name) {
    return AddRegion(name, "grid", village_id, town_id, village_id);
}

int64_t TestStore::AddEnterprise(int64_t town_id, int64_t village_id, int64_t grid_id, const std::string& name) {
    const std::string code = "91330282MA" + std::to_string(100000 + next_code_++) + "X";
    std::vector<storage::Value> p = {town_id, village_id, grid_id, name, code, int64_t{1}, int64_t{1}};
    auto id = db_->Transact(true, [&](storage::Connection& c) -> Result<int64_t> {
        SG_ASSIGN_OR_RETURN(auto rows,
                            c.Query("INSERT INTO enterprises (town_id, village_id, grid_id, name, credit_code, "
                                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    p));
        return rows.rows.at(0).Int(0);
    });
    EXPECT_TRUE(id) << (id ? "" : Describe(id.error()));
    return id ? *id : 0;
}

}  // namespace safegrid::test
