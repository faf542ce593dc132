// The service layer without HTTP, on a seeded store: what the store and the scope rules cost per
// call, so the wrk figures of bench/run.sh can be split into "store" and "network + JSON".
//
// bench/run.sh seeds the store and passes it in SAFEGRID_BENCH_DB (sqlite:… or postgresql://…).
// Without it the program says so and runs only the pure benchmarks.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>

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
