// SQL for the formal documents of hazards (0003_hazards.sql: hazard_documents, document_numbers).
// The hazard rows themselves and their numbering upsert live in hazard_repository.hpp; this file
// only adds what the documents module needs on top. Stateless: each method runs on the
// connection it is given, inside the caller's transaction.
//
// NUMBERING RACE (PostgreSQL): two first downloads of the same notice must not both allocate a
// number. LockSequence takes the row lock of the (town, kind, year) sequence row before the caller
// looks for an existing number, so the second caller waits for the first to commit, then (read
// committed: each statement sees what is committed) finds its number instead of taking a new one.
// On SQLite the write transaction already serialises writers (BEGIN IMMEDIATE).
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// One row of `hazard_documents`.
struct HazardDocumentRow {
    int64_t hazard_id = 0;
    int64_t town_id = 0;
    std::string kind;    // notice | listing
    std::string number;  // "匡安整改〔2026〕第0042号"
    UnixSeconds issued_at = 0;
};

class HazardDocumentRepository {
  public:
    explicit HazardDocumentRepository(Connection& conn) : conn_(conn) {}

    Result<std::optional<HazardDocumentRow>> Find(int64_t hazard_id, const std::string& kind);
    // Locks (creating it at 0 when missing) the numbering row of (town, kind, year) until the
    // transaction ends, without changing its value. See NUMBERING RACE above.
    Status LockSequence(int64_t town_id, const std::string& kind, int year);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
