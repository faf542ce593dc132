#include "http/handlers/regions.hpp"

#include <charconv>

#include "core/text/trim.hpp"
#include "http/json/body.hpp"
#include "http/json/region_json.hpp"
#include "http/stale_edit_response.hpp"

namespace safegrid::http {
namespace {

std::optional<int64_t> ParseVersionToken(std::string_view s) {
    s = TrimWhitespace(s);
    if (s.size() >= 2 && (s.substr(0, 2) == "W/" || s.substr(0, 2) == "w/")) s.remove_prefix(2);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    if (s.empty() || s.size() > 18) return std::nullopt;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 1) return std::nullopt;
    return v;
}

const Text kVersionBad{"版本号应为正整数", "The version must be a positive integer"};
const Text kVersionMismatch{"If-Match 与 version 不一致", "If-Match and \"version\" disagree"};

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response Tree(services::RegionService& regions, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto tree = regions.Tree(*r.principal);
    if (!tree) return Fail(tree.error(), r);
    return Json(200, json::RegionTreeJson(*tree));
}

Response Create(services::RegionService& regions, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::NewRegionFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto created = regions.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::RegionJson(*created));
}

Response Get(services::RegionService& regions, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto region = regions.Get(*r.principal, *id);
    if (!region) return Fail(region.error(), r);
    return Json(200, json::RegionJson(*region));
}

Response Patch(services::RegionService& regions, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::RegionPatchFromJson(*body);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = regions.Update(&*r.principal, *id, *version, *patch);
    if (!updated) {
        if (updated.error().id != StaleVersion().value().id) return Fail(updated.error(), r);
        // Say who moved the region on and what they changed; the caller's edit is not applied.
        auto stale = regions.StaleEditOf(*r.principal, *id);
        if (!stale) return Fail(updated.error(), r);
        return StaleEditResponse(updated.error(), r.locale, json::RegionJson(stale->current), stale->last_change);
    }
    return Json(200, json::RegionJson(*updated));
}

}  // namespace

Result<std::optional<int64_t>> PatchVersion(const Request& request, const boost::json::object& body) {
    std::optional<int64_t> from_header;
    if (auto header = request.Header("if-match")) {
        from_header = ParseVersionToken(*header);
        if (!from_header) return Invalid("version", kVersionBad);
    }
    std::optional<int64_t> from_body;
    if (const auto* v = body.if_contains("version"); v != nullptr && !v->is_null()) {
        if (v->is_int64() && v->get_int64() >= 1) {
            from_body = v->get_int64();
        } else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
            from_body = static_cast<int64_t>(v->get_uint64());
        } else {
            return Invalid("version", kVersionBad);
        }
    }
    if (from_header && from_body && *from_header != *from_body) return Invalid("version", kVersionMismatch);
    return from_header ? from_header : from_body;
}

void RegisterRegionRoutes(Router& router, services::RegionService& regions) {
    router.Add(Method::kGet, "/api/v1/regions", [&regions](Request& r) { return Tree(regions, r); });
    router.Add(Method::kPost, "/api/v1/regions", [&regions](Request& r) { return Create(regions, r); });
    router.Add(Method::kGet, "/api/v1/regions/{id}", [&regions](Request& r) { return Get(regions, r); });
    router.Add(Method::kPatch, "/api/v1/regions/{id}", [&regions](Request& r) { return Patch(regions, r); });
}

}  // namespace safegrid::http
