// The hazard closed loop (隐患闭环): creating hazards, listing and reading them, and moving them
// through the state machine of core/hazard/state_machine.hpp (Decide is the authority on which
// action may be taken, by whom, with which fields).
//
// Who sees what: a hazard is visible when the caller's Scope contains its place and enterprise
// (Scope::Contains); everything else reads as 404. A public report with no enterprise sits at town
// level and is seen by town staff (and admin) until `assign` moves it to the enterprise's grid.
//
// Order of answers for an action: hazard missing or outside scope → 404; `version` sent and stale →
// 409 version_conflict; then Decide's order (422 unknown action, 409 invalid_transition, 403 role,
// 422 fields); then references (assign: enterprise not visible to the caller or in another town →
// 422 "enterprise_id"; attachments not uploaded by the caller → 422 "attachments"). Two callers acting
// on the same version: exactly one wins, the other gets 409 (invalid_transition or version_conflict).
//
// Every write is ONE transaction: the hazard, its counters (hazard_counts), its history event, its
// evidence links, its audit entry, the enterprise's risk grade and the on_event hook all commit or
// none does.
//
// Lists (DESIGN.md: < 10 ms at 1M hazards): the total comes from hazard_counts when the filter is
// only region / status / severity (any role but enterprise), else from COUNT(*) on the (path,
// status, id), (path, status, due_at) or (enterprise_id, id) indexes; the page is an index range
// scan ORDER BY id DESC. So the list totals and the statistics always agree.
//
// 挂牌督办 (DOMAIN.md §2.5): whenever a hazard is (created) or becomes major AND rectifying and has no
// listing yet, it is listed for town supervision in the same transaction: listing_no "匡安督〔2026〕3号"
// (first character of the town's name + "安督", the year in China time, the town's next number of
// kind 'listing' for that year from document_numbers), listed_at, a hazard_documents row and a "list"
// event. GET /hazards?supervised=true lists them. A listing is never removed (摘牌 is the approval).
//
// RISK RULE (the factors this service gives EnterpriseService, see core/enterprise/risk.hpp):
//   open_general_hazards / open_major_hazards = the enterprise's hazards in status rectifying or
//   submitted (confirmed and not yet closed) by severity; `reported` ones are not counted because
//   nobody has confirmed them yet (a citizen's claim must not paint an enterprise red);
//   overdue_hazards = rectifying with due_at < now.
// Hazards become overdue by the passing of time, not by a write, so a daily job calls
// RefreshAllRiskLevels (EnterpriseService::RefreshAllRisk; the seed calls it once after InsertMany).
//
// Thread-safety: safe to share; state lives in the Database. on_event is set once at start-up.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/hazard/hazard.hpp"
#include "core/hazard/state_machine.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/enterprise_service.hpp"
#include "services/hazard_report_origin.hpp"
#include "storage/db.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {

using storage::AttachmentLink;
using storage::HazardEvent;
using storage::HazardRecord;

// POST /api/v1/hazards, already type-checked by the transport. Strings are checked here.
struct NewHazard {
    std::optional<int64_t> enterprise_id;  // required
    std::string title;                     // 1..200 code points
    std::string description;               // ≤ 2000
    std::string severity;                  // general | major
    std::string category;                  // core/checklist Category name; empty → "other"
    std::optional<UnixSeconds> due_at;     // required (and not past) for staff; ignored for enterprise
    std::vector<int64_t> attachments;      // uploaded by the caller; linked with role "before"
    std::string major_reason;              // optional: why it is major (≤ 500)
    std::string legal_basis;               // optional (≤ 500)
    std::optional<double> lat;
    std::optional<double> lng;
    std::string address;  // ≤ 200
    // When it was found (发现时间), when recorded later: not in the future, not before 2000 (422
    // "found_at"); default now.
    std::optional<UnixSeconds> found_at;
};

