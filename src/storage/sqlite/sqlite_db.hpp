// The SQLite adapter (internal to storage/). OpenDatabase("sqlite:PATH") lands here.
//
// Every connection runs in WAL mode (readers never block the writer), with foreign keys on,
// a busy timeout, and synchronous=FULL (or NORMAL when DbOptions says so). ":memory:" uses one
// connection, because each SQLite connection to ":memory:" would otherwise see its own database.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/progress_fn.hpp"
#include "storage/db.hpp"
#include "storage/db_url.hpp"
#include "storage/pool.hpp"

namespace safegrid::storage::detail {

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Opens one handle with SafeGrid's settings (WAL unless in memory, busy timeout, foreign keys,
// synchronous). `path` may be ":memory:".
Result<SqliteHandle> OpenSqliteHandle(const std::string& path, const DbOptions& options);

// Runs a statement (a PRAGMA, usually) and returns the first column of its last row as text
// (journal_mode answers the mode it set; quick_check answers "ok").
Result<std::string> SqlitePragma(sqlite3* db, const char* sql);

class SqliteConnection final : public PooledConnection {
  public:
    SqliteConnection(SqliteHandle db, bool memory) : db_(std::move(db)), memory_(memory) {}
    ~SqliteConnection() override;

    [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
    Result<Rows> Query(std::string_view sql, std::span<const Value> params) override;
    Result<int64_t> Execute(std::string_view sql, std::span<const Value> params) override;
    Status ExecScript(std::string_view sql) override;
    Status Begin(bool write) override;
    Status Commit() override;
    Status Rollback() override;
    bool Recycle() override;

    sqlite3* handle() const { return db_.get(); }

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    Result<sqlite3_stmt*> Prepare(std::string_view sql);
    // Runs a statement to completion; fills `rows` when not null.
    Status Run(std::string_view sql, std::span<const Value> params, Rows* rows);

    SqliteHandle db_;
    bool memory_;
    // Declared after db_ so statements are finalized before the handle closes.
    std::unordered_map<std::string, StmtHandle, Hash, std::equal_to<>> cache_;
};

Result<std::shared_ptr<Database>> OpenSqlite(const DbUrl& url, const DbOptions& options);

// The file behind a SQLite Database, or empty for another backend / ":memory:".
std::string SqlitePathOf(const Database& db);

Status SqliteBackup(Database& db, const std::string& out_path, const ProgressFn& progress);
Status SqliteRestore(const std::string& in_path, const std::string& db_path, const ProgressFn& progress);

}  // namespace safegrid::storage::detail
