// SQL for audit_log and audit_heads. The hashing and the chain rules live in
// services/audit_service; this file only moves rows.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct AuditRow {
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
    std::string prev_hash;
    std::string hash;
    // Read by List only (joined, not stored in the entry): the actor's display name and role as
    // the users table has them now, and a name for the entity (a hazard's title, a user's name...).
    std::string actor_display_name;
    std::optional<std::string> actor_role;
    std::string entity_label;
};

struct AuditHead {
    int64_t town_id = 0;
    int64_t last_id = 0;
    std::string last_hash;
};

class AuditRepository {
  public:
    explicit AuditRepository(Connection& conn) : conn_(conn) {}

    // Makes sure the chain's head row exists (last_id 0, last_hash `genesis_hash`), then reads it,
    // locking it until the transaction ends on PostgreSQL (SELECT ... FOR UPDATE) so appends to one
    // chain serialise. SQLite needs no row lock: a write transaction holds the database lock.
    Result<AuditHead> LockHead(int64_t town_id, const std::string& genesis_hash);
    Status UpdateHead(const AuditHead& head);
    // Inserts `row` (its id is ignored) and returns the new id.
    Result<int64_t> Insert(const AuditRow& row);

    // Every head, by town.
    Result<std::vector<AuditHead>> Heads();
    // Town ids that have entries (to find entries whose head row is missing).
    Result<std::vector<int64_t>> ChainTowns();
    // Up to `limit` entries of one chain with after_id < id <= up_to_id, in id order.
    Result<std::vector<AuditRow>> ChainPage(int64_t town_id, int64_t after_id, int64_t up_to_id, int64_t limit);

    // The hash of entry `id` of the chain `town_id`; std::nullopt when there is no such entry.
    Result<std::optional<std::string>> EntryHash(int64_t town_id, int64_t id);
    // How many entries of one chain have after_id < id <= up_to_id.
    Result<int64_t> CountChain(int64_t town_id, int64_t after_id, int64_t up_to_id);

    struct ListQuery {
        std::optional<int64_t> town_id;  // null → every chain
        std::optional<std::string> entity;
        std::optional<int64_t> entity_id;
        int64_t offset = 0;
        int64_t limit = 20;
    };
    // Newest first; returns the page and the total matching. Each row carries the actor's display
    // name and role and the entity's label, joined in the same query (no query per row).
    Result<std::pair<std::vector<AuditRow>, int64_t>> List(const ListQuery& query);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
