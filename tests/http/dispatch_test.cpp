// Dispatch() is the whole pipeline without sockets: these tests drive it with a fake Hooks.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "http/server.hpp"

namespace safegrid::http {
namespace {

struct FakeHooks {
    int authenticate_calls = 0;
    int idempotent_calls = 0;
    std::string last_caller;
    std::string last_key;

    Hooks Make() {
        Hooks hooks;
        hooks.authenticate = [this](std::string_view token) -> Result<Principal> {
            ++authenticate_calls;
            if (token == "county") {
                Principal c;
                c.user_id = 8;
                c.username = "county";
                c.role = Role::kCounty;
                c.scope = Scope::County(100, {1, 2});
                return c;
            }
            if (token != "good") return Unauthenticated("session_expired");
            Principal p;
            p.user_id = 7;
            p.username = "town";
            p.role = Role::kTown;
            return p;
        };
        hooks.idempotent = [this](const std::string& caller, const std::string& key, Request&,
                                  const std::function<Response()>& handler) {
            ++idempotent_calls;
            last_caller = caller;
            last_key = key;
            return handler();
        };
        hooks.healthy = [] { return true; };
        return hooks;
    }
};

std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return "";
}

std::string ErrorCode(const Response& r) {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}

Request Make(Method method, std::string target) {
    Request r;
    r.method = method;
    r.target = std::move(target);
    r.client_ip = "192.0.2.1";
    return r;
}

class DispatchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add(Method::kGet, "/api/v1/me", [this](Request& r) {
            seen_ = r;
            return Json(200, boost::json::object{{"user", r.principal ? r.principal->user_id : 0}});
        });
        router_.Add(
            Method::kGet, "/api/v1/public/thing",
            [this](Request& r) {
                seen_ = r;
                return Json(200, boost::json::object{{"ok", true}});
            },
            Access::kPublic);
        router_.Add(
            Method::kPost, "/api/v1/public/reports",
            [this](Request& r) {
                seen_ = r;
                ++handler_calls_;
                return Json(201, boost::json::object{{"tracking_code", "x"}});
            },
            Access::kPublic);
        router_.Add(Method::kPost, "/api/v1/hazards", [this](Request&) {
            ++handler_calls_;
            return Json(201, boost::json::object{});
        });
        router_.Add(Method::kPatch, "/api/v1/hazards/{id}", [this](Request& r) {
            seen_ = r;
            ++handler_calls_;
            return Json(200, boost::json::object{});
        });
        router_.Add(
            Method::kGet, "/api/v1/boom", [](Request&) -> Response { throw std::runtime_error("bug"); },
            Access::kPublic);
        router_.Add(
            Method::kGet, "/api/v1/throw-int", [](Request&) -> Response { throw 42; }, Access::kPublic);
        hooks_ = fake_.Make();
    }

    Response Run(Request& r) { return Dispatch(router_, hooks_, r); }

    Router router_;
    FakeHooks fake_;
    Hooks hooks_;
    Request seen_;
    int handler_calls_ = 0;
};

TEST_F(DispatchTest, PermissionsAreTheServicesNotDispatch) {
    // The read-only rule lives in the services (core RequireWriter), where the CLI, jobs and device
    // paths meet it too; dispatch only authenticates, so a county's write reaches the handler and its
    // service answers 403 (tests/app/read_only_walk_test.cpp walks every write route for that).
    router_.Add(Method::kPost, "/api/v1/me/password", [this](Request&) {
        ++handler_calls_;
        return Json(200, boost::json::object{});
    });
    Request get = Make(Method::kGet, "/api/v1/me");
    get.headers["authorization"] = "Bearer county";
    EXPECT_EQ(Run(get).status, 200);
    Request w = Make(Method::kPatch, "/api/v1/hazards/5");
    w.headers["authorization"] = "Bearer county";
    EXPECT_EQ(Run(w).status, 200);
    ASSERT_TRUE(seen_.principal);
    EXPECT_EQ(seen_.principal->role, Role::kCounty);
    Request pw = Make(Method::kPost, "/api/v1/me/password");
    pw.headers["authorization"] = "Bearer county";
    EXPECT_EQ(Run(pw).status, 200);
    EXPECT_EQ(handler_calls_, 2);
}

TEST_F(DispatchTest, EchoesASaneRequestId) {
    Request r = Make(Method::kGet, "/api/v1/public/thing");
    r.headers["x-request-id"] = "abc-DEF_123";
    Response resp = Run(r);
    EXPECT_EQ(HeaderOf(resp, "X-Request-Id"), "abc-DEF_123");
    EXPECT_EQ(seen_.request_id, "abc-DEF_123");
}

