// Operational endpoints (CONTRACT.md "Operations"), all public:
//   GET /healthz              → 200 {"status":"ok"} when deps.healthy() is true, else 503 {"status":"unavailable"}
//   GET /metrics              → Prometheus text exposition (text/plain; version=0.0.4)
//   GET /api/v1/openapi.json  → the OpenAPI document of the whole API (http/openapi.json)
//
// Thread-safety: handlers are stateless; safe from any worker thread.
#pragma once

#include <functional>

#include "http/router.hpp"

namespace safegrid::http {

struct SystemDeps {
    // True once the store answers; usually Hooks::healthy. Null counts as healthy.
    std::function<bool()> healthy;
};

void RegisterSystemRoutes(Router& router, SystemDeps deps);

}  // namespace safegrid::http
