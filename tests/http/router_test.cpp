#include "http/router.hpp"

#include <gtest/gtest.h>

namespace safegrid::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) {
        Response r;
        r.body = name;
        return r;
    };
}

std::string Call(const Router::Match& m) {
    Request r;
    return m.route ? m.route->handler(r).body : "<none>";
}

TEST(Router, MatchesTemplatesAndReturnsParams) {
    Router router;
    router.Add(Method::kGet, "/api/v1/hazards/{id}", Named("get"));
    router.Add(Method::kPost, "/api/v1/hazards/{id}/actions", Named("act"));
    auto m = router.Find(Method::kGet, "/api/v1/hazards/42");
    EXPECT_EQ(Call(m), "get");
    EXPECT_EQ(m.params.at("id"), "42");
    auto a = router.Find(Method::kPost, "/api/v1/hazards/9/actions");
    EXPECT_EQ(Call(a), "act");
    EXPECT_EQ(a.params.at("id"), "9");
}

TEST(Router, ExactSegmentsBeatParametersWhateverTheOrder) {
    Router router;
    router.Add(Method::kGet, "/api/v1/hazards/{id}", Named("one"));
    router.Add(Method::kGet, "/api/v1/hazards/export.xlsx", Named("export"));
    EXPECT_EQ(Call(router.Find(Method::kGet, "/api/v1/hazards/export.xlsx")), "export");
    EXPECT_EQ(Call(router.Find(Method::kGet, "/api/v1/hazards/7")), "one");
}

TEST(Router, LeftmostLiteralDecidesBetweenOverlappingTemplates) {
    Router router;
    router.Add(Method::kGet, "/a/{x}/c", Named("param-first"));
    router.Add(Method::kGet, "/a/b/{y}", Named("literal-first"));
    EXPECT_EQ(Call(router.Find(Method::kGet, "/a/b/c")), "literal-first");
}

TEST(Router, UnknownPathIsNotFound) {
    Router router;
    router.Add(Method::kGet, "/api/v1/me", Named("me"));
    auto m = router.Find(Method::kGet, "/api/v1/you");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_FALSE(m.path_exists);
    EXPECT_FALSE(router.Find(Method::kGet, "/api/v1/me/").path_exists);  // trailing slash is another URL
    EXPECT_FALSE(router.Find(Method::kGet, "/api/v1").path_exists);
}

TEST(Router, OtherMethodIsMethodNotAllowedWithAllowList) {
    Router router;
    router.Add(Method::kGet, "/api/v1/enterprises/{id}", Named("get"));
    router.Add(Method::kPatch, "/api/v1/enterprises/{id}", Named("patch"));
    auto m = router.Find(Method::kDelete, "/api/v1/enterprises/3");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.path_exists);
    EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kPatch}));
}

TEST(Router, MethodSpecificMatchFallsBackToAParameterRoute) {
    Router router;
    router.Add(Method::kGet, "/api/v1/hazards/export.xlsx", Named("export"));
    router.Add(Method::kPatch, "/api/v1/hazards/{id}", Named("patch"));
    auto m = router.Find(Method::kPatch, "/api/v1/hazards/export.xlsx");
    EXPECT_EQ(Call(m), "patch");
    EXPECT_EQ(m.params.at("id"), "export.xlsx");
}

TEST(Router, EmptySegmentNeverFillsAParameter) {
    Router router;
    router.Add(Method::kGet, "/api/v1/hazards/{id}", Named("one"));
    EXPECT_EQ(router.Find(Method::kGet, "/api/v1/hazards/").route, nullptr);
}

TEST(Router, DuplicateRouteIsAStartupError) {
    Router router;
    router.Add(Method::kGet, "/api/v1/hazards/{id}", Named("a"));
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/hazards/{hazard_id}", Named("b")), std::logic_error);
    EXPECT_NO_THROW(router.Add(Method::kPatch, "/api/v1/hazards/{id}", Named("c")));
    EXPECT_THROW(router.Add(Method::kGet, "no-slash", Named("d")), std::logic_error);
}

TEST(Router, NameDefaultsToPatternAndAccessToAuthenticated) {
    Router router;
    router.Add(Method::kGet, "/api/v1/regions/{id}", Named("r"));
    router.Add(Method::kPost, "/api/v1/auth/login", Named("l"), Access::kPublic);
    EXPECT_EQ(router.Routes()[0].name, "/api/v1/regions/{id}");
    EXPECT_EQ(router.Routes()[0].access, Access::kAuthenticated);
    EXPECT_EQ(router.Routes()[1].access, Access::kPublic);
}

TEST(MethodName, NamesEveryMethod) {
    EXPECT_EQ(MethodName(Method::kGet), "GET");
    EXPECT_EQ(MethodName(Method::kPost), "POST");
    EXPECT_EQ(MethodName(Method::kPatch), "PATCH");
    EXPECT_EQ(MethodName(Method::kPut), "PUT");
    EXPECT_EQ(MethodName(Method::kDelete), "DELETE");
    EXPECT_EQ(MethodName(Method::kHead), "HEAD");
    EXPECT_EQ(MethodName(Method::kOptions), "OPTIONS");
    EXPECT_EQ(MethodName(Method::kOther), "OTHER");
}

}  // namespace
}  // namespace safegrid::http
