// The hazard counters (hazard_counts, hazard_month_counts, hazard_due_counts) and the counts read
// from them. They change in the same transaction as every hazard write (HazardCounterDelta), so
// statistics and list totals never count the hazards table row by row.
#include <algorithm>
#include <array>

#include "core/hazard/deadline.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/hazard_rules_sql.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::storage {
namespace {

std::string Str(std::string_view s) { return std::string(s); }

// Floor division: a deadline before 1970 still falls in the week that contains it.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

int HazardRepository::MonthKey(UnixSeconds t) {
    const CivilDate d = LocalDate(t);
    return d.year * 100 + d.month;
}

int64_t HazardRepository::DueWeek(UnixSeconds due_at) { return FloorDiv(due_at, kDueWeekSeconds); }

void HazardCounterDelta::Add(const HazardRecord& h, int64_t delta) {
    const int64_t village = h.path.village_id.value_or(0);
    const int64_t grid = h.path.grid_id.value_or(0);
    const bool closed = h.status == HazardStatus::kClosed;
    const std::string severity = Str(SeverityName(h.severity));
    auto& c = counts_[{h.path.town_id, village, grid, Str(HazardStatusName(h.status)), severity}];
    c.first += delta;
    if (closed && h.closed_on_time.value_or(false)) c.second += delta;
    months_[{h.path.town_id, village, grid, HazardRepository::MonthKey(h.found_at)}].first += delta;
    if (closed && h.closed_at)
        months_[{h.path.town_id, village, grid, HazardRepository::MonthKey(*h.closed_at)}].second += delta;
    if (hazard_sql::CanBeOverdue(h.status) && h.due_at)
        due_weeks_[{h.path.town_id, village, grid, severity, HazardRepository::DueWeek(*h.due_at)}] += delta;
    if (h.campaign_id) {
        auto& c = campaigns_[{*h.campaign_id, village, grid}];
        c[0] = h.path.town_id;
        c[1] += delta;
        if (closed) c[2] += delta;
        if (h.recurrence_of) c[3] += delta;
    }
}

Status HazardCounterDelta::Apply(Connection& conn) const {
    for (const auto& [key, d] : counts_) {
        if (d.first == 0 && d.second == 0) continue;
        const auto& [town, village, grid, status, severity] = key;
        const std::array<Value, 7> p = {town, village, grid, status, severity, d.first, d.second};
        SG_TRY(
            conn.Execute("INSERT INTO hazard_counts (town_id, village_id, grid_id, status, severity, n, "
                         "closed_on_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (town_id, village_id, grid_id, "
                         "status, severity) DO UPDATE SET n = hazard_counts.n + excluded.n, "
                         "closed_on_time = hazard_counts.closed_on_time + excluded.closed_on_time",
                         p));
    }
    for (const auto& [key, d] : months_) {
        if (d.first == 0 && d.second == 0) continue;
        const auto& [town, village, grid, month] = key;
        const std::array<Value, 6> p = {town, village, grid, month, d.first, d.second};
        SG_TRY(
            conn.Execute("INSERT INTO hazard_month_counts (town_id, village_id, grid_id, month, found, closed) "
                         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (town_id, village_id, grid_id, month) "
                         "DO UPDATE SET found = hazard_month_counts.found + excluded.found, "
                         "closed = hazard_month_counts.closed + excluded.closed",
                         p));
    }
    for (const auto& [key, n] : due_weeks_) {
        if (n == 0) continue;
        const auto& [town, village, grid, severity, week] = key;
        const std::array<Value, 6> p = {town, village, grid, severity, week, n};
        SG_TRY(
            conn.Execute("INSERT INTO hazard_due_counts (town_id, village_id, grid_id, severity, due_week, n) "
                         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (town_id, village_id, grid_id, severity, due_week) "
                         "DO UPDATE SET n = hazard_due_counts.n + excluded.n",
                         p));
    }
    for (const auto& [key, d] : campaigns_) {
        if (d[1] == 0 && d[2] == 0 && d[3] == 0) continue;
        const auto& [campaign, village, grid] = key;
        const std::array<Value, 7> p = {campaign, d[0], village, grid, d[1], d[2], d[3]};
        SG_TRY(conn.Execute(
            "INSERT INTO campaign_counts (campaign_id, town_id, village_id, grid_id, hazards, closed, recurred) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, village_id, grid_id) DO UPDATE SET "
            "hazards = campaign_counts.hazards + excluded.hazards, closed = campaign_counts.closed + excluded.closed, "
            "recurred = campaign_counts.recurred + excluded.recurred",
            p));
    }
    return {};
}

bool HazardRepository::CountableFromCounters(const HazardQuery& q) {
    if (!PathFiltersFitCounts(q.filters)) return false;
    return !q.enterprise_id && !q.category && !q.supervised && (!q.q || q.q->empty());
}

Result<int64_t> HazardRepository::CountFromCounters(const HazardQuery& q) {
    if (!CountableFromCounters(q)) return Internal("CountFromCounters: query has filters the counters do not hold");
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.overdue_at) {
        // Only one status can be overdue (core's OverdueRule): any other status asked for holds none.
        if (!q.statuses.empty() && std::none_of(q.statuses.begin(), q.statuses.end(), hazard_sql::CanBeOverdue))
            return 0;
        return CountOverdueByWeeks(where, where, params, q.severity, *q.overdue_at);
    }
    AppendStatuses(q.statuses, where, params);
    if (q.severity) {
        where += " AND severity = ?";
        params.emplace_back(Str(SeverityName(*q.severity)));
    }
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM hazard_counts" + where, params));
    return rows.rows.empty() ? 0 : rows.rows.front().Int(0);
}

