// One pooled SQLite connection: a prepared-statement cache keyed by SQL text, binding of
// Values, reading of typed columns, and transactions.
#include <climits>
#include <exception>

#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_errors.hpp"

namespace safegrid::storage::detail {
namespace {

constexpr const char* kBackend = "sqlite";
// Repositories use a bounded set of statements; the bound only guards against code that
// builds SQL text dynamically (e.g. IN lists) from filling memory with one-off statements.
constexpr size_t kMaxCachedStatements = 512;

// Resets a cached statement after use, whatever happened, so it holds no read lock and no
// parameter values (which may be personal data) between uses.
struct ResetGuard {
    sqlite3_stmt* stmt;
    ~ResetGuard() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
};

bool OnlySpaceOrComments(sqlite3* db, const char* tail, const char* end) {
    while (tail < end && (*tail == ' ' || *tail == '\n' || *tail == '\r' || *tail == '\t' || *tail == ';')) ++tail;
    if (tail >= end) return true;
    // Something is left: prepare it to learn whether it is a statement or just a comment.
    sqlite3_stmt* extra = nullptr;
    const int rc = sqlite3_prepare_v2(db, tail, static_cast<int>(end - tail), &extra, nullptr);
    const bool none = rc == SQLITE_OK && extra == nullptr;  // trailing junk counts as "something"
    sqlite3_finalize(extra);
    return none;
}

// SQLITE_STATIC (no copy) is safe: the values outlive the statement's run, and ResetGuard
// clears the bindings before Run returns.
int Bind(sqlite3_stmt* stmt, int index, const Value& v) {
    static const char kEmpty[] = "";  // sqlite binds a null pointer as NULL; empty values are not NULL
    return std::visit(
        [&](const auto& x) -> int {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
                return sqlite3_bind_int64(stmt, index, x);
            } else if constexpr (std::is_same_v<T, double>) {
                return sqlite3_bind_double(stmt, index, x);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return sqlite3_bind_text64(stmt, index, x.empty() ? kEmpty : x.data(), x.size(), SQLITE_STATIC,
                                           SQLITE_UTF8);
            } else {
                return sqlite3_bind_blob64(stmt, index, x.bytes.empty() ? kEmpty : x.bytes.data(), x.bytes.size(),
                                           SQLITE_STATIC);
            }
        },
        v);
}

Value ReadColumn(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
            return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
        case SQLITE_FLOAT:
            return sqlite3_column_double(stmt, i);
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
        }
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
            return Blob{std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)))};
        }
        default:
            return std::monostate{};
    }
}

}  // namespace

SqliteConnection::~SqliteConnection() {
    cache_.clear();  // finalize statements before sqlite3_close_v2 runs in db_'s deleter
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    if (sql.size() >= static_cast<size_t>(INT_MAX)) return Internal("sqlite: statement too long");
    if (cache_.size() >= kMaxCachedStatements) cache_.clear();  // no statement is in flight here
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StmtHandle stmt(raw);
    if (rc != SQLITE_OK) return SqliteError(db_.get(), rc, sql);
    if (!stmt) return Internal("sqlite: empty statement");
    // Silently running only the first of several statements would hide bugs.
    if (tail && !OnlySpaceOrComments(db_.get(), tail, sql.data() + sql.size())) {
        return Internal("sqlite: several statements in one Query/Execute; use ExecScript [" + std::string(sql) + "]");
    }
    sqlite3_stmt* out = stmt.get();
    cache_.emplace(std::string(sql), std::move(stmt));
    return out;
}

