#include "services/map_service.hpp"

#include "services/region_service.hpp"
#include "storage/repositories/map_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {

MapService::MapService(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {}

Result<MapLayers> MapService::Layers(const Principal& caller, std::optional<int64_t> region_id) {
    if (caller.role == Role::kEnterprise || caller.scope.level == Scope::Level::kEnterprise ||
        caller.scope.level == Scope::Level::kNone) {
        return Forbidden();
    }
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<MapLayers> {
        std::vector<storage::PathFilter> filters = {storage::PathFilter::FromScope(caller.scope)};
        if (region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *region_id));
            if (!region) return NotFound();
            filters.push_back(storage::PathFilter::Subtree(region->kind, region->id));
        }
        storage::MapRepository repo(conn);
        MapLayers out;

        // One more than the cap tells whether the layer was cut.
        SG_ASSIGN_OR_RETURN(auto enterprises, repo.PositionedEnterprises(filters, kMapMaxEnterprises + 1));
        if (std::ssize(enterprises) > kMapMaxEnterprises) {
            enterprises.resize(kMapMaxEnterprises);
            out.enterprises_truncated = true;
        }
        SG_ASSIGN_OR_RETURN(auto open, repo.OpenHazardsByEnterprise(filters));
        out.enterprises.reserve(enterprises.size());
        for (auto& e : enterprises) {
            auto count = open.find(e.id);
            out.enterprises.push_back({e.id, std::move(e.name), e.lat, e.lng, std::move(e.risk_level),
                                       count == open.end() ? 0 : count->second});
        }

        SG_ASSIGN_OR_RETURN(auto boundaries, repo.Boundaries(filters, kMapMaxBoundaries + 1));
        size_t bytes = 0;
        for (auto& b : boundaries) {
            bytes += b.boundary.size();
            if (std::ssize(out.boundaries) == kMapMaxBoundaries || bytes > kMapMaxBoundaryBytes) {
                out.boundaries_truncated = true;
                break;
            }
            out.boundaries.push_back({b.region_id, std::move(b.name),
                                      ParseRegionKind(b.kind).value_or(RegionKind::kGrid), std::move(b.boundary)});
        }
        return out;
    });
}

}  // namespace safegrid::services
