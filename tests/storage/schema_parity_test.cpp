// Schema parity: a fresh SQLite store and a fresh PostgreSQL store, both migrated to the newest
// migration, hold the same tables, columns (type, nullability, default), primary keys, unique
// constraints and indexes (name, columns or expressions, uniqueness, WHERE). The two migration
// trees are written by hand side by side (src/storage/migrations/{sqlite,postgres}); this is what
// keeps them one schema. It reads the catalogs, not the migration files, so every migration added
// later (by anyone) is checked without touching this test.
//
// The only differences accepted are declared below, each with its reason: the type spellings of
// the two dialects (kSqliteTypes / kPostgresTypes), and the objects that exist on one store only
// because the two search differently (kSqliteOnlyTables, kPostgresOnlyIndexes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/db.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

// Declared type spellings → one canonical name per storage class. A type missing here shows up as
// "sqlite:X" / "postgres:x" and so never matches: a new type must be declared on purpose.
const std::map<std::string, std::string> kSqliteTypes = {
    {"INTEGER", "int64"},                       // SQLite integers are 64-bit whatever the spelling
    {"BIGINT", "int64"},                        // INTEGER affinity (schema_migrations.applied_at is spelled so on both)
    {"TEXT", "text"},     {"REAL", "float64"},  // an 8-byte IEEE float
    {"BLOB", "bytes"},
};
const std::map<std::string, std::string> kPostgresTypes = {
    {"bigint", "int64"},  // BIGINT and BIGSERIAL; PostgreSQL's `integer` is 32-bit and is NOT declared
    {"text", "text"},
    {"double precision", "float64"},
    {"bytea", "bytes"},
};

struct Exception {
    const char* name;
    const char* reason;
};

// SQLite searches enterprises through FTS5 (external-content virtual tables; each brings shadow
// tables <name>_data, _idx, _content, _docsize, _config). PostgreSQL searches the same text with
// GIN indexes (kPostgresOnlyIndexes).
const std::vector<Exception> kSqliteOnlyTables = {
    {"enterprises_fts", "FTS5 trigram index of name/address/credit code (0002); PostgreSQL: enterprises_search_trgm"},
    {"enterprises_chars", "FTS5 one-token-per-character index (0005); PostgreSQL: enterprises_short_grams"},
    {"sqlite_sequence", "SQLite's own AUTOINCREMENT bookkeeping; PostgreSQL keeps sequences"},
};
const std::vector<Exception> kPostgresOnlyIndexes = {
    {"enterprises_search_trgm", "pg_trgm GIN index for substring search (0002); SQLite: enterprises_fts"},
    {"enterprises_short_grams", "GIN index over 1-2 character grams (0007); SQLite: enterprises_chars"},
};
// Columns whose type differs on purpose. Keep this empty unless a difference cannot be removed.
const std::vector<Exception> kColumnTypeExceptions = {
    {"schema_migrations.version",
     "created by storage/migrate.cpp before any migration runs (INTEGER: 32-bit on PostgreSQL); it holds "
     "migration numbers"},
};
// Not compared: triggers and functions (the counters of 0004/0006 are kept by triggers written in
// each dialect's language, and are tested by behaviour in the repository tests), CHECK constraints.

bool Declared(const std::vector<Exception>& list, const std::string& name) {
    return std::any_of(list.begin(), list.end(), [&](const Exception& e) { return name == e.name; });
}

struct Column {
    std::string type;  // canonical (kSqliteTypes / kPostgresTypes)
    bool not_null = false;
    std::string default_value;  // normalised; "<auto id>" for AUTOINCREMENT / BIGSERIAL
    friend bool operator==(const Column&, const Column&) = default;
};

struct Index {
    std::string table;
    std::string columns;  // normalised key list: "town_id,status,due_at", "lower(username)"
    bool unique = false;
    std::string where;  // normalised predicate of a partial index, else empty
    friend bool operator==(const Index&, const Index&) = default;
};

