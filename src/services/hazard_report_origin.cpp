#include "services/hazard_report_origin.hpp"

#include "services/place_service.hpp"
#include "storage/repositories/public_report_repository.hpp"

namespace safegrid::services {

bool MayReadReporterContact(Role role) {
    switch (role) {
        case Role::kAdmin:
        case Role::kTown:
        case Role::kVillage:
        case Role::kInspector:
            return true;
        case Role::kEnterprise:
        case Role::kCounty:  // the overseer reads figures and records, not citizens' phone numbers
            return false;
    }
    return false;  // a role added later sees no contact until it is named above
}

Result<std::optional<ReportOrigin>> ReportOriginFor(storage::Connection& conn, const Principal& caller,
                                                    const storage::HazardRecord& hazard) {
    // Only public reports have a public_reports row; skip the look-up for every other hazard.
    if (hazard.source != "public") return std::optional<ReportOrigin>();
    SG_ASSIGN_OR_RETURN(auto origin, storage::PublicReportRepository(conn).OriginOf(hazard.id));
    if (!origin) return std::optional<ReportOrigin>();
    ReportOrigin out;
    out.address = hazard.address;
    out.lat = hazard.lat;
    out.lng = hazard.lng;
    out.reported_at = origin->reported_at;
    if (MayReadReporterContact(caller.role)) out.contact = origin->contact;
    if (origin->place_code) {
        SG_ASSIGN_OR_RETURN(auto place, ResolvePlace(conn, *origin->place_code));
        if (place) out.place = ReportPlace{*origin->place_code, place->kind, place->name};
    }
    return std::optional<ReportOrigin>(std::move(out));
}

}  // namespace safegrid::services
