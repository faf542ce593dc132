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

// A body of an accepted type that is no spreadsheet: 415 with a reason, on a real run too, and
// nothing is written on either import.
TEST_P(ImportsHttp, ABodyThatIsNoSpreadsheetIs415AndWritesNothing) {
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
    const std::vector<std::pair<std::string, std::string>> bodies = {
        {"application/octet-stream", "%PDF-1.7\n1 0 obj << >> endobj\n"},
        {"application/octet-stream", png},
        {"application/vnd.ms-excel", ole},
    };
    for (const char* target : {"/api/v1/import/enterprises", "/api/v1/import/hazards"}) {
        for (const auto& [type, body] : bodies) {
            for (const char* query : {"?dry_run=true", ""}) {
                auto r = Call(http::Method::kPost, std::string(target) + query, "town", body, {{"content-type", type}});
                EXPECT_EQ(r.status, 415) << target << " " << type << " " << boost::json::serialize(r.body);
                ASSERT_TRUE(r.body.is_object() && r.body.as_object().contains("error"));
                EXPECT_FALSE(r.body.at("error").at("message").as_string().empty()) << target << " " << type;
            }
        }
    }
    // A spreadsheet that is damaged (an .xlsx whose zip cannot be unpacked) is malformed, not of the
    // wrong kind: 400 xlsx_corrupt, with the reason and nothing written either.
    for (const char* target : {"/api/v1/import/enterprises", "/api/v1/import/hazards"}) {
        auto r = Call(http::Method::kPost, target, "town", std::string("PK\x03\x04garbage", 11),
                      {{"content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
        EXPECT_EQ(r.status, 400) << target;
        EXPECT_EQ(r.Code(), "xlsx_corrupt") << target;
    }
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprises"), 4);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'import'"), 0);
}

// The report names every bad cell of a row and carries the sheet's header row and that row's cells.
TEST_P(ImportsHttp, ReportCarriesTheHeaderAndTheCellsOfRowsWithProblems) {
    std::string bad_code = CreditCodeFor(61);
    bad_code[17] = bad_code[17] == '0' ? '1' : '0';
    const std::string file =
        "企业名称,统一社会信用代码,所属网格,从业人数\n慈溪市两错厂," + bad_code + ",高家村第一网格,十二\n";
    auto r = Call(http::Method::kPost, "/api/v1/import/enterprises?dry_run=true", "town", file, kCsv);
    ASSERT_EQ(r.status, 200) << boost::json::serialize(r.body);
    const auto& errors = r.body.at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].at("column").as_string(), "统一社会信用代码");
    EXPECT_EQ(errors[1].at("column").as_string(), "从业人数");
    EXPECT_EQ(errors[1].at("row").as_int64(), 2);
    EXPECT_EQ(r.body.at("headers").as_array().size(), 4u);
    const auto& rows = r.body.at("rows").as_array();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].at("row").as_int64(), 2);
    EXPECT_EQ(rows[0].at("cells").at(3).as_string(), "十二");
}

// The fill-in workbook, for those who may import; posted back as it is, it dry-runs clean.
TEST_P(ImportsHttp, TemplatesDownloadAndDryRunClean) {
    auto raw = [&](const std::string& target, const std::string& who) {
        http::Request req;
        req.method = http::Method::kGet;
        req.target = target;
        if (!who.empty()) req.headers["authorization"] = "Bearer " + who;
        return http::Dispatch(router_, hooks_, req);
    };
    for (const char* kind : {"enterprises", "hazards"}) {
        const std::string target = std::string("/api/v1/import/") + kind + "/template.xlsx";
        http::Response file = raw(target, "town");
        ASSERT_EQ(file.status, 200) << file.body;
        EXPECT_EQ(file.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        EXPECT_EQ(file.body.substr(0, 2), "PK");
        bool named = false;
        for (const auto& [name, value] : file.headers)
            if (name == "Content-Disposition") named = value.find(".xlsx") != std::string::npos;
        EXPECT_TRUE(named) << kind;
        auto dry = Call(http::Method::kPost, std::string("/api/v1/import/") + kind + "?dry_run=true", "town", file.body,
                        {{"content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
        ASSERT_EQ(dry.status, 200) << boost::json::serialize(dry.body);
        EXPECT_EQ(dry.Int("valid_rows"), 1) << kind;
        EXPECT_TRUE(dry.body.at("errors").as_array().empty()) << boost::json::serialize(dry.body);
        EXPECT_TRUE(dry.body.at("warnings").as_array().empty()) << boost::json::serialize(dry.body);
        EXPECT_EQ(raw(target, "inspector").status, 403) << kind;
        EXPECT_EQ(raw(target, "village").status, 403) << kind;
        EXPECT_EQ(raw(target, "").status, 401) << kind;
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportsHttp, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
