#include "http/handlers/posters.hpp"

#include <boost/json/object.hpp>

#include "http/handlers/hazard_documents.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response Pdf(services::DocumentFile file) {
    Response out;
    out.status = 200;
    out.content_type = std::move(file.content_type);
    out.body = std::move(file.bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(file.filename, file.filename_utf8));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

template <class Render>
Response Poster(Request& r, Render render) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto file = render(*r.principal, *id);
    if (!file) return Fail(file.error(), r);
    return Pdf(std::move(*file));
}

Response PlaceOf(services::PublicReportService& reports, Request& r) {
    auto it = r.path_params.find("code");
    if (it == r.path_params.end()) return Fail(NotFound().value(), r);
    auto place = reports.Place(it->second, r.client_ip);
    if (!place) {
        if (place.error().code == Code::kRateLimited) {
            return RateLimitedResponse(place.error(), reports.LookupRetryAfter(r.client_ip), r.locale);
        }
        return Fail(place.error(), r);
    }
    // The name printed on the poster and its kind; nothing of the scope tree behind it.
    return Json(200, boost::json::object{{"name", place->name}, {"kind", place->kind}});
}

}  // namespace

void RegisterPosterRoutes(Router& router, services::PlaceService& places, services::PublicReportService& reports) {
    router.Add(Method::kGet, "/api/v1/regions/{id}/poster.pdf", [&places](Request& r) {
        return Poster(r, [&](const Principal& p, int64_t id) { return places.RegionPoster(p, id); });
    });
    router.Add(Method::kGet, "/api/v1/enterprises/{id}/poster.pdf", [&places](Request& r) {
        return Poster(r, [&](const Principal& p, int64_t id) { return places.EnterprisePoster(p, id); });
    });
    router.Add(
        Method::kGet, "/api/v1/public/places/{code}", [&reports](Request& r) { return PlaceOf(reports, r); },
        Access::kPublic);
}

}  // namespace safegrid::http
