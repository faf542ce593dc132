#include "storage/postgres/pg_sql.hpp"

#include <charconv>
#include <cmath>
#include <memory>

namespace safegrid::storage::detail {
namespace {

bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// At sql[i] == '$': the length of a dollar-quote tag ("$$" or "$name$"), or 0 when it is not one.
size_t DollarTagLength(std::string_view sql, size_t i) {
    size_t j = i + 1;
    if (j < sql.size() && sql[j] == '$') return 2;
    if (j >= sql.size() || (sql[j] >= '0' && sql[j] <= '9') || !IsIdentChar(sql[j])) return 0;
    while (j < sql.size() && IsIdentChar(sql[j])) ++j;
    return (j < sql.size() && sql[j] == '$') ? j - i + 1 : 0;
}

// PostgreSQL type OIDs (pg_type.dat); stable across versions.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
    RewrittenSql out;
    out.text.reserve(sql.size() + 16);
    size_t i = 0;
    auto copy_until = [&](size_t end) {
        out.text.append(sql.substr(i, end - i));
        i = end;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
        if (c == '?') {
            out.text += '$';
            out.text += std::to_string(++out.params);
            ++i;
        } else if (c == '\'') {
            // E'...' allows backslash escapes; a standard '...' string only doubles quotes.
            const bool escapes =
                i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
            size_t j = i + 1;
            while (j < sql.size()) {
                if (escapes && sql[j] == '\\') {
                    j += 2;
                } else if (sql[j] == '\'') {
                    if (j + 1 < sql.size() && sql[j + 1] == '\'')
                        j += 2;
                    else
                        break;
                } else {
                    ++j;
                }
            }
            copy_until(j < sql.size() ? j + 1 : sql.size());
        } else if (c == '"') {
            size_t j = i + 1;
            while (j < sql.size()) {
                if (sql[j] == '"') {
                    if (j + 1 < sql.size() && sql[j + 1] == '"')
                        j += 2;
                    else
                        break;
                } else {
                    ++j;
                }
            }
            copy_until(j < sql.size() ? j + 1 : sql.size());
        } else if (c == '-' && next == '-') {
            const size_t nl = sql.find('\n', i);
            copy_until(nl == std::string_view::npos ? sql.size() : nl);
        } else if (c == '/' && next == '*') {
            int depth = 1;  // PostgreSQL block comments nest
            size_t j = i + 2;
            while (j < sql.size() && depth > 0) {
                if (sql[j] == '/' && j + 1 < sql.size() && sql[j + 1] == '*') {
                    ++depth;
                    j += 2;
                } else if (sql[j] == '*' && j + 1 < sql.size() && sql[j + 1] == '/') {
                    --depth;
                    j += 2;
                } else {
                    ++j;
                }
            }
            copy_until(j);
        } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1])) && DollarTagLength(sql, i) > 0) {
            const size_t tag_len = DollarTagLength(sql, i);
            const std::string_view tag = sql.substr(i, tag_len);
            const size_t close = sql.find(tag, i + tag_len);
            copy_until(close == std::string_view::npos ? sql.size() : close + tag_len);
        } else {
            out.text += c;
            ++i;
        }
    }
    return out;
}

std::string FormatInt(int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

std::string FormatDouble(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[32];
    // Shortest text that reads back to the same double.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

Value ParseCell(Oid type, const char* text, size_t length) {
    const std::string_view s(text, length);
    switch (type) {
        case kInt2:
        case kInt4:
        case kInt8:
        case kOid: {
            int64_t v = 0;
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec == std::errc{} && end == s.data() + s.size()) return v;
            return std::string(s);  // cannot happen for these types; keep the text rather than lie
        }
        case kFloat4:
        case kFloat8:
        case kNumeric: {
            double v = 0;
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec == std::errc{} && end == s.data() + s.size()) return v;
            // from_chars reads "inf"/"nan" but not PostgreSQL's "Infinity" spelled in full with a sign.
            if (s == "Infinity") return HUGE_VAL;
            if (s == "-Infinity") return -HUGE_VAL;
            if (s == "NaN") return std::nan("");
            return std::string(s);
        }
        case kBool:
            return int64_t{s == "t" ? 1 : 0};
        case kBytea: {
            size_t n = 0;
            // PQunescapeBytea needs a NUL-terminated input; libpq's result text always is.
            std::unique_ptr<unsigned char, decltype(&PQfreemem)> raw(
                PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n), &PQfreemem);
            if (!raw) return Blob{};
            return Blob{std::string(reinterpret_cast<const char*>(raw.get()), n)};
        }
        default:
            return std::string(s);
    }
}

std::optional<int> ParameterNumberIn(std::string_view message) {
    for (size_t i = message.find('$'); i != std::string_view::npos; i = message.find('$', i + 1)) {
        int n = 0;
        auto [end, ec] = std::from_chars(message.data() + i + 1, message.data() + message.size(), n);
        if (ec == std::errc{} && n > 0) return n;
    }
    return std::nullopt;
}

}  // namespace safegrid::storage::detail
