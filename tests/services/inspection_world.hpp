// The registry world (registry_world.hpp) plus the hazard loop, the checklists loaded from the real
// standards files, inspections and both importers, on a migrated temp store of either backend.
// Deadlines follow the default policy (general 7 days, major 30).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "services/checklist_loader.hpp"
#include "services/checklist_service.hpp"
#include "services/enterprise_import_service.hpp"
#include "services/hazard_import_service.hpp"
#include "services/hazard_service.hpp"
#include "services/inspection_service.hpp"
#include "services/registry_world.hpp"
#include "support/source_tree.hpp"

namespace safegrid::test {

class InspectionWorld {
  public:
    static std::unique_ptr<InspectionWorld> Make(Backend backend) {
        auto registry = RegistryWorld::Make(backend);
        if (!registry) return nullptr;
        std::unique_ptr<InspectionWorld> w(new InspectionWorld(std::move(registry)));
        const auto dir = StandardsDir();
        EXPECT_FALSE(dir.empty()) << "standards directory not found; set SAFEGRID_STANDARDS_DIR";
        auto synced = w->checklists->LoadFromDirectory(dir);
        EXPECT_TRUE(synced) << (synced ? "" : synced.error().id + " " + synced.error().internal);
        if (::testing::Test::HasFailure()) return nullptr;
        return w;
    }

    int64_t Count(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
        return r->store->QueryInt(sql, params);
    }

    std::unique_ptr<RegistryWorld> r;
    std::unique_ptr<services::HazardService> hazards;
    std::unique_ptr<services::ChecklistService> checklists;
    std::unique_ptr<services::InspectionService> inspections;
    std::unique_ptr<services::EnterpriseImportService> enterprise_import;
    std::unique_ptr<services::HazardImportService> hazard_import;

  private:
    explicit InspectionWorld(std::unique_ptr<RegistryWorld> registry) : r(std::move(registry)) {
        auto db = r->store->shared();
        hazards = std::make_unique<services::HazardService>(db, r->clock, *r->audit, *r->enterprises);
        checklists = std::make_unique<services::ChecklistService>(db, r->clock, *r->audit);
        inspections = std::make_unique<services::InspectionService>(db, r->clock, *r->audit, *hazards, *checklists);
        enterprise_import =
            std::make_unique<services::EnterpriseImportService>(db, r->clock, *r->audit, *r->enterprises);
        hazard_import = std::make_unique<services::HazardImportService>(db, r->clock, *r->audit, *hazards);
    }
};

}  // namespace safegrid::test
