#include "storage/backup.hpp"

#include "storage/db_url.hpp"
#include "storage/pool.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace safegrid::storage {

namespace {

// What pg_dump will roughly write: the database's size on disk (indexes and free space included,
// so an over-estimate; 0 when it cannot be read, and then progress shows bytes only).
int64_t PgDatabaseSize(Database& db) {
    auto rows = db.Read([](Connection& conn) -> Result<Rows> {
        return conn.Query("SELECT CAST(pg_database_size(current_database()) AS BIGINT)", {});
    });
    return rows && !rows->rows.empty() ? rows->rows.front().Int(0) : 0;
}

}  // namespace

Status Backup(Database& db, const std::string& out_path, const ProgressFn& progress) {
    if (out_path.empty()) return Malformed({"缺少备份文件路径", "Missing backup file path"}, "missing_path");
    return detail::NoThrow("backup", [&]() -> Status {
        if (db.dialect() == Dialect::kSqlite) return detail::SqliteBackup(db, out_path, progress);
        const detail::DbUrl* url = detail::PgUrlOf(db);
        if (!url) return Internal("backup: unknown PostgreSQL database implementation");
        return detail::PgBackup(*url, out_path, progress ? PgDatabaseSize(db) : 0, progress);
    });
}

Status Restore(const std::string& in_path, std::string_view db_url, const ProgressFn& progress) {
    if (in_path.empty()) return Malformed({"缺少备份文件路径", "Missing backup file path"}, "missing_path");
    SG_ASSIGN_OR_RETURN(detail::DbUrl url, detail::ParseDbUrl(db_url));
    return detail::NoThrow("restore", [&]() -> Status {
        if (url.dialect == Dialect::kPostgres) return detail::PgRestore(in_path, url, progress);
        if (url.sqlite_path == ":memory:") {
            return Malformed({"不能恢复到内存数据库", "Cannot restore into an in-memory database"}, "malformed_db_url");
        }
        return detail::SqliteRestore(in_path, url.sqlite_path, progress);
    });
}

}  // namespace safegrid::storage
