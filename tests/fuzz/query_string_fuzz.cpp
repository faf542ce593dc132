// Untrusted request-target bytes → the exact parsing Dispatch() uses (ParseTarget) → the query
// readers handlers use (ParsePage, QueryInt, QueryBool) and the router's path matching.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/json/body.hpp"
#include "http/router.hpp"

using namespace safegrid;
using namespace safegrid::http;

namespace {

const Router& FuzzRouter() {
    static const Router router = [] {
        Router r;
        auto noop = [](Request&) { return Response{}; };
        r.Add(Method::kGet, "/api/v1/hazards", noop);
        r.Add(Method::kGet, "/api/v1/hazards/{id}", noop);
        r.Add(Method::kGet, "/api/v1/hazards/export.xlsx", noop);
        r.Add(Method::kPost, "/api/v1/hazards/{id}/actions", noop);
        r.Add(Method::kGet, "/api/v1/public/reports/{tracking_code}", noop);
        return r;
    }();
    return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string target(reinterpret_cast<const char*>(data), size);
    Request request;
    request.target = target;
    if (!ParseTarget(target, request)) return 0;
    if (request.path.empty() || request.path.front() != '/') std::abort();
    if (request.path.find('\0') != std::string::npos) std::abort();

    auto page = json::ParsePage(request);
    if (page) {
        if (page->page < 1 || page->size < 1 || page->size > 200 || page->Offset() < 0) std::abort();
    } else if (page.error().code != Code::kValidation) {
        std::abort();
    }
    for (const char* name : {"region_id", "enterprise_id", "parent_id"}) {
        auto value = json::QueryInt(request, name);
        if (!value && value.error().code != Code::kValidation) std::abort();
    }
    auto overdue = json::QueryBool(request, "overdue");
    if (!overdue && overdue.error().code != Code::kValidation) std::abort();

    auto match = FuzzRouter().Find(Method::kGet, request.path);
    if (match.route) {
        request.path_params = match.params;
        auto id = json::PathId(request);
        if (!id && id.error().code != Code::kNotFound) std::abort();
        if (id && *id < 1) std::abort();
    }
    return 0;
}
