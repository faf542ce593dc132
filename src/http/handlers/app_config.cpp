#include "http/handlers/app_config.hpp"

#include <boost/json/object.hpp>

namespace safegrid::http {

void RegisterAppConfigRoutes(Router& router, const TimeZone& zone) {
    boost::json::object body;
    body["time_zone"] = zone.name;
    body["utc_offset_seconds"] = zone.utc_offset_seconds;
    router.Add(
        Method::kGet, "/api/v1/config", [body](Request&) { return Json(200, body); }, Access::kPublic);
}

}  // namespace safegrid::http
