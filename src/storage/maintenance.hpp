// Keeping the query planner informed. Both stores choose between the (place, id) indexes by their
// statistics: without them SQLite takes the town index for "town AND village" and reads every row
// of the town (100 ms at 100,000 enterprises instead of 1 ms).
//
// Thread-safety: takes a connection of `db` like any other call.
#pragma once

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// Full statistics of every table (ANALYZE on SQLite, VACUUM (ANALYZE) on PostgreSQL): after a bulk
// load such as seed-demo or a large import.
Status AnalyzeAll(Database& db);

// The cheap periodic refresh: SQLite's PRAGMA optimize (re-analyzes only tables whose size changed
// a lot, with a bounded sample); on PostgreSQL autovacuum does this already, so nothing.
Status RefreshPlannerStatistics(Database& db);

}  // namespace safegrid::storage
