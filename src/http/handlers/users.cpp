#include "http/handlers/users.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

boost::json::value OptionalId(const std::optional<int64_t>& id) {
    return id ? boost::json::value(*id) : boost::json::value(nullptr);
}

Response CreateUser(services::UserService& users, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    if (!services::UserService::MayCreateUsers(*request.principal)) {
        return ErrorResponse(Forbidden().value(), request.locale);
    }
    auto body = json::ParseObject(request);
    if (!body) return ErrorResponse(body.error(), request.locale);
    json::FieldReader in(*body);
    // Only types and sizes here; the service owns the rules.
    services::NewUser user;
    user.username = in.String("username", {.max_len = 64, .allow_empty = true}).value_or("");
    user.role = in.String("role", {.max_len = 32, .allow_empty = true}).value_or("");
    user.region_id = in.Int("region_id", {.min = 1});
    user.enterprise_id = in.Int("enterprise_id", {.min = 1});
    user.password = in.String("password", {.max_len = 1024, .allow_empty = true}).value_or("");
    user.display_name = in.String("display_name", {.max_len = 64, .allow_empty = true});
    user.phone = in.String("phone", {.max_len = 32, .allow_empty = true});
    if (auto ok = in.Finish(); !ok) return ErrorResponse(ok.error(), request.locale);
    auto created = users.Create(&*request.principal, user);
    if (!created) return ErrorResponse(created.error(), request.locale);
    return Json(201, UserJson(*created));
}

Response ListUsers(services::UserService& users, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto page = json::ParsePage(request);
    if (!page) return ErrorResponse(page.error(), request.locale);
    auto listed = users.List(*request.principal, page->Offset(), page->size);
    if (!listed) return ErrorResponse(listed.error(), request.locale);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& u : listed->first) items.emplace_back(UserJson(u));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response GetUser(services::UserService& users, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto id = json::PathId(request);
    if (!id) return ErrorResponse(id.error(), request.locale);
    auto user = users.Get(*request.principal, *id);
    if (!user) return ErrorResponse(user.error(), request.locale);
    return Json(200, UserJson(*user));
}

// PATCH /users/{id} {"disabled": true|false} with If-Match or "version": take an account back.
Response PatchUser(services::UserService& users, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto id = json::PathId(request);
    if (!id) return ErrorResponse(id.error(), request.locale);
    auto body = json::ParseObject(request);
    if (!body) return ErrorResponse(body.error(), request.locale);
    json::FieldReader in(*body);
    auto disabled = in.Bool("disabled", true);
    if (auto ok = in.Finish(); !ok) return ErrorResponse(ok.error(), request.locale);
    auto version = PatchVersion(request, *body);
    if (!version) return ErrorResponse(version.error(), request.locale);
    auto updated = users.SetDisabled(&*request.principal, *id, *disabled, *version);
    if (!updated) return ErrorResponse(updated.error(), request.locale);
    return Json(200, UserJson(*updated));
}

}  // namespace

boost::json::object UserJson(const services::UserView& u) {
    boost::json::object o;
    o["id"] = u.id;
    o["username"] = u.username;
    o["role"] = RoleName(u.role);
    o["region_id"] = OptionalId(u.region_id);
    o["enterprise_id"] = OptionalId(u.enterprise_id);
    o["town_id"] = u.town_id;
    o["display_name"] = u.display_name;
    o["phone"] = u.phone;
    o["disabled"] = u.disabled;
    o["created_at"] = FormatRfc3339(u.created_at);
    o["updated_at"] = FormatRfc3339(u.updated_at);
    o["version"] = u.version;
    return o;
}

void RegisterUserRoutes(Router& router, services::UserService& users) {
    // Authenticated routes: Dispatch sets request.principal before calling these.
    router.Add(Method::kPost, "/api/v1/users", [&users](Request& r) { return CreateUser(users, r); });
    router.Add(Method::kGet, "/api/v1/users", [&users](Request& r) { return ListUsers(users, r); });
    router.Add(Method::kGet, "/api/v1/users/{id}", [&users](Request& r) { return GetUser(users, r); });
    router.Add(Method::kPatch, "/api/v1/users/{id}", [&users](Request& r) { return PatchUser(users, r); });
}

}  // namespace safegrid::http