struct Schema {
    std::map<std::string, std::map<std::string, Column>> tables;
    std::map<std::string, std::string> primary_keys;  // table → "a,b"
    // Key: the index name; unique constraints (whose names the dialects choose) as
    // "<table> UNIQUE (<columns>)".
    std::map<std::string, Index> indexes;
};

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Lower-cased, without whitespace, double quotes, "public." and PostgreSQL's casts (::text,
// ::regclass, ::character varying), and without parentheses, which PostgreSQL adds around every
// sub-expression it prints: enough to compare column lists, defaults and predicates as written.
std::string NormaliseExpr(const std::string& in) {
    std::string s = Lower(in);
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 2, "::") == 0) {
            i += 2;
            while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == ' ')) {
                // "character varying", "double precision": a space followed by a letter stays in the type
                if (s[i] == ' ' && !(i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1])))) break;
                ++i;
            }
            --i;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == '"' || s[i] == '(' || s[i] == ')') continue;
        out += s[i];
    }
    for (size_t at; (at = out.find("public.")) != std::string::npos;) out.erase(at, 7);
    return out;
}

// A default as both dialects print it: '5' → 5 for numbers, casts removed.
std::string NormaliseDefault(const std::string& in) {
    std::string s = NormaliseExpr(in);
    if (s.size() >= 3 && s.front() == '\'' && s.back() == '\'') {
        const std::string inner = s.substr(1, s.size() - 2);
        const bool numeric = !inner.empty() && inner.find_first_not_of("-+.0123456789") == std::string::npos;
        if (numeric) return inner;
    }
    return s;
}

// The text between the parenthesis that opens after `from` and its matching close.
std::string Parenthesised(const std::string& sql, size_t from) {
    const size_t open = sql.find('(', from);
    if (open == std::string::npos) return {};
    int depth = 0;
    for (size_t i = open; i < sql.size(); ++i) {
        if (sql[i] == '(') ++depth;
        if (sql[i] == ')' && --depth == 0) return sql.substr(open + 1, i - open - 1);
    }
    return {};
}

// " WHERE ..." of a CREATE INDEX statement, after its column list.
std::string WhereOf(const std::string& sql, size_t columns_at) {
    const std::string upper = Upper(sql);
    const size_t open = upper.find('(', columns_at);
    if (open == std::string::npos) return {};
    const size_t close = open + Parenthesised(sql, columns_at).size() + 1;
    const size_t where = upper.find("WHERE", close);
    return where == std::string::npos ? std::string() : NormaliseExpr(sql.substr(where + 5));
}

Rows Query(Database& db, const std::string& sql, std::vector<Value> params = {}) {
    auto rows = db.Read([&](Connection& c) { return c.Query(sql, params); });
    EXPECT_TRUE(rows) << sql << ": " << (rows ? "" : rows.error().internal);
    return rows ? *rows : Rows{};
}

bool IsShadowOf(const std::string& table, const std::set<std::string>& virtual_tables) {
    for (const std::string& vt : virtual_tables) {
        for (const char* suffix : {"_data", "_idx", "_content", "_docsize", "_config"})
            if (table == vt + suffix) return true;
    }
    return false;
}