std::pair<std::string, std::vector<Value>> HazardRepository::CountersTotalSql(const HazardQuery& q) {
    // The same sums as CountFromCounters, as one scalar expression for ListWithTotal.
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(q.filters, where, params);
    if (q.overdue_at) {
        if (!q.statuses.empty() && std::none_of(q.statuses.begin(), q.statuses.end(), hazard_sql::CanBeOverdue))
            return {"0", {}};
        if (q.severity) {
            where += " AND severity = ?";
            params.emplace_back(Str(SeverityName(*q.severity)));
        }
        const int64_t week = DueWeek(*q.overdue_at);
        std::vector<Value> current = params;
        params.emplace_back(week);
        std::string sql = "((SELECT COALESCE(SUM(n), 0) FROM hazard_due_counts" + where +
                          " AND due_week < ?) + (SELECT COUNT(*) FROM hazards" + where + " AND ";
        sql += hazard_sql::OverdueDueSince(current, week * kDueWeekSeconds, *q.overdue_at) + "))";
        params.insert(params.end(), current.begin(), current.end());
        return {std::move(sql), std::move(params)};
    }
    AppendStatuses(q.statuses, where, params);
    if (q.severity) {
        where += " AND severity = ?";
        params.emplace_back(Str(SeverityName(*q.severity)));
    }
    return {"(SELECT COALESCE(SUM(n), 0) FROM hazard_counts" + where + ")", std::move(params)};
}

Result<int64_t> HazardRepository::CountOverdue(const std::vector<PathFilter>& filters,
                                               std::optional<int64_t> enterprise_id, UnixSeconds now) {
    HazardQuery q;
    q.filters = filters;
    q.enterprise_id = enterprise_id;
    q.overdue_at = now;
    return CountableFromCounters(q) ? CountFromCounters(q) : Count(q);
}

Result<int64_t> HazardRepository::CountOverdueByWeeks(const std::string& counters_where,
                                                      const std::string& hazards_where,
                                                      const std::vector<Value>& place_params,
                                                      std::optional<Severity> severity, UnixSeconds now) {
    // Whole weeks before this one from the counters; this week's part (deadlines from the start of
    // the week up to now) from the (place, status, due_at) index: a few days of deadlines at most.
    const int64_t week = DueWeek(now);
    std::vector<Value> params = place_params;
    std::string severity_sql;
    if (severity) {
        severity_sql = " AND severity = ?";
        params.emplace_back(Str(SeverityName(*severity)));
    }
    const std::vector<Value> place_and_severity = params;
    params.emplace_back(week);
    SG_ASSIGN_OR_RETURN(Rows weeks, conn_.Query("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM hazard_due_counts" +
                                                    counters_where + severity_sql + " AND due_week < ?",
                                                params));
    params = place_and_severity;
    std::string current_sql = "SELECT COUNT(*) FROM hazards" + hazards_where + severity_sql;
    current_sql += " AND " + hazard_sql::OverdueDueSince(params, week * kDueWeekSeconds, now);
    SG_ASSIGN_OR_RETURN(Rows current, conn_.Query(current_sql, params));
    const int64_t before = weeks.rows.empty() ? 0 : weeks.rows.front().Int(0);
    return before + (current.rows.empty() ? 0 : current.rows.front().Int(0));
}

}  // namespace safegrid::storage
