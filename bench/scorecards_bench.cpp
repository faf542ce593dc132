// Scorecards on a seeded store (issue 8, "Measured": all villages of the town < 200 ms, all
// 10,000 enterprises < 2 s): ScorecardService::List as the town office calls it, for the current
// year (the widest window) and the current month.
//
// bench/run.sh seeds the store and passes it in SAFEGRID_BENCH_DB (sqlite:… or postgresql://…);
// without it the benchmarks say so and skip.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <type_traits>

#include "app/application.hpp"
#include "app/system_clock.hpp"
#include "core/hazard/deadline.hpp"
#include "core/time_zone.hpp"
#include "storage/repositories/scorecard_repository.hpp"

namespace {

using safegrid::Principal;
using safegrid::Role;
using safegrid::Scope;

struct Store {
    safegrid::app::SystemClock clock;
    std::unique_ptr<safegrid::app::Services> services;
    Principal town;
    std::string year, month;
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
            return c.Query("SELECT MIN(id) FROM regions WHERE kind = 'town'");
        });
        if (!ids || ids->rows.empty() || ids->rows[0].IsNull(0)) return nullptr;
        s->town = Principal{.user_id = 0, .username = "bench", .role = Role::kTown};
        s->town.scope = Scope{Scope::Level::kTown, ids->rows[0].Int(0)};
        const std::string today = safegrid::FormatLocalIsoDate(s->clock.Now(), safegrid::TimeZone{});
        s->year = today.substr(0, 4);
        s->month = today.substr(0, 7);
        return s;
    }();
    return store;
}

void Scorecards(benchmark::State& state, const char* level, bool yearly) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    size_t rows = 0;
    for (auto _ : state) {
        auto r = s->services->scorecards->List(s->town, {yearly ? s->year : s->month, level, std::nullopt});
        if (!r) {
            state.SkipWithError(r.error().internal.c_str());
            return;
        }
        rows = r->cards.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["rows"] = static_cast<double>(rows);
}

void BM_ScorecardsVillagesYear(benchmark::State& state) { Scorecards(state, "village", true); }
void BM_ScorecardsVillagesMonth(benchmark::State& state) { Scorecards(state, "village", false); }
void BM_ScorecardsEnterprisesYear(benchmark::State& state) { Scorecards(state, "enterprise", true); }
BENCHMARK(BM_ScorecardsVillagesYear)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScorecardsVillagesMonth)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScorecardsEnterprisesYear)->Unit(benchmark::kMillisecond)->Iterations(5);

// The figures behind the cards read from the counters of migration 0023 and aggregated from the
// hazards and inspections as before it, for the current year and month at both levels: on the
// seeded store they must be the same (the counter "subjects_differing" is 0), and the time is that
// of the aggregate queries the counters replaced.
template <class Figures>
std::string Show(const Figures& f) {
    if constexpr (std::is_same_v<Figures, safegrid::scorecard::VillageFigures>) {
        return std::to_string(f.inspected) + " " + std::to_string(f.hazards_due) + " " +
               std::to_string(f.closed_on_time) + " " + std::to_string(f.majors) + " " +
               std::to_string(f.majors_closed);
    } else {
        return std::to_string(f.self_checks) + " " + std::to_string(f.hazards_due) + " " +
               std::to_string(f.closed_on_time) + " " + std::to_string(f.open_fire_facility) + " " +
               std::to_string(f.open_chemicals) + " " + std::to_string(f.open_electrical);
    }
}
template <class Figures>
int64_t Differing(const std::map<int64_t, Figures>& a, const std::map<int64_t, Figures>& b) {
    std::set<int64_t> ids;
    for (const auto& [id, f] : a) ids.insert(id);
    for (const auto& [id, f] : b) ids.insert(id);
    int64_t n = 0;
    for (int64_t id : ids) {
        auto x = a.find(id);
        auto y = b.find(id);
        n += Show(x == a.end() ? Figures{} : x->second) != Show(y == b.end() ? Figures{} : y->second);
    }
    return n;
}

void BM_ScorecardsAggregateOracle(benchmark::State& state) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    using safegrid::storage::FigureSource;
    using safegrid::storage::PathFilter;
    const std::vector<PathFilter> town{PathFilter::FromScope(s->town.scope)};
    int64_t differing = 0;
    for (auto _ : state) {
        differing = 0;
        for (const std::string& text : {s->year, s->month}) {
            const auto p = *safegrid::scorecard::ParsePeriod(text);
            const int offset = safegrid::kChinaUtcOffsetSeconds;
            safegrid::storage::ScorecardWindow w{p.FirstDay(),    p.EndDay(),    p.YearFirstDay(),
                                                 p.Start(offset), p.End(offset), 0};
            w.due_before = std::min(w.end, s->clock.Now());
            auto r = s->services->db->Read([&](safegrid::storage::Connection& c) -> safegrid::Result<int64_t> {
                safegrid::storage::ScorecardRepository repo(c);
                SG_ASSIGN_OR_RETURN(auto vc, repo.VillageFigures(town, w, FigureSource::kCounters));
                SG_ASSIGN_OR_RETURN(auto va, repo.VillageFigures(town, w, FigureSource::kAggregate));
                SG_ASSIGN_OR_RETURN(auto ec, repo.EnterpriseFigures(town, w, FigureSource::kCounters));
                SG_ASSIGN_OR_RETURN(auto ea, repo.EnterpriseFigures(town, w, FigureSource::kAggregate));
                return Differing(vc, va) + Differing(ec, ea);
            });
            if (!r) {
                state.SkipWithError(r.error().internal.c_str());
                return;
            }
            differing += *r;
        }
    }
    state.counters["subjects_differing"] = static_cast<double>(differing);
}
BENCHMARK(BM_ScorecardsAggregateOracle)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
