#include "http/handlers/app_config.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/server.hpp"

namespace safegrid::http {
namespace {

TEST(AppConfigRoutes, TellsTheWebTheTownsTimeZoneWithoutLogin) {
    auto zone = ParseTimeZone("UTC-05:00");
    ASSERT_TRUE(zone);
    Router router;
    RegisterAppConfigRoutes(router, *zone);
    Request r;
    r.method = Method::kGet;
    r.target = "/api/v1/config";
    Response response = Dispatch(router, Hooks{}, r);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(boost::json::parse(response.body),
              boost::json::parse(R"({"time_zone":"UTC-05:00","utc_offset_seconds":-18000})"));
}

}  // namespace
}  // namespace safegrid::http