TEST_F(DispatchTest, GeneratesARequestIdWhenTheIncomingOneIsMissingOrUnsafe) {
    for (std::string bad :
         {std::string(), std::string("has space"), std::string("a\r\nSet-Cookie: x"), std::string(65, 'a')}) {
        Request r = Make(Method::kGet, "/api/v1/public/thing");
        if (!bad.empty()) r.headers["x-request-id"] = bad;
        Response resp = Run(r);
        std::string id = HeaderOf(resp, "X-Request-Id");
        EXPECT_EQ(id.size(), 16u) << bad;
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    }
    Request a = Make(Method::kGet, "/api/v1/public/thing");
    Request b = Make(Method::kGet, "/api/v1/public/thing");
    EXPECT_NE(HeaderOf(Run(a), "X-Request-Id"), HeaderOf(Run(b), "X-Request-Id"));
}

TEST_F(DispatchTest, EveryResponseCarriesARequestId) {
    for (const char* target : {"/api/v1/nothing", "/api/v1/me", "/api/v1/boom", "/index.html"}) {
        Request r = Make(Method::kGet, target);
        EXPECT_FALSE(HeaderOf(Run(r), "X-Request-Id").empty()) << target;
    }
}

TEST_F(DispatchTest, PicksTheLocaleFromAcceptLanguage) {
    const std::pair<const char*, Locale> cases[] = {
        {"", Locale::kZh},
        {"en", Locale::kEn},
        {"en-US,en;q=0.9", Locale::kEn},
        {"EN-gb", Locale::kEn},
        {"zh-CN,zh;q=0.9,en;q=0.8", Locale::kZh},
        {"zh-CN;q=0.5, en;q=0.9", Locale::kEn},  // q decides, not order
        {"en;q=0, zh", Locale::kZh},             // q=0 means "not this"
        {"fr-FR, en;q=0.5", Locale::kEn},        // the first language we have
        {"fr", Locale::kZh},
        {"*", Locale::kZh},
        {"english", Locale::kZh},             // not "en" nor "en-*"
        {"en;q=abc, zh;q=0.1", Locale::kZh},  // a broken q drops that range
        {";;,,,", Locale::kZh},
    };
    for (auto [header, expected] : cases) {
        Request r = Make(Method::kGet, "/api/v1/public/thing");
        if (*header) r.headers["accept-language"] = header;
        Run(r);
        EXPECT_EQ(seen_.locale, expected) << header;
    }
}

TEST_F(DispatchTest, ErrorsAreInTheRequestedLanguage) {
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["accept-language"] = "en";
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 401);
    EXPECT_EQ(boost::json::parse(resp.body).at("error").at("message"), "Please log in");
}

TEST_F(DispatchTest, UnknownApiPathIsJson404) {
    Request r = Make(Method::kGet, "/api/v1/nothing/here");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 404);
    EXPECT_EQ(ErrorCode(resp), "not_found");
    Request post = Make(Method::kPost, "/not-api");
    EXPECT_EQ(Run(post).status, 404);
}

TEST_F(DispatchTest, WrongMethodIs405WithAllow) {
    Request r = Make(Method::kDelete, "/api/v1/me");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 405);
    EXPECT_EQ(ErrorCode(resp), "method_not_allowed");
    EXPECT_EQ(HeaderOf(resp, "Allow"), "GET, HEAD");
}

TEST_F(DispatchTest, HeadRunsTheGetHandler) {
    Request r = Make(Method::kHead, "/api/v1/public/thing");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 200);
    EXPECT_EQ(resp.body, R"({"ok":true})");  // the session drops it but keeps its length
}

TEST_F(DispatchTest, NonApiGetServesTheWebApp) {
    Request r = Make(Method::kGet, "/hazards/12");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 200);
    EXPECT_EQ(resp.content_type, "text/html; charset=utf-8");
}

TEST_F(DispatchTest, AuthenticatedRouteWithoutTokenIs401) {
    Request r = Make(Method::kGet, "/api/v1/me");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 401);
    EXPECT_EQ(ErrorCode(resp), "unauthenticated");
    EXPECT_EQ(fake_.authenticate_calls, 0);
}

TEST_F(DispatchTest, BadTokenGivesTheHookError) {
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["authorization"] = "Bearer nope";
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 401);
    EXPECT_EQ(ErrorCode(resp), "session_expired");
}

