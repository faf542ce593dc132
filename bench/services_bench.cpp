// The service layer without HTTP, on a seeded store: what the store and the scope rules cost per
// call, so the wrk figures of bench/run.sh can be split into "store" and "network + JSON".
//
// bench/run.sh seeds the store and passes it in SAFEGRID_BENCH_DB (sqlite:… or postgresql://…).
// Without it the program says so and runs only the pure benchmarks.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/system_clock.hpp"
#include "core/enterprise/credit_code.hpp"

namespace {

using safegrid::Principal;
using safegrid::Role;
using safegrid::Scope;

struct Store {
    safegrid::app::SystemClock clock;
    std::unique_ptr<safegrid::app::Services> services;
    Principal town;
    int64_t first_village = 0;
    // The inspector of the grid with the most enterprises (BM_PlanLargestGrid); user_id 0 when none.
    Principal largest_grid_inspector;
    int64_t largest_grid_enterprises = 0;
};

Store* OpenStore() {
    static Store* store = []() -> Store* {
        const char* url = std::getenv("SAFEGRID_BENCH_DB");
        if (url == nullptr) return nullptr;
        auto* s = new Store();
        safegrid::app::Config config;
        config.db = url;
        auto services = safegrid::app::OpenServices(config, s->clock);
        if (!services) {
            std::cerr << "cannot open " << url << ": " << services.error().internal << "\n";
            return nullptr;
        }
        s->services = std::move(*services);
        auto ids = s->services->db->Read([](safegrid::storage::Connection& c) {
            return c.Query(
                "SELECT (SELECT MIN(id) FROM regions WHERE kind = 'town'), "
                "(SELECT MIN(id) FROM regions WHERE kind = 'village')");
        });
        if (!ids || ids->rows.empty()) return nullptr;
        s->town = Principal{.user_id = 0, .username = "bench", .role = Role::kTown};
        s->town.region_id = ids->rows[0].Int(0);
        s->town.scope = Scope{Scope::Level::kTown, ids->rows[0].Int(0)};
        s->first_village = ids->rows[0].Int(1);
        auto grid = s->services->db->Read([](safegrid::storage::Connection& c) {
            return c.Query(
                "SELECT u.id, u.region_id, g.n FROM users u JOIN (SELECT grid_id, COUNT(*) AS n FROM enterprises "
                "GROUP BY grid_id) g ON g.grid_id = u.region_id WHERE u.role = 'inspector' ORDER BY g.n DESC, u.id "
                "LIMIT 1");
        });
        if (grid && !grid->rows.empty()) {
            const auto& row = grid->rows[0];
            s->largest_grid_inspector =
                Principal{.user_id = row.Int(0), .username = "bench-inspector", .role = Role::kInspector};
            s->largest_grid_inspector.region_id = row.Int(1);
            s->largest_grid_inspector.scope = Scope{Scope::Level::kGrid, row.Int(1)};
            s->largest_grid_enterprises = row.Int(2);
        }
        return s;
    }();
    return store;
}

void BM_CreditCodeCheck(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(safegrid::ParseCreditCode("91330282MA2CL8XX3W"));
}
BENCHMARK(BM_CreditCodeCheck);

template <class Fn>
void WithStore(benchmark::State& state, Fn&& fn) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    for (auto _ : state) {
        auto r = fn(*s);
        if (!r) {
            state.SkipWithError(r.error().internal.c_str());
            return;
        }
        benchmark::DoNotOptimize(r);
    }
}

void BM_EnterpriseListPage3(benchmark::State& state) {
    WithStore(state, [](Store& s) { return s.services->enterprises->List(s.town, {.offset = 40, .limit = 20}); });
}
BENCHMARK(BM_EnterpriseListPage3)->Unit(benchmark::kMicrosecond);

void BM_EnterpriseSearch(benchmark::State& state) {
    WithStore(state,
              [](Store& s) { return s.services->enterprises->List(s.town, {.q = std::string("宏达"), .limit = 20}); });
}
BENCHMARK(BM_EnterpriseSearch)->Unit(benchmark::kMicrosecond);

void BM_HazardListVillageRectifyingOverdue(benchmark::State& state) {
    WithStore(state, [](Store& s) {
        return s.services->hazards->List(
            s.town, {.region_id = s.first_village, .status = std::string("rectifying"), .overdue = true});
    });
}
BENCHMARK(BM_HazardListVillageRectifyingOverdue)->Unit(benchmark::kMicrosecond);

void BM_StatsOverviewTown(benchmark::State& state) {
    WithStore(state, [](Store& s) { return s.services->stats->Overview(s.town, std::nullopt); });
}
BENCHMARK(BM_StatsOverviewTown)->Unit(benchmark::kMicrosecond);

