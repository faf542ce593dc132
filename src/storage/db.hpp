// The one storage interface: a SQL database reached through a pool of connections.
// Two adapters implement it: SQLite (sqlite/, the embedded default) and PostgreSQL 15
// (postgres/, libpq). Repositories (repositories/) are written once against it.
//
// SQL dialect rules for code written against this interface (so one text runs on both):
//   - placeholders are `?`; the PostgreSQL adapter rewrites them to $1..$n;
//   - integers are BIGINT/INTEGER, times are int64 Unix seconds (UTC), booleans 0/1 integers,
//     JSON is stored as TEXT; `RETURNING` and `ON CONFLICT ... DO ...` work on both;
//   - case-insensitive matching: `lower(col) LIKE lower(?)`.
//   - PostgreSQL infers each parameter's type from where it stands; where it cannot, write a
//     cast that both accept: `CAST(? AS BIGINT) IS NULL`, `CAST(? AS TEXT)` (the adapter also
//     retries such statements with the value's own type);
//   - on PostgreSQL a failed statement aborts its whole transaction: do not catch a conflict
//     and carry on in the same transaction; use `INSERT ... ON CONFLICT DO NOTHING RETURNING`
//     and look at the rows instead.
// Backend errors are translated at the adapter, once: unique/foreign-key violations →
// Code::kConflict ("already_exists"/"constraint_violation"); busy/locked/connection lost →
// Code::kUnavailable; anything else → Code::kInternal with the backend text in `internal`.
//
// Thread-safety: Database is thread-safe. A Connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace safegrid::storage {

enum class Dialect { kSqlite, kPostgres };

struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;  // so Values compare (tests, caches)
};
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

// Helpers so call sites can write {Nullable(opt), ...}.
template <class T>
Value Nullable(const std::optional<T>& v) {
    if (!v) return std::monostate{};
    if constexpr (std::is_integral_v<T>)
        return static_cast<int64_t>(*v);
    else
        return Value(*v);
}

// One result row. Column access is by index, in SELECT order. Reading a NULL as a
// non-optional is a programmer error and yields 0 / "".
class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    [[nodiscard]] size_t size() const { return values_.size(); }
    [[nodiscard]] bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
    [[nodiscard]] int64_t Int(size_t i) const;
    [[nodiscard]] double Double(size_t i) const;
    [[nodiscard]] std::string Text(size_t i) const;
    [[nodiscard]] std::optional<int64_t> OptInt(size_t i) const;
    [[nodiscard]] std::optional<double> OptDouble(size_t i) const;
    [[nodiscard]] std::optional<std::string> OptText(size_t i) const;
    [[nodiscard]] const Value& at(size_t i) const { return values_.at(i); }

  private:
    std::vector<Value> values_;
};

struct Rows {
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

class Connection {
  public:
    virtual ~Connection() = default;
    [[nodiscard]] virtual Dialect dialect() const = 0;
    // Runs one statement and returns its rows (possibly none). Statements are prepared
    // once per connection and cached by their text.
    virtual Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) = 0;
    // Runs one statement; returns the number of rows it changed.
    virtual Result<int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) = 0;
    // Runs a script of several statements without parameters (migrations).
    virtual Status ExecScript(std::string_view sql) = 0;

    // Transactions. `write` takes the write lock up front on SQLite (BEGIN IMMEDIATE),
    // so two writers never deadlock on lock upgrade. Use Database::Transact rather than these.
    virtual Status Begin(bool write) = 0;
    virtual Status Commit() = 0;
    virtual Status Rollback() = 0;
};

struct DbOptions {
    int pool_size = 8;             // connections kept open
    int busy_timeout_ms = 5000;    // SQLite: wait for the write lock this long before kUnavailable
    bool synchronous_full = true;  // SQLite: fsync each commit (survives power loss, not just kill -9)
    // PostgreSQL: a read replica (hot standby) is expected and may be down at start-up. Otherwise
    // every connection must reach a writable server: one that lands on a standby is discarded.
    bool replica = false;
};

class Database {
  public:
    virtual ~Database() = default;
    [[nodiscard]] virtual Dialect dialect() const = 0;
    [[nodiscard]] virtual std::string Url() const = 0;  // without password

    // A connection on loan; returned to the pool when the lease is destroyed.
    class Lease {
      public:
        Lease(std::shared_ptr<Connection> conn, std::function<void(std::shared_ptr<Connection>)> release)
            : conn_(std::move(conn)), release_(std::move(release)) {}
        Lease(Lease&&) = default;
        // Not defaulted: assigning over a lease must first return its connection, or the pool
        // would count that connection as lent out forever.
        Lease& operator=(Lease&& other) noexcept {
            if (this != &other) {
                if (conn_ && release_) release_(std::move(conn_));
                conn_ = std::move(other.conn_);
                release_ = std::move(other.release_);
            }
            return *this;
        }
        ~Lease() {
            if (conn_ && release_) release_(std::move(conn_));
        }
        Connection& operator*() const { return *conn_; }
        Connection* operator->() const { return conn_.get(); }

      private:
        std::shared_ptr<Connection> conn_;
        std::function<void(std::shared_ptr<Connection>)> release_;
    };
    // Blocks until a connection is free (or fails with kUnavailable after the busy timeout).
    virtual Result<Lease> Acquire() = 0;

    // Runs fn(conn) inside a transaction: commits when fn succeeds, rolls back when it fails.
    // Nested calls on the same thread join the outer transaction (and its connection), so a
    // use case can wrap several services in one unit of work (e.g. idempotent POSTs).
    template <class F>
    auto Transact(bool write, F&& fn) -> decltype(fn(std::declval<Connection&>()));

    // Runs fn(conn) without an explicit transaction (single reads). Joins an outer transaction if any.
    template <class F>
    auto Read(F&& fn) -> decltype(fn(std::declval<Connection&>()));

    // The connection of the transaction open on this thread, if any.
    static Connection* Current();

  protected:
    struct Ambient;
    static void SetCurrent(Connection* conn);
};

// Opens "sqlite:PATH" (":memory:" allowed) or "postgresql://user@host:port/db" (also "postgres://").
Result<std::shared_ptr<Database>> OpenDatabase(std::string_view url, const DbOptions& options = {});

// Applies the numbered migrations of the database's dialect that are not applied yet
// (table schema_migrations). Idempotent; safe to call at every start.
Status Migrate(Database& db);
// The highest migration number known to this binary and the one applied in `db`.
int LatestMigration(Dialect dialect);
Result<int> AppliedMigration(Database& db);

}  // namespace safegrid::storage

#include "storage/db_impl.hpp"  // IWYU pragma: keep  (template bodies)
