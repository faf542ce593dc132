#include "services/stats_service.hpp"

#include <algorithm>
#include <cstdio>

#include "core/hazard/deadline.hpp"
#include "services/region_service.hpp"
#include "storage/read_replica.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/hazard_stats_repository.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/risk_repository.hpp"

namespace safegrid::services {
namespace {

using storage::HazardRepository;
using storage::PathFilter;

// What a set of figures is about: a subtree (or everything) or one enterprise. (What a town or
// village holds directly comes with its children's figures: StatsService::Regions.)
struct Place {
    std::vector<PathFilter> filters;
    std::optional<int64_t> enterprise_id;
    int64_t town_id = 0;  // an enterprise's town (0 = not known): its statements name it
};

void AddCounts(HazardFigures& f, const std::vector<storage::HazardCount>& counts) {
    for (const auto& c : counts) {
        f.total += c.n;
        f.by_status[static_cast<size_t>(c.status)] += c.n;
        f.by_severity[static_cast<size_t>(c.severity)] += c.n;
        if (c.severity == Severity::kMajor && IsOpenHazard(c.status)) f.major_open += c.n;
        f.closed_on_time += c.closed_on_time;
    }
}

void AddRisk(EnterpriseFigures& f, const std::string& level, int64_t n) {
    if (auto parsed = ParseRiskLevel(level)) {
        f.total += n;
        f.by_risk_level[static_cast<size_t>(*parsed)] += n;
    }
}

Result<StatsFigures> Figures(storage::Connection& conn, const Place& place, UnixSeconds now) {
    HazardRepository hazards(conn);
    storage::HazardStatsRepository repo(conn);
    StatsFigures out;
    if (place.enterprise_id) {
        const storage::TownLimit town = storage::TownLimit::Town(place.town_id);
        SG_ASSIGN_OR_RETURN(auto counts, repo.EnterpriseCountsByKey(*place.enterprise_id, town));
        AddCounts(out.hazards, counts);
        const std::vector<PathFilter> in_town = {
            place.town_id != 0 ? PathFilter{PathFilter::Column::kTown, place.town_id} : PathFilter::Any()};
        SG_ASSIGN_OR_RETURN(out.hazards.overdue, hazards.CountOverdue(in_town, place.enterprise_id, now));
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*place.enterprise_id, town));
        if (e) AddRisk(out.enterprises, std::string(RiskLevelName(e->risk_level)), 1);
        if (e && IsInspectionDue(e->inspection_due_at, now)) out.enterprises.due = 1;
        return out;
    }
    SG_ASSIGN_OR_RETURN(auto counts, repo.CountsByKey(place.filters));
    AddCounts(out.hazards, counts);
    SG_ASSIGN_OR_RETURN(out.hazards.overdue, hazards.CountOverdue(place.filters, std::nullopt, now));
    SG_ASSIGN_OR_RETURN(auto risks, repo.EnterpriseRiskCounts(place.filters));
    for (const auto& [level, n] : risks) AddRisk(out.enterprises, level, n);
    SG_ASSIGN_OR_RETURN(out.enterprises.due, storage::RiskRepository(conn).CountDue(place.filters, now));
    return out;
}

// The region figures are asked about: `id` when given (visible, with its whole subtree in scope,
// else 404), else the caller's scope root; nullopt means everything (admin).
Result<std::optional<Region>> ResolveRegion(storage::Connection& conn, const Principal& caller,
                                            std::optional<int64_t> id) {
    if (id) {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *id));
        if (!region || !caller.scope.ContainsRegion(region->path)) return NotFound();
        return region;
    }
    if (caller.scope.level == Scope::Level::kAll) return std::optional<Region>();
    SG_ASSIGN_OR_RETURN(auto root, storage::RegionRepository(conn).FindById(caller.scope.id));
    if (!root) return NotFound();
    return root;
}

Place SubtreeOf(const std::optional<Region>& region) {
    if (!region) return Place{{PathFilter::Any()}, std::nullopt};
    return Place{{PathFilter::Subtree(region->kind, region->id, region->path.town_id)}, std::nullopt};
}

