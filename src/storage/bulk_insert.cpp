#include "storage/bulk_insert.hpp"

#include <algorithm>
#include <array>

namespace safegrid::storage {
namespace {

std::string ValuesText(std::string_view head, size_t width, size_t rows) {
    std::string row = "(";
    for (size_t c = 0; c < width; ++c) row.append(c == 0 ? "?" : ", ?");
    row.append(")");
    std::string sql(head);
    sql.append(" VALUES ");
    sql.reserve(sql.size() + rows * (row.size() + 2));
    for (size_t r = 0; r < rows; ++r) {
        if (r > 0) sql.append(", ");
        sql.append(row);
    }
    return sql;
}

}  // namespace

Status InsertRows(Connection& conn, std::string_view head, size_t width, std::span<const Value> values,
                  size_t per_statement) {
    if (width == 0 || values.size() % width != 0) return Internal("InsertRows: values are not whole rows");
    per_statement = std::max<size_t>(1, per_statement);
    const size_t rows = values.size() / width;
    std::string full;  // the text for a full chunk, built once
    for (size_t done = 0; done < rows;) {
        const size_t n = std::min(per_statement, rows - done);
        if (n == per_statement && full.empty()) full = ValuesText(head, width, n);
        const std::string sql = n == per_statement ? full : ValuesText(head, width, n);
        SG_TRY(conn.Execute(sql, values.subspan(done * width, n * width)));
        done += n;
    }
    return {};
}

Result<std::vector<int64_t>> ReserveIds(Connection& conn, std::string_view table, int64_t n) {
    std::vector<int64_t> ids;
    if (n <= 0) return ids;
    if (conn.dialect() != Dialect::kPostgres) return Internal("ReserveIds is for PostgreSQL");
    const std::array<Value, 2> params = {std::string(table), n};
    SG_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT nextval(pg_get_serial_sequence(CAST(? AS TEXT), 'id')) "
                                              "FROM generate_series(1, CAST(? AS BIGINT))",
                                              params));
    if (static_cast<int64_t>(rows.rows.size()) != n) return Internal("ReserveIds: the sequence gave too few ids");
    ids.reserve(rows.rows.size());
    for (const Row& row : rows.rows) ids.push_back(row.Int(0));
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace safegrid::storage
