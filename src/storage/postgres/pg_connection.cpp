// One pooled PostgreSQL connection: prepared-statement cache, parameter encoding, result
// decoding, transactions and the reconnect-once policy.
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/text/trim.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/postgres/pg_errors.hpp"
#include "storage/postgres/pg_sql.hpp"

namespace safegrid::storage::detail {
namespace {

constexpr const char* kBackend = "postgres";
constexpr size_t kMaxCachedStatements = 512;  // guards against dynamically built SQL only
constexpr Oid kBytea = 17, kInt8 = 20, kText = 25, kFloat8 = 701;

// Server NOTICEs ("relation already exists, skipping") would otherwise go to stderr raw.
void OnNotice(void*, const char* message) {
    std::string_view m(message ? message : "");
    m = TrimWhitespace(m);
    spdlog::debug("postgres: {}", m);
}

std::string_view SqlState(const PGresult* res) {
    const char* s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
}

Oid TypeOfValue(const Value& v) {
    if (std::holds_alternative<int64_t>(v)) return kInt8;
    if (std::holds_alternative<double>(v)) return kFloat8;
    if (std::holds_alternative<Blob>(v)) return kBytea;
    return kText;
}

bool ContainsNul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

tl::unexpected<Error> NulInText() {
    return Malformed({"文本包含无效字符", "The text contains invalid characters"}, "invalid_text");
}

}  // namespace

Result<std::shared_ptr<PgConnection>> PgConnection::Connect(const std::string& url, bool writable) {
    // Array entries before "dbname" may be overridden by the URL; client_encoding comes after
    // it because the adapter reads every text as UTF-8.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
    const char* values[] = {"10", "safegrid", url.c_str(), "UTF8", nullptr};
    PgConnHandle conn(PQconnectdbParams(keys, values, 1));
    if (!conn) return Unavailable("postgres: out of memory creating a connection");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        return PgError("", PQerrorMessage(conn.get()), "connect", true);
    }
    PQsetNoticeProcessor(conn.get(), &OnNotice, nullptr);
    auto made = std::make_shared<PgConnection>(std::move(conn), writable);
    if (made->OnStandby()) {
        return PgError("25006", "the server is a read-only standby (no primary reachable)", "connect", false);
    }
    return made;
}

bool PgConnection::OnStandby() const {
    if (!writable_) return false;
    // Reported by the server (PostgreSQL 14+) at connect and again when a promotion ends recovery.
    const char* standby = PQparameterStatus(conn_.get(), "in_hot_standby");
    return standby != nullptr && std::string_view(standby) == "on";
}

bool PgConnection::Reconnect() {
    // PQreset reconnects with the same parameters (and keeps the notice processor); statements
    // prepared on the old session are gone.
    cache_.clear();
    PQreset(conn_.get());
    const bool ok = PQstatus(conn_.get()) == CONNECTION_OK;
    if (ok) spdlog::info("postgres: reconnected a pooled connection");
    return ok;
}

bool PgConnection::Revive() {
    // An idle connection learns that the server closed it only when it reads: PQconsumeInput
    // does not block and turns the status to CONNECTION_BAD on EOF.
    PQconsumeInput(conn_.get());
    if (PQstatus(conn_.get()) == CONNECTION_OK && !OnStandby()) return true;
    // Broken, or left on a server that is a standby now: PQreset tries the URL's hosts again
    // (with target_session_attrs=read-write it picks the one that accepts writes).
    return Reconnect() && !OnStandby();
}

bool PgConnection::Recycle() {
    deferred_read_begin_ = false;
    if (PQstatus(conn_.get()) != CONNECTION_OK || OnStandby()) return false;
    switch (PQtransactionStatus(conn_.get())) {
        case PQTRANS_IDLE:
            return true;
        case PQTRANS_INTRANS:
        case PQTRANS_INERROR:
            return static_cast<bool>(Rollback());
        default:
            return false;  // a command in flight or unknown: not reusable
    }
}

Result<PgResult> PgConnection::Simple(const char* sql, ExecStatusType ok) {
    PgResult res(PQexec(conn_.get(), sql));
    if (PQresultStatus(res.get()) != ok) return PgError(res.get(), conn_.get(), sql);
    return res;
}

