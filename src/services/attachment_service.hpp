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
//   If the row fails (not a crash), the file this upload created is removed again, unless another
//   row names it or another upload of the same bytes holds it (held_: content-addressed files are
//   shared). If the file write fails, no row is written.
// The file is written before the transaction opens (a 10 MiB fsync must not hold SQLite's write
// lock); under an Idempotency-Key too, since the hook runs uploads with
// IdempotencyService::RunOutsideTransaction (http/upload_routes.hpp).
//
// Orphans: PurgeOrphans (a daily job, services/retention_job.hpp) deletes public uploads no report
// claimed within public_orphan_seconds (a day) and staff uploads linked to nothing after
// staff_orphan_seconds (30 days, the idempotency retention: an offline phone's queued hazard may
// still name its photo until then), each with an audit entry, and then their files.
//
// Reporter metadata: the enterprise role never receives a citizen's photo's time, place or
// address (HidesReporterMetadata below), neither in the row nor in the JPEG's EXIF.
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
#include <map>
#include <memory>
#include <mutex>
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
    // Orphans (linked to nothing) older than these are deleted, row and file, by PurgeOrphans.
    int64_t public_orphan_seconds = 24 * 3600;      // a citizen's upload no report claimed
    int64_t staff_orphan_seconds = 30 * 24 * 3600;  // a staff upload: as long as an offline queue may wait
};

struct AttachmentFile {
    AttachmentRecord meta;
    std::string bytes;
    bool redacted = false;  // the reporter's metadata was taken out (bytes differ from sha256)
};

struct OrphanPurge {
    int64_t rows = 0;   // attachment rows deleted
    int64_t files = 0;  // files removed (a file still named by another row stays)
};

// True when `caller` must not see the metadata of `a`: the enterprise role reading a citizen's
// upload (uploader_id NULL). Staff keep the photo's time and place; the enterprise it is about
// never learns where the reporter stood, when, or from which address.
bool HidesReporterMetadata(const Principal& caller, const AttachmentRecord& a);
// Clears taken_at, lat, lng and uploader_ip of `a` when HidesReporterMetadata; returns whether it did.
// Every path that hands attachment metadata to a user goes through this.
bool RedactFor(const Principal& caller, AttachmentRecord& a);
// `jpeg` without its APP1 (EXIF, XMP), APP13 (IPTC) and COM segments, where GPS, time, camera
// and free text live; the image itself is untouched. Not a JPEG: returned as is.
std::string StripJpegMetadata(std::string_view jpeg);

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

    // GET /api/v1/attachments/{id}: the bytes and their row; 404 per the rule above. For the
    // enterprise role a citizen's photo comes without its metadata (RedactFor, StripJpegMetadata).
    Result<AttachmentFile> Download(const Principal& caller, int64_t id);

    // The scheduled purge: deletes orphans older than the options say (rows with an audit entry,
    // then each file no other row names and no upload in progress holds). Idempotent.
    Result<OrphanPurge> PurgeOrphans();

    // Where the file of `sha256` lives (tests and backups).
    [[nodiscard]] std::string PathOf(const std::string& sha256) const;

  private:
    Result<AttachmentRecord> Store(const Principal* caller, std::string_view content_type, std::string_view bytes,
                                   const std::string& client_ip);
    // Writes the file unless it exists; true when this call created it.
    Result<bool> WriteFile(const std::string& sha256, std::string_view bytes) const;
    Result<std::string> ReadFile(const AttachmentRecord& meta) const;
    // An upload holds its file from before the write until its row committed or failed, so a
    // purge (or a failed twin upload) never removes a file a row is about to name.
    void Hold(const std::string& sha256);
    // Lets go of the hold; with `remove_if_unused` the file is deleted when no other upload holds
    // it and no row names it (a failed upload takes back the file it created).
    void Release(const std::string& sha256, bool remove_if_unused);
    // Deletes the file of `sha256` when no upload holds it, no row names it, and no upload of it
    // began while the rows were asked (checking_). REQUIRES files_mu_ not held. True when removed.
    bool RemoveIfUnused(const std::string& sha256);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    AttachmentOptions options_;
    LoginThrottle public_uploads_;
    std::mutex files_mu_;
    std::map<std::string, int> held_;       // sha256 → uploads in progress
    std::map<std::string, bool> checking_;  // sha256 being considered for removal → an upload began
};

}  // namespace safegrid::services