TEST_F(DispatchTest, BearerTokenSetsThePrincipal) {
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["authorization"] = "bearer   good ";
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 200);
    ASSERT_TRUE(seen_.principal.has_value());
    EXPECT_EQ(seen_.principal->user_id, 7);
}

TEST_F(DispatchTest, SessionCookieSetsThePrincipal) {
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["cookie"] = "theme=dark; sg_session=good; other=1";
    EXPECT_EQ(Run(r).status, 200);
    EXPECT_EQ(seen_.principal->user_id, 7);
}

TEST_F(DispatchTest, OtherAuthSchemesAreIgnored) {
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["authorization"] = "Basic Z29vZA==";
    r.headers["cookie"] = "xsg_session=good";
    EXPECT_EQ(Run(r).status, 401);
}

TEST_F(DispatchTest, PublicRoutesLearnThePrincipalButIgnoreBadTokens) {
    Request good = Make(Method::kGet, "/api/v1/public/thing");
    good.headers["cookie"] = "sg_session=good";
    EXPECT_EQ(Run(good).status, 200);
    EXPECT_TRUE(seen_.principal.has_value());
    Request bad = Make(Method::kGet, "/api/v1/public/thing");
    bad.headers["cookie"] = "sg_session=stale";
    EXPECT_EQ(Run(bad).status, 200);
    EXPECT_FALSE(seen_.principal.has_value());
}

TEST_F(DispatchTest, PathParamsReachTheHandler) {
    Request r = Make(Method::kPatch, "/api/v1/hazards/31");
    r.headers["authorization"] = "Bearer good";
    Run(r);
    EXPECT_EQ(seen_.path_params.at("id"), "31");
}

TEST_F(DispatchTest, IdempotencyHookRunsOnlyForPostWithAKey) {
    Request no_key = Make(Method::kPost, "/api/v1/public/reports");
    EXPECT_EQ(Run(no_key).status, 201);
    EXPECT_EQ(fake_.idempotent_calls, 0);

    Request patch = Make(Method::kPatch, "/api/v1/hazards/1");
    patch.headers["authorization"] = "Bearer good";
    patch.headers["idempotency-key"] = "k1";
    Run(patch);
    EXPECT_EQ(fake_.idempotent_calls, 0);

    Request anonymous = Make(Method::kPost, "/api/v1/public/reports");
    anonymous.headers["idempotency-key"] = "offline-42";
    EXPECT_EQ(Run(anonymous).status, 201);
    EXPECT_EQ(fake_.idempotent_calls, 1);
    EXPECT_EQ(fake_.last_caller, "ip:192.0.2.1");
    EXPECT_EQ(fake_.last_key, "offline-42");

    Request user = Make(Method::kPost, "/api/v1/hazards");
    user.headers["authorization"] = "Bearer good";
    user.headers["idempotency-key"] = "offline-43";
    EXPECT_EQ(Run(user).status, 201);
    EXPECT_EQ(fake_.idempotent_calls, 2);
    EXPECT_EQ(fake_.last_caller, "u:7");
    EXPECT_EQ(handler_calls_, 4);
}

TEST_F(DispatchTest, AuthComesBeforeIdempotency) {
    Request r = Make(Method::kPost, "/api/v1/hazards");
    r.headers["idempotency-key"] = "k";
    EXPECT_EQ(Run(r).status, 401);
    EXPECT_EQ(fake_.idempotent_calls, 0);
}

TEST_F(DispatchTest, BadIdempotencyKeyIs400) {
    for (std::string key :
         {std::string(), std::string(201, 'k'), std::string("tab\there"), std::string("\xe4\xb8\xad")}) {
        Request r = Make(Method::kPost, "/api/v1/public/reports");
        r.headers["idempotency-key"] = key;
        Response resp = Run(r);
        EXPECT_EQ(resp.status, 400) << key;
        EXPECT_EQ(ErrorCode(resp), "invalid_idempotency_key");
    }
    EXPECT_EQ(handler_calls_, 0);
    Request longest = Make(Method::kPost, "/api/v1/public/reports");
    longest.headers["idempotency-key"] = std::string(200, 'k');
    EXPECT_EQ(Run(longest).status, 201);
}

