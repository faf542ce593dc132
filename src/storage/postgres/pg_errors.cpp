#include "storage/postgres/pg_errors.hpp"

#include <fmt/format.h>

#include <string>

#include "core/text/trim.hpp"

namespace safegrid::storage::detail {
namespace {

tl::unexpected<Error> WithInternal(tl::unexpected<Error> e, std::string internal) {
    e.value().internal = std::move(internal);
    return e;
}

}  // namespace

tl::unexpected<Error> PgError(std::string_view sqlstate, std::string_view message, std::string_view sql,
                              bool connection_bad) {
    constexpr size_t kMaxSql = 300;
    std::string internal = fmt::format("postgres {}: {}", sqlstate.empty() ? "-----" : sqlstate, TrimText(message));
    if (!sql.empty()) internal += fmt::format(" [{}{}]", sql.substr(0, kMaxSql), sql.size() > kMaxSql ? "…" : "");

    // No SQLSTATE means libpq never got an answer: the connection is the problem.
    if (connection_bad || sqlstate.empty()) return Unavailable(std::move(internal));
    if (sqlstate == "23505") {
        return WithInternal(Conflict("already_exists", {"记录已存在", "The record already exists"}),
                            std::move(internal));
    }
    if (sqlstate == "23503") {
        return WithInternal(Conflict("constraint_violation",
                                     {"关联的数据不存在或仍被引用", "A related record is missing or still in use"}),
                            std::move(internal));
    }
    if (sqlstate == "40001" || sqlstate == "40P01") {
        return WithInternal(
            Conflict("serialization_failure", {"数据正被他人同时修改，请重试", "Concurrent update; please retry"}),
            std::move(internal));
    }
    // Text PostgreSQL cannot store (NUL bytes, invalid UTF-8) is bad input, not a server bug.
    if (sqlstate == "22021" || sqlstate == "22P05") {
        auto e = Malformed({"文本包含无效字符", "The text contains invalid characters"}, "invalid_text");
        return WithInternal(std::move(e), std::move(internal));
    }
    // 25006: a write reached a read-only server (a standby after failover, before the pool
    // has moved to the new primary): the store is unavailable for writes, not broken.
    // 08: connection exception; 57P01-03: server shutting down / starting; 53: out of resources
    // (e.g. too many connections); 55P03: lock not available; 57014: statement timeout.
    if (sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate == "57P01" || sqlstate == "57P02" ||
        sqlstate == "57P03" || sqlstate == "55P03" || sqlstate == "57014" || sqlstate == "25006") {
        return Unavailable(std::move(internal));
    }
    return Internal(std::move(internal));
}

tl::unexpected<Error> PgError(const PGresult* res, PGconn* conn, std::string_view sql) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* msg = res ? PQresultErrorMessage(res) : nullptr;
    if (!msg || !*msg) msg = conn ? PQerrorMessage(conn) : "no connection";
    const bool bad = conn == nullptr || PQstatus(conn) == CONNECTION_BAD;
    return PgError(state ? state : "", msg ? msg : "", sql, bad);
}

}  // namespace safegrid::storage::detail
