// SQLite result codes → the error vocabulary of storage/db.hpp (internal to storage/).
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "core/error.hpp"

namespace safegrid::storage::detail {

// `rc` is an extended result code; `message` is sqlite3_errmsg (or the exec error text);
// `sql` goes into Error::internal (truncated) so the log says which statement failed.
tl::unexpected<Error> SqliteError(int rc, std::string_view message, std::string_view sql = {});
// Same, reading the message from the connection.
tl::unexpected<Error> SqliteError(sqlite3* db, int rc, std::string_view sql = {});

}  // namespace safegrid::storage::detail
