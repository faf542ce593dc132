// 一企一档: the enterprise registry. Listing with search and filters, reading, creating (one at a
// time or in bulk for the seed and the importer) and editing enterprises.
//
// Who may do what (other roles → 403; ids outside the caller's scope → 404):
//   admin, town, village   everything inside their scope
//   inspector              the same inside its grid: inspectors in the field find unregistered
//                          workshops, and 一企一档 is only complete if they can file them on the spot
//   enterprise             read its own enterprise and edit its contact_name, contact_phone, address
//                          and employees; changing any other field → 403; creating → 403
// References: grid_id must be a grid the caller manages (422 "grid_id" otherwise, the same answer for
// a grid that does not exist, so nothing leaks); building_id must be a building in that same grid.
// credit_code is unique within a town (409 "already_exists"). risk_level and risk_score are computed
// (core/enterprise/risk.hpp) on every write; sending a different level → 422 "read-only".
//
// RISK (CONTRACT "Risk grading and plans"; enterprise_risk.cpp): every write that moves a factor
// calls RefreshRisk inside its own transaction — an enterprise create or edit here, a hazard create
// or transition (HazardService), an inspection (InspectionService) — so the stored level, score and
// inspection_due_at commit or roll back with the change. A colour change (and the first grade)
// appends an enterprise_risk_history row with its reason. Time-driven factors (a deadline passing)
// are caught by RefreshAllRisk, the daily pass: one read of every enterprise's facts, the grades
// computed in memory, then one write transaction that re-grades only the enterprises whose stored
// values differ (each from fresh facts, so a concurrent change is never overwritten by a stale one).
//
// The system (caller null: seed, importer, command line) may do anything; its audit entries have no
// actor. Every write appends an audit entry in its own transaction.
// Thread-safety: safe to share; state lives in the Database.
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
#include "core/enterprise/enterprise.hpp"
#include "core/enterprise/industry.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/progress_fn.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/last_change.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/risk_repository.hpp"

namespace safegrid::services {

// A POST body or one imported row.
struct EnterpriseInput {
    std::optional<int64_t> grid_id;  // required
    std::optional<int64_t> building_id;
    std::string name;
    std::string credit_code;
    std::string address;
    std::string industry_code;
    std::optional<int64_t> employees;
    std::vector<std::string> tags;
    std::optional<double> lat;
    std::optional<double> lng;
    std::string contact_name;
    std::string contact_phone;
};

// Absent fields stay; for nullable ones the inner optional is the new value (null clears).
struct EnterprisePatch {
    std::optional<int64_t> grid_id;
    std::optional<std::optional<int64_t>> building_id;
    std::optional<std::string> name;
    std::optional<std::string> credit_code;
    std::optional<std::string> address;
    std::optional<std::string> industry_code;
    std::optional<std::optional<int64_t>> employees;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::optional<double>> lat;
    std::optional<std::optional<double>> lng;
    std::optional<std::string> contact_name;
    std::optional<std::string> contact_phone;
    std::optional<std::string> risk_level;  // read-only: accepted only when equal to the stored grade
};

struct EnterpriseListQuery {
    std::optional<int64_t> region_id;       // the whole subtree; out of scope → 404
    std::optional<std::string> q;           // substring of name, credit code or address (≤ 100 chars)
    std::optional<std::string> tag;         // one of the tags (422 "tag" otherwise)
    std::optional<std::string> risk_level;  // red|orange|yellow|blue (422 "risk_level" otherwise)
    std::optional<int64_t> building_id;     // tenants of one building
    bool due = false;                       // only enterprises due for inspection now (IsInspectionDue)
    int64_t offset = 0;
    int64_t limit = 20;  // clamped to 1..200
};

// The outcome of CreateMany. Nothing is written unless every row is valid (and not dry_run).
struct BulkCreateResult {
    struct RowError {
        size_t index = 0;  // position in the input
        Error error;       // 422 with per-field reasons, or 409 already_exists
    };
    std::vector<int64_t> ids;  // created ids in input order; empty on dry run or when any row failed
    std::vector<RowError> errors;
    bool written = false;
};

boost::json::object EnterpriseAuditJson(const Enterprise& enterprise);

// What the grade needs from outside the registry: the method (from the standards data file), the
// bands (the method's D bands unless configured) and the inspection intervals by colour.
struct RiskPolicy {
    RiskMethod method;
    InspectionIntervals intervals;
    TimeZone zone;  // the town's calendar, for the training window (no_recent_training)
};

// GET /api/v1/enterprises/{id}/risk.
struct RiskView {
    Enterprise enterprise;
    std::string method;
    RiskAssessment assessment;  // computed now from the current facts
    UnixSeconds computed_at = 0;
    std::optional<UnixSeconds> next_inspection_due;  // null: never inspected (due now)
    std::vector<storage::RiskHistoryEntry> history;  // newest first
};

// What people read instead of an id and a code: the grid's name and the industry's name (null when
// the code is empty or not in the table; see core/enterprise/industry.hpp).
struct EnterpriseNames {
    std::string grid_name;
    std::optional<IndustryName> industry;
};

class EnterpriseService {
  public:
    EnterpriseService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit, RiskPolicy risk);

