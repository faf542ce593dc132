// GET /stats/training's cost (issue 8, "Measured": 10,000 enterprises, 50,000 attendances): the
// coverage of the whole town with its by-village breakdown, and of one village, through
// TrainingService on a fresh SQLite store written directly by SQL (no seed needed).
//
//   BM_TrainingCoverage/<enterprises>/<attendances>
// The small size runs in seconds; the size is the second argument pair:
//   build/bench/training_bench --benchmark_filter='BM_TrainingCoverage/10000/50000'
#include <benchmark/benchmark.h>

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "app/system_clock.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/training_service.hpp"
#include "storage/db.hpp"

namespace {

using safegrid::Principal;
using safegrid::Role;
using safegrid::Scope;
namespace storage = safegrid::storage;

constexpr int64_t kVillages = 20;
constexpr int64_t kGridsPerVillage = 5;
constexpr int64_t kSessionsPerVillage = 30;

struct World {
    std::filesystem::path dir;
    std::shared_ptr<storage::Database> db;
    safegrid::app::SystemClock clock;
    std::unique_ptr<safegrid::services::AuditService> audit;
    std::unique_ptr<safegrid::services::TrainingService> trainings;
    Principal town;
    int64_t first_village = 0;
};

// Regions: one town, kVillages villages, kGridsPerVillage grids each (ids 1, 2.., in that order);
// enterprises spread over the grids; sessions over the last 400 days; attendances at random.
std::unique_ptr<World> Build(int64_t enterprises, int64_t attendances) {
    auto w = std::make_unique<World>();
    w->dir = std::filesystem::temp_directory_path() /
             ("sg-training-bench-" + std::to_string(enterprises) + "-" + std::to_string(attendances));
    std::filesystem::remove_all(w->dir);
    std::filesystem::create_directories(w->dir);
    auto db = storage::OpenDatabase("sqlite:" + (w->dir / "bench.db").string());
    if (!db || !storage::Migrate(**db)) return nullptr;
    w->db = *db;
    const safegrid::UnixSeconds now = w->clock.Now();
    auto ok = w->db->Transact(true, [&](storage::Connection& c) -> safegrid::Status {
        auto region = [&](int64_t id, const char* kind, std::optional<int64_t> parent, int64_t village,
                          std::optional<int64_t> grid) -> safegrid::Status {
            const std::array<storage::Value, 7> p = {id,
                                                     "区域" + std::to_string(id),
                                                     std::string(kind),
                                                     storage::Nullable(parent),
                                                     int64_t{1},
                                                     village == 0 ? storage::Value() : storage::Value(village),
                                                     storage::Nullable(grid)};
            SG_TRY(
                c.Execute("INSERT INTO regions (id, name, kind, parent_id, town_id, village_id, grid_id, code, "
                          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 0)",
                          p));
            return {};
        };
        SG_TRY(region(1, "town", std::nullopt, 0, std::nullopt));
        std::vector<std::pair<int64_t, int64_t>> grids;  // (village, grid)
        int64_t next = 2;
        for (int64_t v = 0; v < kVillages; ++v) {
            const int64_t village = next++;
            SG_TRY(region(village, "village", 1, village, std::nullopt));
            for (int64_t g = 0; g < kGridsPerVillage; ++g) {
                const int64_t grid = next++;
                SG_TRY(region(grid, "grid", village, village, grid));
                grids.emplace_back(village, grid);
            }
        }
        std::vector<std::pair<int64_t, int64_t>> placed;  // enterprise → (village, grid)
        for (int64_t e = 1; e <= enterprises; ++e) {
            const auto& [village, grid] = grids[static_cast<size_t>(e) % grids.size()];
            const std::array<storage::Value, 4> p = {e, "企业" + std::to_string(e), village, grid};
            SG_TRY(
                c.Execute("INSERT INTO enterprises (id, name, credit_code, address, town_id, village_id, grid_id, "
                          "tags, created_at, updated_at) VALUES (?, ?, 'X' || ?, '', 1, ?, ?, '', 0, 0)",
                          std::array<storage::Value, 5>{p[0], p[1], p[0], p[2], p[3]}));
            placed.emplace_back(village, grid);
        }
        std::mt19937_64 rng(42);
        std::vector<std::pair<int64_t, std::string>> sessions;  // id → held_on
        int64_t session_id = 1;
        for (int64_t v = 0; v < kVillages; ++v) {
            const int64_t village = 2 + v * (kGridsPerVillage + 1);
            for (int64_t s = 0; s < kSessionsPerVillage; ++s) {
                const std::string held_on =
                    safegrid::FormatLocalIsoDate(now - static_cast<int64_t>(rng() % 400) * 86400, {});
                const std::array<storage::Value, 4> p = {session_id, village, village, held_on};
                SG_TRY(
                    c.Execute("INSERT INTO trainings (id, town_id, village_id, region_id, title, kind, held_on, "
                              "hours, created_at) VALUES (?, 1, ?, ?, '培训', 'fire', ?, 2, 0)",
                              p));
                sessions.emplace_back(session_id++, held_on);
            }
        }
        for (int64_t a = 0; a < attendances; ++a) {
            const int64_t e = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(enterprises));
            const auto& [village, grid] = placed[static_cast<size_t>(e - 1)];
            const int64_t v = (village - 2) / (kGridsPerVillage + 1);
            const auto& [sid, held_on] = sessions[static_cast<size_t>(
                v * kSessionsPerVillage + static_cast<int64_t>(rng() % kSessionsPerVillage))];
            const std::array<storage::Value, 6> p = {sid, e, village, grid, held_on, int64_t{5}};
            SG_TRY(
                c.Execute("INSERT INTO training_attendance (training_id, enterprise_id, town_id, village_id, "
                          "grid_id, held_on, kind, people, recorded_at) VALUES (?, ?, 1, ?, ?, ?, 'fire', ?, 0) "
                          "ON CONFLICT DO NOTHING",
                          p));
        }
        return {};
    });
    if (!ok) return nullptr;
    w->audit = std::make_unique<safegrid::services::AuditService>(w->db, w->clock);
    w->trainings = std::make_unique<safegrid::services::TrainingService>(w->db, w->clock, *w->audit);
    w->town = Principal{.user_id = 0, .username = "bench", .role = Role::kTown};
    w->town.scope = Scope{Scope::Level::kTown, 1};
    w->first_village = 2;
    return w;
}