// The lower-level insert for inspections, public reports, the historic import and the seed.
// No role or scope checks (the caller did them); only the record's own consistency is checked.
struct HazardInsert {
    // When enterprise_id is set the hazard takes the enterprise's place (path is ignored; an unknown
    // enterprise → 422 "enterprise_id"). Without one, path.town_id must name a town (public reports
    // sit at town level, or at the village or grid of the poster they came from: path as given).
    std::optional<int64_t> enterprise_id;
    RegionPath path;
    std::string source = "staff";  // staff | inspection | enterprise | public | device | import
    std::optional<int64_t> inspection_id;
    std::optional<int64_t> campaign_id;    // the campaign of that inspection, if any
    std::optional<int64_t> recurrence_of;  // a re-check round's: the parent's closed hazard it repeats
    std::string checklist_item;
    std::string title;
    std::string description;
    std::string category = "other";
    Severity severity = Severity::kGeneral;
    std::string major_reason;
    std::string legal_basis;
    HazardStatus status = HazardStatus::kRectifying;
    std::optional<UnixSeconds> due_at;
    std::optional<UnixSeconds> found_at;   // default: now
    std::optional<UnixSeconds> closed_at;  // closed hazards: default found_at
    // Closed hazards: default closed_at <= due_at (true without a deadline). Ignored otherwise.
    std::optional<bool> closed_on_time;
    std::optional<int64_t> reporter_id;  // default: the actor's user id
    std::optional<double> lat;
    std::optional<double> lng;
    std::string address;
    std::vector<AttachmentLink> attachments;  // linked as given (the caller checked ownership)
    // The caller re-grades the enterprise itself, once, later in the same transaction (an
    // inspection opening several hazards: one history row with the inspection as its reason).
    bool defer_risk = false;
};

struct HazardFilter {
    std::optional<int64_t> region_id;  // the whole subtree; not visible → 404
    std::optional<int64_t> enterprise_id;
    std::optional<std::string> status;    // a status, "a,b,c", or "open"; 422 "status" when unknown
    std::optional<std::string> severity;  // 422 "severity"
    bool overdue = false;
    std::optional<std::string> category;  // 422 "category"
    std::optional<bool> supervised;
    std::optional<std::string> q;     // ≤ 100 code points, on title, description and enterprise name
    std::optional<std::string> sort;  // due_at | -due_at | created_at | -created_at (default); 422 "sort"
    int64_t offset = 0;
    int64_t limit = 20;  // clamped to 1..200
};

// A hazard as the API shows it.
struct HazardView {
    HazardRecord hazard;
    std::string enterprise_name;  // "" without an enterprise
    bool overdue = false;
};

struct HazardDetail : HazardView {
    std::vector<HazardEvent> history;            // oldest first
    std::vector<AttachmentLink> attachments;     // ordered by attachment id
    std::vector<HazardAction> allowed_actions;   // for the caller (AllowedActions), primary first
    std::optional<HazardAction> primary_action;  // the one the caller is expected to take (PrimaryAction)
    bool return_needs_due_at = false;            // submitted, and `return` must carry a new due_at
    bool editable = false;                       // the caller may reword it now (MayEditWords)
    std::optional<ReportOrigin> report;          // a citizen's report: what they wrote (hazard_report_origin.hpp)
};

struct HazardPage {
    std::vector<HazardView> items;
    int64_t total = 0;
};

// What on_event receives, inside the writing transaction, after each creation and transition.
struct HazardEventInfo {
    HazardRecord hazard;               // as it is after the event
    HazardEvent event;                 // action "create", "confirm", ..., "link", "list"
    const Principal* actor = nullptr;  // null for system writes (public reports, import, seed)
};

// The hazard's stored fields, for audit entries.
boost::json::object HazardAuditJson(const HazardRecord& hazard);

