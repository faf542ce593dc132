// Micro fire station figures (issue 8 "Measured"): the coverage gaps of 10,000 enterprises against
// 100 stations must take < 100 ms. The core function (core/station) is what GET /stats/coverage
// runs after its two reads; the enterprises are spread over a town of 15 × 17 km like the demo
// town's, the stations' radii 300–1500 m, so some enterprises are covered and many are not.
#include <benchmark/benchmark.h>

#include <random>

#include "core/station/station.hpp"

namespace {

using safegrid::GeoPoint;
using safegrid::station::CoverageCircle;

void BM_CoverageGaps(benchmark::State& state) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lat(30.10, 30.24), lng(121.24, 121.42), radius(300, 1500);
    std::vector<GeoPoint> enterprises(static_cast<size_t>(state.range(0)));
    for (auto& e : enterprises) e = {lat(rng), lng(rng)};
    std::vector<CoverageCircle> stations(static_cast<size_t>(state.range(1)));
    for (auto& s : stations) s = {{lat(rng), lng(rng)}, radius(rng)};
    size_t gaps = 0;
    for (auto _ : state) {
        auto out = safegrid::station::FindCoverageGaps(enterprises, stations);
        gaps = out.size();
        benchmark::DoNotOptimize(out);
    }
    state.counters["uncovered"] = static_cast<double>(gaps);
}
BENCHMARK(BM_CoverageGaps)->Args({10'000, 100})->Unit(benchmark::kMillisecond);

}  // namespace
