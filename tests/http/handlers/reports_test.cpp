#include "http/handlers/reports.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "services/monthly_report_job.hpp"
#include "services/scorecard_standard.hpp"
#include "services/station_standard_loader.hpp"

namespace safegrid::http {
namespace {

// The clock reads 2026-12-06 in China; the reports are November's.
class ReportsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        w_->clock.Set(*ParseRfc3339("2026-12-06T02:00:00Z"));
        auto scorecard = services::LoadScorecardStandard(test::StandardsDir());
        ASSERT_TRUE(scorecard);
        auto stations = services::LoadStationStandard(test::StandardsDir());
        ASSERT_TRUE(stations);
        campaigns_ = std::make_unique<services::CampaignService>(w_->store->shared(), w_->clock, *w_->audit);
        scorecards_ = std::make_unique<services::ScorecardService>(w_->store->shared(), w_->clock, *w_->audit,
                                                                   std::move(*scorecard));
        reports_ = std::make_unique<services::MonthlyReportService>(
            w_->store->shared(), w_->clock, *campaigns_, *scorecards_,
            std::make_shared<const station::StationStandard>(std::move(*stations)));
        RegisterReportRoutes(router_, *reports_);
    }

    // A file answer: status, content type and bytes (not JSON).
    Response Raw(const std::string& target, const std::string& who) {
        Request r;
        r.method = Method::kGet;
        r.target = target;
        r.headers["authorization"] = "Bearer " + who;
        return Dispatch(router_, hooks_, r);
    }

    std::unique_ptr<services::CampaignService> campaigns_;
    std::unique_ptr<services::ScorecardService> scorecards_;
    std::unique_ptr<services::MonthlyReportService> reports_;
};

TEST_P(ReportsHttp, TheFiguresAsJsonWithEveryKey) {
    auto r = Get("/api/v1/reports/monthly?period=2026-11", "town");
    ASSERT_EQ(r.status, 200) << boost::json::serialize(r.body);
    for (const char* key : {"period", "region", "as_of", "hazards", "by_region", "majors", "campaigns", "training",
                            "stations", "ranking", "trend"}) {
        EXPECT_TRUE(r.body.as_object().contains(key)) << key;
    }
    EXPECT_EQ(r.body.at("period").as_string(), "2026-11");
    EXPECT_EQ(r.body.at("region").at("id").as_int64(), w_->town);
    EXPECT_EQ(r.body.at("by_region").as_array().size(), 2u);
    EXPECT_EQ(r.body.at("trend").as_array().size(), 12u);
    EXPECT_EQ(r.body.at("ranking").at("level").as_string(), "village");
    for (const char* key : {"found", "closed", "overdue", "majors_found", "majors_open"}) {
        EXPECT_TRUE(r.body.at("hazards").as_object().contains(key)) << key;
    }
}

TEST_P(ReportsHttp, StatusCodesOfTheContract) {
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11", "").status, 401);
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11", "inspector").status, 403);
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11", "enterprise").status, 403);
    EXPECT_TRUE(Get("/api/v1/reports/monthly?period=2027-01", "town").HasField("period"));
    EXPECT_TRUE(Get("/api/v1/reports/monthly?period=2026", "town").HasField("period"));
    EXPECT_TRUE(Get("/api/v1/reports/monthly", "town").HasField("period"));
    EXPECT_TRUE(
        Get("/api/v1/reports/monthly?period=2026-11&region_id=" + Id(w_->grid1a), "town").HasField("region_id"));
    EXPECT_TRUE(Get("/api/v1/reports/monthly?period=2026-11&region_id=x", "town").HasField("region_id"));
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11&region_id=" + Id(w_->village2), "village").status, 404);
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11&region_id=" + Id(w_->other_town), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/reports/monthly?period=2026-11", "village").status, 200);
    EXPECT_EQ(Get("/api/v1/reports", "village").status, 403);
    EXPECT_EQ(Raw("/api/v1/reports/monthly.pdf?period=2026-13", "town").status, 422);
    EXPECT_EQ(Raw("/api/v1/reports/monthly.xlsx?period=2026-11", "inspector").status, 403);
}

TEST_P(ReportsHttp, PdfWorkbookAndStoredReports) {
    const Response pdf = Raw("/api/v1/reports/monthly.pdf?period=2026-11", "town");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.content_type, "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    const Response xlsx = Raw("/api/v1/reports/monthly.xlsx?period=2026-11&region_id=" + Id(w_->village1), "town");
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

    services::MonthlyReportJob job(w_->store->shared(), w_->clock, *reports_);
    ASSERT_TRUE(job.Run());
    auto list = Get("/api/v1/reports", "town");
    ASSERT_EQ(list.status, 200);
    const auto& items = list.body.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    const std::string url(items[0].at("url").as_string());
    EXPECT_EQ(items[0].at("period").as_string(), "2026-11");
    const Response stored = Raw(url, "town");
    ASSERT_EQ(stored.status, 200);
    EXPECT_EQ(static_cast<int64_t>(stored.body.size()), items[0].at("size").as_int64());
    EXPECT_EQ(Get(url, "other_town").status, 404);
    EXPECT_EQ(Get("/api/v1/reports/999999/report.pdf", "town").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReportsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
