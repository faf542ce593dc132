// Pure text helpers of the PostgreSQL adapter (internal to storage/; unit-tested directly).
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <string_view>

#include "storage/db.hpp"

namespace safegrid::storage::detail {

struct RewrittenSql {
    std::string text;
    int params = 0;  // number of `?` replaced
};

// Replaces each `?` placeholder by $1, $2, ... Leaves alone what looks like a `?` but is not a
// placeholder: inside '...' (and E'...' with backslash escapes), "quoted identifiers",
// $tag$dollar-quoted$tag$ strings, -- line comments and /* nested block comments */.
RewrittenSql RewritePlaceholders(std::string_view sql);

// Text form of a parameter (int64 and double; NaN/±Infinity spelled as PostgreSQL reads them).
std::string FormatInt(int64_t v);
std::string FormatDouble(double v);

// A result cell in text format → Value, by the column's type OID: int2/int4/int8/oid → int64,
// float4/float8/numeric → double, bool → 0/1, bytea → Blob, anything else → text.
Value ParseCell(Oid type, const char* text, size_t length);

// The N of the first "$N" in a server message (e.g. "could not determine data type of parameter $2").
std::optional<int> ParameterNumberIn(std::string_view message);

}  // namespace safegrid::storage::detail
