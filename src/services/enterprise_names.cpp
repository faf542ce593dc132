// EnterpriseService::Names: grid and industry names for pages of enterprises (issue 12 point 5:
// the enterprise file shows "所属网格 匡堰社区第一网格", not "#3").
#include "services/enterprise_service.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {

Result<std::vector<EnterpriseNames>> EnterpriseService::Names(const std::vector<Enterprise>& enterprises) {
    std::vector<int64_t> grid_ids;
    grid_ids.reserve(enterprises.size());
    for (const Enterprise& e : enterprises) {
        if (e.path.grid_id) grid_ids.push_back(*e.path.grid_id);
    }
    std::map<int64_t, std::string> grids;
    if (!grid_ids.empty()) {
        SG_ASSIGN_OR_RETURN(
            grids, db_->Transact(false, [&](storage::Connection& conn) -> Result<std::map<int64_t, std::string>> {
                return storage::RegionRepository(conn).Names(grid_ids);
            }));
    }
    std::vector<EnterpriseNames> out;
    out.reserve(enterprises.size());
    for (const Enterprise& e : enterprises) {
        EnterpriseNames names;
        if (auto it = grids.find(e.path.grid_id.value_or(0)); it != grids.end()) names.grid_name = it->second;
        if (industries_) {
            if (const IndustryName* industry = industries_->Find(e.industry_code)) names.industry = *industry;
        }
        out.push_back(std::move(names));
    }
    return out;
}

}  // namespace safegrid::services
