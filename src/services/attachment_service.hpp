// Evidence files (CONTRACT "Attachments"): photos and PDFs uploaded as raw bodies, stored once per
// content, served back only to those who may see what they are attached to.
//
// Upload, in this order of answers: rate limit (public uploads only: 429) → size (> max_bytes:
// 413) → type (a Content-Type other than image/jpeg, image/png, image/webp, application/pdf: 415)
// → content (the bytes' magic must match that type: 415). Then:
//   1. the file is written under <data_dir>/attachments/<sha[0:2]>/<sha[2:4]>/<sha256>: a temp
//      file in that directory, fsync, rename over the final name, fsync the directory. The same
//      bytes uploaded twice keep one file (it is only checked for its size, then its directory
//      synced again). Only THEN
//   2. the row (and its audit entry) commits, so a 201 always names a file that survives kill -9
//      or power loss. A crash between 1 and 2 leaves an orphan file, never a row without a file.
//   JPEG photos keep their EXIF DateTimeOriginal (taken_at) and GPS position (lat, lng).
// The file is written before the transaction opens (a 10 MiB fsync must not hold SQLite's write
// lock); under an Idempotency-Key the whole call runs inside the hook's transaction, which is the
// same order (file first, commit last).
//
// Who uploads: any logged-in user (row: uploader_id, the uploader's town); or anyone through the
// public form (uploader_id NULL, uploader_ip, town 0 until a public report claims it), at most
// public_uploads_per_hour per client address (in memory: a restart forgets, which only lets an
// abuser start over once).
//
// Who downloads (GET /attachments/{id}): when the attachment is linked (attachment_links), anyone
// whose Scope contains one of the hazards or inspections it is linked to (the same test
// HazardService::Get and InspectionService::Get make); while it is linked to nothing, only its
// uploader. Everyone else: 404, as if it did not exist.
//
// Thread-safety: safe to share; state lives in the Database, the file tree and the (locked) throttle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/login_throttle.hpp"
#include "storage/db.hpp"
#include "storage/repositories/attachment_repository.hpp"

namespace safegrid::services {

using storage::AttachmentRecord;

inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct AttachmentOptions {
    std::string data_dir;  // app config data_dir (--data-dir)
    size_t max_bytes = kMaxAttachmentBytes;
    int public_uploads_per_hour = 30;  // per client address
};

struct AttachmentFile {
    AttachmentRecord meta;
    std::string bytes;
};

class AttachmentService {
  public:
    AttachmentService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                      AttachmentOptions options);

    // POST /api/v1/attachments → 201. `content_type` is the request's Content-Type header.
    Result<AttachmentRecord> Upload(const Principal& caller, std::string_view content_type, std::string_view bytes,
                                    const std::string& client_ip);
    // POST /api/v1/public/attachments → 201 (no login).
    Result<AttachmentRecord> UploadPublic(std::string_view content_type, std::string_view bytes,
                                          const std::string& client_ip);
    // Seconds until `client_ip` may upload publicly again (0: now). For the 429's Retry-After.
    [[nodiscard]] int64_t PublicRetryAfter(const std::string& client_ip) const;

    // GET /api/v1/attachments/{id}: the bytes and their row; 404 per the rule above.
    Result<AttachmentFile> Download(const Principal& caller, int64_t id);

    // Where the file of `sha256` lives (tests and backups).
    [[nodiscard]] std::string PathOf(const std::string& sha256) const;

  private:
    Result<AttachmentRecord> Store(const Principal* caller, std::string_view content_type, std::string_view bytes,
                                   const std::string& client_ip);
    Status WriteFile(const std::string& sha256, std::string_view bytes) const;
    Result<std::string> ReadFile(const AttachmentRecord& meta) const;

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    AttachmentOptions options_;
    LoginThrottle public_uploads_;
};

}  // namespace safegrid::services