Result<const PgConnection::Prepared*> PgConnection::Prepare(std::string_view sql, std::span<const Value> params) {
    if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
    const bool in_tx = PQtransactionStatus(conn_.get()) != PQTRANS_IDLE;
    if (cache_.size() >= kMaxCachedStatements && !in_tx) {
        PgResult dealloc(PQexec(conn_.get(), "DEALLOCATE ALL"));
        cache_.clear();
    }
    RewrittenSql rewritten = RewritePlaceholders(sql);
    if (ContainsNul(rewritten.text)) return Internal("postgres: NUL byte in SQL text");
    std::vector<Oid> types(static_cast<size_t>(rewritten.params), 0);  // 0: let the server infer
    for (size_t i = 0; i < types.size() && i < params.size(); ++i) {
        if (std::holds_alternative<Blob>(params[i])) types[i] = kBytea;  // binary bytea needs its type
    }
    Prepared prepared{"sg" + std::to_string(++next_statement_), rewritten.params};

    // A failed PREPARE inside a transaction would abort it; a savepoint lets us retry.
    if (in_tx) SG_TRY(Simple("SAVEPOINT sg_prepare", PGRES_COMMAND_OK));
    for (int attempt = 0;; ++attempt) {
        PgResult res(PQprepare(conn_.get(), prepared.name.c_str(), rewritten.text.c_str(), rewritten.params,
                               types.empty() ? nullptr : types.data()));
        if (PQresultStatus(res.get()) == PGRES_COMMAND_OK) break;
        // "could not determine data type of parameter $N" (`? IS NULL`, `SELECT ?`-like contexts):
        // give that parameter its value's type and try again.
        const auto n =
            SqlState(res.get()) == "42P18" ? ParameterNumberIn(PQresultErrorMessage(res.get())) : std::nullopt;
        const bool retry = n && *n <= rewritten.params && types[*n - 1] == 0 && attempt <= rewritten.params;
        if (retry) {
            types[*n - 1] = static_cast<size_t>(*n - 1) < params.size() ? TypeOfValue(params[*n - 1]) : kText;
            if (in_tx) SG_TRY(Simple("ROLLBACK TO SAVEPOINT sg_prepare", PGRES_COMMAND_OK));
            continue;
        }
        auto error = PgError(res.get(), conn_.get(), sql);
        if (in_tx && PQstatus(conn_.get()) == CONNECTION_OK) {
            (void)Simple("ROLLBACK TO SAVEPOINT sg_prepare", PGRES_COMMAND_OK);
            (void)Simple("RELEASE SAVEPOINT sg_prepare", PGRES_COMMAND_OK);
        }
        return error;
    }
    if (in_tx) SG_TRY(Simple("RELEASE SAVEPOINT sg_prepare", PGRES_COMMAND_OK));
    auto [it, inserted] = cache_.emplace(std::string(sql), std::move(prepared));
    return &it->second;
}

Status PgConnection::FlushDeferredBegin() {
    deferred_read_begin_ = false;
    auto res = Simple("BEGIN READ ONLY", PGRES_COMMAND_OK);
    if (!res && PQstatus(conn_.get()) != CONNECTION_OK && Reconnect())
        res = Simple("BEGIN READ ONLY", PGRES_COMMAND_OK);
    if (!res) return tl::unexpected(std::move(res.error()));
    return {};
}

