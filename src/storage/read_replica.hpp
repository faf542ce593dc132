// Read replicas (serve --db-read URL): a Database that sends the reads a service marks as
// tolerating lag to a PostgreSQL streaming replica and everything else to the primary.
//
// What goes where:
//   - primary: every write, every statement inside a write transaction, every unmarked read
//     (get-by-id, auth and session checks, anything that decides a write). Unmarked is the
//     default, so forgetting a mark costs speed, never correctness.
//   - replica: reads run while a LagTolerantReads guard is alive on the thread (list pages and
//     statistics), unless one of the fallbacks below applies.
// Read-your-writes: after a write transaction commits for a signed-in caller
// (platform::CurrentCaller), the primary's WAL position (pg_current_wal_lsn, read after the
// commit so it is at or past it) is remembered against that user, in this process and in the
// store (table write_positions, one upsert), so that every serve process behind one address
// knows it. A lag-tolerant read by that user goes to the replica only once the replica's
// pg_last_wal_replay_lsn (cached, refreshed at most every `refresh`) has reached it; before that
// it is served by the primary. The stored position costs one primary lookup per request, only
// for a signed-in user's marked read while the replica is in recovery (docs/replicas.md).
// Fallbacks (to the primary, logged once per change, counted in /metrics): the replica is down,
// or it has received WAL it has not replayed for longer than `max_lag`.
//
// Metrics: safegrid_replica_reads_total{served_by="replica"|"primary"} for marked reads and
// safegrid_replica_fallbacks_total{reason="read_your_writes"|"replica_down"|"replica_lagging"}.
//
// Thread-safety: the Database is thread-safe; the guard is per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// While alive, reads on this thread may be served by a replica that lags a little.
class LagTolerantReads {
  public:
    LagTolerantReads();
    ~LagTolerantReads();
    LagTolerantReads(const LagTolerantReads&) = delete;
    LagTolerantReads& operator=(const LagTolerantReads&) = delete;

  private:
    bool previous_;
};
// Whether a LagTolerantReads guard is alive on this thread.
bool LagTolerated();

struct ReplicaOptions {
    std::chrono::milliseconds refresh{50};  // how stale the cached replay position may be
    std::chrono::seconds max_lag{30};       // received but not replayed for longer: too far behind
};

// Wraps `primary` so marked reads go to the replica at `read_url`. Fails with kMalformed
// ("db_read_unsupported") for SQLite (one file, no replica) or a read URL of another kind.
// A replica that is down at start-up is not an error: reads fall back until it answers.
Result<std::shared_ptr<Database>> WithReadReplica(std::shared_ptr<Database> primary, std::string_view read_url,
                                                  const DbOptions& options, ReplicaOptions replica = {});

// The primary behind a Database made by WithReadReplica, or `db` itself.
const Database& PrimaryOf(const Database& db);

namespace detail {
// "16/B374D848" → 0x16B374D848; nullopt when not a pg_lsn text.
std::optional<uint64_t> ParseLsn(std::string_view text);
}  // namespace detail

}  // namespace safegrid::storage
