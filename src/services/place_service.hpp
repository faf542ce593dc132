// QR posters and the places they name (CONTRACT "Public reports"; issue 7 point 7).
//
// A PLACE is a village, a grid (a town too) or an enterprise that has a poster. Its CODE is opaque:
// kPlaceCodeLength characters of the tracking codes' alphabet (no 0/O, 1/I/L), from the OS CSPRNG:
// 31^8 ≈ 8.5·10^11 codes, so a code is not guessed from another or from an id, and the public
// look-up that names a place is rate-limited (public_report_service.hpp). It is drawn when the
// place's first poster is rendered, stored in `places` (0016) with an audit entry ("place",
// "create") in its own write transaction, and never changes: every later poster prints the same
// code, and two concurrent first downloads print the same one (the loser of the unique region_id /
// enterprise_id reads the winner's). Look-ups ignore case and blanks around the code.
//
// POSTERS: GET /api/v1/regions/{id}/poster.pdf and /api/v1/enterprises/{id}/poster.pdf.
//   Who: a region's poster, staff (admin, town, village, inspector) whose scope holds the whole
//   region; an enterprise's poster, whoever may read the enterprise (staff in scope, and the
//   enterprise's own users). Anyone else, and unknown ids → 404.
//   What: services/documents/poster_pdf.hpp with the link {public_url}/report?place=CODE; the
//   place's name; its town (a village), town and village (a grid), or address (an enterprise).
//   File name "二维码海报-<name>.pdf" (ASCII fallback "poster-region-<id>.pdf", "poster-enterprise-<id>.pdf").
//
// A REPORT WITH A PLACE (PublicReportService::Create): ResolvePlace gives the hazard's place: a
// region's path (village staff see it; no enterprise) or the enterprise (as if assigned).
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/documents/notice_pdf.hpp"
#include "services/hazard_document_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

inline constexpr size_t kPlaceCodeLength = 8;

struct PlaceOptions {
    std::string public_url = "http://127.0.0.1:8080";  // config public_url, no trailing '/'
    std::string font_path = kDefaultNoticeFontPath;    // config cjk_font
};

// What a code names, as a public report and the public look-up need it.
struct ResolvedPlace {
    std::string kind;  // town | village | grid | enterprise
    std::string name;
    RegionPath path;                       // the region's own path, or the enterprise's
    std::optional<int64_t> enterprise_id;  // set for an enterprise
};

// "  k7mnp2qx " → "K7MNP2QX"; nullopt when what is left is not kPlaceCodeLength characters of the
// code alphabet.
std::optional<std::string> NormalisePlaceCode(const std::string& code);
// A fresh random place code.
std::string NewPlaceCode();
// {public_url}/report?place=CODE
std::string PlaceReportLink(const std::string& public_url, const std::string& code);
// The place behind a normalised code; nullopt when unknown (or its region or enterprise is gone).
Result<std::optional<ResolvedPlace>> ResolvePlace(storage::Connection& conn, const std::string& code);

class PlaceService {
  public:
    PlaceService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                 PlaceOptions options = {});

    Result<DocumentFile> RegionPoster(const Principal& caller, int64_t region_id);
    Result<DocumentFile> EnterprisePoster(const Principal& caller, int64_t enterprise_id);

  private:
    // The code of a region's or an enterprise's place, drawn and stored on first use.
    Result<std::string> CodeFor(const Principal& caller, int64_t town_id, std::optional<int64_t> region_id,
                                std::optional<int64_t> enterprise_id);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    PlaceOptions options_;
};

}  // namespace safegrid::services