void BM_TrainingCoverage(benchmark::State& state) {
    static std::map<std::pair<int64_t, int64_t>, std::unique_ptr<World>> worlds;
    const auto key = std::pair(state.range(0), state.range(1));
    auto& w = worlds[key];
    if (!w) w = Build(key.first, key.second);
    if (!w) {
        state.SkipWithError("could not build the store");
        return;
    }
    for (auto _ : state) {
        auto town = w->trainings->Coverage(w->town, std::nullopt);
        if (!town) {
            state.SkipWithError(town.error().internal.c_str());
            return;
        }
        benchmark::DoNotOptimize(town);
    }
    auto town = w->trainings->Coverage(w->town, std::nullopt);
    state.counters["coverage"] = town ? town->total.Coverage() : -1;
    state.counters["villages"] = town ? static_cast<double>(town->by_region.size()) : -1;
}
BENCHMARK(BM_TrainingCoverage)->Args({1000, 5000})->Args({10000, 50000})->Unit(benchmark::kMillisecond);

void BM_TrainingCoverageVillage(benchmark::State& state) {
    static std::unique_ptr<World> w = Build(state.range(0), state.range(1));
    if (!w) {
        state.SkipWithError("could not build the store");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(w->trainings->Coverage(w->town, w->first_village));
}
BENCHMARK(BM_TrainingCoverageVillage)->Args({10000, 50000})->Unit(benchmark::kMillisecond);

}  // namespace
