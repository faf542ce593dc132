// Citizens' reports (查找身边隐患, CONTRACT "Public reports"): anyone may report a hazard without
// logging in and follow it with a tracking code; staff see the report as a hazard.
//
// Create (POST /public/reports), in this order of answers: rate limit per client address (429;
// every attempt counts, refused ones too) → fields, all at once (422): description 1..2000 code
// points, address ≤ 200, contact ≤ 100, lat -90..90 and lng -180..180 given together, at most
// kMaxPublicAttachments attachment ids → attachments: each must be a public upload (POST
// /public/attachments) not yet claimed by a report or linked to anything, else 422 "attachments".
// Then ONE transaction: the attachments are claimed for the town, the hazard is written through
// HazardService::Insert (status reported, source public, no enterprise, at town level, no
// reporter; title = the description's first line cut to 50 code points; the photos linked with
// role "before"), the public_reports row with a fresh tracking code, and an audit entry.
//
// With a "place" (the code of a QR poster, place_service.hpp): the hazard takes that place instead —
// a village's or grid's path with no enterprise (that region's staff see it, and may assign it), or
// an enterprise (status still reported; as if assigned: its grid's staff and the enterprise see it,
// and its risk grade is refreshed). An unknown or malformed code → 422 "place", after the rate limit
// and with the other fields' checks. The attachments are claimed for the place's town.
//
// Which town (no place): the one in the configuration (public_town_id) when set, else the town with the
// smallest id — a SafeGrid server normally serves one town, and the demo seed creates one. A
// store without any town answers 503 (nothing can receive the report).
//
// Seen by: town staff (and admin) of that town until `assign` gives it an enterprise (then its
// grid's staff); the HazardService rules, nothing special here.
//
// Tracking codes: 10 characters of a 31-character alphabet without look-alikes (0/O, 1/I/L),
// from the OS CSPRNG by rejection sampling: 31^10 ≈ 8·10^14 codes, so guessing one of even a
// million reports takes ~10^8 tries against a limited endpoint. Unique by the column's UNIQUE
// constraint (a collision draws again). Lookups ignore case and blanks around the code.
//
// Status (GET /public/reports/{code}): the hazard's status and updated_at, nothing else; unknown
// or malformed codes → 404. At most lookups_per_hour look-ups per client address (429 with
// Retry-After), so the 31^10 code space cannot be walked from one address.
//
// Reply (GET /public/reports/{code}/reply): the status, updated_at and the officer's reason — the
// comment of the `reject`, or of the `approve` that closed it, and null in every other case. Same
// look-up limit (one counter shared with Status) and the same 404s as Status.
//
// Thread-safety: safe to share; state lives in the Database and the (locked) throttle.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/hazard_service.hpp"
#include "services/login_throttle.hpp"
#include "services/place_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/public_report_repository.hpp"

namespace safegrid::services {

inline constexpr size_t kTrackingCodeLength = 10;
inline constexpr size_t kMaxPublicAttachments = 9;

// POST /api/v1/public/reports, already type-checked by the transport.
struct NewPublicReport {
    std::string description;
    std::string address;
    std::optional<double> lat;
    std::optional<double> lng;
    std::string contact;  // phone or name, so staff can call back
    std::vector<int64_t> attachments;
    // The code printed on a QR poster (place_service.hpp): the report then belongs to that village or
    // grid (its staff see it) or that enterprise (as if assigned). Unknown or malformed → 422 "place".
    std::optional<std::string> place;
};

struct PublicReportOptions {
    std::optional<int64_t> town_id;  // app config public_town_id; unset → the first town
    int reports_per_hour = 10;       // per client address
    int lookups_per_hour = 60;       // tracking-code look-ups per client address
};

struct PublicReportCreated {
    std::string tracking_code;
    int64_t hazard_id = 0;
};

// A fresh random tracking code (exposed for tests of its shape).
std::string NewTrackingCode();

class PublicReportService {
  public:
    PublicReportService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                        HazardService& hazards, PublicReportOptions options = {});

    // POST /api/v1/public/reports → 201 {"tracking_code"}.
    Result<PublicReportCreated> Create(const NewPublicReport& input, const std::string& client_ip);
    // Seconds until `client_ip` may report again (0: now). For the 429's Retry-After.
    [[nodiscard]] int64_t RetryAfter(const std::string& client_ip) const;
    // GET /api/v1/public/reports/{tracking_code}; 429 after lookups_per_hour look-ups from
    // `client_ip` (every look-up counts, found or not: guessing codes must be slow).
    Result<storage::PublicReportStatus> Status(const std::string& tracking_code, const std::string& client_ip);
    // GET /api/v1/public/reports/{tracking_code}/reply; counted and limited exactly as Status, on
    // the same counter, so the two endpoints together allow no more guesses than one.
    Result<storage::PublicReportReply> Reply(const std::string& tracking_code, const std::string& client_ip);
    // GET /api/v1/public/places/{code}: the name and kind of a poster's place, for the report form.
    // Unknown or malformed codes → 404. Counted and limited exactly as Status, on the same counter.
    Result<ResolvedPlace> Place(const std::string& code, const std::string& client_ip);
    // Seconds until `client_ip` may look a code up again (0: now). For the 429's Retry-After.
    [[nodiscard]] int64_t LookupRetryAfter(const std::string& client_ip) const;

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    HazardService& hazards_;
    PublicReportOptions options_;
    LoginThrottle reports_;
    LoginThrottle lookups_;
};

}  // namespace safegrid::services
