// /api/v1/map/layers?region_id=: the map page's layers in one answer (services/map_service.hpp says
// what each layer holds, who may ask and the caps).
//   {"enterprises":[{"id","name","lat","lng","risk_level","open_hazards"}],
//    "boundaries":[{"region_id","name","kind","boundary"}],
//    "truncated":{"enterprises":bool,"boundaries":bool},
//    "limits":{"enterprises","boundaries"}}
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/map_service.hpp"

namespace safegrid::http {

void RegisterMapRoutes(Router& router, services::MapService& map);

}  // namespace safegrid::http
