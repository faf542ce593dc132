// What several serve processes on one store agree through (migration 0029, docs/multi-process.md):
// transaction locks, the scheduler's job leases and the rate limits' counters.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct RateWindowRow {
    std::string tbl;
    std::string bucket;
    int64_t started = 0;
    int64_t failures = 0;
};

class CoordinationRepository {
  public:
    explicit CoordinationRepository(Connection& conn) : conn_(conn) {}

    // Inside a write transaction: holds `name` until the transaction ends, so two transactions
    // taking the same name, in any processes, run one after the other. PostgreSQL:
    // pg_advisory_xact_lock on a fixed 64-bit hash of the name. SQLite: nothing to do (a write
    // transaction already holds the store's only write lock, and one process serves it).
    Status LockForTransaction(std::string_view name);

    // Moves the lease of `job` to `owner` until `until` when nobody holds it (lease_until <= now:
    // free, or left by a process that died). One statement, so two processes racing for it cannot
    // both win. True: the caller holds it.
    Result<bool> TakeJobLease(std::string_view job, std::string_view owner, int64_t now, int64_t until);
    // Frees the lease if `owner` still holds it.
    Status ReleaseJobLease(std::string_view job, std::string_view owner);

    // The rows of one limiter: (user, user_key), (address, address_key), (pair, pair_key) and
    // (known, pair_key); an empty key is not read.
    Result<std::vector<RateWindowRow>> RateWindows(std::string_view limiter, std::string_view user_key,
                                                   std::string_view address_key, std::string_view pair_key);
    Status PutRateWindow(std::string_view limiter, const RateWindowRow& row, int64_t expires_at);
    Status DeleteRateWindow(std::string_view limiter, std::string_view tbl, std::string_view bucket);
    // Deletes rows whose expires_at <= now; returns how many.
    Result<int64_t> PurgeRateWindows(int64_t now);

  private:
    Connection& conn_;
};

// The 64-bit FNV-1a hash of `name`: the same in every process and build (std::hash is not).
int64_t LockKey(std::string_view name);

}  // namespace safegrid::storage
