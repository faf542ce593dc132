// Scorecards (目标管理责任制考核, CONTRACT "Training, micro fire stations, scorecards"; the rules in
// core/scorecard/scorecard.hpp, the user's view in docs/scorecards.md).
//
// Who may do what (other roles → 403; a region or enterprise the caller cannot see → 404):
//   town, admin   read both levels over their scope (region_id narrows it: a town or village for
//                 level village, a town, village or grid for level enterprise); enter manual items
//   village       read level enterprise for its own village's enterprises; level village → 403
// Bad input → 422 naming the field: period (YYYY-MM or YYYY, not after the town's current month),
// level (village | enterprise), region_id (level village: a grid), code (not an item of the level,
// or one the platform decides), points (a number 0..the item's max), region_id / enterprise_id
// (missing for a manual entry).
//
// A list is computed from a fixed number of aggregate statements (ScorecardRepository), whatever
// the number of subjects. Manual entries are stored (0021) and audited ("scorecard", "manual").
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/scorecard/scorecard.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/hazard_document_service.hpp"
#include "services/scorecard_standard.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct ScorecardQuery {
    std::string period;  // "2026-11" | "2026"
    std::string level;   // "village" | "enterprise"
    std::optional<int64_t> region_id;
};

struct ScorecardList {
    scorecard::Period period;
    scorecard::Level level = scorecard::Level::kVillage;
    std::vector<scorecard::Card> cards;  // ranked
};

struct ScorecardManualInput {
    std::optional<std::string> period;
    std::optional<std::string> level;
    std::optional<int64_t> region_id;
    std::optional<int64_t> enterprise_id;
    std::optional<std::string> code;
    std::optional<double> points;
};

struct ScorecardManualEntry {
    std::string period;
    scorecard::Level level = scorecard::Level::kVillage;
    int64_t subject_id = 0;
    std::string code;
    double points = 0;
    double max = 0;
    int64_t entered_by = 0;
    UnixSeconds entered_at = 0;
};

class ScorecardService {
  public:
    ScorecardService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                     ScorecardStandard standard, TimeZone zone = {});

    Result<ScorecardList> List(const Principal& caller, const ScorecardQuery& query);
    // `caller` null: the system (the demo seed).
    Result<ScorecardManualEntry> PutManual(const Principal* caller, const ScorecardManualInput& input);
    // The list as a workbook (services/documents/scorecard_xlsx.hpp).
    Result<DocumentFile> Export(const Principal& caller, const ScorecardQuery& query);

    [[nodiscard]] const ScorecardStandard& standard() const { return standard_; }

  private:
    // period and level checked (422), or the failure.
    Result<std::pair<scorecard::Period, scorecard::Level>> Parse(const std::optional<std::string>& period,
                                                                 const std::optional<std::string>& level) const;

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    ScorecardStandard standard_;
    TimeZone zone_;
};

}  // namespace safegrid::services
