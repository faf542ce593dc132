// /api/v1/auth/login, /api/v1/auth/logout and /api/v1/me, plus the two Hooks of the request
// pipeline that belong to identity: token → principal, and idempotent POSTs.
//
// Login answers the token in the body (for API clients and the app's Bearer header) and as an
// HttpOnly cookie (for the browser; SameSite=Lax so a cross-site POST does not carry it), plus the
// CSRF token (JSON "csrf_token" and the script-readable sg_csrf cookie) that cookie-authenticated
// unsafe requests must echo in X-CSRF-Token (see Dispatch in http/server.hpp). GET /api/v1/me
// answers it again to a cookie-authenticated caller, so a reloaded page recovers it.
//
// Thread-safety: handlers and hooks are reentrant; the services are shared.
#pragma once

#include <string_view>

#include "http/router.hpp"
#include "http/server.hpp"
#include "services/auth_service.hpp"
#include "services/idempotency_service.hpp"
#include "services/user_service.hpp"

namespace safegrid::http {

// The session cookie's name; http/dispatch.cpp reads the same name.
inline constexpr std::string_view kSessionCookie = "sg_session";

struct AuthRouteOptions {
    bool secure_cookie = false;  // add "Secure" (only when served over HTTPS, e.g. behind a proxy)
};

void RegisterAuthRoutes(Router& router, services::AuthService& auth, services::UserService& users,
                        AuthRouteOptions options = {});

// For Hooks::authenticate.
std::function<Result<Principal>(std::string_view token)> MakeAuthenticateHook(services::AuthService& auth);
// For Hooks::idempotent. Login and logout are passed straight through: their answers carry a
// session token, which must never be written to the store. So is POST /enterprises/validate: it
// writes nothing, and storing an answer per keystroke would fill the store and its write lock.
std::function<Response(const std::string& caller, const std::string& key, Request& request,
                       const std::function<Response()>& handler)>
MakeIdempotentHook(services::IdempotencyService& idempotency);

}  // namespace safegrid::http
