#include "http/handlers/auth.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "core/text/trim.hpp"
#include "http/handlers/users.hpp"
#include "http/json/body.hpp"
#include "http/upload_routes.hpp"

namespace safegrid::http {
namespace {

constexpr std::string_view kLoginPath = "/api/v1/auth/login";
constexpr std::string_view kLogoutPath = "/api/v1/auth/logout";
constexpr std::string_view kLogoutAllPath = "/api/v1/auth/logout-all";
// Checks a form without writing (handlers/enterprises.cpp), called on every pause in typing.
constexpr std::string_view kEnterpriseValidatePath = "/api/v1/enterprises/validate";

// The token the request authenticated with, read the way Dispatch reads it (Bearer, then cookie).
std::string RequestToken(const Request& request) {
    if (auto auth = request.Header("authorization")) {
        std::string_view v = TrimWhitespace(*auth);
        std::string scheme(v.substr(0, 7));
        for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (v.size() > 7 && scheme == "bearer ") {
            std::string_view token = TrimWhitespace(v.substr(7));
            if (!token.empty()) return std::string(token);
        }
    }
    if (auto cookies = request.Header("cookie")) {
        std::string_view rest = *cookies;
        const std::string prefix = std::string(kSessionCookie) + "=";
        while (!rest.empty()) {
            const size_t semi = rest.find(';');
            std::string_view pair = TrimWhitespace(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            if (pair.size() > prefix.size() && pair.substr(0, prefix.size()) == prefix) {
                return std::string(pair.substr(prefix.size()));
            }
        }
    }
    return {};
}

std::string SessionCookie(const std::string& value, int64_t max_age, bool secure) {
    std::string c = std::string(kSessionCookie) + "=" + value +
                    "; HttpOnly; SameSite=Lax; Path=/; Max-Age=" + std::to_string(max_age);
    if (secure) c += "; Secure";
    return c;
}

Response Login(services::AuthService& auth, const AuthRouteOptions& options, Request& request) {
    auto body = json::ParseObject(request);
    if (!body) return ErrorResponse(body.error(), request.locale);
    json::FieldReader in(*body);
    auto username = in.String("username", {.required = true, .max_len = 256});
    auto password = in.String("password", {.required = true, .max_len = 1024});
    if (auto ok = in.Finish(); !ok) return ErrorResponse(ok.error(), request.locale);

    auto result = auth.Login(*username, *password, request.client_ip);
    if (!result) {
        if (result.error().code == Code::kRateLimited) {
            return RateLimitedResponse(result.error(), auth.RetryAfter(*username, request.client_ip), request.locale);
        }
        return ErrorResponse(result.error(), request.locale);
    }
    boost::json::object user;
    user["id"] = result->user.id;
    user["username"] = result->user.username;
    user["role"] = RoleName(result->user.role);
    user["region_id"] = result->user.region_id ? boost::json::value(*result->user.region_id) : nullptr;
    user["enterprise_id"] = result->user.enterprise_id ? boost::json::value(*result->user.enterprise_id) : nullptr;
    user["display_name"] = result->user.display_name;
    // What the services will refuse (core ReadOnlyRole), so the app offers no write it would refuse.
    user["read_only"] = ReadOnlyRole(result->user.role);
    boost::json::object out;
    out["token"] = result->token;
    out["expires_at"] = FormatRfc3339(result->expires_at);
    out["user"] = std::move(user);
    // For the browser, whose session is the HttpOnly cookie: unsafe requests echo this (CSRF).
    const std::string csrf = CsrfTokenFor(result->token);
    out["csrf_token"] = csrf;
    Response r = Json(200, out);
    r.headers.emplace_back("Set-Cookie",
                           SessionCookie(result->token, auth.session_ttl_seconds(), options.secure_cookie));
    r.headers.emplace_back("Set-Cookie", CsrfCookie(csrf, auth.session_ttl_seconds(), options.secure_cookie));
    // The token is a credential: no cache on the way may keep it.
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

// 204 and both cookies cleared: the browser forgets the session and its CSRF token.
Response SessionEndedResponse(const AuthRouteOptions& options) {
    Response r;
    r.status = 204;
    r.content_type.clear();
    r.headers.emplace_back("Set-Cookie", SessionCookie("", 0, options.secure_cookie));
    r.headers.emplace_back("Set-Cookie", CsrfCookie("", 0, options.secure_cookie));
    return r;
}

Response Logout(services::AuthService& auth, const AuthRouteOptions& options, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    if (auto done = auth.Logout(*request.principal, RequestToken(request)); !done) {
        return ErrorResponse(done.error(), request.locale);
    }
    return SessionEndedResponse(options);
}

// Every session of the caller ends, this one included; the browser's cookie goes too.
Response LogoutAll(services::AuthService& auth, const AuthRouteOptions& options, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    if (auto done = auth.LogoutAll(*request.principal); !done) return ErrorResponse(done.error(), request.locale);
    return SessionEndedResponse(options);
}

// POST /me/password {"old","new"}: every other session of the user ends; this one stays.
Response ChangePassword(services::AuthService& auth, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto body = json::ParseObject(request);
    if (!body) return ErrorResponse(body.error(), request.locale);
    json::FieldReader in(*body);
    auto old_password = in.String("old", {.required = true, .max_len = 1024, .allow_empty = true});
    auto new_password = in.String("new", {.required = true, .max_len = 1024, .allow_empty = true});
    if (auto ok = in.Finish(); !ok) return ErrorResponse(ok.error(), request.locale);
    auto done = auth.ChangePassword(*request.principal, RequestToken(request), *old_password, *new_password);
    if (!done) return ErrorResponse(done.error(), request.locale);
    boost::json::object out;
    out["ok"] = true;
    return Json(200, out);
}

Response Me(services::AuthService& auth, services::UserService& users, const AuthRouteOptions& options,
            Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto user = users.Get(*request.principal, request.principal->user_id);
    if (!user) return ErrorResponse(user.error(), request.locale);
    boost::json::object out = UserJson(*user);
    out["read_only"] = ReadOnlyRole(user->role);
    out["region_name"] = nullptr;
    if (user->region_id) {
        // One primary-key read; a failure here costs the name, not the answer.
        if (auto name = users.RegionName(*user->region_id); name && *name) out["region_name"] = **name;
    }
    std::optional<std::string> csrf;
    if (auto token = SessionToken(request); token && AuthenticatedByCookie(request)) {
        // A reloaded page has the HttpOnly cookie but lost the CSRF token it got at login.
        csrf = CsrfTokenFor(*token);
        out["csrf_token"] = *csrf;
    }
    Response r = Json(200, out);
    if (csrf)
        r.headers.emplace_back("Set-Cookie", CsrfCookie(*csrf, auth.session_ttl_seconds(), options.secure_cookie));
    return r;
}

}  // namespace

void RegisterAuthRoutes(Router& router, services::AuthService& auth, services::UserService& users,
                        AuthRouteOptions options) {
    router.Add(
        Method::kPost, std::string(kLoginPath), [&auth, options](Request& r) { return Login(auth, options, r); },
        Access::kPublic);
    router.Add(Method::kPost, std::string(kLogoutPath),
               [&auth, options](Request& r) { return Logout(auth, options, r); });
    router.Add(Method::kGet, "/api/v1/me",
               [&auth, &users, options](Request& r) { return Me(auth, users, options, r); });
    router.Add(Method::kPost, std::string(kLogoutAllPath),
               [&auth, options](Request& r) { return LogoutAll(auth, options, r); });
    router.Add(Method::kPost, "/api/v1/me/password", [&auth](Request& r) { return ChangePassword(auth, r); });
}

std::function<Result<Principal>(std::string_view token)> MakeAuthenticateHook(services::AuthService& auth) {
    return [&auth](std::string_view token) { return auth.Authenticate(token); };
}

std::function<Response(const std::string&, const std::string&, Request&, const std::function<Response()>&)>
MakeIdempotentHook(services::IdempotencyService& idempotency) {
    return [&idempotency](const std::string& caller, const std::string& key, Request& request,
                          const std::function<Response()>& handler) -> Response {
        if (request.path == kLoginPath || request.path == kLogoutPath || request.path == kLogoutAllPath ||
            request.path == kEnterpriseValidatePath) {
            return handler();
        }
        Response first;
        const services::IdempotentCall call{caller, key, std::string(MethodName(request.method)), request.path};
        auto run = [&]() -> services::StoredAnswer {
            first = handler();
            return {first.status, first.content_type, first.body};
        };
        // An upload writes and fsyncs its file: not under the store's write lock (attachments.hpp).
        auto outcome = IsAttachmentUploadPath(request.path) ? idempotency.RunOutsideTransaction(call, run)
                                                            : idempotency.Run(call, run);
        if (!outcome) return ErrorResponse(outcome.error(), request.locale);
        if (!outcome->replayed) return first;
        Response replay;
        replay.status = outcome->answer.status;
        replay.content_type = outcome->answer.content_type;
        replay.body = std::move(outcome->answer.body);
        replay.headers.emplace_back("Idempotent-Replayed", "true");
        return replay;
    };
}

}  // namespace safegrid::http
