// Parsing of the database URLs accepted by OpenDatabase/Restore (internal to storage/).
//   sqlite:PATH            PATH is a file path (relative to the working directory) or ":memory:";
//                          "sqlite:///abs/path" is accepted too and means "/abs/path".
//   postgresql://user[:password]@host[:port][,host2[:port2]...]/dbname[?key=value&...]
//   postgres://...         the same.
// The password is kept apart so it never reaches logs, Url() or a child process's argv.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage::detail {

struct DbUrl {
    Dialect dialect = Dialect::kSqlite;
    std::string sqlite_path;  // SQLite only
    std::string full;         // PostgreSQL: the URL as given (with password), for libpq
    std::string redacted;     // printable: password removed (SQLite: "sqlite:PATH")
    std::string password;     // PostgreSQL: decoded password, empty when none
};

// kMalformed ("malformed_db_url") when the text is not one of the forms above.
Result<DbUrl> ParseDbUrl(std::string_view url);

}  // namespace safegrid::storage::detail
