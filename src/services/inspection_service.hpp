// Inspections (排查): an inspector (or the enterprise itself) answers a checklist at an enterprise;
// every failed item opens one hazard in the same transaction.
//
// Who may record (CONTRACT "Inspections"; other answers below):
//   admin, town, village, inspector   any kind, at an enterprise inside their scope
//   enterprise                        only kind self_check (the default for it), only at its own
//                                     enterprise; another kind → 403
// An enterprise outside the caller's scope is a bad reference in the body: 422 "enterprise_id",
// exactly as POST /hazards answers it (nothing about its existence leaks either way).
//
// What a fail opens (through HazardService::Insert, which also writes its event, counters, audit
// entry, listing and the enterprise's risk grade): source "inspection", the item's text as title
// (cut to 200 characters), the answer's note as description, the item's category and legal basis,
// the grade of GradeFailedItem (an item the standard itself names a 重大事故隐患 grades it major and
// records why; the inspector may propose "major" for any other item), and
//   - status rectifying with the default deadline for its grade (DeadlinePolicy, China end of day);
//   - EXCEPT for a self_check: status reported, no deadline (staff confirm and set it).
// Answers pass and na are kept in inspection_items only.
//
// Checks, in order (the first failing group answers):
//   1. kind known, else 422 "kind"; the role may record this kind, else 403;
//   2. every field, all problems at once (422): enterprise_id required; checklist_id a template
//      (and checklist_version a stored version of it when sent); items 1..500; per item
//      "items[i].item_id" in the template and not repeated, "items[i].result" pass|fail|na,
//      "items[i].note" ≤ 2000, "items[i].severity" general|major; note ≤ 2000; lat/lng in range;
//   3. the enterprise in scope (422 "enterprise_id"); attachments uploaded by the caller
//      (422 "items[i].attachments"); for kind campaign, the campaign's scope holds the enterprise
//      and today (the town's calendar) is in its period (422 "campaign_id").
// campaign_id is required when kind is campaign and refused otherwise (422 "campaign_id", step 2);
// the inspection and the hazards it opens carry it.
// Reads: GET /inspections lists what the caller's scope contains (an enterprise: its own); GET
// /inspections/{id} outside scope → 404.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/checklist/checklist.hpp"
#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/checklist_service.hpp"
#include "services/hazard_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/inspection_repository.hpp"

namespace safegrid::services {

using storage::InspectionItemRecord;
using storage::InspectionRecord;

inline constexpr size_t kMaxInspectionItems = 500;
inline constexpr size_t kMaxInspectionNote = 2000;
inline constexpr size_t kMaxHazardTitle = 200;

// One answer of POST /api/v1/inspections, already type-checked by the transport.
struct InspectionAnswer {
    std::string item_id;  // the item's code, or empty when item_number names it
    std::string result;   // pass | fail | na
    std::string note;
    std::vector<int64_t> attachments;     // uploaded by the caller
    std::optional<std::string> severity;  // the inspector's proposed grade of a fail (general | major)
    std::optional<int64_t> item_number;   // the item's API id (checklist::PublicNumber)
};

struct NewInspection {
    std::optional<int64_t> enterprise_id;      // required (the enterprise role: default its own)
    std::string checklist_id;                  // the template's code, or empty when checklist_number names it
    std::optional<int64_t> checklist_version;  // default: the current one
    std::string kind;                          // "" → routine (self_check for the enterprise role)
    std::optional<int64_t> campaign_id;        // required for kind campaign, refused for the others
    std::vector<InspectionAnswer> items;
    std::optional<double> lat;
    std::optional<double> lng;
    std::string note;
    std::optional<int64_t> checklist_number;  // the template's API id (checklist::PublicNumber)
};

struct InspectionFilter {
    std::optional<int64_t> region_id;  // the whole subtree; not visible → 404
    std::optional<int64_t> enterprise_id;
    int64_t offset = 0;
    int64_t limit = 20;  // clamped to 1..200
};

// An inspection as lists show it.
struct InspectionView {
    InspectionRecord inspection;
    std::string enterprise_name;
    std::string checklist_title;      // of the version used
    std::vector<int64_t> hazard_ids;  // opened by its fails, in answer order
};

// One answer with the item as it read in the version used (item null if that version lacks it).
struct InspectionItemView {
    InspectionItemRecord answer;
    const checklist::Item* item = nullptr;  // points into InspectionDetail::checklist
};

struct InspectionDetail : InspectionView {
    TemplatePtr checklist;  // the version used; null only if its stored row is gone
    std::vector<InspectionItemView> items;
};

struct InspectionPage {
    std::vector<InspectionView> items;
    int64_t total = 0;
};

// The inspection's stored fields with its answers, for audit entries.
boost::json::object InspectionAuditJson(const InspectionRecord& r, const std::vector<InspectionItemRecord>& items);

// The hazard title for a failed item: its finding (what is wrong, not the question asked), trimmed,
// cut to kMaxHazardTitle code points ("…" marks a cut).
std::string HazardTitleFor(const std::string& finding);
// The description of that hazard: the inspector's note when there is one, else which item failed
// and its legal basis (checklist::FailedItemDescription).
std::string HazardDescriptionFor(const checklist::Item& item, const std::string& note);

class InspectionService {
  public:
    // `policy` sets the default deadlines (app config general_deadline_days / major_deadline_days).
    // `zone`: the town's calendar, which decides whether a campaign is open today.
    InspectionService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                      HazardService& hazards, ChecklistService& checklists, DeadlinePolicy policy = {},
                      TimeZone zone = {});

    // POST /api/v1/inspections → 201 with the inspection (hazard_ids included). One transaction.
    Result<InspectionDetail> Create(const Principal& caller, const NewInspection& input);
    // GET /api/v1/inspections
    Result<InspectionPage> List(const Principal& caller, const InspectionFilter& filter);
    // GET /api/v1/inspections/{id}
    Result<InspectionDetail> Get(const Principal& caller, int64_t id);

  private:
    Result<InspectionDetail> Detail(storage::Connection& conn, const InspectionRecord& r);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    HazardService& hazards_;
    ChecklistService& checklists_;
    DeadlinePolicy policy_;
    TimeZone zone_;
};

}  // namespace safegrid::services
