#include "http/handlers/imports.hpp"

#include <gtest/gtest.h>

#include "http/handlers/inspection_http.hpp"

namespace safegrid::test {
namespace {

using ImportsHttp = InspectionHttp;

const std::map<std::string, std::string> kCsv = {{"content-type", "text/csv; charset=utf-8"}};

std::string EnterpriseFile(const std::string& grid) {
    return "企业名称,统一社会信用代码,所属网格\n慈溪市导入服饰厂," + CreditCodeFor(60) + "," + grid + "\n";
}

TEST_P(ImportsHttp, DryRunThenRealRun) {
    auto dry = Call(http::Method::kPost, "/api/v1/import/enterprises?dry_run=true", "town",
                    EnterpriseFile("高家村第一网格"), kCsv);
    ASSERT_EQ(dry.status, 200) << boost::json::serialize(dry.body);
    EXPECT_EQ(dry.body.at("dry_run").as_bool(), true);
    EXPECT_EQ(dry.Int("total_rows"), 1);
    EXPECT_EQ(dry.Int("valid_rows"), 1);
    EXPECT_EQ(dry.Int("created"), 0);
    EXPECT_TRUE(dry.body.at("errors").as_array().empty());
    auto real = Call(http::Method::kPost, "/api/v1/import/enterprises", "town", EnterpriseFile("高家村第一网格"), kCsv);
    ASSERT_EQ(real.status, 200);
    EXPECT_EQ(real.Int("created"), 1);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprises"), 5);
}

TEST_P(ImportsHttp, RowErrorsAreListedInTheCallersLanguage) {
    auto en = Call(http::Method::kPost, "/api/v1/import/enterprises", "town", EnterpriseFile("无此网格"), kCsv);
    ASSERT_EQ(en.status, 200);
    EXPECT_EQ(en.Int("created"), 0);
    const auto& error = en.body.at("errors").at(0);
    EXPECT_EQ(error.at("row").as_int64(), 2);
    EXPECT_EQ(error.at("field").as_string(), "grid");
    EXPECT_EQ(error.at("column").as_string(), "所属网格");
    EXPECT_NE(std::string(error.at("message").as_string()).find("No grid"), std::string::npos);
    auto zh =
        Call(http::Method::kPost, "/api/v1/import/enterprises", "town", EnterpriseFile("无此网格"), kCsv, "zh-CN");
    EXPECT_NE(std::string(zh.body.at("errors").at(0).at("message").as_string()).find("网格"), std::string::npos);
}

TEST_P(ImportsHttp, HazardLedgerWithAMappingInTheQuery) {
    const std::string file =
        "No,Company,Issue,Found,Closed\nA1,慈溪市宏达服饰有限公司,Exit blocked,2024-03-01,2024-03-05\n";
    const std::string mapping =
        "%7B%22columns%22%3A%7B%22ref%22%3A%22No%22%2C%22enterprise_name%22%3A%22Company%22%2C%22title%22%3A%22Issue%"
        "22%2C"
        "%22found_at%22%3A%22Found%22%2C%22closed_at%22%3A%22Closed%22%7D%7D";
    auto r = Call(http::Method::kPost, "/api/v1/import/hazards?mapping=" + mapping, "town", file,
                  {{"content-type", "application/octet-stream"}});
    ASSERT_EQ(r.status, 200) << boost::json::serialize(r.body);
    EXPECT_EQ(r.Int("created"), 1);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards WHERE source = 'import' AND status = 'closed'"), 1);
}

TEST_P(ImportsHttp, TransportRefusals) {
    const std::string file = EnterpriseFile("高家村第一网格");
    EXPECT_EQ(
        Call(http::Method::kPost, "/api/v1/import/enterprises", "town", file, {{"content-type", "application/json"}})
            .status,
        415);
    EXPECT_EQ(
        Call(http::Method::kPost, "/api/v1/import/enterprises", "town", file, {{"content-type", "image/png"}}).status,
        415);
    const std::string huge(services::kMaxImportUploadBytes + 1, 'a');
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/import/hazards", "town", huge, kCsv).status, 413);
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/import/enterprises", "village", file, kCsv).status, 403);
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/import/enterprises", "inspector", file, kCsv).status, 403);
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/import/enterprises", "", file, kCsv).status, 401);
    auto bad_flag = Call(http::Method::kPost, "/api/v1/import/enterprises?dry_run=maybe", "town", file, kCsv);
    EXPECT_EQ(bad_flag.status, 422);
    EXPECT_TRUE(bad_flag.HasField("dry_run"));
    auto bad_mapping = Call(http::Method::kPost, "/api/v1/import/enterprises?mapping=%7Bnope", "town", file, kCsv);
    EXPECT_EQ(bad_mapping.status, 422);
    EXPECT_TRUE(bad_mapping.HasField("mapping"));
    auto missing = Call(http::Method::kPost, "/api/v1/import/hazards", "town", "甲,乙\n1,2\n", kCsv);
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(missing.Code(), "import_missing_columns");
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprises"), 4);
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportsHttp, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