class HazardService {
  public:
    // Installs this service's factor source on `enterprises` (the risk rule above), so both must
    // live equally long (the composition root owns both).
    HazardService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                  EnterpriseService& enterprises);

    // POST /api/v1/hazards → 201. 403 for no role that may create; 422 per field (enterprise_id not
    // visible to the caller, or for the enterprise role not its own; attachments not its own uploads).
    Result<HazardDetail> Create(const Principal& caller, const NewHazard& input);

    // Inside the caller's transaction (conn): writes the hazard, its "create" event (actor may be
    // null), its counters, its evidence links, its audit entry, its listing when major and
    // rectifying, the enterprise's risk grade, and calls on_event. Returns the new id.
    Result<int64_t> Insert(storage::Connection& conn, const HazardInsert& input, const Principal* actor);

    // ONLY FOR THE DEMO SEED (millions of rows): like Insert, but without the per-row audit entry,
    // history event, evidence, on_event and risk refresh. Counters and listings stay exact. Call
    // RefreshAllRiskLevels once afterwards. Joins the caller's transaction if one is open.
    Result<std::vector<int64_t>> InsertMany(const std::vector<HazardInsert>& inputs);
    // Recomputes every enterprise's risk grade (after InsertMany; daily, as hazards become
    // overdue by time alone): EnterpriseService::RefreshAllRisk. Returns how many colours changed.
    Result<int64_t> RefreshAllRiskLevels();
    // The registry this service grades (InspectionService records inspections through it).
    EnterpriseService& enterprises() { return enterprises_; }

    // filter.sort as an order (default newest first); 422 "sort" when it names none.
    static Result<HazardSort> ListSort(const HazardFilter& filter);
    // GET /api/v1/hazards: items (ordered by filter.sort, by default newest first) and the total.
    Result<HazardPage> List(const Principal& caller, const HazardFilter& filter);
    // GET /api/v1/hazards/{id}: 404 when missing or outside scope.
    Result<HazardDetail> Get(const Principal& caller, int64_t id);
    // POST /api/v1/hazards/{id}/actions → 200 with the updated hazard. See the order of answers above.
    // Attachments of a submit are linked with role "after", of other actions "evidence".
    Result<HazardDetail> Act(const Principal& caller, int64_t id, const ActionInput& input,
                             const std::vector<int64_t>& attachments, std::optional<int64_t> expected_version);
    // POST /api/v1/hazards/{id}/link {"duplicate_of"}: staff (town, village, inspector, admin) mark a
    // reported hazard as a repeat of another visible one (≠ itself; else 422 "duplicate_of") and reject
    // it with the comment "重复上报，已并入隐患 #<of>". 404 / 409 / 403 as for actions.
    Result<HazardDetail> LinkDuplicate(const Principal& caller, int64_t id, int64_t duplicate_of,
                                       std::optional<int64_t> expected_version);

    // For the escalation job (notifications): raises the hazard's escalation_level to `level` (1 the
    // village officer was told, 2 the town) inside the caller's transaction, with an "escalate" event
    // (system actor), an audit entry and on_event. No version change: it is not an edit, and must not
    // make an officer's open screen stale. False (nothing written) when the hazard is missing or
    // already at that level, so a job that runs twice escalates once.
    Result<bool> Escalate(storage::Connection& conn, int64_t hazard_id, int64_t level, const std::string& comment);

    // The same checks Create makes on attachment ids, for other modules (inspections): every id must
    // exist and be uploaded by `caller`, else 422 on `field`.
    Status CheckOwnAttachments(storage::Connection& conn, const Principal& caller, const std::vector<int64_t>& ids,
                               const std::string& field = "attachments");

    // Notifications hook: called inside the transaction after each creation and transition; a
    // failure rolls the whole write back. Null (the default) does nothing.
    std::function<Status(storage::Connection&, const HazardEventInfo&)> on_event;

  private:
    Result<HazardDetail> Detail(storage::Connection& conn, const Principal& caller, const HazardRecord& h);
    // Writes a decided transition: the row (version-guarded), counters, listing, evidence, event,
    // risk grades, audit entry and hook, then reads the detail back.
    Result<HazardDetail> Apply(storage::Connection& conn, const Principal& caller, const HazardRecord& before,
                               HazardRecord after, HazardEvent event, const std::vector<int64_t>& attachments,
                               const std::string& attachment_role);
    Status RecordListing(storage::Connection& conn, const HazardRecord& h, const Principal* actor);
    Status Notify(storage::Connection& conn, const HazardRecord& h, const HazardEvent& e, const Principal* actor);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    EnterpriseService& enterprises_;
};

}  // namespace safegrid::services
