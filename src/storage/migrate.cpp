#include "storage/migrate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

namespace safegrid::storage {
namespace {

// Any fixed number works, as long as nothing else in the database uses it ("SGMIGR").
constexpr const char* kPgLockSql = "SELECT pg_advisory_xact_lock(91600932030802)";

Status LockMigrations(Connection& conn) {
    // SQLite needs nothing: the write transaction (BEGIN IMMEDIATE) already excludes others.
    if (conn.dialect() != Dialect::kPostgres) return {};
    SG_TRY(conn.Query(kPgLockSql));
    return {};
}

Result<bool> TableExists(Connection& conn) {
    const Value name[] = {std::string("schema_migrations")};
    if (conn.dialect() == Dialect::kSqlite) {
        SG_ASSIGN_OR_RETURN(Rows r,
                            conn.Query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name));
        return !r.rows.empty() && r.rows[0].Int(0) > 0;
    }
    SG_ASSIGN_OR_RETURN(Rows r, conn.Query("SELECT to_regclass(?) IS NOT NULL", name));
    return !r.rows.empty() && r.rows[0].Int(0) != 0;
}

Result<std::set<int>> AppliedVersions(Connection& conn) {
    SG_ASSIGN_OR_RETURN(Rows r, conn.Query("SELECT version FROM schema_migrations"));
    std::set<int> out;
    for (const Row& row : r.rows) out.insert(static_cast<int>(row.Int(0)));
    return out;
}

Status Check(std::span<const Migration> migrations) {
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version <= 0) return Internal("migration versions start at 1");
        if (i > 0 && migrations[i].version <= migrations[i - 1].version) {
            return Internal("migrations must be in ascending order with unique versions (at " +
                            std::to_string(migrations[i].version) + ")");
        }
    }
    return {};
}

}  // namespace

Status ApplyMigrations(Database& db, std::span<const Migration> migrations, const ProgressFn& progress) {
    SG_TRY(Check(migrations));
    // Even CREATE TABLE IF NOT EXISTS races on PostgreSQL (two creators, one unique-violation
    // on pg_type), so the bookkeeping table is also created under the lock.
    SG_TRY(db.Transact(true, [&](Connection& conn) -> Status {
        SG_TRY(LockMigrations(conn));
        return conn.ExecScript(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    }));
    SG_ASSIGN_OR_RETURN(std::set<int> applied, db.Read([](Connection& conn) { return AppliedVersions(conn); }));
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (!applied.empty() && *applied.rbegin() > known) {
        return Internal("the database schema (migration " + std::to_string(*applied.rbegin()) +
                        ") is newer than this binary (migration " + std::to_string(known) + "); upgrade safegrid");
    }
    int64_t pending = 0, done = 0;
    for (const Migration& m : migrations) pending += applied.contains(m.version) ? 0 : 1;
    if (pending > 0) ReportProgress(progress, 0, pending);
    for (const Migration& m : migrations) {
        if (applied.contains(m.version)) continue;
        SG_TRY(db.Transact(true, [&](Connection& conn) -> Status {
            SG_TRY(LockMigrations(conn));
            // Another server may have applied it while we waited for the lock.
            const Value version[] = {int64_t{m.version}};
            SG_ASSIGN_OR_RETURN(Rows done, conn.Query("SELECT 1 FROM schema_migrations WHERE version = ?", version));
            if (!done.rows.empty()) return {};
            if (auto ran = conn.ExecScript(m.sql); !ran) {
                Error e = std::move(ran.error());
                e.internal = "migration " + std::to_string(m.version) + "_" + std::string(m.name) + ": " + e.internal;
                return Fail(std::move(e));
            }
            const int64_t now =
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            const Value row[] = {int64_t{m.version}, std::string(m.name), now};
            SG_TRY(conn.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", row));
            spdlog::info("applied migration {:04}_{}", m.version, m.name);
            return {};
        }));
        ReportProgress(progress, ++done, pending);
    }
    return {};
}

Status Migrate(Database& db) { return ApplyMigrations(db, EmbeddedMigrations(db.dialect())); }

Status MigrateWithProgress(Database& db, const ProgressFn& progress) {
    return ApplyMigrations(db, EmbeddedMigrations(db.dialect()), progress);
}

int LatestMigration(Dialect dialect) {
    const auto all = EmbeddedMigrations(dialect);
    return all.empty() ? 0 : all.back().version;
}

Result<int> AppliedMigration(Database& db) {
    return db.Read([](Connection& conn) -> Result<int> {
        SG_ASSIGN_OR_RETURN(bool exists, TableExists(conn));
        if (!exists) return 0;
        SG_ASSIGN_OR_RETURN(Rows r, conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
        return r.rows.empty() ? 0 : static_cast<int>(r.rows[0].Int(0));
    });
}

}  // namespace safegrid::storage