Result<PgResult> PgConnection::BeginAndRun(const Prepared& prepared, int n, const char* const* values,
                                           const int* lengths, const int* formats) {
    deferred_read_begin_ = false;
    PGconn* c = conn_.get();
    if (PQenterPipelineMode(c) != 1) {
        SG_TRY(FlushDeferredBegin());
        PgResult res(PQexecPrepared(c, prepared.name.c_str(), n, values, lengths, formats, 0));
        return res;
    }
    const bool sent = PQsendQueryParams(c, "BEGIN READ ONLY", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                      PQsendQueryPrepared(c, prepared.name.c_str(), n, values, lengths, formats, 0) == 1 &&
                      PQpipelineSync(c) == 1;
    // Read every result up to the sync (or until the connection gives out): BEGIN's, then the
    // statement's (PIPELINE_ABORTED when BEGIN failed). NULL separates the queries' results.
    PgResult begin, result;
    int seen = 0, nulls = 0;
    while (sent && PQstatus(c) == CONNECTION_OK && nulls <= 2) {
        PGresult* r = PQgetResult(c);
        if (r == nullptr) {
            ++nulls;  // one after each query's results; more means the pipeline is gone
            continue;
        }
        const ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (++seen == 1)
            begin.reset(r);
        else if (seen == 2)
            result.reset(r);
        else
            PQclear(r);
    }
    const bool exited = PQexitPipelineMode(c) == 1;
    if (!sent || !exited || PQstatus(c) != CONNECTION_OK) {
        // Recycle then rolls back or drops the session (a pipeline left busy is not reusable).
        return PgError("", PQerrorMessage(c), "BEGIN READ ONLY (pipelined)", true);
    }
    if (PQresultStatus(begin.get()) != PGRES_COMMAND_OK) return PgError(begin.get(), c, "BEGIN READ ONLY");
    if (!result) return Internal("postgres: the pipeline returned no result for the statement");
    return result;
}

Result<PgResult> PgConnection::Run(std::string_view sql, std::span<const Value> params) {
    // A connection that broke here may have been inside a transaction (its status is unknown
    // now): silently reconnecting would run the rest of that unit of work in autocommit. Report
    // it; the pool reconnects at the next Acquire, and Begin reconnects by itself.
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        // Nothing has run yet in a deferred read transaction: a fresh connection is as good.
        if (!deferred_read_begin_ || !Reconnect()) return PgError("", PQerrorMessage(conn_.get()), sql, true);
    }
    // Parameter text lives here until PQexecPrepared returns.
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        if (const auto* n = std::get_if<int64_t>(&v)) {
            texts[i] = FormatInt(*n);
        } else if (const auto* d = std::get_if<double>(&v)) {
            texts[i] = FormatDouble(*d);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            if (ContainsNul(*s)) return NulInText();  // text parameters are C strings
        } else if (const auto* b = std::get_if<Blob>(&v)) {
            if (b->bytes.size() > static_cast<size_t>(INT32_MAX)) return Internal("postgres: blob too large");
            values[i] = b->bytes.data();
            lengths[i] = static_cast<int>(b->bytes.size());
            formats[i] = 1;  // binary: bytea bytes as they are, no escaping
            continue;
        }
        if (const auto* s = std::get_if<std::string>(&v))
            values[i] = s->c_str();
        else if (!std::holds_alternative<std::monostate>(v))
            values[i] = texts[i].c_str();
    }
    bool in_tx = PQtransactionStatus(conn_.get()) != PQTRANS_IDLE;
    const Prepared* pipelined = nullptr;
    if (deferred_read_begin_) {
        // The first statement of a read transaction: pipelined with its BEGIN when it is prepared
        // already (the hot path); else BEGIN on its own first, as PREPARE needs to know.
        auto it = cache_.find(sql);
        if (it != cache_.end() && static_cast<size_t>(it->second.params) == params.size()) {
            pipelined = &it->second;
        } else {
            SG_TRY(FlushDeferredBegin());
            in_tx = true;
        }
    }
    for (int attempt = 0;; ++attempt) {
        if (pipelined != nullptr) {
            auto res =
                BeginAndRun(*pipelined, pipelined->params, values.empty() ? nullptr : values.data(),
                            lengths.empty() ? nullptr : lengths.data(), formats.empty() ? nullptr : formats.data());
            in_tx = true;
            pipelined = nullptr;
            if (!res && PQstatus(conn_.get()) != CONNECTION_OK && Reconnect()) {
                // The server went away (a restart) before anything ran: as Begin did, start over
                // once on the fresh session, where the statement must be prepared again.
                SG_TRY(FlushDeferredBegin());
                continue;
            }
            if (!res) return tl::unexpected(std::move(res.error()));
            const ExecStatusType status = PQresultStatus(res->get());
            if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return res;
            const std::string_view state = SqlState(res->get());
            const std::string_view message = PQresultErrorMessage(res->get());
            if (state == "26000" || (state == "0A000" && message.find("cached plan") != std::string_view::npos)) {
                cache_.erase(std::string(sql));  // as below, inside a transaction: no retry
                return Unavailable("postgres: cached statement invalidated by a schema change: " +
                                   std::string(message));
            }
            return PgError(res->get(), conn_.get(), sql);
        }
        SG_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, params));
        if (static_cast<size_t>(prepared->params) != params.size()) {
            return Internal("postgres: statement has " + std::to_string(prepared->params) + " placeholders but " +
                            std::to_string(params.size()) + " values were given [" + std::string(sql) + "]");
        }
        PgResult res(PQexecPrepared(
            conn_.get(), prepared->name.c_str(), prepared->params, values.empty() ? nullptr : values.data(),
            lengths.empty() ? nullptr : lengths.data(), formats.empty() ? nullptr : formats.data(), 0));
        const ExecStatusType status = PQresultStatus(res.get());
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return res;
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            Reconnect();  // the protocol is mid-COPY; starting over is the only clean way out
            return Internal("postgres: COPY is not supported through Query/Execute");
        }
        // The schema changed under a cached statement (e.g. after a restore), or the session
        // forgot it: drop it; re-prepare at once when no transaction was spoiled by the error.
        const std::string_view state = SqlState(res.get());
        const std::string_view message = PQresultErrorMessage(res.get());
        if (state == "26000" || (state == "0A000" && message.find("cached plan") != std::string_view::npos)) {
            if (auto it = cache_.find(sql); it != cache_.end()) cache_.erase(it);
            if (!in_tx && attempt == 0) continue;
            return Unavailable("postgres: cached statement invalidated by a schema change: " + std::string(message));
        }
        return PgError(res.get(), conn_.get(), sql);
    }
}