// The enterprise role asks about its own enterprise; a region_id it may see (its grid) changes nothing.
Result<std::optional<Place>> EnterprisePlace(storage::Connection& conn, const Principal& caller,
                                             std::optional<int64_t> region_id) {
    if (caller.scope.level != Scope::Level::kEnterprise) return std::optional<Place>();
    if (region_id) {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *region_id));
        if (!region) return NotFound();
    }
    return std::optional<Place>(Place{{}, caller.scope.id, caller.scope.town_id});
}

}  // namespace

double HazardFigures::RectificationRate() const {
    const int64_t denominator = total - Status(HazardStatus::kRejected) - Status(HazardStatus::kReported);
    return denominator > 0 ? static_cast<double>(Status(HazardStatus::kClosed)) / static_cast<double>(denominator)
                           : 0.0;
}

double HazardFigures::OnTimeRate() const {
    const int64_t closed = Status(HazardStatus::kClosed);
    return closed > 0 ? static_cast<double>(closed_on_time) / static_cast<double>(closed) : 0.0;
}

StatsService::StatsService(std::shared_ptr<storage::Database> db, const Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

Result<StatsFigures> StatsService::Overview(const Principal& caller, std::optional<int64_t> region_id) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StatsFigures> {
        SG_ASSIGN_OR_RETURN(auto own, EnterprisePlace(conn, caller, region_id));
        if (own) return Figures(conn, *own, clock_.Now());
        SG_ASSIGN_OR_RETURN(auto region, ResolveRegion(conn, caller, region_id));
        return Figures(conn, SubtreeOf(region), clock_.Now());
    });
}

Result<std::vector<RegionStatsRow>> StatsService::Regions(const Principal& caller, std::optional<int64_t> parent_id) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    if (caller.scope.level == Scope::Level::kEnterprise || caller.scope.level == Scope::Level::kNone) {
        return Forbidden();
    }
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<RegionStatsRow>> {
        SG_ASSIGN_OR_RETURN(auto parent, ResolveRegion(conn, caller, parent_id));
        const UnixSeconds now = clock_.Now();
        std::vector<RegionStatsRow> rows;
        if (parent && parent->kind == RegionKind::kGrid) {
            // A grid has no children: everything it holds (enterprises too) is its own, so its row is
            // always there and the rows still add up to the overview.
            SG_ASSIGN_OR_RETURN(auto figures, Figures(conn, SubtreeOf(parent), now));
            rows.push_back({*parent, true, figures});
            return rows;
        }
        std::vector<PathFilter> filters = {parent ? PathFilter::Subtree(parent->kind, parent->id, parent->path.town_id)
                                                  : PathFilter::Any()};
        SG_ASSIGN_OR_RETURN(auto regions, storage::RegionRepository(conn).List(filters));
        // Every child's figures in one grouped statement, keyed by the children's level. Counters are
        // kept at town level and below, so a county's rows (at the top, or under a county) are towns.
        const bool towns_below = !parent || parent->kind == RegionKind::kCounty;
        const std::string_view key = towns_below                         ? "town_id"
                                     : parent->kind == RegionKind::kTown ? "village_id"
                                                                         : "grid_id";
        SG_ASSIGN_OR_RETURN(auto by_child,
                            storage::HazardStatsRepository(conn).CountsByChild(filters.front(), key, now));
        auto figures_of = [&](const std::vector<int64_t>& keys, bool with_enterprises) {
            StatsFigures f;
            for (const int64_t key_id : keys) {
                auto it = by_child.find(key_id);
                if (it == by_child.end()) continue;
                AddCounts(f.hazards, it->second.counts);
                f.hazards.overdue += it->second.overdue;
                if (with_enterprises) {
                    for (const auto& [level, n] : it->second.risks) AddRisk(f.enterprises, level, n);
                    f.enterprises.due += it->second.due;
                }
            }
            return f;
        };
        for (const Region& child : regions) {
            // Without a parent the rows are the top of the tree: the counties, and the towns under none.
            const bool is_child = parent ? child.parent_id == parent->id : !child.parent_id;
            if (!is_child) continue;
            std::vector<int64_t> keys = {child.id};
            if (child.kind == RegionKind::kCounty) {  // a county at the top sums its towns
                keys.clear();
                for (const Region& town : regions) {
                    if (town.kind == RegionKind::kTown && town.parent_id == child.id) keys.push_back(town.id);
                }
            }
            rows.push_back({child, false, figures_of(keys, true)});
        }
        // Enterprises always sit in a grid: none is held directly by a town or village. No row sits
        // directly at a county (town_id is always a town), so it has no direct row.
        if (parent && parent->kind != RegionKind::kCounty) {
            StatsFigures direct = figures_of({0}, false);
            if (direct.hazards.total > 0) rows.push_back({*parent, true, direct});
        }
        return rows;
    });
}

