// A small registry for the region/building/enterprise tests (services and HTTP handlers), on a
// migrated temp store of either backend: two towns, villages and grids, one enterprise in each of
// four grids, and one principal per role (plus out-of-scope ones). Built through the services
// themselves with the system caller, so set-up also exercises the create paths.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "core/enterprise/credit_code.hpp"
#include "services/audit_service.hpp"
#include "services/building_service.hpp"
#include "services/enterprise_service.hpp"
#include "services/region_service.hpp"
#include "services/risk_method_loader.hpp"
#include "support/fake_clock.hpp"
#include "support/source_tree.hpp"
#include "support/test_store.hpp"

namespace safegrid::test {

// $SAFEGRID_STANDARDS_DIR, else <source>/data/standards (support/source_tree.hpp). Empty when
// neither holds the standards: the caller fails, naming the variable.
inline std::filesystem::path StandardsDir() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* dir = std::getenv("SAFEGRID_STANDARDS_DIR"); dir && *dir) candidates.emplace_back(dir);
    candidates.push_back(SourceTreeDir() / "data" / "standards");
    for (const fs::path& p : candidates)
        if (fs::exists(p / "gongmao_major_hazard_mem10_2023.json")) return p;
    return {};
}

// The risk policy the app runs with by default: the method of the shipped standards file, the
// contract's intervals.
inline services::RiskPolicy DefaultRiskPolicy() {
    auto method = services::LoadRiskMethod(StandardsDir());
    EXPECT_TRUE(method) << (method ? "" : method.error().id + " " + method.error().internal);
    services::RiskPolicy policy;
    if (method) policy.method = *method;
    return policy;
}

inline Principal MakeCaller(int64_t id, Role role, Scope scope) {
    Principal p;
    p.user_id = id;
    p.username = std::string(RoleName(role)) + std::to_string(id);
    p.role = role;
    p.scope = scope;
    return p;
}

// A valid code whose organisation body is "MA" + six digits of n (division 330282, 慈溪市).
inline std::string CreditCodeFor(int n) {
    char body[16];
    std::snprintf(body, sizeof body, "MA%06d", n % 1000000);
    auto code = MakeCreditCodeFrom("91", "330282", body);
    EXPECT_TRUE(code);
    return code ? *code : std::string();
}

class RegistryWorld {
  public:
    // nullptr when the backend is unavailable (PostgreSQL without SAFEGRID_PG_URL).
    static std::unique_ptr<RegistryWorld> Make(Backend backend) {
        auto store = TestStore::Open(backend);
        if (!store) return nullptr;
        std::unique_ptr<RegistryWorld> w(new RegistryWorld(std::move(store)));
        if (!w->Populate()) return nullptr;
        return w;
    }

    services::EnterpriseInput Input(int64_t grid, const std::string& name, int n) {
        services::EnterpriseInput in;
        in.grid_id = grid;
        in.name = name;
        in.credit_code = CreditCodeFor(n);
        in.address = "浙江省慈溪市匡堰镇高家村" + std::to_string(n) + "号";
        in.contact_name = "王伟";
        in.contact_phone = "13800000000";
        return in;
    }

    int64_t AddEnterprise(int64_t grid, const std::string& name, int n, std::vector<std::string> tags = {}) {
        auto in = Input(grid, name, n);
        in.tags = std::move(tags);
        auto e = enterprises->Create(nullptr, in);
        EXPECT_TRUE(e) << name << ": " << (e ? "" : e.error().id + " " + e.error().internal);
        return e ? e->id : 0;
    }

    int64_t AuditCount(const std::string& entity) const {
        return store->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = ?", {entity});
    }

    FakeClock clock;
    std::unique_ptr<TestStore> store;
    std::unique_ptr<services::AuditService> audit;
    std::unique_ptr<services::RegionService> regions;
    std::unique_ptr<services::BuildingService> buildings;
    std::unique_ptr<services::EnterpriseService> enterprises;

