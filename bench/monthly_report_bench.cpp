// The monthly report PDF on a seeded store (issue 8, "Measured": monthly PDF < 2 s): the town's
// report of the last whole month, gathered (MonthlyReportService::Build) and drawn (RenderPdf), as
// GET /api/v1/reports/monthly.pdf does without the HTTP; and the gathering alone.
//
// bench/run.sh seeds the store and passes it in SAFEGRID_BENCH_DB (sqlite:… or postgresql://…);
// without it the benchmarks say so and skip.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/system_clock.hpp"
#include "core/report/monthly.hpp"
#include "core/time_zone.hpp"

namespace {

using safegrid::Principal;
using safegrid::Role;
using safegrid::Scope;

struct Store {
    safegrid::app::SystemClock clock;
    std::unique_ptr<safegrid::app::Services> services;
    Principal town;
    std::string period;
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
        s->period = safegrid::report::PreviousMonth(today)->Text();
        return s;
    }();
    return store;
}

void Monthly(benchmark::State& state, bool pdf) {
    Store* s = OpenStore();
    if (s == nullptr) {
        state.SkipWithError("SAFEGRID_BENCH_DB is not set (bench/run.sh sets it)");
        return;
    }
    size_t bytes = 0;
    for (auto _ : state) {
        auto& reports = *s->services->monthly_reports;
        if (pdf) {
            auto file = reports.Pdf(s->town, {s->period, std::nullopt});
            if (!file) {
                state.SkipWithError(file.error().internal.c_str());
                return;
            }
            bytes = file->bytes.size();
        } else {
            auto r = reports.Build(s->town, {s->period, std::nullopt});
            if (!r) {
                state.SkipWithError(r.error().internal.c_str());
                return;
            }
            benchmark::DoNotOptimize(r);
        }
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_MonthlyReportPdf(benchmark::State& state) { Monthly(state, true); }
void BM_MonthlyReportFigures(benchmark::State& state) { Monthly(state, false); }
BENCHMARK(BM_MonthlyReportPdf)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_MonthlyReportFigures)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