Schema ReadSqlite(Database& db, std::vector<std::string>& notes) {
    Schema s;
    std::set<std::string> virtual_tables;
    std::map<std::string, std::string> table_sql;
    for (const Row& r : Query(db, "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table'").rows) {
        const std::string sql = Upper(r.Text(1));
        if (sql.starts_with("CREATE VIRTUAL TABLE")) virtual_tables.insert(r.Text(0));
        table_sql[r.Text(0)] = sql;
    }
    for (const std::string& vt : virtual_tables) {
        if (!Declared(kSqliteOnlyTables, vt)) notes.push_back("undeclared SQLite virtual table " + vt);
    }
    for (const auto& [table, sql] : table_sql) {
        if (Declared(kSqliteOnlyTables, table) || IsShadowOf(table, virtual_tables) || table.starts_with("sqlite_"))
            continue;
        const bool autoincrement = sql.find("AUTOINCREMENT") != std::string::npos;
        std::map<int64_t, std::string> pk;
        for (const Row& c :
             Query(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", {table}).rows) {
            Column col;
            const std::string type = Upper(c.Text(1));
            col.type = kSqliteTypes.contains(type) ? kSqliteTypes.at(type) : "sqlite:" + type;
            // SQLite lets a non-INTEGER PRIMARY KEY column hold NULL (a documented quirk kept for
            // compatibility); PostgreSQL does not. The application never writes a NULL key, so a
            // key column counts as NOT NULL on SQLite too.
            col.not_null = c.Int(2) != 0 || c.Int(4) > 0;
            if (!c.IsNull(3)) col.default_value = NormaliseDefault(c.Text(3));
            if (c.Int(4) > 0) pk[c.Int(4)] = c.Text(0);
            if (autoincrement && c.Int(4) == 1 && type == "INTEGER") col.default_value = "<auto id>";
            s.tables[table][c.Text(0)] = col;
        }
        std::string keys;
        for (const auto& [pos, name] : pk) keys += (keys.empty() ? "" : ",") + Lower(name);
        if (!keys.empty()) s.primary_keys[table] = keys;
        for (const Row& i : Query(db, "SELECT name, \"unique\", origin FROM pragma_index_list(?)", {table}).rows) {
            const std::string name = i.Text(0);
            const std::string origin = i.Text(2);
            if (origin == "pk") continue;  // compared as primary_keys
            Index index{table, {}, i.Int(1) != 0, {}};
            if (origin == "u") {
                std::string cols;
                for (const Row& k : Query(db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", {name}).rows)
                    cols += (cols.empty() ? "" : ",") + Lower(k.Text(0));
                index.columns = cols;
                s.indexes[table + " UNIQUE (" + cols + ")"] = index;
                continue;
            }
            const Rows def = Query(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", {name});
            const std::string sql = def.rows.empty() ? std::string() : def.rows[0].Text(0);
            const size_t on = Upper(sql).find(" ON ");
            index.columns = NormaliseExpr(Parenthesised(sql, on));
            index.where = WhereOf(sql, on);
            s.indexes[name] = index;
        }
    }
    return s;
}

Schema ReadPostgres(Database& db, std::vector<std::string>& notes) {
    Schema s;
    for (const Row& c : Query(db,
                              "SELECT table_name::text, column_name::text, data_type::text, "
                              "CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END, column_default::text "
                              "FROM information_schema.columns c WHERE table_schema = current_schema() AND "
                              "EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema "
                              "AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')")
                            .rows) {
        Column col;
        const std::string type = c.Text(2);
        col.type = kPostgresTypes.contains(type) ? kPostgresTypes.at(type) : "postgres:" + type;
        col.not_null = c.Int(3) != 0;
        if (!c.IsNull(4)) {
            const std::string d = c.Text(4);
            col.default_value = d.starts_with("nextval(") ? "<auto id>" : NormaliseDefault(d);
        }
        s.tables[c.Text(0)][c.Text(1)] = col;
    }
    for (const Row& i : Query(db,
                              "SELECT ci.relname::text, ct.relname::text, CASE WHEN ix.indisunique THEN 1 ELSE 0 END, "
                              "CASE WHEN ix.indisprimary THEN 1 ELSE 0 END, "
                              "CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid "
                              "AND k.contype = 'u') THEN 1 ELSE 0 END, pg_get_indexdef(ix.indexrelid)::text, "
                              "am.amname::text, COALESCE(pg_get_expr(ix.indpred, ix.indrelid), '')::text "
                              "FROM pg_index ix JOIN pg_class ci ON ci.oid = ix.indexrelid "
                              "JOIN pg_class ct ON ct.oid = ix.indrelid JOIN pg_namespace n ON n.oid = ct.relnamespace "
                              "JOIN pg_am am ON am.oid = ci.relam WHERE n.nspname = current_schema()")
                            .rows) {
        const std::string name = i.Text(0);
        const std::string table = i.Text(1);
        const std::string def = i.Text(5);
        if (Declared(kPostgresOnlyIndexes, name)) continue;
        if (i.Text(6) != "btree") notes.push_back("undeclared PostgreSQL " + i.Text(6) + " index " + name);
        const std::string columns = NormaliseExpr(Parenthesised(def, Upper(def).find(" USING ")));
        if (i.Int(3) != 0) {
            s.primary_keys[table] = columns;
            continue;
        }
        Index index{table, columns, i.Int(2) != 0, NormaliseExpr(i.Text(7))};
        s.indexes[i.Int(4) != 0 ? table + " UNIQUE (" + columns + ")" : name] = index;
    }
    return s;
}

std::string Describe(const Column& c) {
    return c.type + (c.not_null ? " NOT NULL" : " NULL") +
           (c.default_value.empty() ? "" : " DEFAULT " + c.default_value);
}

std::string Describe(const Index& i) {
    return std::string(i.unique ? "UNIQUE " : "") + "ON " + i.table + " (" + i.columns + ")" +
           (i.where.empty() ? "" : " WHERE " + i.where);
}

std::vector<std::string> Differences(const Schema& lite, const Schema& pg) {
    std::vector<std::string> out;
    std::set<std::string> tables;
    for (const auto& [t, _] : lite.tables) tables.insert(t);
    for (const auto& [t, _] : pg.tables) tables.insert(t);
    for (const std::string& t : tables) {
        if (!lite.tables.contains(t) || !pg.tables.contains(t)) {
            out.push_back("table " + t + " only on " + (lite.tables.contains(t) ? "SQLite" : "PostgreSQL"));
            continue;
        }
        const auto& a = lite.tables.at(t);
        const auto& b = pg.tables.at(t);
        std::set<std::string> columns;
        for (const auto& [c, _] : a) columns.insert(c);
        for (const auto& [c, _] : b) columns.insert(c);
        for (const std::string& c : columns) {
            const std::string where = t + "." + c;
            if (!a.contains(c) || !b.contains(c)) {
                out.push_back("column " + where + " only on " + (a.contains(c) ? "SQLite" : "PostgreSQL"));
                continue;
            }
            Column x = a.at(c), y = b.at(c);
            if (Declared(kColumnTypeExceptions, where)) x.type = y.type;
            if (x != y) out.push_back("column " + where + ": SQLite " + Describe(x) + " | PostgreSQL " + Describe(y));
        }
        const auto pk_a = lite.primary_keys.contains(t) ? lite.primary_keys.at(t) : "";
        const auto pk_b = pg.primary_keys.contains(t) ? pg.primary_keys.at(t) : "";
        if (pk_a != pk_b) out.push_back("primary key of " + t + ": SQLite (" + pk_a + ") | PostgreSQL (" + pk_b + ")");
    }
    std::set<std::string> indexes;
    for (const auto& [i, _] : lite.indexes) indexes.insert(i);
    for (const auto& [i, _] : pg.indexes) indexes.insert(i);
    for (const std::string& i : indexes) {
        if (!lite.indexes.contains(i) || !pg.indexes.contains(i)) {
            const auto& one = lite.indexes.contains(i) ? lite.indexes.at(i) : pg.indexes.at(i);
            out.push_back("index " + i + " " + Describe(one) + " only on " +
                          (lite.indexes.contains(i) ? "SQLite" : "PostgreSQL"));
            continue;
        }
        if (lite.indexes.at(i) != pg.indexes.at(i)) {
            out.push_back("index " + i + ": SQLite " + Describe(lite.indexes.at(i)) + " | PostgreSQL " +
                          Describe(pg.indexes.at(i)));
        }
    }
    return out;
}

std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += "\n  " + l;
    return out;
}

TEST(SchemaParity, NormalisationReadsBothDialectsAlike) {
    EXPECT_EQ(NormaliseDefault("''::text"), NormaliseDefault("''"));
    EXPECT_EQ(NormaliseDefault("'blue'::text"), "'blue'");
    EXPECT_EQ(NormaliseDefault("'-1'::integer"), "-1");
    EXPECT_EQ(NormaliseDefault("0"), "0");
    EXPECT_NE(NormaliseDefault("0"), NormaliseDefault("1"));
    EXPECT_EQ(NormaliseExpr("lower((username)::text)"), NormaliseExpr("lower(username)"));
    EXPECT_EQ(NormaliseExpr("(status = 'rectifying'::text)"), NormaliseExpr("status = 'rectifying'"));
    EXPECT_EQ(NormaliseExpr("(x)::character varying"), "x");
    EXPECT_EQ(Parenthesised("CREATE INDEX a ON public.t USING btree (town_id, lower(x))", 0), "town_id, lower(x)");
}

// The comparison itself catches each kind of drift (so a pass below means agreement, not blindness).
TEST(SchemaParity, DifferencesNameEachKindOfDrift) {
    Schema a;
    a.tables["t"]["id"] = {"int64", true, "<auto id>"};
    a.tables["t"]["n"] = {"int64", true, "0"};
    a.primary_keys["t"] = "id";
    a.indexes["t_n"] = {"t", "n", false, ""};
    EXPECT_TRUE(Differences(a, a).empty());
    auto expect_one = [&](Schema b, const std::string& what) {
        const auto d = Differences(a, b);
        ASSERT_EQ(d.size(), 1u) << what << Join(d);
        EXPECT_NE(d[0].find(what), std::string::npos) << d[0];
    };
    Schema b = a;
    b.tables["t"]["n"].type = "postgres:integer";
    expect_one(b, "column t.n");
    b = a;
    b.tables["t"]["n"].not_null = false;
    expect_one(b, "column t.n");
    b = a;
    b.tables["t"]["n"].default_value = "1";
    expect_one(b, "column t.n");
    b = a;
    b.tables["t"]["extra"] = {"text", false, ""};
    expect_one(b, "column t.extra only on PostgreSQL");
    b = a;
    b.tables["u"] = {};
    expect_one(b, "table u only on PostgreSQL");
    b = a;
    b.primary_keys["t"] = "id,n";
    expect_one(b, "primary key of t");
    b = a;
    b.indexes["t_n"].unique = true;
    expect_one(b, "index t_n");
    b = a;
    b.indexes["t_n"].columns = "n,id";
    expect_one(b, "index t_n");
    b = a;
    b.indexes.erase("t_n");
    expect_one(b, "index t_n ON t (n) only on SQLite");
}

TEST(SchemaParity, FreshlyMigratedStoresAgree) {
    auto pg = test::TestStore::Open(test::Backend::kPostgres);
    if (!pg) {
        if (!::testing::Test::HasFailure()) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
        return;
    }
    auto lite = test::TestStore::Open(test::Backend::kSqlite);
    ASSERT_TRUE(lite);
    std::vector<std::string> notes;
    const Schema a = ReadSqlite(lite->db(), notes);
    const Schema b = ReadPostgres(pg->db(), notes);
    // The readers found the schema (not an empty catalog because of a wrong query).
    ASSERT_TRUE(a.tables.contains("hazards") && b.tables.contains("hazards"));
    ASSERT_GT(a.tables.at("hazards").size(), 20u);
    ASSERT_TRUE(a.indexes.contains("hazards_town_due") && b.indexes.contains("hazards_town_due"));
    EXPECT_TRUE(notes.empty()) << "store-specific objects that are not declared in this test:" << Join(notes);
    const auto diff = Differences(a, b);
    EXPECT_TRUE(diff.empty()) << diff.size() << " difference(s) between the migrated SQLite and PostgreSQL schemas "
                              << "(declare a deliberate one in tests/storage/schema_parity_test.cpp with its reason):"
                              << Join(diff);
}

}  // namespace
}  // namespace safegrid::storage
