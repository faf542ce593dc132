#include "http/handlers/system.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "http/server.hpp"
#include "platform/metrics.hpp"

namespace safegrid::http {
namespace {

Response Get(const Router& router, const std::string& path) {
    Request r;
    r.method = Method::kGet;
    r.target = path;
    return Dispatch(router, Hooks{}, r);
}

TEST(SystemRoutes, HealthzFollowsTheStore) {
    bool healthy = true;
    Router router;
    RegisterSystemRoutes(router, {[&] { return healthy; }});
    Response ok = Get(router, "/healthz");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(boost::json::parse(ok.body), boost::json::parse(R"({"status":"ok"})"));
    healthy = false;
    Response down = Get(router, "/healthz");
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(boost::json::parse(down.body), boost::json::parse(R"({"status":"unavailable"})"));
}

TEST(SystemRoutes, AThrowingProbeIsUnavailableNot500) {
    Router router;
    RegisterSystemRoutes(router, {[]() -> bool { throw std::runtime_error("db gone"); }});
    EXPECT_EQ(Get(router, "/healthz").status, 503);
}

TEST(SystemRoutes, MetricsArePrometheusTextAndCountRequestsByRoutePattern) {
    Router router;
    RegisterSystemRoutes(router, {});
    Get(router, "/healthz");
    Response metrics = Get(router, "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.content_type.rfind("text/plain; version=0.0.4", 0), 0u);
    EXPECT_NE(metrics.body.find("/healthz"), std::string::npos);
}

TEST(SystemRoutes, ServesTheOpenApiDocumentWithoutLogin) {
    Router router;
    RegisterSystemRoutes(router, {});
    Response doc = Get(router, "/api/v1/openapi.json");
    EXPECT_EQ(doc.status, 200);
    EXPECT_EQ(doc.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(std::string(boost::json::parse(doc.body).at("openapi").as_string()).substr(0, 2), "3.");
}

}  // namespace
}  // namespace safegrid::http