    Result<std::pair<std::vector<Enterprise>, int64_t>> List(const Principal& caller, const EnterpriseListQuery& query);
    Result<Enterprise> Get(const Principal& caller, int64_t id);
    Result<Enterprise> Create(const Principal* caller, const EnterpriseInput& input);
    Result<Enterprise> Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                              const EnterprisePatch& patch);

    // POST /enterprises/validate (services/enterprise_validate.cpp): every check Create makes
    // (ValidateNew: CreateMany's own dry run) or Update makes (ValidateEdit: CheckEdit, with no
    // version: a form being typed has no stale version yet), in a read transaction, nothing written.
    // The same errors as the write would answer: 403, 404, 422 per field, 409 already_exists.
    Status ValidateNew(const Principal& caller, const EnterpriseInput& input);
    Status ValidateEdit(const Principal& caller, int64_t id, const EnterprisePatch& patch);
    // After an Update answered 409 version_conflict: the enterprise as stored now and its last
    // audited change (who, when, which fields). 404 when missing or outside scope.
    Result<StaleEdit<Enterprise>> StaleEditOf(const Principal& caller, int64_t id);

    // Bulk insert for the seed and the importer: every row gets the same checks as Create (scope,
    // references, duplicates within the town and within the batch), then, if all pass and
    // !dry_run, all rows are inserted with their audit entries in ONE transaction (joining the
    // caller's, if one is open). Any failing row → nothing is written and every problem is listed.
    // Errors of the call itself (store unavailable, caller not allowed) come back as the Result's error.
    // `progress` hears (rows written, rows to write) every kProgressEveryRows rows while writing.
    Result<BulkCreateResult> CreateMany(const Principal* caller, const std::vector<EnterpriseInput>& rows, bool dry_run,
                                        const ProgressFn& progress = {});

    // For the hazard module: the extra factors (open/overdue hazards) of an enterprise, read inside
    // the writing transaction; the registry's own facts are added here. Unset → none.
    // The enterprise's town comes along: its hazards live on that town's shard.
    using HazardFactorSource =
        std::function<Result<RiskFactors>(storage::Connection&, int64_t enterprise_id, int64_t town_id)>;
    void SetHazardFactorSource(HazardFactorSource source) { hazard_factors_ = std::move(source); }
    // THE one call for a change that moves a factor: recomputes and stores the grade of one
    // enterprise inside the caller's transaction; a colour change appends a history row with
    // `reason`. No audit entry: it is derived. True when the colour changed.
    Result<bool> RefreshRisk(storage::Connection& conn, int64_t enterprise_id, const std::string& reason);
    // For the inspection module, before RefreshRisk: a staff inspection's time and failed items.
    Status RecordInspection(storage::Connection& conn, int64_t enterprise_id, UnixSeconds at, int64_t failures);
    // The daily pass (see RISK above). Returns how many colours changed.
    Result<int64_t> RefreshAllRisk();
    // GET /api/v1/enterprises/{id}/risk: 404 when missing or outside scope.
    Result<RiskView> Risk(const Principal& caller, int64_t id);
    // Stats: how many enterprises under `filters` are due now.
    Result<int64_t> CountDue(storage::Connection& conn, const std::vector<storage::PathFilter>& filters);
    [[nodiscard]] const RiskPolicy& risk_policy() const { return risk_; }

    // The industry names (services/industry_table), set once at start-up; unset → none known.
    void SetIndustries(std::shared_ptr<const IndustryTable> table) { industries_ = std::move(table); }
    // The names of each of `enterprises`, in their order: one query for all their grids
    // (services/enterprise_names.cpp). The caller has already read them, so no scope check here.
    Result<std::vector<EnterpriseNames>> Names(const std::vector<Enterprise>& enterprises);

  private:
    // Update's checks after the version: `stored` with `patch` applied, validated against the
    // rules, the caller's role and the store's references. Writes nothing.
    Result<Enterprise> CheckEdit(storage::Connection& conn, const Principal* caller, const Enterprise& stored,
                                 const EnterprisePatch& patch);
    Result<RiskAssessment> Grade(storage::Connection& conn, const Enterprise& e);
    // Sets e's level, score, computed_at and inspection_due_at from `a`.
    void ApplyGrade(Enterprise& e, const RiskAssessment& a, UnixSeconds now) const;

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    RiskPolicy risk_;
    HazardFactorSource hazard_factors_;
    std::shared_ptr<const IndustryTable> industries_;
};

}  // namespace safegrid::services
