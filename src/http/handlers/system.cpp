#include "http/handlers/system.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>

#include "http/openapi.hpp"
#include "platform/metrics.hpp"

namespace safegrid::http {

void RegisterSystemRoutes(Router& router, SystemDeps deps) {
    router.Add(
        Method::kGet, "/healthz",
        [healthy = std::move(deps.healthy)](Request&) {
            bool ok = true;
            try {
                ok = !healthy || healthy();
            } catch (const std::exception& e) {
                // A probe that throws is a store that does not answer, not a server bug.
                spdlog::warn("health check failed: {}", e.what());
                ok = false;
            }
            Response response = ok ? Json(200, boost::json::object{{"status", "ok"}})
                                   : Json(503, boost::json::object{{"status", "unavailable"}});
            response.headers.emplace_back("Cache-Control", "no-store");
            return response;
        },
        Access::kPublic);

    router.Add(
        Method::kGet, "/metrics",
        [](Request&) {
            Response response;
            response.content_type = "text/plain; version=0.0.4; charset=utf-8";
            response.body = platform::Metrics::Global().RenderPrometheus();
            return response;
        },
        Access::kPublic);

    router.Add(
        Method::kGet, "/api/v1/openapi.json",
        [](Request&) {
            Response response;
            response.body = std::string(OpenApiDocument());
            return response;
        },
        Access::kPublic);
}

}  // namespace safegrid::http
