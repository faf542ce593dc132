// The PostgreSQL adapter (internal to storage/). OpenDatabase("postgresql://...") lands here.
//
// libpq, synchronous, one PGconn per pooled connection. Statements are prepared once per
// connection under generated names and cached by their SQL text; `?` placeholders are
// rewritten to $n. Parameters go as text (Blob as binary bytea); results are read as text
// and converted by column type. Parameter types are left for the server to infer from the
// statement; where it cannot (`? IS NULL`), the adapter retries with the value's own type.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/progress_fn.hpp"
#include "storage/db.hpp"
#include "storage/db_url.hpp"
#include "storage/pool.hpp"

namespace safegrid::storage::detail {

struct PgConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultCloser {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgConnHandle = std::unique_ptr<PGconn, PgConnCloser>;
using PgResult = std::unique_ptr<PGresult, PgResultCloser>;

class PgConnection final : public PooledConnection {
  public:
    // `url` is the full libpq URL (with password). `writable`: the server must accept writes;
    // a connection that reaches (or later finds itself on) a hot standby is unavailable, so after
    // a failover the pool moves to whichever host of a multi-host URL is read-write now.
    static Result<std::shared_ptr<PgConnection>> Connect(const std::string& url, bool writable = true);
    explicit PgConnection(PgConnHandle conn, bool writable = true) : conn_(std::move(conn)), writable_(writable) {}

    [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
    Result<Rows> Query(std::string_view sql, std::span<const Value> params) override;
    Result<int64_t> Execute(std::string_view sql, std::span<const Value> params) override;
    Status ExecScript(std::string_view sql) override;
    Status Begin(bool write) override;
    Status Commit() override;
    Status Rollback() override;
    bool Revive() override;
    bool Recycle() override;

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Prepared {
        std::string name;
        int params = 0;
    };
    Result<const Prepared*> Prepare(std::string_view sql, std::span<const Value> params);
    // Prepares (if needed) and runs one statement; expects `ok` as the result status.
    Result<PgResult> Run(std::string_view sql, std::span<const Value> params);
    Result<PgResult> Simple(const char* sql, ExecStatusType ok);
    // Sends the read transaction's deferred BEGIN READ ONLY and the first (already prepared)
    // statement in one pipeline: one round trip instead of two.
    Result<PgResult> BeginAndRun(const Prepared& prepared, int n, const char* const* values, const int* lengths,
                                 const int* formats);
    Status FlushDeferredBegin();
    bool Reconnect();
    // True when this connection must write but its server is a read-only standby.
    [[nodiscard]] bool OnStandby() const;

    PgConnHandle conn_;
    bool writable_ = true;
    std::unordered_map<std::string, Prepared, Hash, std::equal_to<>> cache_;
    uint64_t next_statement_ = 0;
    // Begin(false) defers its BEGIN READ ONLY to the first statement (BeginAndRun); a read
    // transaction that runs nothing costs no round trip at all.
    bool deferred_read_begin_ = false;
};

Result<std::shared_ptr<Database>> OpenPostgres(const DbUrl& url, const DbOptions& options);
// The parsed URL (with password) behind a PostgreSQL Database, or null for another backend.
const DbUrl* PgUrlOf(const Database& db);

Status PgBackup(const DbUrl& url, const std::string& out_path, int64_t estimated_bytes, const ProgressFn& progress);
Status PgRestore(const std::string& in_path, const DbUrl& url, const ProgressFn& progress);

}  // namespace safegrid::storage::detail
