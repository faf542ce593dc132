#include "storage/sqlite/sqlite_errors.hpp"

#include <fmt/format.h>

#include <string>

namespace safegrid::storage::detail {

tl::unexpected<Error> SqliteError(int rc, std::string_view message, std::string_view sql) {
    constexpr size_t kMaxSql = 300;  // enough to recognise the statement in a log line
    std::string internal = fmt::format("sqlite {} ({}): {}", sqlite3_errstr(rc), rc, message);
    if (!sql.empty()) {
        internal += fmt::format(" [{}{}]", sql.substr(0, kMaxSql), sql.size() > kMaxSql ? "…" : "");
    }
    switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: {
            auto e = Conflict("already_exists", {"记录已存在", "The record already exists"});
            e.value().internal = std::move(internal);
            return e;
        }
        case SQLITE_CONSTRAINT_FOREIGNKEY: {
            auto e = Conflict("constraint_violation",
                              {"关联的数据不存在或仍被引用", "A related record is missing or still in use"});
            e.value().internal = std::move(internal);
            return e;
        }
        default:
            break;
    }
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Unavailable(std::move(internal));
        default:
            return Internal(std::move(internal));
    }
}

tl::unexpected<Error> SqliteError(sqlite3* db, int rc, std::string_view sql) {
    return SqliteError(rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), sql);
}

}  // namespace safegrid::storage::detail
