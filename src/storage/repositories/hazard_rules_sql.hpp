// SQL predicates built from the core's hazard rules, so that no repository restates them.
//
// "Overdue" is core's OverdueRule (core/hazard/deadline.hpp) and "open" is kOpenHazardStatuses
// (core/hazard/hazard.hpp). The repositories append these fragments instead of writing
// `status = 'rectifying' AND due_at < ?` by hand: the status (its wire name from core, see
// StatusLiteral) and the comparison operator come from the rule. The fragments keep the shape the
// indexes on (place, status, due_at) serve: one equality on status, a range on due_at.
//
// Tests: tests/storage/hazard_rules_sql_test.cpp compares these predicates, run on both stores,
// with IsOverdue / RiskFactors::AddHazard applied to the same random hazards.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/hazard/deadline.hpp"
#include "core/hazard/hazard.hpp"
#include "storage/db.hpp"

namespace safegrid::storage::hazard_sql {

// 'name' for a status: core's wire names are lower-case ASCII words (tested), so quoting is all
// they need. A literal rather than a bound parameter keeps each statement's text, and so its
// query plan (PostgreSQL's generic plans included), exactly what it was when it was hand-written.
inline std::string StatusLiteral(HazardStatus status) { return "'" + std::string(HazardStatusName(status)) + "'"; }

// "status = 'rectifying' AND due_at < ?" (status and operator from core's OverdueRule); binds `now`.
inline std::string Overdue(std::vector<Value>& params, UnixSeconds now) {
    params.emplace_back(now);
    return "status = " + StatusLiteral(kOverdueRule.status) + " AND due_at " + kOverdueRule.DueBeforeNowOperator() +
           " ?";
}

// "status = 'rectifying' AND due_at >= ? AND due_at < ?": the hazards overdue at `now` whose deadline
// is at or after `from` (the current week's part of CountOverdueByWeeks); binds `from`, `now`.
inline std::string OverdueDueSince(std::vector<Value>& params, UnixSeconds from, UnixSeconds now) {
    params.emplace_back(from);
    params.emplace_back(now);
    return "status = " + StatusLiteral(kOverdueRule.status) + " AND due_at >= ? AND due_at " +
           kOverdueRule.DueBeforeNowOperator() + " ?";
}

// "status IN ('rectifying', 'submitted')": the open hazards (kOpenHazardStatuses).
inline std::string Open() {
    std::string out = "status IN (";
    for (size_t i = 0; i < kOpenHazardStatuses.size(); ++i) {
        if (i > 0) out += ", ";
        out += StatusLiteral(kOpenHazardStatuses[i]);
    }
    return out + ")";
}

// True when hazards in `status` can ever be overdue: the weekly due counters (hazard_due_counts)
// hold exactly these hazards, by the week of their deadline.
constexpr bool CanBeOverdue(HazardStatus status) { return status == kOverdueRule.status; }

}  // namespace safegrid::storage::hazard_sql
