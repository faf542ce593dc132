#include "platform/metrics.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <thread>
#include <vector>

namespace safegrid::platform {
namespace {

class MetricsTest : public ::testing::Test {
  protected:
    void SetUp() override { m_.ResetForTest(); }
    void TearDown() override { m_.ResetForTest(); }
    Metrics& m_ = Metrics::Global();
};

bool Has(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

TEST_F(MetricsTest, RendersRequestCounterAndHistogram) {
    m_.ObserveRequest("/api/v1/hazards/{id}", "GET", 200, 0.003);
    m_.ObserveRequest("/api/v1/hazards/{id}", "GET", 200, 0.2);
    m_.ObserveRequest("/api/v1/hazards/{id}", "GET", 404, 0.0001);
    const std::string t = m_.RenderPrometheus();
    EXPECT_TRUE(Has(t, "# TYPE safegrid_http_requests_total counter")) << t;
    EXPECT_TRUE(Has(t, "# HELP safegrid_http_request_duration_seconds Time from request parsed to response ready."));
    EXPECT_TRUE(Has(t, "# TYPE safegrid_http_request_duration_seconds histogram"));
    EXPECT_TRUE(Has(t, R"(safegrid_http_requests_total{route="/api/v1/hazards/{id}",method="GET",status="200"} 2)"));
    EXPECT_TRUE(Has(t, R"(safegrid_http_requests_total{route="/api/v1/hazards/{id}",method="GET",status="404"} 1)"));
    const std::string h = R"(safegrid_http_request_duration_seconds_bucket{route="/api/v1/hazards/{id}",method="GET",)";
    EXPECT_TRUE(Has(t, h + R"(le="0.0005"} 1)")) << t;
    EXPECT_TRUE(Has(t, h + R"(le="0.0025"} 1)"));
    EXPECT_TRUE(Has(t, h + R"(le="0.005"} 2)"));
    EXPECT_TRUE(Has(t, h + R"(le="0.25"} 3)"));
    EXPECT_TRUE(Has(t, h + R"(le="5"} 3)"));
    EXPECT_TRUE(Has(t, h + R"(le="+Inf"} 3)"));
    EXPECT_TRUE(Has(t, R"(safegrid_http_request_duration_seconds_count{route="/api/v1/hazards/{id}",method="GET"} 3)"));
    EXPECT_TRUE(
        Has(t, R"(safegrid_http_request_duration_seconds_sum{route="/api/v1/hazards/{id}",method="GET"} 0.2031)"));
}

TEST_F(MetricsTest, RendersStoreHistogramAndFreeCounters) {
    m_.ObserveStore("sqlite", "query", 0.00005);
    m_.ObserveStore("postgres", "commit", 10);
    m_.Increment("safegrid_jobs_total");
    m_.Increment("safegrid_jobs_total", 2);
    m_.Increment(R"(safegrid_notifications_total{channel="sms",result="ok"})");
    m_.Increment("bad name-with.chars");
    m_.Increment("safegrid_jobs_total", -5);  // counters never go down
    const std::string t = m_.RenderPrometheus();
    EXPECT_TRUE(Has(t, "# TYPE safegrid_store_duration_seconds histogram"));
    EXPECT_TRUE(Has(t, R"(safegrid_store_duration_seconds_bucket{backend="sqlite",op="query",le="0.0001"} 1)")) << t;
    EXPECT_TRUE(Has(t, R"(safegrid_store_duration_seconds_bucket{backend="postgres",op="commit",le="5"} 0)"));
    EXPECT_TRUE(Has(t, R"(safegrid_store_duration_seconds_bucket{backend="postgres",op="commit",le="+Inf"} 1)"));
    EXPECT_TRUE(Has(t, "# TYPE safegrid_jobs_total counter"));
    EXPECT_TRUE(Has(t, "safegrid_jobs_total 3"));
    EXPECT_TRUE(Has(t, R"(safegrid_notifications_total{channel="sms",result="ok"} 1)"));
    EXPECT_TRUE(Has(t, "bad_name_with_chars 1"));
}

TEST_F(MetricsTest, EscapesLabelValuesAndSurvivesHostileInput) {
    m_.ObserveRequest("/a\"b\\c\nd", "GE\"T", 500, -1);  // negative durations count as 0
    m_.ObserveRequest("/x", "GET", 200, std::numeric_limits<double>::quiet_NaN());
    m_.Increment("x{broken");
    m_.Increment("y{a=\"1\\\"\\n\"}");
    m_.Increment("safegrid_http_requests_total");  // must not clash with the built-in family
    const std::string t = m_.RenderPrometheus();
    EXPECT_TRUE(Has(t, R"(safegrid_http_requests_total{route="/a\"b\\c\nd",method="GE\"T",status="500"} 1)")) << t;
    EXPECT_TRUE(Has(t, R"(y{a="1\"\n"} 1)")) << t;
    EXPECT_TRUE(Has(t, "safegrid_http_requests_total_app 1"));
    // Every non-comment line is `name{labels} value` or `name value`; no raw newlines leak.
    std::istringstream in(t);
    const std::regex line(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+0-9.eInfNa]+$)");
    for (std::string l; std::getline(in, l);) {
        if (l.starts_with("# ")) continue;
        EXPECT_TRUE(std::regex_match(l, line)) << l;
    }
}

TEST_F(MetricsTest, BoundsTheNumberOfSeries) {
    for (int i = 0; i < 2100; ++i) m_.ObserveRequest("/raw/" + std::to_string(i), "GET", 200, 0.001);
    const std::string t = m_.RenderPrometheus();
    EXPECT_TRUE(Has(t, R"(safegrid_http_requests_total{route="_other",method="GET",status="200"} 100)"));
}

TEST_F(MetricsTest, ConcurrentObservationsAreAllCounted) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this] {
            for (int i = 0; i < 1000; ++i) m_.ObserveRequest("/r", "POST", 201, 0.01);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_TRUE(
        Has(m_.RenderPrometheus(), R"(safegrid_http_requests_total{route="/r",method="POST",status="201"} 4000)"));
}

TEST_F(MetricsTest, ResetEmptiesEverything) {
    m_.Increment("c");
    m_.ResetForTest();
    EXPECT_EQ(m_.RenderPrometheus().find("\nc "), std::string::npos);
}

}  // namespace
}  // namespace safegrid::platform
