// libFuzzer target: any bytes through the per-character FTS5 tokenizer, in SQLite itself (index a
// row, then search it) and on its own. Besides "no crash, no leak, no UB": the tokens put together
// are the input without whitespace (up to a NUL), and a row is found by a phrase made of its own first tokens.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/sqlite/char_tokenizer.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string Folded(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (IsSpace(c)) continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
    }
    return out;
}

sqlite3* OpenIndex() {
    sqlite3* db = nullptr;
    Check(sqlite3_open(":memory:", &db) == SQLITE_OK);
    Check(static_cast<bool>(safegrid::storage::detail::RegisterCharTokenizer(db)));
    Check(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'safegrid_chars')", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static sqlite3* db = OpenIndex();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto tokens = safegrid::storage::detail::CharTokens(text);
    std::string joined;
    for (const auto& token : tokens) {
        Check(!token.empty() && token.size() <= 4);
        joined += token;
    }
    Check(joined == Folded(text.substr(0, text.find('\0'))));

    Check(sqlite3_exec(db, "DELETE FROM t", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* insert = nullptr;
    Check(sqlite3_prepare_v2(db, "INSERT INTO t (rowid, x) VALUES (1, ?)", -1, &insert, nullptr) == SQLITE_OK);
    sqlite3_bind_text(insert, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    Check(sqlite3_step(insert) == SQLITE_DONE);
    sqlite3_finalize(insert);
    // Up to two leading tokens as a phrase, quotes doubled as FTS5 wants (the repository's query).
    if (tokens.empty()) return 0;
    std::string phrase = "\"";
    for (size_t i = 0; i < tokens.size() && i < 2; ++i) {
        if (i > 0) phrase.push_back(' ');  // two stray bytes side by side could read as one character
        for (char c : tokens[i]) {
            if (c == '"') phrase.push_back('"');
            phrase.push_back(c);
        }
    }
    phrase.push_back('"');
    sqlite3_stmt* search = nullptr;
    Check(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &search, nullptr) == SQLITE_OK);
    sqlite3_bind_text(search, 1, phrase.data(), static_cast<int>(phrase.size()), SQLITE_TRANSIENT);
    Check(sqlite3_step(search) == SQLITE_ROW);
    Check(sqlite3_column_int(search, 0) == 1);
    sqlite3_finalize(search);
    return 0;
}
