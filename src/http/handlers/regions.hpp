// /api/v1/regions: the tree visible to the caller, create, read, edit (see services/region_service.hpp
// for who may do what). Also the one reader of a PATCH's expected version, shared by the registry
// handlers (regions, buildings, enterprises).
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "services/region_service.hpp"

namespace safegrid::http {

void RegisterRegionRoutes(Router& router, services::RegionService& regions);

// The version a PATCH expects (CONTRACT: "a PATCH must send If-Match: <version> (or "version" in
// the body)"). If-Match may be 3, "3" or W/"3". A malformed one, or two that disagree → 422 naming
// "version" (a guess could overwrite someone's change). Neither → nullopt: the service answers 422
// after its role and scope checks.
Result<std::optional<int64_t>> PatchVersion(const Request& request, const boost::json::object& body);

}  // namespace safegrid::http
