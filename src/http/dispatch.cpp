// Dispatch(): the request pipeline as a plain function (see server.hpp for the order of steps).
// It runs on the worker pool, never on the io threads, because handlers block on the store.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "core/text/trim.hpp"
#include "http/server.hpp"
#include "http/session.hpp"
#include "http/static_files.hpp"
#include "platform/caller.hpp"
#include "platform/crypto.hpp"
#include "platform/metrics.hpp"

namespace safegrid::http {
namespace {

constexpr size_t kMaxRequestIdLength = 64;
constexpr size_t kMaxIdempotencyKeyLength = 200;
constexpr size_t kMaxLoggedPathLength = 200;
constexpr size_t kMaxLanguageRanges = 32;  // Accept-Language entries considered

// The web app's pages: scripts only from our origin (no inline script, no eval), so an injected
// <script> or on*= attribute does not run. Element Plus and Leaflet set style attributes, hence
// 'unsafe-inline' for styles only; map tiles come from a configurable https server (img-src https:);
// photo previews are blob: and data: URLs. frame-ancestors 'none' (and X-Frame-Options for old
// browsers) stops click-jacking.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// The CSRF token is a MAC of the session token. The session token is the secret (256 random bits)
// the attacker lacks; this fixed key only separates the value from every other hash of the token
// (the store keeps SHA-256(token)), so the CSRF value, which scripts can read, reveals nothing. It
// is the same on every server instance and survives restarts, so nothing is stored for it.
constexpr std::string_view kCsrfKey = "safegrid csrf token v1 (domain separation)";
constexpr std::string_view kCsrfCookie = "sg_csrf";

Error CsrfFailed() {
    return Error{
        Code::kForbidden,
        "csrf_failed",
        {"请求缺少有效的 CSRF 令牌，请刷新页面后重试", "Missing or invalid CSRF token; reload the page and retry"},
        {},
        {}};
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A client-chosen id is only echoed when it cannot smuggle anything into logs or headers.
bool SaneRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

}  // namespace

std::string NewRequestId() {
    // Unique enough to find one request in the logs; not a secret, so no CSPRNG needed.
    thread_local std::mt19937_64 rng(std::random_device{}() ^ std::hash<std::thread::id>{}(std::this_thread::get_id()));
    static constexpr char kHex[] = "0123456789abcdef";
    uint64_t bits = rng();
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i, bits >>= 4) id[static_cast<size_t>(i)] = kHex[bits & 0xf];
    return id;
}

// RFC 9110 §12.5.4: the range with the highest q wins; ties keep header order. The first range
// naming a language we have decides; "*" or nothing we know → zh (the product's default).
Locale ParseLocale(const std::optional<std::string>& header) {
    if (!header) return Locale::kZh;
    struct Range {
        std::string tag;
        double q;
    };
    std::vector<Range> ranges;
    std::string_view rest = *header;
    while (!rest.empty() && ranges.size() < kMaxLanguageRanges) {
        size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        size_t semi = item.find(';');
        Range range{Lower(TrimText(item.substr(0, semi))), 1.0};
        if (semi != std::string_view::npos) {
            std::string param = TrimText(item.substr(semi + 1));
            if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
            std::string value = param.substr(2);
            char* end = nullptr;
            range.q = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(range.q >= 0 && range.q <= 1)) continue;
        }
        if (!range.tag.empty() && range.q > 0) ranges.push_back(std::move(range));
    }
    std::stable_sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.q > b.q; });
    for (const Range& range : ranges) {
        if (range.tag == "en" || range.tag.rfind("en-", 0) == 0) return Locale::kEn;
        if (range.tag == "zh" || range.tag.rfind("zh-", 0) == 0 || range.tag == "*") return Locale::kZh;
    }
    return Locale::kZh;
}

