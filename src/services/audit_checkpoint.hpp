// The audit checkpoint: a signed note, kept outside the database (in the data dir), of how far
// every audit chain reached when it was written. The hash chain alone shows a changed, inserted or
// removed entry in the middle, but not a removed tail (the head row can be edited along with it)
// nor an older copy of the whole database put back: both leave a chain that is consistent with
// itself. Only something the database does not hold can tell, and the signature (keyed BLAKE2b
// with a key in the data dir, never in the database) keeps someone who holds only the database
// from writing a matching checkpoint.
//
// Files (see docs/security.md "Audit chain"):
//   <data-dir>/audit.key                          32 random bytes (hex), mode 0600, created on first use
//   <data-dir>/audit-<16 hex>.checkpoint          one per database (the hex names the database), so
//                                                 several stores sharing a data dir keep theirs apart
//   <backup>.checkpoint                           written by `safegrid backup` next to the backup
// The checkpoint is JSON: {"version":1,"database":...,"written_at":...,"chains":[{"town_id",
// "last_id","last_hash","entries"}...],"signature":hex}.
//
// Thread-safety: the functions are thread-safe; AuditCheckpointFiles holds no state but the dir.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct AuditCheckpointChain {
    int64_t town_id = 0;
    int64_t last_id = 0;    // the chain's last entry when the checkpoint was taken
    std::string last_hash;  // its hash
    int64_t entries = 0;    // how many entries the chain had up to and including last_id
};

struct AuditCheckpoint {
    std::string database;  // AuditDatabaseIdentity of the store it describes
    int64_t written_at = 0;
    std::vector<AuditCheckpointChain> chains;  // by town_id
    std::string signature;                     // hex keyed BLAKE2b-256 of AuditCheckpointSigningText
};

// The exact bytes signed: a JSON array [1, database, written_at, [[town_id, last_id, last_hash,
// entries], ...]] (fixed order, so the signature does not depend on how the file was formatted).
std::string AuditCheckpointSigningText(const AuditCheckpoint& checkpoint);
std::string AuditCheckpointToJson(const AuditCheckpoint& checkpoint);
// kMalformed "audit_checkpoint_unreadable" when the text is not a checkpoint.
Result<AuditCheckpoint> ParseAuditCheckpoint(std::string_view json);

// Names the store a checkpoint belongs to: "sqlite:" + the absolute path, or the PostgreSQL URL
// without its password.
std::string AuditDatabaseIdentity(const storage::Database& db);

class AuditCheckpointFiles {
  public:
    explicit AuditCheckpointFiles(std::string data_dir) : dir_(std::move(data_dir)) {}

    [[nodiscard]] const std::string& dir() const { return dir_; }
    [[nodiscard]] std::string KeyPath() const;
    // <dir>/audit-<first 16 hex of BLAKE2b(database)>.checkpoint
    [[nodiscard]] std::string PathFor(const std::string& database) const;

    // The signing key; created when missing if `create`, else kConflict "audit_key_missing".
    Result<std::string> Key(bool create) const;

    // Signs `checkpoint` with the key (created if missing) and replaces `path` atomically.
    Result<AuditCheckpoint> Write(const std::string& path, AuditCheckpoint checkpoint) const;
    // The checkpoint at `path` with its signature checked; std::nullopt when there is none.
    // kConflict "audit_checkpoint_signature" when the signature does not verify or the key is
    // missing; kMalformed "audit_checkpoint_unreadable" when it is not a checkpoint.
    Result<std::optional<AuditCheckpoint>> Read(const std::string& path) const;

  private:
    std::string dir_;
};

}  // namespace safegrid::services