TEST_F(DispatchTest, AnEscapingExceptionIs500WithTheRequestId) {
    Request r = Make(Method::kGet, "/api/v1/boom");
    r.headers["x-request-id"] = "trace-me";
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 500);
    auto body = boost::json::parse(resp.body);
    EXPECT_EQ(body.at("error").at("code"), "internal_error");
    EXPECT_EQ(body.at("error").at("request_id"), "trace-me");
    EXPECT_EQ(body.at("error").at("message"), "服务器内部错误");
    EXPECT_EQ(resp.body.find("bug"), std::string::npos);  // the exception text stays in the log
    EXPECT_EQ(HeaderOf(resp, "X-Request-Id"), "trace-me");

    Request odd = Make(Method::kGet, "/api/v1/throw-int");
    EXPECT_EQ(Run(odd).status, 500);
}

TEST_F(DispatchTest, AThrowingIdempotencyHookIs500) {
    hooks_.idempotent = [](const std::string&, const std::string&, Request&,
                           const std::function<Response()>&) -> Response { throw std::runtime_error("store down"); };
    Request r = Make(Method::kPost, "/api/v1/public/reports");
    r.headers["idempotency-key"] = "k";
    EXPECT_EQ(Run(r).status, 500);
}

TEST_F(DispatchTest, MissingHooksDegradeSafely) {
    Hooks none;
    Request r = Make(Method::kGet, "/api/v1/me");
    r.headers["authorization"] = "Bearer good";
    EXPECT_EQ(Dispatch(router_, none, r).status, 401);
    Request post = Make(Method::kPost, "/api/v1/public/reports");
    post.headers["idempotency-key"] = "k";
    EXPECT_EQ(Dispatch(router_, none, post).status, 201);
}

TEST_F(DispatchTest, BadTargetIs400) {
    Request r = Make(Method::kGet, "/api/v1/%zz");
    Response resp = Run(r);
    EXPECT_EQ(resp.status, 400);
    EXPECT_EQ(ErrorCode(resp), "bad_request");
}

TEST_F(DispatchTest, UsesAPathAlreadySet) {
    Request r;
    r.method = Method::kGet;
    r.path = "/api/v1/public/thing";
    r.query = {{"a", "b"}};
    EXPECT_EQ(Run(r).status, 200);
    EXPECT_EQ(seen_.Query("a"), "b");
}

TEST(SessionToken, BearerFirstThenCookie) {
    Request r;
    EXPECT_EQ(SessionToken(r), std::nullopt);
    r.headers["cookie"] = "a=1; sg_session=from-cookie";
    EXPECT_EQ(SessionToken(r), "from-cookie");
    r.headers["authorization"] = "BEARER from-header";
    EXPECT_EQ(SessionToken(r), "from-header");
    r.headers["authorization"] = "Bearer ";
    EXPECT_EQ(SessionToken(r), "from-cookie");
    r.headers["cookie"] = "sg_session=";
    EXPECT_EQ(SessionToken(r), std::nullopt);
}

}  // namespace
}  // namespace safegrid::http

