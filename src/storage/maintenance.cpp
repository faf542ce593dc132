#include "storage/maintenance.hpp"

namespace safegrid::storage {

Status AnalyzeAll(Database& db) {
    if (db.dialect() == Dialect::kPostgres) {
        // VACUUM also sets the visibility map, without which index-only scans (the list totals and
        // overdue counts) visit the heap row by row until autovacuum gets round to a fresh load. It
        // cannot run inside a transaction: a bare connection, in autocommit.
        SG_ASSIGN_OR_RETURN(Database::Lease lease, db.Acquire());
        return lease->ExecScript("VACUUM (ANALYZE)");
    }
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
