// The OpenAPI 3.0 description of the whole public API (CONTRACT.md), kept as src/http/openapi.json
// and embedded into the binary at build time (cmake/EmbedFile.cmake). Served at
// GET /api/v1/openapi.json. When you add or change a route, change openapi.json too: the route
// test compares Router::Routes() against OpenApiOperations() in both directions.
//
// Thread-safety: read-only data.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/router.hpp"

namespace safegrid::http {

// The embedded JSON text, exactly as in src/http/openapi.json.
std::string_view OpenApiDocument();

// Every (METHOD, path template) the document describes, e.g. {"GET", "/api/v1/hazards/{id}"}.
std::vector<std::pair<std::string, std::string>> OpenApiOperations();

// "METHOD /pattern" for each registered route the document does not describe. Parameter names do
// not matter ({id} and {hazard_id} are the same template). HEAD is implied by GET.
std::vector<std::string> RoutesMissingFromOpenApi(const Router& router);
// "METHOD /path" for each operation in the document that no registered route serves.
std::vector<std::string> OpenApiOperationsMissingFromRouter(const Router& router);

}  // namespace safegrid::http
