// Staff edit a hazard's words (PATCH /api/v1/hazards/{id}): title, description and category, so a
// citizen's raw sentence becomes an official title only after an officer has made it one.
//
// Who: staff (admin, town, village, inspector) in whose scope the hazard lies; outside scope (or
// missing) → 404; the enterprise role → 403. When: while the hazard is `reported` or `rectifying`
// (later the words are what was rectified and signed off) → else 409 invalid_transition.
//
// Order of answers: 404 → 409 version_conflict (a `version` sent and stale) → 409
// invalid_transition → 403 → 422 per field (title 1..200 code points, description ≤ 2000, category a
// known checklist category; the same rules as creation). A patch that changes nothing writes
// nothing and answers the hazard as it is.
//
// One transaction: the row (version-guarded, version + 1), an `edit` history event (from = to =
// the status; its comment names the fields changed), and an audit entry with before/after.
// Status, severity and place do not change, so counters and risk grades are untouched, and no
// notification is sent (nobody's work changed).
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/hazard_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

// The fields a PATCH may carry; absent ones stay as they are.
struct HazardEdit {
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> category;
};

class HazardEditService {
  public:
    HazardEditService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                      HazardService& hazards);

    // → the whole hazard as GET /hazards/{id} shows it to `caller`.
    Result<HazardDetail> Edit(const Principal& caller, int64_t id, const HazardEdit& edit,
                              std::optional<int64_t> expected_version);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    HazardService& hazards_;
};

}  // namespace safegrid::services
