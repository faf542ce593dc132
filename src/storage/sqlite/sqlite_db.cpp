// The SQLite Database: opening handles with SafeGrid's settings and pooling them.
#include "storage/sqlite/sqlite_db.hpp"

#include <filesystem>
#include <system_error>

#include "storage/sqlite/char_tokenizer.hpp"
#include "storage/sqlite/sqlite_errors.hpp"

namespace safegrid::storage::detail {
namespace {

constexpr const char* kMemory = ":memory:";

}  // namespace

Result<std::string> SqlitePragma(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    StmtHandle stmt(raw);
    if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
    std::string answer;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        if (const unsigned char* t = sqlite3_column_text(stmt.get(), 0)) answer = reinterpret_cast<const char*>(t);
    }
    if (rc != SQLITE_DONE) return SqliteError(db, rc, sql);
    return answer;
}

namespace {

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(std::string path, std::shared_ptr<ConnectionPool> pool)
        : path_(std::move(path)), pool_(std::move(pool)) {}
    ~SqliteDatabase() override { pool_->Close(); }

    [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
    [[nodiscard]] std::string Url() const override { return "sqlite:" + path_; }
    Result<Lease> Acquire() override { return pool_->Acquire(); }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace

Result<SqliteHandle> OpenSqliteHandle(const std::string& path, const DbOptions& options) {
    const bool memory = path == kMemory;
    // NOMUTEX: a Connection is used by one thread at a time (db.hpp), so SQLite's own
    // per-connection mutex would be pure overhead. EXRESCODE: extended codes everywhere, so
    // unique and foreign-key violations can be told apart.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    SqliteHandle db(raw);  // even a failed open allocates a handle that must be closed
    if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "open " + path);
    sqlite3_extended_result_codes(db.get(), 1);
    SG_TRY(RegisterCharTokenizer(db.get()));  // before any statement touches enterprises_chars
    // Set before the first PRAGMA: switching to WAL needs a lock another process may hold.
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms < 0 ? 0 : options.busy_timeout_ms);
    if (!memory) {
        SG_ASSIGN_OR_RETURN(std::string mode, SqlitePragma(db.get(), "PRAGMA journal_mode=WAL"));
        if (mode != "wal") return Internal("sqlite: could not switch " + path + " to WAL (journal_mode=" + mode + ")");
    }
    SG_TRY(SqlitePragma(db.get(), "PRAGMA foreign_keys=ON"));
    // FULL also fsyncs the WAL on each commit, so a power cut loses nothing acknowledged;
    // NORMAL only survives a process crash.
    SG_TRY(SqlitePragma(db.get(), options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    return db;
}

Result<std::shared_ptr<Database>> OpenSqlite(const DbUrl& url, const DbOptions& options) {
    const std::string& path = url.sqlite_path;
    const bool memory = path == kMemory;
    if (!memory) {
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);
            if (ec) return Internal("sqlite: cannot create directory " + parent.string() + ": " + ec.message());
        }
    }
    const size_t size = memory ? 1 : static_cast<size_t>(options.pool_size < 1 ? 1 : options.pool_size);
    auto pool = ConnectionPool::Create(
        "sqlite", size, std::chrono::milliseconds(options.busy_timeout_ms < 0 ? 0 : options.busy_timeout_ms),
        [path, options, memory]() -> Result<std::shared_ptr<PooledConnection>> {
            SG_ASSIGN_OR_RETURN(SqliteHandle handle, OpenSqliteHandle(path, options));
            return std::make_shared<SqliteConnection>(std::move(handle), memory);
        });
    // Open the first connection now: a bad path or a file that is not a database fails here,
    // at start-up, and the in-memory database exists from this moment on.
    SG_TRY(pool->Warm());
    return std::make_shared<SqliteDatabase>(path, std::move(pool));
}

std::string SqlitePathOf(const Database& db) {
    const auto* sqlite = dynamic_cast<const SqliteDatabase*>(&db);
    if (!sqlite || sqlite->path() == kMemory) return {};
    return sqlite->path();
}

}  // namespace safegrid::storage::detail
