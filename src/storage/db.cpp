// Row accessors, the ambient (per-thread) transaction connection and OpenDatabase.
#include "storage/db.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "storage/db_url.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace safegrid::storage {

// ---- Row ----------------------------------------------------------------------------------
// The two backends do not agree on every result type (PostgreSQL's sum(bigint) is numeric,
// SQLite's is an integer), so the accessors convert between numeric kinds instead of giving 0.

namespace {

int64_t ToInt(const Value& v) {
    if (auto* i = std::get_if<int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) {
        // Out-of-range or NaN doubles would be undefined behaviour in a cast.
        if (!std::isfinite(*d) || *d >= 9.2233720368547758e18 || *d < -9.2233720368547758e18) return 0;
        return static_cast<int64_t>(*d);
    }
    if (auto* s = std::get_if<std::string>(&v)) {
        int64_t out = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        return (ec == std::errc{} && end == s->data() + s->size()) ? out : 0;
    }
    return 0;
}

double ToDouble(const Value& v) {
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (auto* s = std::get_if<std::string>(&v)) {
        double out = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        return (ec == std::errc{} && end == s->data() + s->size()) ? out : 0;
    }
    return 0;
}

std::string ToText(const Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
    if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
    return {};
}

}  // namespace

int64_t Row::Int(size_t i) const { return ToInt(values_.at(i)); }
double Row::Double(size_t i) const { return ToDouble(values_.at(i)); }
std::string Row::Text(size_t i) const { return ToText(values_.at(i)); }

std::optional<int64_t> Row::OptInt(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}
std::optional<double> Row::OptDouble(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Double(i);
}
std::optional<std::string> Row::OptText(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

// ---- Ambient transaction ------------------------------------------------------------------
// One slot per thread (not per Database): a thread runs at most one unit of work at a time.

struct Database::Ambient {
    static thread_local Connection* current;
};
thread_local Connection* Database::Ambient::current = nullptr;

Connection* Database::Current() { return Ambient::current; }
void Database::SetCurrent(Connection* conn) { Ambient::current = conn; }

// ---- OpenDatabase ---------------------------------------------------------------------------

Result<std::shared_ptr<Database>> OpenDatabase(std::string_view url, const DbOptions& options) {
    SG_ASSIGN_OR_RETURN(detail::DbUrl parsed, detail::ParseDbUrl(url));
    try {
        if (parsed.dialect == Dialect::kSqlite) return detail::OpenSqlite(parsed, options);
        return detail::OpenPostgres(parsed, options);
    } catch (const std::exception& e) {
        // Only allocation failures can get here; the adapters report everything else as values.
        return Internal(std::string("opening the database: ") + e.what());
    }
}

}  // namespace safegrid::storage