void BM_StatsPerVillage(benchmark::State& state) {
    WithStore(state, [](Store& s) { return s.services->stats->Regions(s.town, s.town.region_id); });
}
BENCHMARK(BM_StatsPerVillage)->Unit(benchmark::kMicrosecond);

void BM_EnterpriseListDue(benchmark::State& state) {
    WithStore(state, [](Store& s) { return s.services->enterprises->List(s.town, {.due = true, .limit = 20}); });
}
BENCHMARK(BM_EnterpriseListDue)->Unit(benchmark::kMicrosecond);

// GET /plan without HTTP (issue 7: p99 < 20 ms for a grid of 300 enterprises at 10,000 enterprises
// and 1,000,000 hazards on SQLite): today's plan of the inspector of the largest grid, routed from
// a start point. One call per repetition, so the p99 statistic is over single calls.
void BM_PlanLargestGrid(benchmark::State& state) {
    Store* s = OpenStore();
    if (s == nullptr || s->largest_grid_inspector.user_id == 0) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set, or its store has no inspector");
        return;
    }
    size_t stops = 0;
    for (auto _ : state) {
        safegrid::services::PlanQuery q;
        q.start = safegrid::GeoPoint{30.18, 121.32};
        auto plan = s->services->plans->ForDay(s->largest_grid_inspector, q);
        if (!plan) {
            state.SkipWithError(plan.error().internal.c_str());
            return;
        }
        stops = plan->stops.size();
        benchmark::DoNotOptimize(plan);
    }
    state.counters["grid_enterprises"] = static_cast<double>(s->largest_grid_enterprises);
    state.counters["stops"] = static_cast<double>(stops);
}
BENCHMARK(BM_PlanLargestGrid)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(200)
    ->ReportAggregatesOnly(true)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) {
        std::vector<double> sorted(v);
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    });

// A hazard's life that moves a colour against one that does not (issue 7: the first within 2× of
// the second). One iteration = open a major hazard (town), submit it (the grid's inspector), approve
// it (town): three write transactions, each re-grading the enterprise in the same transaction. At
// the "flipping" enterprise the open major hazard changes the colour and the approval changes it
// back (two risk-history rows and their audit per iteration); at the "steady" one the colour holds.
struct ColourCycle {
    Principal town;       // the seeded `town` user (history rows need a real actor)
    Principal inspector;  // the largest grid's inspector
    int64_t flipping = 0;
    int64_t steady = 0;
};

safegrid::Result<std::string> ColourOf(Store& s, int64_t enterprise) {
    auto r = s.services->db->Read([&](safegrid::storage::Connection& c) {
        const std::array<safegrid::storage::Value, 1> id = {enterprise};
        return c.Query("SELECT risk_level FROM enterprises WHERE id = ?", id);
    });
    if (!r) return tl::unexpected(r.error());
    return r->rows.empty() ? std::string() : r->rows[0].Text(0);
}

// Opens, submits and approves one major hazard; answers how many times the colour changed (0–2).
safegrid::Result<int> RunCycle(Store& s, const ColourCycle& c, int64_t enterprise) {
    SG_ASSIGN_OR_RETURN(std::string before, ColourOf(s, enterprise));
    safegrid::services::NewHazard in;
    in.enterprise_id = enterprise;
    in.title = "疏散通道被货物堵塞";
    in.severity = "major";
    in.category = "evacuation";
    in.due_at = s.clock.Now() + 7 * 86400;
    SG_ASSIGN_OR_RETURN(auto created, s.services->hazards->Create(c.town, in));
    SG_ASSIGN_OR_RETURN(std::string opened, ColourOf(s, enterprise));
    const int64_t id = created.hazard.id;
    SG_TRY(s.services->hazards->Act(c.inspector, id, {"submit", std::string("已清理")}, {}, std::nullopt));
    SG_TRY(s.services->hazards->Act(c.town, id, {"approve", std::nullopt}, {}, std::nullopt));
    SG_ASSIGN_OR_RETURN(std::string closed, ColourOf(s, enterprise));
    return static_cast<int>(opened != before) + static_cast<int>(closed != opened);
}

ColourCycle* FindColourCycle() {
    static ColourCycle* cycle = []() -> ColourCycle* {
        Store* s = OpenStore();
        if (s == nullptr || s->largest_grid_inspector.user_id == 0) return nullptr;
        auto town = s->services->db->Read(
            [](safegrid::storage::Connection& c) { return c.Query("SELECT id FROM users WHERE username = 'town'"); });
        if (!town || town->rows.empty()) return nullptr;
        auto* c = new ColourCycle();
        c->town = s->town;
        c->town.user_id = town->rows[0].Int(0);
        c->inspector = s->largest_grid_inspector;
        auto ids = s->services->db->Read([&](safegrid::storage::Connection& conn) {
            const std::array<safegrid::storage::Value, 1> grid = {c->inspector.region_id.value_or(0)};
            return conn.Query("SELECT id FROM enterprises WHERE grid_id = ? ORDER BY id LIMIT 200", grid);
        });
        if (!ids) return nullptr;
        for (const auto& row : ids->rows) {
            auto changes = RunCycle(*s, *c, row.Int(0));
            if (!changes) continue;
            if (*changes == 2 && c->flipping == 0) c->flipping = row.Int(0);
            if (*changes == 0 && c->steady == 0) c->steady = row.Int(0);
            if (c->flipping != 0 && c->steady != 0) return c;
        }
        return nullptr;
    }();
    return cycle;
}

