// Training sessions (百万员工消防安全大培训) and their attendance, the coverage figures over the last
// 12 months, and an enterprise's sessions for its file (CONTRACT "Training, micro fire stations,
// scorecards"; the rules: core/training/training.hpp).
//
// Who may do what (other roles → 403; sessions, regions and enterprises the caller cannot see → 404):
//   town, village, admin   create sessions in a region of their subtree (else 404); record and
//                          delete attendance of an enterprise in their scope and in the session's
//                          region (else 422 "enterprise_id")
//   town, village,         list and read the sessions of their subtree and those held at a region
//   inspector, admin       above their own (a town-wide session for a village officer); a session's
//                          attendance lists only the enterprises in the caller's scope; coverage
//   enterprise             its own enterprise's sessions (GET /enterprises/{id}/trainings) only
// Bad input → 422 naming the field: title (1..200), kind (fire|production|drill), held_on
// (YYYY-MM-DD, at most a year ahead), hours (0 < h <= 24), region_id (required), people (1..100000),
// kind/from/to of a list.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/region/region.hpp"
#include "core/time_zone.hpp"
#include "core/training/training.hpp"
#include "services/audit_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/training_repository.hpp"

namespace safegrid::services {

using storage::AttendanceRecord;
using storage::TrainingRecord;

struct TrainingInput {
    std::optional<std::string> title;
    std::optional<std::string> kind;
    std::optional<std::string> held_on;
    std::optional<int64_t> region_id;
    std::optional<double> hours;
};

struct TrainingView {
    TrainingRecord training;
    std::vector<AttendanceRecord> attendance;  // Get and Create only; the caller's scope
};

struct TrainingListQuery {
    std::optional<int64_t> region_id;  // a region the caller sees in full, else 404
    std::optional<std::string> kind;   // else 422 "kind"
    std::optional<std::string> from;   // YYYY-MM-DD, else 422 "from"
    std::optional<std::string> to;     // YYYY-MM-DD, else 422 "to"
    int64_t offset = 0;
    int64_t limit = 20;
};

struct RegionCoverage {
    int64_t region_id = 0;
    std::string region_name;
    RegionKind region_kind = RegionKind::kVillage;
    TrainingCoverage coverage;
};

struct CoverageView {
    std::string after;    // the window: sessions held after this day (WindowStartExclusive) ...
    std::string through;  // ... through today
    TrainingCoverage total;
    // One row per village of a town (per grid of a village), every child listed, even untrained.
    std::vector<RegionCoverage> by_region;
};

struct EnterpriseTrainings {
    std::vector<storage::EnterpriseTrainingRow> items;  // newest first
    bool covered = false;                               // an attendance counts on today
    std::optional<std::string> last_held_on;            // its latest session held so far
};

class TrainingService {
  public:
    TrainingService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit, TimeZone zone = {});

    // `caller` null: the system (the demo seed), any region.
    Result<TrainingView> Create(const Principal* caller, const TrainingInput& input);
    Result<std::pair<std::vector<TrainingRecord>, int64_t>> List(const Principal& caller,
                                                                 const TrainingListQuery& query);
    Result<TrainingView> Get(const Principal& caller, int64_t id);
    // The row as stored and whether it was new (201) or replaced (200).
    Result<std::pair<AttendanceRecord, bool>> RecordAttendance(const Principal* caller, int64_t training_id,
                                                               int64_t enterprise_id, int64_t people);
    Status DeleteAttendance(const Principal& caller, int64_t training_id, int64_t enterprise_id);
    // GET /stats/training?region_id=: the region (default the caller's scope root; admin: all).
    Result<CoverageView> Coverage(const Principal& caller, std::optional<int64_t> region_id);
    // GET /enterprises/{id}/trainings: an enterprise in the caller's scope (its own for the enterprise role).
    Result<EnterpriseTrainings> ForEnterprise(const Principal& caller, int64_t enterprise_id);
    // The town's calendar day now, YYYY-MM-DD.
    [[nodiscard]] std::string Today() const;

    // EnterpriseService::RefreshRisk, set once at start-up: "no training in 12 months" is a risk
    // factor, so recording or deleting an attendance regrades the enterprise in the same
    // transaction. Unset → no regrade (tests of training alone).
    using RiskRefresh =
        std::function<Result<bool>(storage::Connection&, int64_t enterprise_id, const std::string& reason)>;
    void SetRiskRefresh(RiskRefresh refresh) { refresh_risk_ = std::move(refresh); }

  private:
    Result<std::optional<TrainingRecord>> FindVisible(storage::Connection& conn, const Principal& caller, int64_t id);
    Result<TrainingView> View(storage::Connection& conn, const Principal& caller, TrainingRecord t);
    // Fills region_name of each.
    static Status Name(storage::Connection& conn, std::vector<TrainingRecord*> trainings);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    TimeZone zone_;
    RiskRefresh refresh_risk_;
};

}  // namespace safegrid::services
