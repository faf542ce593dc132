// The registry world (registry_world.hpp) plus the hazard and statistics services, and the
// brute-force recounts the counter tests compare hazard_counts / hazard_month_counts against.
// Shared by the hazard repository, service, statistics and handler tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "services/hazard_service.hpp"
#include "services/registry_world.hpp"
#include "services/stats_service.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::test {

class HazardWorld {
  public:
    static std::unique_ptr<HazardWorld> Make(Backend backend) {
        auto registry = RegistryWorld::Make(backend);
        if (!registry) return nullptr;
        return std::unique_ptr<HazardWorld>(new HazardWorld(std::move(registry)));
    }

    // One day after the world's clock, the usual deadline in these tests.
    [[nodiscard]] UnixSeconds Tomorrow() const { return r->clock.Now() + 86400; }

    // A hazard created by `who` through the service (staff: rectifying; enterprise: reported).
    int64_t Create(const Principal& who, int64_t enterprise, const std::string& severity = "general",
                   std::optional<UnixSeconds> due = std::nullopt) {
        services::NewHazard in;
        in.enterprise_id = enterprise;
        in.title = "疏散通道堵塞";
        in.description = "二楼疏散通道堆放布料";
        in.severity = severity;
        in.category = "evacuation";
        in.due_at = due ? due : std::optional<UnixSeconds>(Tomorrow());
        auto h = hazards->Create(who, in);
        EXPECT_TRUE(h) << (h ? "" : h.error().id + " " + h.error().internal);
        return h ? h->hazard.id : 0;
    }

    // A public report (town level, no enterprise), written the way the public-report module does.
    int64_t PublicReport(int64_t town) {
        auto id = store().db().Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
            services::HazardInsert in;
            in.path.town_id = town;
            in.source = "public";
            in.title = "群众举报：消防通道被占";
            in.status = HazardStatus::kReported;
            return hazards->Insert(conn, in, nullptr);
        });
        EXPECT_TRUE(id) << (id ? "" : id.error().id + " " + id.error().internal);
        return id ? *id : 0;
    }

    Result<services::HazardDetail> Act(const Principal& who, int64_t id, const std::string& action,
                                       std::optional<std::string> comment = std::nullopt,
                                       std::optional<UnixSeconds> due = std::nullopt) {
        ActionInput in;
        in.action = action;
        in.comment = std::move(comment);
        in.due_at = due;
        return hazards->Act(who, id, in, {}, std::nullopt);
    }

    // One random action on hazard `id` by a random actor: usually one the actor may take now (from
    // allowed_actions), sometimes any action at all, so both the loop and its refusals are exercised.
    void RandomAct(std::mt19937& rng, const std::vector<const Principal*>& actors, int64_t id,
                   const std::vector<int64_t>& assignable) {
        static const char* kActions[] = {"confirm", "reject", "submit", "approve", "return", "extend", "assign"};
        const Principal* who = actors[rng() % actors.size()];
        ActionInput in{kActions[rng() % 7], std::string("说明")};
        if (rng() % 5 != 0) {
            auto seen = hazards->Get(*who, id);
            if (seen && !seen->allowed_actions.empty()) {
                in.action = HazardActionName(seen->allowed_actions[rng() % seen->allowed_actions.size()]);
            }
        }
        in.due_at = r->clock.Now() + 86400 * static_cast<int64_t>(1 + rng() % 30);
        in.enterprise_id = assignable[rng() % assignable.size()];
        if (rng() % 3 == 0) in.severity = rng() % 2 ? Severity::kMajor : Severity::kGeneral;
        (void)hazards->Act(*who, id, in, {}, std::nullopt);
    }

    TestStore& store() { return *r->store; }

    // (town, village|0, grid|0, status, severity) → (n, closed_on_time), zero rows left out.
    using CountMap =
        std::map<std::tuple<int64_t, int64_t, int64_t, std::string, std::string>, std::pair<int64_t, int64_t>>;
    // (town, village|0, grid|0, yyyymm) → (found, closed), zero rows left out.
    using MonthMap = std::map<std::tuple<int64_t, int64_t, int64_t, int64_t>, std::pair<int64_t, int64_t>>;

    CountMap StoredCounts() {
        return ReadCounts(
            "SELECT town_id, village_id, grid_id, status, severity, n, closed_on_time FROM hazard_counts");
    }
    CountMap Recount() {
        return ReadCounts(
            "SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), status, severity, COUNT(*), "
            "SUM(CASE WHEN status = 'closed' AND closed_on_time = 1 THEN 1 ELSE 0 END) FROM hazards "
            "GROUP BY town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), status, severity");
    }
    MonthMap StoredMonths() {
        MonthMap out;
        auto rows = Query("SELECT town_id, village_id, grid_id, month, found, closed FROM hazard_month_counts");
        for (const auto& row : rows.rows) {
            if (row.Int(4) == 0 && row.Int(5) == 0) continue;
            out[{row.Int(0), row.Int(1), row.Int(2), row.Int(3)}] = {row.Int(4), row.Int(5)};
        }
        return out;
    }
    MonthMap RecountMonths() {
        MonthMap out;
        auto rows = Query(
            "SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), found_at, status, closed_at FROM hazards");
        for (const auto& row : rows.rows) {
            out[{row.Int(0), row.Int(1), row.Int(2), storage::HazardRepository::MonthKey(row.Int(3))}].first++;
            if (row.Text(4) == "closed" && !row.IsNull(5)) {
                out[{row.Int(0), row.Int(1), row.Int(2), storage::HazardRepository::MonthKey(row.Int(5))}].second++;
            }
        }
        return out;
    }

    std::unique_ptr<RegistryWorld> r;
    std::unique_ptr<services::HazardService> hazards;
    std::unique_ptr<services::StatsService> stats;

  private:
    explicit HazardWorld(std::unique_ptr<RegistryWorld> registry) : r(std::move(registry)) {
        hazards = std::make_unique<services::HazardService>(r->store->shared(), r->clock, *r->audit, *r->enterprises);
        stats = std::make_unique<services::StatsService>(r->store->shared(), r->clock);
    }

    storage::Rows Query(const std::string& sql) {
        auto rows = store().db().Read([&](storage::Connection& conn) { return conn.Query(sql); });
        EXPECT_TRUE(rows) << sql << ": " << (rows ? "" : rows.error().internal);
        return rows ? *rows : storage::Rows{};
    }
    CountMap ReadCounts(const std::string& sql) {
        CountMap out;
        for (const auto& row : Query(sql).rows) {
            if (row.Int(5) == 0 && row.Int(6) == 0) continue;
            out[{row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4)}] = {row.Int(5), row.Int(6)};
        }
        return out;
    }
};

}  // namespace safegrid::test
