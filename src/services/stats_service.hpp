// Statistics (CONTRACT.md "Statistics"): the overview of a region, one row per child region, the
// monthly trend and the ranking of child regions.
//
// Where the figures come from (DESIGN.md: < 5 ms at 1M hazards, so nothing scans `hazards`):
//   - totals by status and severity, closed on time: hazard_counts (kept in every hazard write);
//   - overdue: an index count on (path column, status, due_at);
//   - trend: index counts on (path column, found_at) and (path column, closed_at), one per month;
//   - enterprises: COUNT(*) GROUP BY risk_level over the region's enterprises (index on the path).
// The list endpoint reads its totals from the same counters, so the overview's by_status always
// equals GET /hazards?region_id=&status= totals.
//
// Definitions:
//   rectification_rate = closed / (total − rejected − reported), 0 when the denominator is 0;
//   on_time_rate       = closed on or before due_at / closed, 0 when nothing is closed;
//   major_open         = major hazards in status rectifying or submitted (confirmed, not closed);
//   overdue            = rectifying with due_at < now.
//
// Who sees what: the default region is the caller's scope root (admin: every town, no region);
// a region_id / parent_id the caller may not see in full → 404. The enterprise role sees its own
// enterprise's figures in the overview and the trend; regions and ranking → 403 for it.
//
// Regions: one row per child of the parent (admin without parent_id: one per town), plus a row for
// the parent itself ("direct": true) when hazards are held at the parent's level under no child
// (public reports not yet assigned sit at town level). The rows' figures add up to the parent's
// overview (rates excepted: they are recomputed per row). A grid parent has no children: its answer
// is its own row ("direct": true) with all its figures.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/enterprise/risk.hpp"
#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/ports/clock.hpp"
#include "core/region/region.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct HazardFigures {
    int64_t total = 0;
    std::array<int64_t, kAllHazardStatuses.size()> by_status{};  // indexed by HazardStatus
    std::array<int64_t, kAllSeverities.size()> by_severity{};    // indexed by Severity
    int64_t overdue = 0;
    int64_t major_open = 0;
    int64_t closed_on_time = 0;

    [[nodiscard]] int64_t Status(HazardStatus s) const { return by_status[static_cast<size_t>(s)]; }
    [[nodiscard]] double RectificationRate() const;
    [[nodiscard]] double OnTimeRate() const;
};

struct EnterpriseFigures {
    int64_t total = 0;
    std::array<int64_t, 4> by_risk_level{};  // indexed by RiskLevel (blue, yellow, orange, red)
    int64_t due = 0;                         // due for inspection now (IsInspectionDue)
};

struct StatsFigures {
    HazardFigures hazards;
    EnterpriseFigures enterprises;
};

struct RegionStatsRow {
    Region region;
    bool direct = false;  // the parent's own row: what it holds under no child
    StatsFigures figures;
};

struct TrendPoint {
    std::string month;  // "2026-01", China time
    int64_t found = 0;
    int64_t closed = 0;
};

struct RankingRow {
    int rank = 0;  // 1-based; equal rates share a rank
    Region region;
    StatsFigures figures;
};

class StatsService {
  public:
    StatsService(std::shared_ptr<storage::Database> db, const Clock& clock);

    // GET /api/v1/stats/overview?region_id=
    Result<StatsFigures> Overview(const Principal& caller, std::optional<int64_t> region_id);
    // GET /api/v1/stats/regions?parent_id=
    Result<std::vector<RegionStatsRow>> Regions(const Principal& caller, std::optional<int64_t> parent_id);
    // GET /api/v1/stats/trend?region_id=&months= (1..60, default 12): the last `months` calendar
    // months up to and including the current one, oldest first.
    Result<std::vector<TrendPoint>> Trend(const Principal& caller, std::optional<int64_t> region_id, int months);
    // GET /api/v1/stats/ranking?parent_id=: the child rows of Regions (no direct row) ordered by
    // rectification rate desc, then fewer overdue, then region id.
    Result<std::vector<RankingRow>> Ranking(const Principal& caller, std::optional<int64_t> parent_id);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
};

}  // namespace safegrid::services