    // 匡堰镇 → 高家村 (grids g1a, g1b), 倡隆村 (grid g2a); 观海卫镇 → 卫东村 → grid og.
    int64_t town = 0, village1 = 0, grid1a = 0, grid1b = 0, village2 = 0, grid2a = 0;
    int64_t other_town = 0, other_village = 0, other_grid = 0;
    int64_t ent1a = 0, ent1b = 0, ent2a = 0, ent_other = 0;
    Principal admin, town_officer, village_officer, inspector, enterprise_user;
    Principal other_town_officer, other_village_officer, other_inspector, other_enterprise_user;

  private:
    explicit RegistryWorld(std::unique_ptr<TestStore> s) : store(std::move(s)) {
        audit = std::make_unique<services::AuditService>(store->shared(), clock);
        regions = std::make_unique<services::RegionService>(store->shared(), clock, *audit);
        buildings = std::make_unique<services::BuildingService>(store->shared(), clock, *audit);
        enterprises =
            std::make_unique<services::EnterpriseService>(store->shared(), clock, *audit, DefaultRiskPolicy());
        buildings->SetTenantRiskRefresh(
            [e = enterprises.get()](storage::Connection& conn, int64_t id, const std::string& reason) {
                return e->RefreshRisk(conn, id, reason);
            });
    }

    int64_t Region(const std::string& name, const char* kind, std::optional<int64_t> parent) {
        services::NewRegion r;
        r.name = name;
        r.kind = kind;
        r.parent_id = parent;
        r.responsible = {"负责人" + name, "13900000000", std::nullopt};
        auto made = regions->Create(nullptr, r);
        EXPECT_TRUE(made) << name << ": " << (made ? "" : made.error().id + " " + made.error().internal);
        return made ? made->id : 0;
    }

    bool Populate() {
        town = Region("匡堰镇", "town", std::nullopt);
        village1 = Region("高家村", "village", town);
        grid1a = Region("高家村第一网格", "grid", village1);
        grid1b = Region("高家村第二网格", "grid", village1);
        village2 = Region("倡隆村", "village", town);
        grid2a = Region("倡隆村第一网格", "grid", village2);
        other_town = Region("观海卫镇", "town", std::nullopt);
        other_village = Region("卫东村", "village", other_town);
        other_grid = Region("卫东村第一网格", "grid", other_village);
        ent1a = AddEnterprise(grid1a, "慈溪市宏达服饰有限公司", 1, {"three_in_one", "group_rented"});
        ent1b = AddEnterprise(grid1b, "慈溪市匡堰锦绣制衣厂", 2);
        ent2a = AddEnterprise(grid2a, "慈溪市永盛针织厂", 3, {"dust"});
        ent_other = AddEnterprise(other_grid, "慈溪市观海卫鑫源服装加工厂", 4);
        admin = MakeCaller(1, Role::kAdmin, Scope::All());
        town_officer = MakeCaller(2, Role::kTown, {Scope::Level::kTown, town});
        village_officer = MakeCaller(3, Role::kVillage, {Scope::Level::kVillage, village1});
        inspector = MakeCaller(4, Role::kInspector, {Scope::Level::kGrid, grid1a});
        enterprise_user = MakeCaller(5, Role::kEnterprise, {Scope::Level::kEnterprise, ent1a});
        other_town_officer = MakeCaller(6, Role::kTown, {Scope::Level::kTown, other_town});
        other_village_officer = MakeCaller(7, Role::kVillage, {Scope::Level::kVillage, village2});
        other_inspector = MakeCaller(8, Role::kInspector, {Scope::Level::kGrid, grid1b});
        other_enterprise_user = MakeCaller(9, Role::kEnterprise, {Scope::Level::kEnterprise, ent1b});
        return !::testing::Test::HasFailure();
    }
};

}  // namespace safegrid::test
