// Bulk writes for the seed and other batch writers: many rows per statement instead of one
// round trip per row. Plain SQL through Connection::Query/Execute, so both stores run it
// (SQLite and PostgreSQL both accept multi-row VALUES).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.hpp"

namespace safegrid::storage {

// Rows per statement: PostgreSQL takes at most 65,535 parameters a statement and SQLite (3.32+)
// 32,766; 500 rows of the widest table (hazards, 32 columns) stay under both, and measured
// longer statements gain nothing more.
inline constexpr size_t kBulkRows = 500;

// Runs `head` ("INSERT INTO t (a, b, c)") with VALUES for `values.size() / width` rows, at most
// `per_statement` rows a statement. Statements of the same row count share one prepared text,
// so a long run prepares at most two shapes.
Status InsertRows(Connection& conn, std::string_view head, size_t width, std::span<const Value> values,
                  size_t per_statement = kBulkRows);

// PostgreSQL: takes `n` values of `table`'s id sequence (BIGSERIAL) in one statement, ascending: the
// ids single INSERTs would have drawn one by one, so a bulk insert with these explicit ids leaves
// the same rows and the sequence where single inserts would. Not for SQLite (rowids come from the
// table there).
Result<std::vector<int64_t>> ReserveIds(Connection& conn, std::string_view table, int64_t n);

}  // namespace safegrid::storage