namespace safegrid::http {
namespace {

// --- Security headers (CONTRACT.md "Auth and scope") and CSRF for the cookie session. ---

TEST_F(DispatchTest, EveryAnswerCarriesNosniffAndAReferrerPolicy) {
    for (const char* target : {"/api/v1/me", "/api/v1/nope", "/hazards/12", "/api/v1/boom"}) {
        Request r = Make(Method::kGet, target);
        Response resp = Run(r);
        EXPECT_EQ(HeaderOf(resp, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(HeaderOf(resp, "Referrer-Policy"), "same-origin") << target;
    }
}

TEST_F(DispatchTest, ApiAnswersAreNeverCached) {
    router_.Add(
        Method::kGet, "/api/v1/cached",
        [](Request&) {
            Response r = Json(200, boost::json::object{});
            r.headers.emplace_back("Cache-Control", "private, max-age=300");
            return r;
        },
        Access::kPublic);
    for (const char* target : {"/api/v1/me", "/api/v1/nope", "/api/v1/cached", "/api/v1/public/thing"}) {
        Request r = Make(Method::kGet, target);
        Response resp = Run(r);
        int cache_headers = 0;
        for (const auto& [name, value] : resp.headers) cache_headers += name == "Cache-Control";
        EXPECT_EQ(cache_headers, 1) << target;
        EXPECT_EQ(HeaderOf(resp, "Cache-Control"), "no-store") << target;
        EXPECT_EQ(HeaderOf(resp, "Content-Security-Policy"), "") << target;
    }
}

TEST_F(DispatchTest, WebAppPagesCarryAStrictContentSecurityPolicy) {
    Request r = Make(Method::kGet, "/hazards/12");
    Response resp = Run(r);
    std::string csp = HeaderOf(resp, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
    // Inline styles are allowed (Element Plus, Leaflet); inline or eval'd scripts are not.
    size_t script = csp.find("script-src");
    EXPECT_EQ(csp.substr(script, csp.find(';', script) - script).find("unsafe"), std::string::npos) << csp;
    EXPECT_EQ(HeaderOf(resp, "X-Frame-Options"), "DENY");
}

Request CookiePatch(const std::string& csrf) {
    Request r = Make(Method::kPatch, "/api/v1/hazards/5");
    r.headers["cookie"] = "sg_session=good";
    r.headers["host"] = "safegrid.example:8443";
    if (!csrf.empty()) r.headers["x-csrf-token"] = csrf;
    return r;
}

TEST_F(DispatchTest, CookieAuthenticatedChangesNeedTheCsrfToken) {
    Request missing = CookiePatch("");
    Response resp = Run(missing);
    EXPECT_EQ(resp.status, 403);
    EXPECT_EQ(ErrorCode(resp), "csrf_failed");
    Request wrong = CookiePatch(CsrfTokenFor("other-session"));
    EXPECT_EQ(Run(wrong).status, 403);
    EXPECT_EQ(handler_calls_, 0);

    Request right = CookiePatch(CsrfTokenFor("good"));
    EXPECT_EQ(Run(right).status, 200);
    EXPECT_EQ(handler_calls_, 1);
    // Safe methods need none (they change nothing).
    Request get = Make(Method::kGet, "/api/v1/me");
    get.headers["cookie"] = "sg_session=good";
    EXPECT_EQ(Run(get).status, 200);
}

TEST_F(DispatchTest, BearerRequestsAreExemptFromCsrf) {
    Request r = Make(Method::kPatch, "/api/v1/hazards/5");
    r.headers["authorization"] = "Bearer good";
    r.headers["cookie"] = "sg_session=good";
    r.headers["origin"] = "https://evil.example";
    EXPECT_EQ(Run(r).status, 200);
}

TEST_F(DispatchTest, AForeignOriginFailsCsrfEvenWithTheToken) {
    Request foreign = CookiePatch(CsrfTokenFor("good"));
    foreign.headers["origin"] = "https://evil.example";
    EXPECT_EQ(ErrorCode(Run(foreign)), "csrf_failed");
    Request null_origin = CookiePatch(CsrfTokenFor("good"));
    null_origin.headers["origin"] = "null";
    EXPECT_EQ(Run(null_origin).status, 403);
    // Scheme-agnostic: a TLS-terminating proxy forwards https pages to our plain-http port.
    Request same = CookiePatch(CsrfTokenFor("good"));
    same.headers["origin"] = "https://SafeGrid.example:8443";
    EXPECT_EQ(Run(same).status, 200);
    Request default_port = CookiePatch(CsrfTokenFor("good"));
    default_port.headers["host"] = "safegrid.example";
    default_port.headers["origin"] = "https://safegrid.example";
    EXPECT_EQ(Run(default_port).status, 200);
}

TEST_F(DispatchTest, AForgedPublicPostRunsAsAnonymous) {
    Request r = Make(Method::kPost, "/api/v1/public/reports");
    r.headers["cookie"] = "sg_session=good";
    EXPECT_EQ(Run(r).status, 201);
    EXPECT_FALSE(seen_.principal.has_value());
    Request with_token = Make(Method::kPost, "/api/v1/public/reports");
    with_token.headers["cookie"] = "sg_session=good";
    with_token.headers["x-csrf-token"] = CsrfTokenFor("good");
    EXPECT_EQ(Run(with_token).status, 201);
    EXPECT_TRUE(seen_.principal.has_value());
}

TEST(Csrf, TheTokenIsDerivedFromTheSessionAndCannotBeGuessedFromOthers) {
    EXPECT_EQ(CsrfTokenFor("a"), CsrfTokenFor("a"));
    EXPECT_NE(CsrfTokenFor("a"), CsrfTokenFor("b"));
    EXPECT_EQ(CsrfTokenFor("a").size(), 64u);
    Request cookie;
    cookie.headers["cookie"] = "sg_session=t";
    EXPECT_TRUE(AuthenticatedByCookie(cookie));
    cookie.headers["authorization"] = "Bearer t";
    EXPECT_FALSE(AuthenticatedByCookie(cookie));
    EXPECT_FALSE(AuthenticatedByCookie(Request{}));
}

}  // namespace
}  // namespace safegrid::http