void HazardCycle(benchmark::State& state, bool flipping) {
    ColourCycle* c = FindColourCycle();
    if (c == nullptr) {
        state.SkipWithError(
            "SAFEGRID_BENCH_DB is not set, or no enterprise of the largest grid flips/keeps its colour");
        return;
    }
    Store& s = *OpenStore();
    int64_t changes = 0;
    for (auto _ : state) {
        auto r = RunCycle(s, *c, flipping ? c->flipping : c->steady);
        if (!r) {
            state.SkipWithError(r.error().internal.c_str());
            return;
        }
        changes += *r;
    }
    state.counters["colour_changes_per_cycle"] =
        static_cast<double>(changes) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}
void BM_HazardCycleColourHolds(benchmark::State& state) { HazardCycle(state, false); }
void BM_HazardCycleColourMoves(benchmark::State& state) { HazardCycle(state, true); }
BENCHMARK(BM_HazardCycleColourHolds)->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_HazardCycleColourMoves)->Unit(benchmark::kMillisecond)->Iterations(50);

// GET /api/v1/campaigns/{id} without HTTP (issue 8: p99 < 20 ms at 10,000 enterprises, 1,000,000
// hazards and 20 campaigns): the town's view of a town-wide campaign, progress and by-village rows
// (in_scope counted from the enterprises, the rest read from campaign_counts). The store is topped up
// to 20 campaigns over the whole town first (once; they stay for the next run).
void BM_CampaignPage(benchmark::State& state) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    auto count = s->services->db->Read(
        [](safegrid::storage::Connection& c) { return c.Query("SELECT COUNT(*), MAX(id) FROM campaigns"); });
    if (!count || count->rows.empty()) {
        state.SkipWithError("cannot count campaigns");
        return;
    }
    int64_t campaign_id = count->rows[0].OptInt(1).value_or(0);
    const std::string today = s->services->campaigns->Today();
    for (int64_t n = count->rows[0].Int(0); n < 20; ++n) {
        safegrid::services::CampaignInput in;
        in.name = "bench 专项整治 " + std::to_string(n + 1);
        in.starts_on = today;
        in.ends_on = today;
        in.region_ids = std::vector<int64_t>{s->town.scope.id};
        auto created = s->services->campaigns->Create(nullptr, in);
        if (!created) {
            state.SkipWithError(created.error().internal.c_str());
            return;
        }
        campaign_id = created->campaign.id;
    }
    for (auto _ : state) {
        auto view = s->services->campaigns->Get(s->town, campaign_id);
        if (!view) {
            state.SkipWithError(view.error().internal.c_str());
            return;
        }
        benchmark::DoNotOptimize(view);
    }
}
BENCHMARK(BM_CampaignPage)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(200)
    ->ReportAggregatesOnly(true)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) {
        std::vector<double> sorted(v);
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    });

// The daily risk pass over every enterprise of the store (issue 7: < 30 s at 100,000): the usual
// night, when few grades move (one read of all facts, the grades in memory, no write).
void BM_DailyRiskPassSteady(benchmark::State& state) {
    WithStore(state, [](Store& s) { return s.services->enterprises->RefreshAllRisk(); });
}
BENCHMARK(BM_DailyRiskPassSteady)->Unit(benchmark::kMillisecond)->Iterations(3);

// The worst night: every stored grade is stale (as after a change of bands or intervals), so the
// pass re-grades and rewrites every enterprise in its one write transaction.
void BM_DailyRiskPassAllChanged(benchmark::State& state) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    for (auto _ : state) {
        state.PauseTiming();
        auto stale = s->services->db->Transact(
            true, [](safegrid::storage::Connection& c) { return c.Execute("UPDATE enterprises SET risk_score = -1"); });
        state.ResumeTiming();
        if (!stale) {
            state.SkipWithError(stale.error().internal.c_str());
            return;
        }
        auto r = s->services->enterprises->RefreshAllRisk();
        if (!r) {
            state.SkipWithError(r.error().internal.c_str());
            return;
        }
    }
}
BENCHMARK(BM_DailyRiskPassAllChanged)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
