// Idempotent POSTs (the contract: "a repeat with the same key by the same caller within 30 days
// answers the first response again and changes nothing"), without knowing HTTP: the transport
// passes a callback that runs the handler and reports its answer (http/handlers/auth.cpp adapts
// this to Hooks::idempotent).
//
// One write transaction covers the whole call, so the stored answer and the change it describes
// commit together or not at all:
//   1. an expired row for (caller, key) is deleted; a placeholder row (status 0) is inserted with
//      ON CONFLICT DO NOTHING — on PostgreSQL a concurrent first request with the same key makes
//      this wait until that one commits or rolls back; on SQLite the write lock serialises anyway;
//   2. if the row already existed: a different method or path → 422 "idempotency_key_reused";
//      otherwise its stored answer is replayed;
//   3. else the handler runs (its services' transactions join this one); a 2xx answer is stored;
//      any other answer rolls back everything the handler did (and the placeholder) and is returned.
//
// The caller is the USER ("u:<user id>", set by the transport), not the session: a phone that was
// offline longer than its session logs in again and replays its queue with the original keys, and
// each replay answers the first response; another user's identical key is another record. Anonymous
// callers are keyed by client address ("ip:<address>").
//
// Retention: ttl_seconds (config idempotency_retention_days, default 30 days). PurgeExpired (the
// daily retention job, services/retention_job.hpp) deletes older records, whose stored bodies may
// hold names and phone numbers.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct StoredAnswer {
    int status = 0;
    std::string content_type;
    std::string body;
};

struct IdempotentCall {
    std::string caller;  // "u:<user id>" or "ip:<client address>"
    std::string key;     // the Idempotency-Key header: 1–200 printable ASCII characters
    std::string method;  // "POST"
    std::string path;
};

struct IdempotentOutcome {
    StoredAnswer answer;
    bool replayed = false;  // true: `answer` is the stored first answer; the handler did not run
};

class IdempotencyService {
  public:
    static constexpr int64_t kDefaultTtlSeconds = 30 * 24 * 3600;

    IdempotencyService(std::shared_ptr<storage::Database> db, const Clock& clock,
                       int64_t ttl_seconds = kDefaultTtlSeconds);

    // REQUIRES: no transaction open on this thread (this call must own the unit of work).
    // Errors: 400 "invalid_idempotency_key", 422 "idempotency_key_reused", 409
    // "idempotency_key_in_progress" (SQLite only sees this if a previous run crashed mid-way, which
    // cannot commit, so in practice never), and store failures. On an error nothing was changed.
    Result<IdempotentOutcome> Run(const IdempotentCall& call, const std::function<StoredAnswer()>& handler);

    // The same contract for a handler that must not run inside the store's write lock (a file upload:
    // its write and fsync would stall every other writer) and whose repeat is harmless. The handler
    // runs with no transaction open (its services make their own short ones); its 2xx answer is
    // stored afterwards. Two first requests racing with one key may both run (the second stored
    // answer is dropped); for an upload that is one more file row that no record uses, which the
    // retention job purges as an orphan. Errors as Run.
    Result<IdempotentOutcome> RunOutsideTransaction(const IdempotentCall& call,
                                                    const std::function<StoredAnswer()>& handler);

    // Deletes keys older than the TTL; returns how many. For the periodic scheduler.
    Result<int64_t> PurgeExpired();

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    int64_t ttl_seconds_;
};

}  // namespace safegrid::services