namespace {

bool ValidIdempotencyKey(std::string_view key) {
    if (key.empty() || key.size() > kMaxIdempotencyKeyLength) return false;
    return std::all_of(key.begin(), key.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

Response NotFoundResponse(const Request& request) { return ErrorResponse(NotFound().value(), request.locale); }

Response InternalErrorResponse(const Request& request) {
    // The one case where the client should quote something to support: the id finds the log line.
    auto body =
        boost::json::object{{"error",
                             {{"code", "internal_error"},
                              {"message", request.locale == Locale::kEn ? "Internal server error" : "服务器内部错误"},
                              {"fields", boost::json::object{}},
                              {"request_id", request.request_id}}}};
    return Json(500, body);
}

bool UnsafeMethod(Method method) {
    return method != Method::kGet && method != Method::kHead && method != Method::kOptions;
}

// "host:port" in lower case without a default port, so http and https origins compare by host:port.
std::string Authority(std::string_view s) {
    std::string out = Lower(TrimText(s));
    for (std::string_view port : {":80", ":443"}) {
        if (out.size() > port.size() && out.ends_with(port)) out.resize(out.size() - port.size());
    }
    return out;
}

// An Origin header (scheme://host[:port], or "null") that names another site than the Host we were
// asked for: a cross-site request, whatever its CSRF token says.
bool ForeignOrigin(const Request& request) {
    auto origin = request.Header("origin");
    if (!origin) return false;
    size_t scheme_end = origin->find("://");
    auto host = request.Header("host");
    if (scheme_end == std::string::npos || !host) return true;
    return Authority(std::string_view(*origin).substr(scheme_end + 3)) != Authority(*host);
}

// A browser sends the session cookie on every request to us, also one a foreign page triggers.
// Only a script of our own origin can read the sg_csrf cookie (or the login/me answer) and echo it.
bool CsrfHeaderMatches(const Request& request, std::string_view token) {
    auto sent = request.Header("x-csrf-token");
    return sent && platform::ConstantTimeEqual(TrimWhitespace(*sent), CsrfTokenFor(token));
}

std::string Printable(std::string_view s) {
    // Paths are attacker-chosen: escape anything that could forge a log line or a terminal code.
    std::string out;
    for (unsigned char c : s.substr(0, kMaxLoggedPathLength)) {
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > kMaxLoggedPathLength) out += "...";
    return out;
}

Response RouteRequest(const Router& router, const Hooks& hooks, Request& request, const StaticFiles* web,
                      std::string& route_label) {
    if (request.path.empty() && !ParseTarget(request.target, request)) {
        return ErrorResponse(Malformed({"无效的请求地址", "Invalid request target"}, "bad_request").value(),
                             request.locale);
    }
    Router::Match match = router.Find(request.method, request.path);
    if (match.route == nullptr && request.method == Method::kHead) {
        // HEAD is GET without the body (RFC 9110 §9.3.2); the session drops the body.
        Router::Match get = router.Find(Method::kGet, request.path);
        if (get.route != nullptr) match = std::move(get);
    }
    bool api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
    if (match.route == nullptr) {
        if (match.path_exists) {
            route_label = "method_not_allowed";
            Response response = ErrorResponse(
                {Code::kMethodNotAllowed, "method_not_allowed", {"不支持该请求方法", "Method not allowed"}, {}, {}},
                request.locale);
            std::string allow;
            bool has_get = std::find(match.allowed.begin(), match.allowed.end(), Method::kGet) != match.allowed.end();
            for (Method m : match.allowed) allow += (allow.empty() ? "" : ", ") + std::string(MethodName(m));
            if (has_get) allow += ", HEAD";
            response.headers.emplace_back("Allow", allow);
            return response;
        }
        if (!api && (request.method == Method::kGet || request.method == Method::kHead)) {
            route_label = "static";
            if (web != nullptr) return web->Serve(request);
            return StaticFiles("").Serve(request);
        }
        route_label = "unmatched";
        return NotFoundResponse(request);
    }
    const Route& route = *match.route;
    route_label = route.name.empty() ? route.pattern : route.name;
    request.path_params = std::move(match.params);

    std::optional<std::string> token = SessionToken(request);
    // A cookie-authenticated change must prove it comes from our own page (CSRF); SameSite alone
    // is not enough (old browsers, same-site subdomains). Bearer clients are exempt: a browser
    // never adds that header on its own.
    const bool csrf_failed = token && UnsafeMethod(request.method) && AuthenticatedByCookie(request) &&
                             (ForeignOrigin(request) || !CsrfHeaderMatches(request, *token));
    if (route.access == Access::kAuthenticated) {
        if (!token || !hooks.authenticate) return ErrorResponse(Unauthenticated().value(), request.locale);
        Result<Principal> principal = hooks.authenticate(*token);
        if (!principal) return ErrorResponse(principal.error(), request.locale);
        if (csrf_failed) return ErrorResponse(CsrfFailed(), request.locale);
        request.principal = std::move(*principal);
    } else if (csrf_failed) {
        // A public route (login, a public report) needs no session: a forged request runs as anonymous.
    } else if (token && hooks.authenticate) {
        // Public routes still learn who is calling when they can (logout, a logged-in reporter);
        // a stale token must not make a public page fail, so errors are ignored here.
        Result<Principal> principal = hooks.authenticate(*token);
        if (principal) request.principal = std::move(*principal);
    }

    // The store gives this user read-your-writes on a read replica (storage/read_replica.hpp).
    const platform::CallerScope caller_scope(request.principal ? request.principal->user_id : 0);
    auto run = [&]() -> Response { return route.handler(request); };
    if (request.method == Method::kPost) {
        if (auto key = request.Header("idempotency-key")) {
            if (!ValidIdempotencyKey(*key)) {
                return ErrorResponse(Malformed({"Idempotency-Key 须为 1 到 200 个可打印字符",
                                                "Idempotency-Key must be 1 to 200 printable characters"},
                                               "invalid_idempotency_key")
                                         .value(),
                                     request.locale);
            }
            if (hooks.idempotent) {
                std::string caller =
                    request.principal ? "u:" + std::to_string(request.principal->user_id) : "ip:" + request.client_ip;
                return hooks.idempotent(caller, *key, request, run);
            }
        }
    }
    return run();
}

}  // namespace

// Bearer first (API clients and the app after login), then the session cookie (the browser).
std::optional<std::string> SessionToken(const Request& request) {
    if (auto auth = request.Header("authorization")) {
        std::string value = TrimText(*auth);
        if (value.size() > 7 && Lower(value.substr(0, 7)) == "bearer ") {
            std::string token = TrimText(value.substr(7));
            if (!token.empty()) return token;
        }
    }
    if (auto cookies = request.Header("cookie")) {
        std::string_view rest = *cookies;
        while (!rest.empty()) {
            size_t semi = rest.find(';');
            std::string pair = TrimText(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            if (pair.rfind("sg_session=", 0) == 0 && pair.size() > 11) return pair.substr(11);
        }
    }
    return std::nullopt;
}

bool AuthenticatedByCookie(const Request& request) {
    auto token = SessionToken(request);
    if (!token) return false;
    auto auth = request.Header("authorization");
    if (!auth) return true;
    // The Bearer token wins when both are sent (SessionToken); a cookie then is not what authenticates.
    std::string value = TrimText(*auth);
    return !(value.size() > 7 && Lower(value.substr(0, 7)) == "bearer " &&
             !TrimWhitespace(std::string_view(value).substr(7)).empty());
}

std::string CsrfTokenFor(std::string_view session_token) {
    return platform::Blake2b256KeyedHex(kCsrfKey, session_token);
}

std::string CsrfCookie(std::string_view csrf, int64_t max_age, bool secure) {
    std::string c = std::string(kCsrfCookie) + "=" + std::string(csrf) +
                    "; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age);
    if (secure) c += "; Secure";
    return c;
}

void AddSecurityHeaders(const Request& request, Response& response) {
    auto set = [&](const char* name, const char* value) {
        std::erase_if(response.headers, [&](const auto& h) { return Lower(h.first) == Lower(name); });
        response.headers.emplace_back(name, value);
    };
    set("X-Content-Type-Options", "nosniff");
    set("Referrer-Policy", "same-origin");
    std::string_view path = request.path.empty() ? request.target : request.path;
    const bool api = path == "/api" || path.starts_with("/api/") || path.starts_with("/api?");
    if (api) {
        // Every API answer is about one caller's scope (attachments included): no cache keeps it.
        set("Cache-Control", "no-store");
    } else {
        set("Content-Security-Policy", kContentSecurityPolicy);
        set("X-Frame-Options", "DENY");
    }
}

void RecordAccess(const Request& request, const Response& response, std::string_view route, double seconds) {
    try {
        platform::Metrics::Global().ObserveRequest(route, MethodName(request.method), response.status, seconds);
        std::string user = request.principal ? std::to_string(request.principal->user_id) : "-";
        spdlog::info("{} \"{}\" {} {}B {:.1f}ms rid={} uid={} ip={}", MethodName(request.method),
                     Printable(request.path.empty() ? request.target : request.path), response.status,
                     response.body.size(), seconds * 1000.0, request.request_id, user, request.client_ip);
    } catch (...) {
        // Observability must never turn a good answer into a failed one.
    }
}

Response Dispatch(const Router& router, const Hooks& hooks, Request& request) {
    return Dispatch(router, hooks, request, nullptr);
}

Response Dispatch(const Router& router, const Hooks& hooks, Request& request, const StaticFiles* web) {
    auto started = std::chrono::steady_clock::now();
    std::string route_label = "unmatched";
    Response response;
    try {
        auto incoming = request.Header("x-request-id");
        request.request_id = incoming && SaneRequestId(*incoming) ? *incoming : NewRequestId();
        request.locale = ParseLocale(request.Header("accept-language"));
        response = RouteRequest(router, hooks, request, web, route_label);
    } catch (const std::exception& e) {
        spdlog::error("rid={} unhandled exception in {} {}: {}", request.request_id, MethodName(request.method),
                      route_label, e.what());
        response = InternalErrorResponse(request);
    } catch (...) {
        spdlog::error("rid={} unhandled non-standard exception in {} {}", request.request_id,
                      MethodName(request.method), route_label);
        response = InternalErrorResponse(request);
    }
    if (request.request_id.empty()) request.request_id = NewRequestId();
    response.headers.emplace_back("X-Request-Id", request.request_id);
    AddSecurityHeaders(request, response);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    RecordAccess(request, response, route_label, seconds);
    return response;
}

}  // namespace safegrid::http
