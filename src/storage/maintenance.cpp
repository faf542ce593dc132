#include "storage/maintenance.hpp"

namespace safegrid::storage {

Status AnalyzeAll(Database& db) {
    return db.Transact(true, [](Connection& c) -> Status { return c.ExecScript("ANALYZE"); });
}

Status RefreshPlannerStatistics(Database& db) {
    if (db.dialect() != Dialect::kSqlite) return {};
    // analysis_limit bounds the rows sampled per index, so the refresh stays in milliseconds.
    return db.Transact(true, [](Connection& c) -> Status {
        return c.ExecScript("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;");
    });
}

}  // namespace safegrid::storage
