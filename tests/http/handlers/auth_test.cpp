#include "http/handlers/auth.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::http {
namespace {

constexpr const char* kPassword = "demo1234";

boost::json::value Body(const Response& r) { return boost::json::parse(r.body); }

std::optional<std::string> HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return std::nullopt;
}

std::vector<std::string> CookiesOf(const Response& r) {
    std::vector<std::string> out;
    for (const auto& [k, v] : r.headers) {
        if (k == "Set-Cookie") out.push_back(v);
    }
    return out;
}

class AuthHandlersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(test::Backend::kSqlite);
        ASSERT_TRUE(store_);
        audit_ = std::make_unique<services::AuditService>(store_->shared(), clock_);
        users_ = std::make_unique<services::UserService>(store_->shared(), clock_, *audit_);
        auth_ = std::make_unique<services::AuthService>(store_->shared(), clock_, *audit_);
        idempotency_ = std::make_unique<services::IdempotencyService>(store_->shared(), clock_);
        town_ = store_->AddTown("匡堰镇");
        auto u = users_->Create(
            nullptr, {"town", "town", town_, std::nullopt, kPassword, std::string("镇安监办"), std::nullopt});
        ASSERT_TRUE(u);
        RegisterAuthRoutes(router_, *auth_, *users_);
    }

    Response Call(Method method, const std::string& path, const std::string& body = "",
                  std::map<std::string, std::string> headers = {}) {
        Request req;
        req.method = method;
        req.path = req.target = path;
        req.body = body;
        req.headers = std::move(headers);
        req.headers.emplace("content-type", "application/json");
        req.client_ip = "10.0.0.1";
        req.locale = Locale::kEn;
        auto match = router_.Find(method, path);
        EXPECT_TRUE(match.route) << path;
        if (!match.route) return {};
        req.path_params = match.params;
        if (match.route->access == Access::kAuthenticated) {
            // What Dispatch does before calling an authenticated route.
            auto token = TokenFrom(req);
            auto principal = auth_->Authenticate(token);
            if (!principal) return ErrorResponse(principal.error(), req.locale);
            req.principal = *principal;
        }
        return match.route->handler(req);
    }

    static std::string TokenFrom(const Request& req) {
        auto h = req.Header("authorization");
        return h && h->size() > 7 ? h->substr(7) : "";
    }

    std::string Login() {
        Response r = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"demo1234"})");
        EXPECT_EQ(r.status, 200) << r.body;
        return std::string(Body(r).at("token").as_string());
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<services::AuditService> audit_;
    std::unique_ptr<services::UserService> users_;
    std::unique_ptr<services::AuthService> auth_;
    std::unique_ptr<services::IdempotencyService> idempotency_;
    Router router_;
    int64_t town_ = 0;
};

TEST_F(AuthHandlersTest, LoginAnswersTokenUserAndAnHttpOnlyCookie) {
    Response r = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"demo1234"})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = Body(r).as_object();
    const std::string token(body.at("token").as_string());
    EXPECT_EQ(token.size(), 43u);
    const auto& user = body.at("user").as_object();
    EXPECT_EQ(user.at("username").as_string(), "town");
    EXPECT_EQ(user.at("role").as_string(), "town");
    EXPECT_EQ(user.at("region_id").as_int64(), town_);
    EXPECT_TRUE(user.at("enterprise_id").is_null());
    EXPECT_TRUE(user.at("id").is_int64());
    EXPECT_EQ(r.body.find("argon2"), std::string::npos);
    EXPECT_EQ(HeaderOf(r, "Set-Cookie"), "sg_session=" + token + "; HttpOnly; SameSite=Lax; Path=/; Max-Age=43200");
}

TEST_F(AuthHandlersTest, LoginAlsoAnswersTheCsrfTokenInJsonAndAReadableCookie) {
    Response r = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"demo1234"})");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string token(Body(r).at("token").as_string());
    const std::string csrf(Body(r).at("csrf_token").as_string());
    EXPECT_EQ(csrf, CsrfTokenFor(token));
    EXPECT_EQ(csrf.size(), 64u);
    EXPECT_NE(csrf, token);
    auto cookies = CookiesOf(r);
    ASSERT_EQ(cookies.size(), 2u);
    EXPECT_EQ(cookies[1], "sg_csrf=" + csrf + "; SameSite=Strict; Path=/; Max-Age=43200");  // not HttpOnly
}