Result<Rows> PgConnection::Query(std::string_view sql, std::span<const Value> params) {
    return NoThrow(kBackend, [&]() -> Result<Rows> {
        StoreTimer timer(kBackend, "query");
        SG_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
        Rows rows;
        const int ncols = PQnfields(res.get());
        const int nrows = PQntuples(res.get());
        rows.columns.reserve(static_cast<size_t>(ncols));
        for (int c = 0; c < ncols; ++c) rows.columns.emplace_back(PQfname(res.get(), c));
        std::vector<Oid> types(static_cast<size_t>(ncols));
        for (int c = 0; c < ncols; ++c) types[static_cast<size_t>(c)] = PQftype(res.get(), c);
        rows.rows.reserve(static_cast<size_t>(nrows));
        for (int r = 0; r < nrows; ++r) {
            std::vector<Value> values;
            values.reserve(static_cast<size_t>(ncols));
            for (int c = 0; c < ncols; ++c) {
                if (PQgetisnull(res.get(), r, c)) {
                    values.emplace_back(std::monostate{});
                } else {
                    values.push_back(ParseCell(types[static_cast<size_t>(c)], PQgetvalue(res.get(), r, c),
                                               static_cast<size_t>(PQgetlength(res.get(), r, c))));
                }
            }
            rows.rows.emplace_back(std::move(values));
        }
        return rows;
    });
}

Result<int64_t> PgConnection::Execute(std::string_view sql, std::span<const Value> params) {
    return NoThrow(kBackend, [&]() -> Result<int64_t> {
        StoreTimer timer(kBackend, "execute");
        SG_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
        // PQcmdTuples also counts the rows a SELECT (or FETCH, COPY) returned; only changes count.
        const std::string_view tag = PQcmdStatus(res.get());
        if (!tag.starts_with("INSERT") && !tag.starts_with("UPDATE") && !tag.starts_with("DELETE") &&
            !tag.starts_with("MERGE")) {
            return int64_t{0};
        }
        const char* tuples = PQcmdTuples(res.get());
        int64_t n = 0;
        if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), n);
        return n;
    });
}

Status PgConnection::ExecScript(std::string_view sql) {
    return NoThrow(kBackend, [&]() -> Status {
        StoreTimer timer(kBackend, "execute");
        if (ContainsNul(sql)) return Internal("postgres: NUL byte in SQL script");
        if (PQstatus(conn_.get()) != CONNECTION_OK) return PgError("", PQerrorMessage(conn_.get()), sql, true);
        if (deferred_read_begin_) SG_TRY(FlushDeferredBegin());
        // The simple-query protocol runs every statement of the text and stops at the first error.
        PgResult res(PQexec(conn_.get(), std::string(sql).c_str()));
        const ExecStatusType status = PQresultStatus(res.get());
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return {};
        return PgError(res.get(), conn_.get(), sql);
    });
}

Status PgConnection::Begin(bool write) {
    return NoThrow(kBackend, [&]() -> Status {
        // READ COMMITTED (the default) for writes: with `UPDATE ... SET n = n + 1` and
        // `SELECT ... FOR UPDATE` it never loses updates and never asks the caller to retry.
        const char* sql = write ? "BEGIN" : "BEGIN READ ONLY";
        if (PQstatus(conn_.get()) != CONNECTION_OK && !Reconnect()) {
            return PgError("", PQerrorMessage(conn_.get()), sql, true);
        }
        if (!write && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) {
            deferred_read_begin_ = true;  // sent with the first statement (BeginAndRun)
            return {};
        }
        auto res = Simple(sql, PGRES_COMMAND_OK);
        // Nothing has happened yet in this transaction, so retrying on a fresh connection is
        // always safe: this is where a server restart is absorbed.
        if (!res && PQstatus(conn_.get()) != CONNECTION_OK && Reconnect()) res = Simple(sql, PGRES_COMMAND_OK);
        if (!res) return Fail(std::move(res.error()));
        return {};
    });
}

Status PgConnection::Commit() {
    return NoThrow(kBackend, [&]() -> Status {
        StoreTimer timer(kBackend, "commit");
        if (deferred_read_begin_) {  // nothing ran: there is no transaction to end
            deferred_read_begin_ = false;
            return {};
        }
        SG_ASSIGN_OR_RETURN(PgResult res, Simple("COMMIT", PGRES_COMMAND_OK));
        // COMMIT of a transaction in which a statement failed "succeeds" as a ROLLBACK.
        if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
            return Internal("postgres: COMMIT rolled back: a statement in the transaction had failed");
        }
        return {};
    });
}

Status PgConnection::Rollback() {
    return NoThrow(kBackend, [&]() -> Status {
        deferred_read_begin_ = false;
        if (PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) return {};
        SG_TRY(Simple("ROLLBACK", PGRES_COMMAND_OK));
        return {};
    });
}

}  // namespace safegrid::storage::detail
