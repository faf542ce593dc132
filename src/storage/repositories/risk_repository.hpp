// SQL for the risk grade's history (enterprise_risk_history, 0013) and the daily risk pass's bulk
// read of every enterprise's facts. Stateless: each method runs on the connection it is given,
// inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/enterprise/risk.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct RiskHistoryEntry {
    RiskLevel level = RiskLevel::kBlue;
    int64_t score = 0;
    UnixSeconds at = 0;
    std::string reason;
};

// One enterprise as the daily pass sees it: its facts (hazards included) and what is stored now.
struct EnterpriseRiskFacts {
    int64_t id = 0;
    RiskFactors factors;
    std::optional<UnixSeconds> last_inspected_at;
    RiskLevel stored_level = RiskLevel::kBlue;
    int64_t stored_score = 0;
    UnixSeconds stored_due_at = 0;
};

class RiskRepository {
  public:
    explicit RiskRepository(Connection& conn) : conn_(conn) {}

    Status InsertHistory(int64_t town_id, int64_t enterprise_id, const RiskHistoryEntry& entry);
    // Newest first, at most `limit`.
    Result<std::vector<RiskHistoryEntry>> History(int64_t enterprise_id, int64_t limit,
                                                  const TownLimit& town = TownLimit::Any());

    // Every enterprise's facts in three statements (the enterprises, then the open and overdue
    // hazards of all of them grouped by enterprise and severity, with the predicates of
    // hazard_rules_sql.hpp, then the enterprises with an attendance at a session held in
    // (training_after, training_through] — the coverage window's bounds, core/training), ordered
    // by id. For the daily pass: read once, compute in memory, write only what changed.
    Result<std::vector<EnterpriseRiskFacts>> AllFacts(UnixSeconds now, const std::string& training_after,
                                                      const std::string& training_through);

    // Sets every enterprise's last_inspected_at and last_inspection_failures from its stored
    // inspections by staff (self-checks aside), in one statement: for writers that insert
    // inspections in bulk (the demo seed) before the daily pass grades them.
    Status RecordLastInspections();

    // How many enterprises under `filters` are due at `now` (inspection_due_at < now).
    Result<int64_t> CountDue(const std::vector<PathFilter>& filters, UnixSeconds now);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
