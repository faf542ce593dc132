#include "storage/sqlite/char_tokenizer.hpp"

#include <array>
#include <string>

#include "storage/sqlite/sqlite_errors.hpp"

namespace safegrid::storage::detail {
namespace {

// Length of the UTF-8 sequence starting at text[i]; 1 for any byte that does not start a valid
// sequence, so hostile bytes still make progress and are indexed as themselves.
// Deliberately not core/text/utf8.hpp's DecodeUtf8: an FTS5 index must be tokenized exactly as it
// was when its rows were written, or deleting a row misses its entries; this looser grouping (it
// lets overlong and surrogate forms through as one token) is what existing indexes were built with.
size_t SequenceLength(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t n = 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
    }
    if (i + n > text.size()) return 1;
    for (size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
    }
    return n;
}

// ASCII letters fold to lower case (credit codes, 'ABC' in names); everything else is itself.
std::array<char, 4> Folded(std::string_view piece) {
    std::array<char, 4> folded{};
    piece.copy(folded.data(), piece.size());
    if (piece.size() == 1 && folded[0] >= 'A' && folded[0] <= 'Z')
        folded[0] = static_cast<char>(folded[0] + ('a' - 'A'));
    return folded;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Calls emit(token, start, end) for each token; stops early when emit returns non-zero.
// Text ends at the first NUL, as a C string would: SQLite does not hand FTS5 the same bytes after
// a NUL when it indexes a row and when it deletes it, and the two must tokenize alike. The domain
// rejects control characters in names and addresses anyway (core/region/text.cpp).
template <typename Emit>
int ForEachToken(std::string_view text, Emit&& emit) {
    text = text.substr(0, text.find('\0'));
    for (size_t i = 0; i < text.size();) {
        const size_t n = SequenceLength(text, i);
        if (!(n == 1 && IsSpace(text[i]))) {
            if (const int rc = emit(text.substr(i, n), i, i + n); rc != 0) return rc;
        }
        i += n;
    }
    return 0;
}

int Create(void* /*context*/, const char** /*args*/, int /*count*/, Fts5Tokenizer** out) {
    // Stateless: any non-null pointer will do, and xDelete has nothing to free.
    static int instance = 0;
    *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
    return SQLITE_OK;
}

void Delete(Fts5Tokenizer* /*tokenizer*/) {}

int Tokenize(Fts5Tokenizer* /*tokenizer*/, void* context, int /*flags*/, const char* text, int size,
             int (*token)(void*, int, const char*, int, int, int)) {
    if (text == nullptr || size <= 0) return SQLITE_OK;
    return ForEachToken(std::string_view(text, static_cast<size_t>(size)),
                        [&](std::string_view piece, size_t start, size_t end) {
                            const std::array<char, 4> folded = Folded(piece);
                            return token(context, 0, folded.data(), static_cast<int>(piece.size()),
                                         static_cast<int>(start), static_cast<int>(end));
                        });
}

fts5_api* Fts5Api(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return api;
}

}  // namespace

Status RegisterCharTokenizer(sqlite3* db) {
    fts5_api* api = Fts5Api(db);
    if (api == nullptr) return Internal("sqlite: FTS5 is not available in this SQLite build");
    fts5_tokenizer tokenizer{Create, Delete, Tokenize};
    const int rc = api->xCreateTokenizer(api, kCharTokenizerName, nullptr, &tokenizer, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db, rc, "register the FTS5 tokenizer safegrid_chars");
    return {};
}

std::vector<std::string> CharTokens(std::string_view text) {
    std::vector<std::string> out;
    ForEachToken(text, [&](std::string_view piece, size_t, size_t) {
        out.emplace_back(Folded(piece).data(), piece.size());
        return 0;
    });
    return out;
}

}  // namespace safegrid::storage::detail