Result<std::vector<TrendPoint>> StatsService::Trend(const Principal& caller, std::optional<int64_t> region_id,
                                                    int months) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    if (months < 1 || months > 60)
        return Invalid("months", {"应为 1 到 60 之间的整数", "Must be an integer from 1 to 60"});
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<TrendPoint>> {
        const CivilDate today = LocalDate(clock_.Now());
        // Month keys (yyyymm), oldest first.
        std::vector<int> keys(static_cast<size_t>(months));
        int y = today.year, m = today.month;
        for (int i = months - 1; i >= 0; --i) {
            keys[static_cast<size_t>(i)] = y * 100 + m;
            if (--m == 0) {
                m = 12;
                --y;
            }
        }
        storage::HazardStatsRepository repo(conn);
        std::vector<storage::HazardStatsRepository::MonthCount> counts;
        SG_ASSIGN_OR_RETURN(auto own, EnterprisePlace(conn, caller, region_id));
        if (own) {
            SG_ASSIGN_OR_RETURN(counts, repo.EnterpriseMonthCounts(*own->enterprise_id, keys.front(), keys.back(),
                                                                   storage::TownLimit::Town(own->town_id)));
        } else {
            SG_ASSIGN_OR_RETURN(auto region, ResolveRegion(conn, caller, region_id));
            SG_ASSIGN_OR_RETURN(counts, repo.MonthCounts(SubtreeOf(region).filters, keys.front(), keys.back()));
        }
        std::vector<TrendPoint> out;
        out.reserve(keys.size());
        for (int key : keys) {
            char label[16];
            std::snprintf(label, sizeof label, "%04d-%02d", key / 100, key % 100);
            TrendPoint p{label, 0, 0};
            for (const auto& c : counts) {
                if (c.month == key) {
                    p.found = c.found;
                    p.closed = c.closed;
                }
            }
            out.push_back(std::move(p));
        }
        return out;
    });
}

Result<std::vector<RankingRow>> StatsService::Ranking(const Principal& caller, std::optional<int64_t> parent_id) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    SG_ASSIGN_OR_RETURN(auto rows, Regions(caller, parent_id));
    std::vector<RankingRow> out;
    for (auto& row : rows) {
        if (!row.direct) out.push_back({0, std::move(row.region), row.figures});
    }
    std::sort(out.begin(), out.end(), [](const RankingRow& a, const RankingRow& b) {
        const double ra = a.figures.hazards.RectificationRate(), rb = b.figures.hazards.RectificationRate();
        if (ra != rb) return ra > rb;
        if (a.figures.hazards.overdue != b.figures.hazards.overdue) {
            return a.figures.hazards.overdue < b.figures.hazards.overdue;
        }
        return a.region.id < b.region.id;
    });
    // Competition ranking on the rate: 1, 1, 3.
    for (size_t i = 0; i < out.size(); ++i) {
        const bool tie =
            i > 0 && out[i].figures.hazards.RectificationRate() == out[i - 1].figures.hazards.RectificationRate();
        out[i].rank = tie ? out[i - 1].rank : static_cast<int>(i) + 1;
    }
    return out;
}

}  // namespace safegrid::services
