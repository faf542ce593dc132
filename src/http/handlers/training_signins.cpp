#include "http/handlers/training_signins.hpp"

#include <boost/json.hpp>

#include "core/time.hpp"
#include "http/handlers/hazard_documents.hpp"
#include "http/handlers/trainings.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

bj::value LinkJson(const std::optional<services::SigninLink>& link) {
    if (!link) return nullptr;
    return bj::object{{"code", link->code}, {"url", link->url}};
}

// What the worker gets back: never the phone (the answer may sit on a shared screen).
bj::object PublicSigninJson(const services::SigninRecord& s) {
    return {{"id", s.id},
            {"training_id", s.training_id},
            {"name", s.name},
            {"enterprise", bj::object{{"id", s.enterprise_id.value_or(0)}, {"name", s.enterprise_name}}},
            {"created_at", FormatRfc3339(s.created_at)}};
}

Response Open(services::TrainingSigninService& signins, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto opened = signins.Open(&*r.principal, *id);
    if (!opened) return Fail(opened.error(), r);
    return Json(opened->second ? 201 : 200, bj::object{{"code", opened->first.code}, {"url", opened->first.url}});
}

Response Close(services::TrainingSigninService& signins, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    if (auto done = signins.Close(*r.principal, *id); !done) return Fail(done.error(), r);
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response Poster(services::TrainingSigninService& signins, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto file = signins.Poster(*r.principal, *id);
    if (!file) return Fail(file.error(), r);
    Response out;
    out.status = 200;
    out.content_type = std::move(file->content_type);
    out.body = std::move(file->bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(file->filename, file->filename_utf8));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

Response Sheet(services::TrainingSigninService& signins, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto sheet = signins.Sheet(*r.principal, *id);
    if (!sheet) return Fail(sheet.error(), r);
    bj::array groups;
    for (const auto& g : sheet->groups) {
        bj::array items;
        for (const auto& s : g.signins) {
            items.emplace_back(bj::object{
                {"id", s.id}, {"name", s.name}, {"phone", s.phone}, {"created_at", FormatRfc3339(s.created_at)}});
        }
        groups.emplace_back(bj::object{{"enterprise", bj::object{{"id", g.enterprise_id}, {"name", g.enterprise_name}}},
                                       {"count", static_cast<int64_t>(g.signins.size())},
                                       {"attendance", g.attendance ? bj::value(*g.attendance) : nullptr},
                                       {"signins", std::move(items)}});
    }
    return Json(200, bj::object{{"open", sheet->link.has_value()},
                                {"link", LinkJson(sheet->link)},
                                {"accepts_from", sheet->first_day},
                                {"accepts_through", sheet->last_day},
                                {"accepting", sheet->accepting},
                                {"total", sheet->total},
                                {"by_enterprise", std::move(groups)}});
}

Response Accept(services::TrainingSigninService& signins, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    auto enterprise_id = in.Int("enterprise_id", {.required = true});
    if (auto ok = in.Finish(); !ok) return Fail(ok.error(), r);
    auto recorded = signins.Accept(*r.principal, *id, *enterprise_id);
    if (!recorded) return Fail(recorded.error(), r);
    return Json(recorded->second ? 201 : 200, AttendanceJson(recorded->first));
}

Response Lookup(services::TrainingSigninService& signins, Request& r) {
    auto it = r.path_params.find("code");
    if (it == r.path_params.end()) return Fail(NotFound().value(), r);
    auto found = signins.Lookup(it->second, r.client_ip);
    if (!found) {
        if (found.error().code == Code::kRateLimited) {
            return RateLimitedResponse(found.error(), signins.LookupRetryAfter(r.client_ip), r.locale);
        }
        return Fail(found.error(), r);
    }
    const auto& t = found->training;
    bj::array enterprises;
    for (const auto& e : found->enterprises) enterprises.emplace_back(bj::object{{"id", e.id}, {"name", e.name}});
    // The session as the poster shows it and whom it takes; nothing of the scope tree or of people.
    return Json(200, bj::object{{"title", t.title},
                                {"kind", t.kind},
                                {"held_on", t.held_on},
                                {"hours", t.hours},
                                {"region_name", t.region_name},
                                {"accepts_from", found->first_day},
                                {"accepts_through", found->last_day},
                                {"accepting", found->accepting},
                                {"enterprises", std::move(enterprises)}});
}

Response SignIn(services::TrainingSigninService& signins, Request& r) {
    auto it = r.path_params.find("code");
    if (it == r.path_params.end()) return Fail(NotFound().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    services::NewSignin input;
    // Lengths and shapes are the service's (core's) 422s; here only the JSON types.
    input.name = in.String("name", {.required = true, .max_len = 1000, .allow_empty = true});
    input.phone = in.String("phone", {.required = true, .max_len = 100, .allow_empty = true});
    input.enterprise_id = in.Int("enterprise_id", {.required = true});
    if (auto ok = in.Finish(); !ok) return Fail(ok.error(), r);
    auto signed_in = signins.SignIn(it->second, input, r.client_ip);
    if (!signed_in) {
        if (signed_in.error().code == Code::kRateLimited) {
            return RateLimitedResponse(signed_in.error(), signins.SigninRetryAfter(r.client_ip), r.locale);
        }
        return Fail(signed_in.error(), r);
    }
    return Json(signed_in->second ? 201 : 200, PublicSigninJson(signed_in->first));
}

}  // namespace

void RegisterTrainingSigninRoutes(Router& router, services::TrainingSigninService& signins) {
    router.Add(Method::kPost, "/api/v1/trainings/{id}/signin", [&signins](Request& r) { return Open(signins, r); });
    router.Add(Method::kDelete, "/api/v1/trainings/{id}/signin", [&signins](Request& r) { return Close(signins, r); });
    router.Add(Method::kGet, "/api/v1/trainings/{id}/signin-poster.pdf",
               [&signins](Request& r) { return Poster(signins, r); });
    router.Add(Method::kGet, "/api/v1/trainings/{id}/signins", [&signins](Request& r) { return Sheet(signins, r); });
    router.Add(Method::kPost, "/api/v1/trainings/{id}/signins/attendance",
               [&signins](Request& r) { return Accept(signins, r); });
    router.Add(
        Method::kGet, "/api/v1/public/trainings/{code}", [&signins](Request& r) { return Lookup(signins, r); },
        Access::kPublic);
    router.Add(
        Method::kPost, "/api/v1/public/trainings/{code}/signins", [&signins](Request& r) { return SignIn(signins, r); },
        Access::kPublic);
}

}  // namespace safegrid::http