TEST_F(AuthHandlersTest, MeAnswersTheCsrfTokenOnlyToACookieCaller) {
    const std::string token = Login();
    Response bearer = Call(Method::kGet, "/api/v1/me", "", {{"authorization", "Bearer " + token}});
    ASSERT_EQ(bearer.status, 200);
    EXPECT_FALSE(Body(bearer).as_object().contains("csrf_token"));
    EXPECT_TRUE(CookiesOf(bearer).empty());

    Request req;
    req.method = Method::kGet;
    req.path = "/api/v1/me";
    req.headers["cookie"] = "sg_session=" + token;
    req.principal = *auth_->Authenticate(token);
    Response cookie = router_.Find(Method::kGet, req.path).route->handler(req);
    ASSERT_EQ(cookie.status, 200);
    EXPECT_EQ(Body(cookie).at("csrf_token").as_string(), CsrfTokenFor(token));
    ASSERT_EQ(CookiesOf(cookie).size(), 1u);
    EXPECT_EQ(CookiesOf(cookie)[0].rfind("sg_csrf=" + CsrfTokenFor(token) + ";", 0), 0u);
}

TEST_F(AuthHandlersTest, SecureCookieOnlyWhenConfigured) {
    Router secure;
    RegisterAuthRoutes(secure, *auth_, *users_, {.secure_cookie = true});
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/auth/login";
    req.headers["content-type"] = "application/json";
    req.body = R"({"username":"town","password":"demo1234"})";
    Response r = secure.Find(Method::kPost, req.path).route->handler(req);
    ASSERT_EQ(r.status, 200);
    for (const std::string& cookie : CookiesOf(r)) EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
    EXPECT_EQ(CookiesOf(r).size(), 2u);
}

TEST_F(AuthHandlersTest, BadInputGetsTheContractsStatuses) {
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", "{not json").status, 400);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", "[1,2]").status, 400);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town"})").status, 422);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"password":"x"})").status, 422);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"username":5,"password":true})").status, 422);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":""})").status, 422);
    Response wrong = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"nope-nope"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(Body(wrong).at("error").at("code").as_string(), "invalid_credentials");
    Response unknown = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"ghost","password":"nope-nope"})");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.body, wrong.body);
}

TEST_F(AuthHandlersTest, ThrottledLoginSaysWhenToComeBack) {
    for (int i = 0; i < 5; ++i)
        Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"wrong-pw"})");
    clock_.Advance(60);
    Response r = Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"demo1234"})");
    ASSERT_EQ(r.status, 429);
    EXPECT_EQ(Body(r).at("error").at("code").as_string(), "rate_limited");
    EXPECT_EQ(Body(r).at("error").at("retry_after").as_int64(), 15 * 60 - 60);
    EXPECT_EQ(HeaderOf(r, "Retry-After"), std::to_string(15 * 60 - 60));
}

TEST_F(AuthHandlersTest, LogoutEndsTheSessionAndClearsTheCookie) {
    const std::string token = Login();
    Response r = Call(Method::kPost, "/api/v1/auth/logout", "", {{"authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 204);
    EXPECT_TRUE(r.body.empty());
    EXPECT_NE(HeaderOf(r, "Set-Cookie")->find("sg_session=; "), std::string::npos);
    EXPECT_NE(HeaderOf(r, "Set-Cookie")->find("Max-Age=0"), std::string::npos);
    ASSERT_EQ(CookiesOf(r).size(), 2u);
    EXPECT_EQ(CookiesOf(r)[1].rfind("sg_csrf=; ", 0), 0u);
    EXPECT_FALSE(auth_->Authenticate(token));
}

TEST_F(AuthHandlersTest, LogoutWithTheCookieWorksToo) {
    const std::string token = Login();
    auto principal = auth_->Authenticate(token);
    ASSERT_TRUE(principal);
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/auth/logout";
    req.headers["cookie"] = "theme=dark; sg_session=" + token + "; lang=zh";
    req.principal = *principal;
    EXPECT_EQ(router_.Find(Method::kPost, req.path).route->handler(req).status, 204);
    EXPECT_FALSE(auth_->Authenticate(token));
}

TEST_F(AuthHandlersTest, MeAnswersTheUserWithDisplayAndRegionName) {
    const std::string token = Login();
    Response r = Call(Method::kGet, "/api/v1/me", "", {{"authorization", "Bearer " + token}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = Body(r).as_object();
    EXPECT_EQ(body.at("username").as_string(), "town");
    EXPECT_EQ(body.at("display_name").as_string(), "镇安监办");
    EXPECT_EQ(body.at("region_name").as_string(), "匡堰镇");
    EXPECT_FALSE(body.contains("password_hash"));
}

TEST_F(AuthHandlersTest, PasswordChangeKeepsThisSessionAndEndsTheOthers) {
    const std::string phone = Login();
    const std::string browser = Login();
    const std::map<std::string, std::string> as_browser = {{"authorization", "Bearer " + browser}};
    Response wrong =
        Call(Method::kPost, "/api/v1/me/password", R"({"old":"nope-nope","new":"new-password-2"})", as_browser);
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_TRUE(Body(wrong).at("error").at("fields").as_object().contains("old")) << wrong.body;
    Response weak = Call(Method::kPost, "/api/v1/me/password", R"({"old":"demo1234","new":"short"})", as_browser);
    EXPECT_EQ(weak.status, 422) << weak.body;
    EXPECT_TRUE(Body(weak).at("error").at("fields").as_object().contains("new")) << weak.body;
    Response missing = Call(Method::kPost, "/api/v1/me/password", R"({"new":"new-password-2"})", as_browser);
    EXPECT_EQ(missing.status, 422) << missing.body;

    Response ok =
        Call(Method::kPost, "/api/v1/me/password", R"({"old":"demo1234","new":"new-password-2"})", as_browser);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.body.find("new-password"), std::string::npos);
    EXPECT_TRUE(auth_->Authenticate(browser));
    EXPECT_FALSE(auth_->Authenticate(phone));
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"demo1234"})").status, 401);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login", R"({"username":"town","password":"new-password-2"})").status,
              200);
}

