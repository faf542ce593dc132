// The FTS5 tokenizer "safegrid_chars": every code point is one token (ASCII letters folded to
// lower case, whitespace dropped, bytes that are not UTF-8 each a token of their own, text ends at
// a NUL). A phrase
// query of N characters then finds exactly the rows that contain those N characters in a row, so
// searches of one or two Chinese characters (宏达, 纺) use an index too; the trigram index needs
// three. Registered on every connection SafeGrid opens; a store that holds enterprises_chars can
// only be written by SafeGrid (docs/deploy.md).
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace safegrid::storage::detail {

inline constexpr const char* kCharTokenizerName = "safegrid_chars";

Status RegisterCharTokenizer(sqlite3* db);

// The tokens the tokenizer emits for `text`, for tests and the fuzzer.
std::vector<std::string> CharTokens(std::string_view text);

}  // namespace safegrid::storage::detail
