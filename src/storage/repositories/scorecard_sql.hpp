// Internal to the scorecard repository (scorecard_repository.cpp, scorecard_aggregate.cpp,
// scorecard_counts.cpp): the SQL helpers and the two ways of counting the hazard and inspection
// figures. Each Add* function adds its figures into `out`, keyed by village or enterprise id.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/scorecard/scorecard.hpp"
#include "storage/repositories/scorecard_repository.hpp"

namespace safegrid::storage::scorecard_sql {

// AppendPathFilters with the columns qualified by `alias` (the joins need it).
void Filters(const std::vector<PathFilter>& filters, std::string_view alias, std::string& where,
             std::vector<Value>& params);

// Runs a grouped statement and hands each row whose group (column 0) is neither NULL nor 0 (the
// counters' "no village / no enterprise") to `fn`.
Status EachGroup(Connection& conn, const std::string& sql, const std::vector<Value>& params,
                 const std::function<void(int64_t, const Row&)>& fn);

// Hazards (not rejected) due in [from, before) and those of them closed on time, grouped by
// `group` of hazards (village_id or enterprise_id).
Status DueHazards(Connection& conn, const std::string& group, const std::vector<PathFilter>& filters, UnixSeconds from,
                  UnixSeconds before, const std::function<void(int64_t, int64_t, int64_t)>& fn);

// inspected, hazards_due, closed_on_time, majors, majors_closed.
Status AggregateVillageHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                               std::map<int64_t, scorecard::VillageFigures>& out);
// self_checks, hazards_due, closed_on_time, open_fire_facility, open_chemicals, open_electrical.
Status AggregateEnterpriseHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                                  std::map<int64_t, scorecard::EnterpriseFigures>& out);

// The same figures from scorecard_months / scorecard_village_months (migration 0023). False when
// the counters cannot answer the window or the filters (then nothing was added).
Result<bool> CountedVillageHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                                   std::map<int64_t, scorecard::VillageFigures>& out);
Result<bool> CountedEnterpriseHazards(Connection& conn, const std::vector<PathFilter>& filters,
                                      const ScorecardWindow& w, std::map<int64_t, scorecard::EnterpriseFigures>& out);

}  // namespace safegrid::storage::scorecard_sql