TEST_F(AuthHandlersTest, LogoutEverywhereEndsEverySessionAndClearsTheCookie) {
    const std::string a = Login();
    const std::string b = Login();
    Response r = Call(Method::kPost, "/api/v1/auth/logout-all", "", {{"authorization", "Bearer " + a}});
    EXPECT_EQ(r.status, 204);
    EXPECT_NE(HeaderOf(r, "Set-Cookie")->find("Max-Age=0"), std::string::npos);
    EXPECT_FALSE(auth_->Authenticate(a));
    EXPECT_FALSE(auth_->Authenticate(b));
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", {{"authorization", "Bearer " + b}}).status, 401);
}

TEST_F(AuthHandlersTest, HandlersWithoutAPrincipalAnswer401NotCrash) {
    Request req;
    req.method = Method::kGet;
    req.path = "/api/v1/me";
    EXPECT_EQ(router_.Find(Method::kGet, req.path).route->handler(req).status, 401);
}

TEST_F(AuthHandlersTest, AuthenticateHookMapsTokensToPrincipals) {
    auto hook = MakeAuthenticateHook(*auth_);
    const std::string token = Login();
    auto p = hook(token);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->username, "town");
    EXPECT_EQ(hook("bogus").error().code, Code::kUnauthenticated);
}

TEST_F(AuthHandlersTest, IdempotentHookReplaysTheFirstAnswerWithAMarker) {
    auto hook = MakeIdempotentHook(*idempotency_);
    int runs = 0;
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/things";
    auto handler = [&]() -> Response {
        ++runs;
        Response r = Json(201, boost::json::object{{"id", runs}});
        r.headers.emplace_back("Location", "/api/v1/things/1");
        return r;
    };
    Response first = hook("u:1", "abc", req, handler);
    Response again = hook("u:1", "abc", req, handler);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(first.status, 201);
    EXPECT_EQ(HeaderOf(first, "Location"), "/api/v1/things/1");
    EXPECT_FALSE(HeaderOf(first, "Idempotent-Replayed"));
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.content_type, first.content_type);
    EXPECT_EQ(HeaderOf(again, "Idempotent-Replayed"), "true");

    req.path = "/api/v1/other";
    EXPECT_EQ(hook("u:1", "abc", req, handler).status, 422);
}

TEST_F(AuthHandlersTest, IdempotentHookNeverStoresALoginAnswer) {
    auto hook = MakeIdempotentHook(*idempotency_);
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/auth/login";
    req.headers["content-type"] = "application/json";
    req.body = R"({"username":"town","password":"demo1234"})";
    const Route* login = router_.Find(Method::kPost, req.path).route;
    Response a = hook("ip:10.0.0.1", "k", req, [&] { return login->handler(req); });
    Response b = hook("ip:10.0.0.1", "k", req, [&] { return login->handler(req); });
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(b.status, 200);
    EXPECT_NE(a.body, b.body);  // two sessions, two tokens
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

// The enterprise form is checked on every pause in typing: a check writes nothing, so it must not
// store an answer (or take the write lock) per keystroke, and each check runs afresh.
TEST_F(AuthHandlersTest, IdempotentHookPassesAFormCheckStraightThrough) {
    auto hook = MakeIdempotentHook(*idempotency_);
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/enterprises/validate";
    int runs = 0;
    auto handler = [&]() -> Response { return Json(200, boost::json::object{{"run", ++runs}}); };
    Response a = hook("u:1", "k", req, handler);
    Response b = hook("u:1", "k", req, handler);
    EXPECT_EQ(runs, 2);
    EXPECT_NE(a.body, b.body);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

}  // namespace
}  // namespace safegrid::http