Status SqliteConnection::Run(std::string_view sql, std::span<const Value> params, Rows* rows) {
    SG_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    ResetGuard guard{stmt};
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<size_t>(expected) != params.size()) {
        return Internal("sqlite: statement has " + std::to_string(expected) + " placeholders but " +
                        std::to_string(params.size()) + " values were given [" + std::string(sql) + "]");
    }
    for (size_t i = 0; i < params.size(); ++i) {
        if (int rc = Bind(stmt, static_cast<int>(i + 1), params[i]); rc != SQLITE_OK) {
            return SqliteError(db_.get(), rc, sql);
        }
    }
    const int ncols = sqlite3_column_count(stmt);
    if (rows) {
        rows->columns.clear();
        for (int c = 0; c < ncols; ++c) {
            const char* name = sqlite3_column_name(stmt, c);
            rows->columns.emplace_back(name ? name : "");
        }
    }
    for (;;) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) return {};
        if (rc != SQLITE_ROW) return SqliteError(db_.get(), rc, sql);
        if (!rows) continue;
        std::vector<Value> values;
        values.reserve(static_cast<size_t>(ncols));
        for (int c = 0; c < ncols; ++c) values.push_back(ReadColumn(stmt, c));
        rows->rows.emplace_back(std::move(values));
    }
}

Result<Rows> SqliteConnection::Query(std::string_view sql, std::span<const Value> params) {
    return NoThrow(kBackend, [&]() -> Result<Rows> {
        StoreTimer timer(kBackend, "query");
        Rows rows;
        SG_TRY(Run(sql, params, &rows));
        return rows;
    });
}

Result<int64_t> SqliteConnection::Execute(std::string_view sql, std::span<const Value> params) {
    return NoThrow(kBackend, [&]() -> Result<int64_t> {
        StoreTimer timer(kBackend, "execute");
        const int64_t before = sqlite3_total_changes64(db_.get());
        SG_TRY(Run(sql, params, nullptr));
        // sqlite3_changes64 alone repeats the previous statement's count after a SELECT or DDL;
        // the total-changes difference alone would also count rows changed by triggers, which
        // PostgreSQL's command tag does not. Together they give PostgreSQL's answer.
        if (sqlite3_total_changes64(db_.get()) == before) return int64_t{0};
        return static_cast<int64_t>(sqlite3_changes64(db_.get()));
    });
}

Status SqliteConnection::ExecScript(std::string_view sql) {
    return NoThrow(kBackend, [&]() -> Status {
        StoreTimer timer(kBackend, "execute");
        // sqlite3_exec wants a NUL-terminated string; an embedded NUL would silently cut the script.
        if (sql.find('\0') != std::string_view::npos) return Internal("sqlite: NUL byte in SQL script");
        const std::string text(sql);
        char* err = nullptr;
        const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
        std::unique_ptr<char, decltype(&sqlite3_free)> guard(err, &sqlite3_free);
        if (rc != SQLITE_OK) {
            const int ext = sqlite3_extended_errcode(db_.get());
            return SqliteError(ext != SQLITE_OK ? ext : rc, err ? err : sqlite3_errstr(rc), sql);
        }
        return {};
    });
}

Status SqliteConnection::Begin(bool write) {
    // IMMEDIATE takes the write lock now: two writers that both started deferred would
    // otherwise deadlock on the upgrade, and one would fail with SQLITE_BUSY mid-transaction.
    return NoThrow(kBackend, [&]() -> Status { return Run(write ? "BEGIN IMMEDIATE" : "BEGIN", {}, nullptr); });
}

Status SqliteConnection::Commit() {
    return NoThrow(kBackend, [&]() -> Status {
        StoreTimer timer(kBackend, "commit");
        return Run("COMMIT", {}, nullptr);
    });
}

Status SqliteConnection::Rollback() {
    return NoThrow(kBackend, [&]() -> Status {
        // SQLite rolls back by itself after some errors (busy, I/O, full); then there is
        // nothing left to roll back and ROLLBACK would fail.
        if (sqlite3_get_autocommit(db_.get())) return {};
        return Run("ROLLBACK", {}, nullptr);
    });
}

bool SqliteConnection::Recycle() {
    if (sqlite3_get_autocommit(db_.get())) return true;
    const bool rolled_back = static_cast<bool>(Rollback());
    // An in-memory database lives only in this connection: keep it whatever happens.
    return rolled_back || memory_;
}

}  // namespace safegrid::storage::detail
