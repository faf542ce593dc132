// SQL for evidence files (0003_hazards.sql: attachments, attachment_links). The bytes live on disk
// under data_dir (services/attachment_service.hpp); a row names them by sha256.
//
// A staff upload carries uploader_id and the uploader's town. A public upload (the citizen form)
// carries uploader_id NULL, the client address and town_id 0 until a public report claims it:
// ClaimPublic moves it to the report's town in one guarded UPDATE, so two reports racing for the
// same upload cannot both take it (PostgreSQL re-checks the WHERE after the first commits).
//
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

// One row of `attachments`.
struct AttachmentRecord {
    int64_t id = 0;
    int64_t town_id = 0;  // 0: a public upload not claimed yet, or an upload by the admin
    std::string sha256;   // lower-case hex, 64 characters
    int64_t size = 0;
    std::string content_type;
    std::optional<int64_t> uploader_id;  // null for public uploads
    std::string uploader_ip;
    std::optional<UnixSeconds> taken_at;
    std::optional<double> lat;
    std::optional<double> lng;
    UnixSeconds created_at = 0;
};

// One row of `attachment_links`: what an attachment is evidence of.
struct AttachmentUse {
    std::string entity;  // hazard | inspection
    int64_t entity_id = 0;
    std::string role;  // before | after | evidence
};

class AttachmentRepository {
  public:
    explicit AttachmentRepository(Connection& conn) : conn_(conn) {}

    // Inserts `a` (its id ignored). Returns the new id.
    Result<int64_t> Insert(const AttachmentRecord& a);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<AttachmentRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // What the attachment is linked to, ordered by (entity, entity_id).
    Result<std::vector<AttachmentUse>> Uses(int64_t attachment_id);
    // Moves every public upload of `ids` that is still unclaimed (uploader_id NULL, town_id 0, no
    // link) to `town_id`; returns how many it moved. The caller compares with ids.size().
    Result<int64_t> ClaimPublic(const std::vector<int64_t>& ids, int64_t town_id);

    // Orphans (linked to nothing) old enough to go, oldest first, at most `limit`: public uploads
    // never claimed by a report (uploader_id NULL, town_id 0) created before `public_before`, and
    // staff uploads created before `staff_before`. A daily scan of the table.
    Result<std::vector<AttachmentRecord>> Orphans(UnixSeconds public_before, UnixSeconds staff_before, int64_t limit);
    // Deletes row `id` if it is still an orphan (not claimed, not linked: re-checked by the DELETE
    // itself, so a report claiming it concurrently wins or loses cleanly); true when deleted.
    Result<bool> DeleteOrphan(int64_t id);
    // True when some row still names the file `sha256`.
    Result<bool> ShaInUse(const std::string& sha256);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
