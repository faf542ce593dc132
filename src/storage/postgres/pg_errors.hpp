// PostgreSQL SQLSTATEs → the error vocabulary of storage/db.hpp (internal to storage/).
#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "core/error.hpp"

namespace safegrid::storage::detail {

// `sqlstate` may be empty (no server answer); `message` is the server or libpq text; `sql`
// goes into Error::internal (truncated). `connection_bad` forces kUnavailable.
tl::unexpected<Error> PgError(std::string_view sqlstate, std::string_view message, std::string_view sql,
                              bool connection_bad);
// Reads SQLSTATE and message from `res` (may be null), falling back to the connection's message.
tl::unexpected<Error> PgError(const PGresult* res, PGconn* conn, std::string_view sql);

}  // namespace safegrid::storage::detail
