// Reads for statistics (services/stats_service.hpp): the counters kept by HazardRepository
// (hazard_counts, hazard_month_counts), index counts of overdue hazards, and the registry's risk
// grades. Nothing here scans `hazards` except for one enterprise's own rows. Stateless: each method
// runs on the connection it is given.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

class HazardStatsRepository {
  public:
    explicit HazardStatsRepository(Connection& conn) : conn_(conn) {}

    // The counters summed per (status, severity) under `filters` (path filters only).
    Result<std::vector<HazardCount>> CountsByKey(const std::vector<PathFilter>& filters);
    // Per (status, severity) from the hazards of one enterprise (it has few; no counters per enterprise).
    Result<std::vector<HazardCount>> EnterpriseCountsByKey(int64_t enterprise_id,
                                                           const TownLimit& town = TownLimit::Any());

    // Hazards found / closed per month (yyyymm, China time) in [from_month, to_month] under the
    // filters, from hazard_month_counts; months without any are absent.
    struct MonthCount {
        int month = 0;
        int64_t found = 0;
        int64_t closed = 0;
    };
    Result<std::vector<MonthCount>> MonthCounts(const std::vector<PathFilter>& filters, int from_month, int to_month);
    // The same for one enterprise, from its hazards.
    Result<std::vector<MonthCount>> EnterpriseMonthCounts(int64_t enterprise_id, int from_month, int to_month,
                                                          const TownLimit& town = TownLimit::Any());

    // Enterprises per risk level (names as stored) under path filters.
    Result<std::vector<std::pair<std::string, int64_t>>> EnterpriseRiskCounts(const std::vector<PathFilter>& filters);

    // The figures of every child of a place, read in one statement (a UNION ALL of GROUP BYs over
    // the counters, plus this week's overdue part and the due-for-inspection count from the
    // (place, ...) indexes) instead of ~5 statements per child. `key_column` is the children's
    // level ("town_id" under everything, "village_id" under a town, "grid_id" under a village);
    // `parent` is the parent's subtree filter (Any for everything). Key 0 collects what the parent
    // holds directly (no child): the counters store 0 there, `hazards` NULL (read as 0).
    struct ChildCounts {
        std::vector<HazardCount> counts;                     // per (status, severity)
        int64_t overdue = 0;                                 // as HazardRepository::CountOverdue
        std::vector<std::pair<std::string, int64_t>> risks;  // as EnterpriseRiskCounts
        int64_t due = 0;                                     // as RiskRepository::CountDue
    };
    Result<std::map<int64_t, ChildCounts>> CountsByChild(const PathFilter& parent, std::string_view key_column,
                                                         UnixSeconds now);

  private:
    Result<std::vector<HazardCount>> SumCounts(const std::string& where, const std::vector<Value>& params);

    Connection& conn_;
};

}  // namespace safegrid::storage
