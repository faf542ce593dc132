// The hazard closed loop (隐患闭环): which action may move a hazard from which status, who may
// take it, and what it must carry. This is CONTRACT.md's action table, as code:
//
//   action   from → to                  who                                         needs
//   confirm  reported → rectifying      town, village, inspector                    due_at; an enterprise
//   reject   reported → rejected        town, village, inspector                    comment
//   submit   rectifying → submitted     enterprise, inspector                       comment or attachments
//   approve  submitted → closed         town, village, inspector; major: town only  —
//   return   submitted → rectifying     as approve                                  comment; due_at when the old
//                                                                                   one is < 3 days away or past
//   extend   rectifying → rectifying    town, village                               due_at later than the old, comment
//   assign   reported → reported        town, village                               enterprise_id
//
// Admin: may do everything town may (including approving and returning major hazards); the
// contract gives admin "everything", and town is the widest role in the table.
//
// Decisions beyond the table, each for a stated reason:
//   - A new due_at (confirm, extend) may not lie in the past (due_at < now → 422): a deadline that
//     is overdue the moment it is set is a typing mistake. due_at == now is allowed.
//   - confirm needs an enterprise on the hazard (public reports start without one: `assign` first),
//     because a rectifying hazard must have someone to rectify it. 422 on "enterprise_id".
//   - confirm may carry `severity` (the grade given on confirmation, 定级). Downgrading a major
//     hazard to general is reserved to those who may approve a major one (town, admin): otherwise a
//     village could downgrade and then close it itself. Other actions ignore `severity`.
//   - approve and return are refused to the user who made the last submit (409 same_person): who
//     rectifies never signs off their own work (CONTRACT.md). A rule's column in the table.
//   - return needs a new due_at when the old one is less than 3 days away, past, or missing
//     (ReturnNeedsDueAt): the work goes back to the enterprise, which needs time to do it. The new
//     due_at may not be in the past. When the old deadline is far enough, a due_at may still be
//     given, and must then be later than the old one (a return never shortens the time given).
//   - Comments are required to be non-blank: whitespace (including the full-width space U+3000)
//     does not count as a comment.
//
// ORDER of checks (stable; tests and clients rely on it — the first failing check answers):
//   (1) Is the action known?           no  → 422 validation_failed, field "action"
//   (2) Is it valid from this status?  no  → 409 invalid_transition
//   (3) May this role take it?         no  → 403 forbidden
//   (3b) Is the actor the last submitter (approve, return)?  yes → 409 same_person
//   (4) Are the fields right?          no  → 422 validation_failed, one entry per bad field
// Why this order: a client that sends garbage learns it first; a stale screen (someone else moved
// the hazard) learns that before being told about roles, so the answer is "re-read", which is true
// for everyone; same_person after the role, because a role that may never sign off learns that
// first (403 is the more lasting answer), and before the fields, which cannot change it;
// field problems come last because they are only meaningful once the action is allowed.
// Scope (is the hazard / the new enterprise inside the caller's scope → else 404) is checked by the
// service before Decide is called, because it needs the store.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"

namespace safegrid {

// What Decide needs to know about the hazard as it is now.
struct HazardFacts {
    HazardStatus status = HazardStatus::kReported;
    Severity severity = Severity::kGeneral;
    std::optional<UnixSeconds> due_at;
    std::optional<int64_t> enterprise_id;      // null for a public report not yet assigned
    std::optional<int64_t> last_submitter_id;  // who made the last `submit` in the history; null if none
};

// The request body of POST /hazards/{id}/actions, already type-checked by the transport.
struct ActionInput {
    std::string action;  // as sent; step (1) checks that it is known
    std::optional<std::string> comment;
    std::optional<UnixSeconds> due_at;
    std::optional<int64_t> enterprise_id;  // assign
    std::optional<Severity> severity;      // confirm only (定级)
    size_t attachment_count = 0;
    int64_t actor_id = 0;  // the user taking the action (same_person); set by the service
};

// The outcome of an allowed action: what the service writes and records in the history.
struct Transition {
    HazardAction action = HazardAction::kConfirm;
    HazardStatus from = HazardStatus::kReported;
    HazardStatus to = HazardStatus::kReported;
    Severity severity_before = Severity::kGeneral;
    Severity severity_after = Severity::kGeneral;
    std::optional<UnixSeconds> due_before;
    std::optional<UnixSeconds> due_after;
    std::optional<int64_t> enterprise_before;
    std::optional<int64_t> enterprise_after;
    std::optional<std::string> comment;  // trimmed; nullopt when blank or absent
};

Result<Transition> Decide(const HazardFacts& facts, Role role, const ActionInput& input, UnixSeconds now);

// The actions user `actor_id` with `role` may take on a hazard in this state (checks 2, 3 and 3b;
// fields not considered, except that confirm needs an enterprise). For the UI's buttons; Decide
// remains the authority. Ordered for the UI: the action this role is expected to take in this
// state (PrimaryAction) first, then the others in the table's order.
std::vector<HazardAction> AllowedActions(const HazardFacts& facts, Role role, int64_t actor_id);

// The action the role is expected to take next, when allowed: confirm (or assign when there is no
// enterprise yet) for staff on a report, submit for the enterprise, approve for the reviewer.
// None for the others: an inspector may submit a fix he made on the spot, but on a rectifying
// hazard the move is the enterprise's, so his phone does not lead with it.
std::optional<HazardAction> PrimaryAction(const HazardFacts& facts, Role role, int64_t actor_id);

// The words of a hazard (title, description, category) may be reworded by staff while it is
// `reported` or `rectifying`: once a fix is submitted they are what was fixed and signed off, and
// a rejected report is over. Two halves, because the service answers a wrong state (409) before a
// wrong role (403); the web shows the 编辑 button from MayEditWords, never its own copy.
bool WordsEditable(HazardStatus status);
bool RoleMayEditWords(Role role);
inline bool MayEditWords(HazardStatus status, Role role) { return WordsEditable(status) && RoleMayEditWords(role); }

// Whether `return` must carry a new due_at now (the old one is < 3 days away, past, or missing).
bool ReturnNeedsDueAt(const HazardFacts& facts, UnixSeconds now);
inline constexpr UnixSeconds kReturnMinimumTimeLeft = 3 * 86400;

// The status a newly created hazard starts in (CONTRACT.md POST /hazards): `rectifying` when
// created by admin, town, village or inspector (a due_at is then required and may not be in the
// past), `reported` when created by an enterprise (its due_at is dropped: the confirmer sets the
// deadline). Public reports have no role and start `reported` without calling this.
struct NewHazardState {
    HazardStatus status = HazardStatus::kReported;
    std::optional<UnixSeconds> due_at;
};
Result<NewHazardState> DecideCreate(Role role, std::optional<UnixSeconds> due_at, UnixSeconds now);

// True when the text has something other than whitespace (ASCII or U+3000).
bool HasText(const std::optional<std::string>& text);

}  // namespace safegrid
