// What a citizen wrote, as staff read it on the hazard (GET /api/v1/hazards/{id} "report"): the
// address and position the report gave, when it came in, and — for staff only — the contact the
// citizen left so an officer can call back, and the QR poster it was made from (which names a
// place, never a person, so every reader of the hazard sees it). The enterprise the hazard is about
// may read the hazard but never who reported it, so for the enterprise role the contact is left out.
//
// Thread-safety: pure functions over the caller's connection.
#pragma once

#include <optional>
#include <string>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {

// The QR poster the report was made from (places, 0016): a region's or an enterprise's.
struct ReportPlace {
    std::string code;
    std::string kind;  // town | village | grid | enterprise
    std::string name;
};

struct ReportOrigin {
    std::string address;
    std::optional<double> lat;
    std::optional<double> lng;
    std::optional<std::string> contact;  // nullopt: not for this caller
    UnixSeconds reported_at = 0;
    std::optional<ReportPlace> place;  // nullopt: made without a poster
};

// Staff (admin, town, village, inspector) may read a reporter's contact; nobody else.
bool MayReadReporterContact(Role role);

// The report behind `hazard` as `caller` may see it; nullopt when the hazard is not a public report.
// The caller has already been found to see the hazard.
Result<std::optional<ReportOrigin>> ReportOriginFor(storage::Connection& conn, const Principal& caller,
                                                    const storage::HazardRecord& hazard);

}  // namespace safegrid::services
