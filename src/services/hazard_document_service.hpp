// The formal documents of the hazard loop, as files to download (SafeGrid issue 3, item 8):
//   - GET /api/v1/hazards/{id}/notice.pdf: the numbered rectification notice (整改通知书);
//   - GET /api/v1/hazards/export.xlsx?<the list's filters>: the hazard ledger (隐患台账).
// The renderers are services/documents/notice_pdf.hpp and hazard_xlsx.hpp; this service decides
// what goes in them and who may have them.
//
// NOTICE
//   Who: whoever may see the hazard (HazardService::Get); anyone else → 404.
//   Refused (409) when there is nobody or nothing to notify yet: no enterprise (a public report not
//   yet assigned) → "notice_without_enterprise"; status reported or rejected (no deadline has been
//   set, or there is nothing to rectify) → "notice_not_confirmed".
//   One notice per INSPECTION, else per hazard: a hazard opened by an inspection (inspection_id set)
//   is printed on the inspection's notice, which lists every finding of that inspection the caller
//   can see that was confirmed (not reported/rejected), in answer order; any other hazard gets a
//   notice of its own.
//   The number ("匡安整改〔2026〕第0042号": first character of the town + "安整改", the China-time year
//   of issue, the town's next number of kind 'notice' for that year from document_numbers) is
//   allocated ONCE, on the first download, in one write transaction with an audit entry (entity
//   "hazard", action "notice") and stored in hazard_documents (kind 'notice') for every hazard the
//   notice covers (for an inspection: all its hazards). Later downloads print the same number and
//   the same issue date; two concurrent first downloads get the same number (see
//   hazard_document_repository.hpp, NUMBERING RACE).
//   The findings print as they stand when the notice is printed (each one's current status and
//   deadline, read from the hazard rows at download time); the notice's deadline is the earliest
//   deadline of its findings still open (of all of them when every one is closed). Legal basis,
//   reason for major and checklist item come from the hazard rows.
//   File name "整改通知书-<enterprise>-<issue date>.pdf" (ASCII fallback "notice-<id>-<date>.pdf").
//
// DATES: every date printed or put in a file name is the calendar day in the town's time zone
// (DocumentOptions::zone, default Asia/Shanghai; CONTRACT.md).
//
// EXPORT
//   The same filters and scope as GET /api/v1/hazards (HazardService::List, so the rows are exactly
//   what the list pages would show), every matching row (not one page), newest first. At most
//   kMaxExportRows: more → 413 "export_too_large" (narrow the filter) before anything is rendered.
//   Read in one transaction, page by page; a hazard created meanwhile is not listed twice.
//   File name "隐患清单-<today in the town>.xlsx" (ASCII fallback "hazards-<date>.xlsx").
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/documents/notice_pdf.hpp"
#include "services/hazard_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/hazard_document_repository.hpp"

namespace safegrid::services {

inline constexpr int64_t kMaxExportRows = 50'000;

// A file to send: bytes, media type and a suggested file name.
struct DocumentFile {
    std::string bytes;
    std::string content_type;
    std::string filename;       // ASCII, for the plain filename= parameter
    std::string filename_utf8;  // the Chinese name, for filename*= (RFC 6266)
};

struct DocumentOptions {
    TimeZone zone;                                   // config `time_zone`
    std::string font_path = kDefaultNoticeFontPath;  // config `cjk_font`
    std::string public_url;                          // config `public_url`: full links and QR codes
};

class HazardDocumentService {
  public:
    HazardDocumentService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                          HazardService& hazards, DocumentOptions options = {});

    // GET /api/v1/hazards/{id}/notice.pdf. 404 / 409 as above.
    Result<DocumentFile> Notice(const Principal& caller, int64_t hazard_id);
    // GET /api/v1/hazards/export.xlsx. The filter's offset/limit are ignored. 404 / 422 as for the
    // list; 413 above kMaxExportRows (`max_rows` lets tests use a small cap).
    Result<DocumentFile> Export(const Principal& caller, HazardFilter filter, int64_t max_rows = kMaxExportRows);

  private:
    // The notice number of `h`: the stored one, else a new one stored for every hazard in `covered`
    // (h included), with its audit entry. `prefix` is the town's "匡安整改".
    Result<storage::HazardDocumentRow> IssueNumber(const Principal& caller, const storage::HazardRecord& h,
                                                   const std::vector<int64_t>& covered, const std::string& prefix);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    HazardService& hazards_;
    DocumentOptions options_;
};

}  // namespace safegrid::services
