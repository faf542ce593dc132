#include "storage/backup.hpp"

#include "storage/db_url.hpp"
#include "storage/pool.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace safegrid::storage {

Status Backup(Database& db, const std::string& out_path) {
    if (out_path.empty()) return Malformed({"缺少备份文件路径", "Missing backup file path"}, "missing_path");
    return detail::NoThrow("backup", [&]() -> Status {
        if (db.dialect() == Dialect::kSqlite) return detail::SqliteBackup(db, out_path);
        const detail::DbUrl* url = detail::PgUrlOf(db);
        if (!url) return Internal("backup: unknown PostgreSQL database implementation");
        return detail::PgBackup(*url, out_path);
    });
}

Status Restore(const std::string& in_path, std::string_view db_url) {
    if (in_path.empty()) return Malformed({"缺少备份文件路径", "Missing backup file path"}, "missing_path");
    SG_ASSIGN_OR_RETURN(detail::DbUrl url, detail::ParseDbUrl(db_url));
    return detail::NoThrow("restore", [&]() -> Status {
        if (url.dialect == Dialect::kPostgres) return detail::PgRestore(in_path, url);
        if (url.sqlite_path == ":memory:") {
            return Malformed({"不能恢复到内存数据库", "Cannot restore into an in-memory database"}, "malformed_db_url");
        }
        return detail::SqliteRestore(in_path, url.sqlite_path);
    });
}

}  // namespace safegrid::storage
