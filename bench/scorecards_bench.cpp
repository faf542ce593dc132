// Scorecards on a seeded store (issue 8, "Measured": all villages of the town < 200 ms, all
// 10,000 enterprises < 2 s): ScorecardService::List as the town office calls it, for the current
// year (the widest window) and the current month.
//
// bench/run.sh seeds the store and passes it in SAFEGRID_BENCH_DB (sqlite:… or postgresql://…);
// without it the benchmarks say so and skip.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/system_clock.hpp"
#include "core/time_zone.hpp"

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

}  // namespace
