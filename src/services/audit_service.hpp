// The audit chain: every change appends (actor, time, entity, id, action, before, after,
// prev_hash, hash) where hash = BLAKE2b-256(prev_hash ‖ canonical entry). There is one chain per
// town (chain key = town_id; 0 for changes that belong to no town, such as users of the admin),
// so a sharded PostgreSQL keeps each chain on its shard. Appends serialise per chain inside the
// caller's transaction (SQLite: the write lock; PostgreSQL: SELECT … FOR UPDATE on audit_heads).
//
// Thread-safety: stateless apart from the Database; safe to share.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_checkpoint.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct AuditChange {
    int64_t town_id = 0;  // chain key
    std::string entity;   // "enterprise", "region", "user", "hazard", ...
    int64_t entity_id = 0;
    std::string action;         // "create", "update", "login", "confirm", ...
    boost::json::value before;  // null when created
    boost::json::value after;   // null when deleted
};

struct AuditRecord {
    int64_t id = 0;
    int64_t town_id = 0;
    std::optional<int64_t> actor_id;
    std::string actor_name;
    int64_t at = 0;
    std::string entity;
    int64_t entity_id = 0;
    std::string action;
    std::string before_json;
    std::string after_json;
    std::string prev_hash;  // hex
    std::string hash;       // hex
    // Filled by List only, not part of the hashed entry: who the actor is by name and role today
    // (empty/null for system writes and deleted users) and what the entity is called.
    std::string actor_display_name;
    std::optional<std::string> actor_role;
    std::string entity_label;
};

struct AuditVerification {
    bool intact = true;
    int64_t entries_checked = 0;
    std::optional<int64_t> first_bad_id;  // the first altered entry, or the entry after a gap
    std::string reason;                   // "hash mismatch", "missing entry before", ...
    bool checkpoint_checked = false;      // a checkpoint was given and every chain reached it
};

// The exact bytes hashed for an entry: a JSON array in fixed field order
// [town_id, actor_id|null, actor_name, at, entity, entity_id, action, before_json, after_json]
// where before_json/after_json are the stored JSON texts as strings. JSON string escaping keeps
// field boundaries unambiguous. The id is not hashed (it is assigned by the store after hashing);
// order is protected by each entry naming its predecessor's hash.
std::string CanonicalAuditEntry(const AuditRecord& record);
// Lower-case hex BLAKE2b-256 of prev_hash ‖ CanonicalAuditEntry(record).
std::string AuditEntryHash(const std::string& prev_hash, const AuditRecord& record);
// prev_hash of the first entry of every chain.
inline const std::string kAuditGenesisHash(64, '0');

class AuditService {
  public:
    AuditService(std::shared_ptr<storage::Database> db, const Clock& clock);

    // Appends inside the transaction open on `conn` (call it from within Database::Transact).
    // `actor` is null for system changes (seed, jobs).
    Status Append(storage::Connection& conn, const Principal* actor, const AuditChange& change);

    // GET /api/v1/audit: town and admin only (others → 403); a town sees its own chain.
    struct Query {
        std::optional<std::string> entity;
        std::optional<int64_t> entity_id;
        int64_t offset = 0;
        int64_t limit = 20;
    };
    Result<std::pair<std::vector<AuditRecord>, int64_t>> List(const Principal& caller, const Query& query);

    // Walks every chain from its start; reports the first altered or missing entry. With a
    // checkpoint, each of its chains must also still hold the entry it names, with the same hash
    // and the same number of entries up to it: a deleted tail or an older copy of the database
    // fails there ("missing checkpoint entry", "differs from checkpoint").
    Result<AuditVerification> Verify(const AuditCheckpoint* checkpoint = nullptr);

    // Where every chain ends now, for a new checkpoint (`database` and `written_at` are the
    // caller's). With `base` (the checkpoint in force), refuses with kConflict
    // "audit_behind_checkpoint" when the store no longer reaches it: writing a fresh checkpoint
    // over a deleted tail or an older copy would hide exactly what the checkpoint is for. Counts
    // continue from the base, so a periodic checkpoint costs the entries appended since.
    Result<std::vector<AuditCheckpointChain>> CheckpointChains(const AuditCheckpoint* base);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
};

}  // namespace safegrid::services
