// /api/v1/stations (micro fire stations): list (?region_id=&page=&page_size=), create, read, edit
// (If-Match version; a stale one → 409 with the current station and who changed it), equipment
// (POST .../equipment: 200 with the whole station), drills (POST .../drills: 201 with the drill);
// /api/v1/stats/coverage?region_id= (the coverage gaps); /api/v1/station-standard (the loaded
// standard's types, items and minimums, for the station page's form). See services/station_service.hpp.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/station_service.hpp"

namespace safegrid::http {

void RegisterStationRoutes(Router& router, services::StationService& stations);

}  // namespace safegrid::http
