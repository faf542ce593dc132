#include "services/map_service.hpp"

#include "services/region_service.hpp"
#include "services/station_service.hpp"
#include "storage/repositories/map_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {

MapService::MapService(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {}

Result<MapLayers> MapService::Layers(const Principal& caller, std::optional<int64_t> region_id) {
    if (caller.role == Role::kEnterprise || caller.scope.level == Scope::Level::kEnterprise ||
        caller.scope.level == Scope::Level::kNone) {
        return Forbidden();
    }
    auto layers = db_->Transact(false, [&](storage::Connection& conn) -> Result<MapLayers> {
        std::vector<storage::PathFilter> filters = {storage::PathFilter::FromScope(caller.scope)};
        if (region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *region_id));
            if (!region) return NotFound();
            filters.push_back(storage::PathFilter::Subtree(region->kind, region->id, region->path.town_id));
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
    if (!layers || stations_ == nullptr) return layers;
    SG_TRY(AddStationLayers(caller, region_id, *layers));
    return layers;
}

Status MapService::AddStationLayers(const Principal& caller, std::optional<int64_t> region_id, MapLayers& out) {
    // Pages of the station list until the cap; one more than the cap tells whether it was cut.
    constexpr int64_t kPage = 200;
    for (int64_t offset = 0; offset <= kMapMaxStations; offset += kPage) {
        SG_ASSIGN_OR_RETURN(auto page, stations_->List(caller, region_id, offset, kPage));
        for (auto& view : page.first) {
            if (std::ssize(out.stations) == kMapMaxStations) {
                out.stations_truncated = true;
                break;
            }
            const auto& s = view.station;
            out.stations.push_back({s.id, s.name, s.kind, s.lat, s.lng, s.radius_m, std::ssize(view.readiness.missing),
                                    std::ssize(view.readiness.expiring)});
        }
        if (offset + kPage >= page.second || out.stations_truncated) break;
    }
    SG_ASSIGN_OR_RETURN(auto coverage, stations_->Coverage(caller, region_id));
    out.uncovered.reserve(coverage.uncovered.size());
    for (const auto& gap : coverage.uncovered) out.uncovered.push_back({gap.enterprise_id, gap.nearest_m});
    return {};
}

}  // namespace safegrid::services
