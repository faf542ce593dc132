#include "services/enterprise_import_service.hpp"

#include <gtest/gtest.h>
#include <iconv.h>
#include <xlsxwriter.h>

#include <fstream>
#include <iterator>

#include "services/inspection_world.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::services {
namespace {

using test::CreditCodeFor;
using test::InspectionWorld;

const char* const kHeader = "企业名称,统一社会信用代码,地址,所属网格,从业人数,行业代码,联系人,联系电话,标签";

std::string Lines(std::initializer_list<std::string> lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::string ToGbk(const std::string& utf8) {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
    std::string in = utf8;
    std::string out(in.size() * 2 + 16, '\0');
    char* src = in.data();
    char* dst = out.data();
    size_t left = in.size(), room = out.size();
    EXPECT_NE(iconv(cd, &src, &left, &dst, &room), static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - room);
    return out;
}

class EnterpriseImportTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    std::string Row(const std::string& name, const std::string& code, const std::string& grid,
                    const std::string& employees = "12", const std::string& tags = "") {
        return name + "," + code + ",匡堰镇高家村1号," + grid + "," + employees + ",C1810,王伟,13800000000," + tags;
    }

    Result<ImportReport> Import(const std::string& file, bool dry_run, const Principal* who = nullptr,
                                std::string mapping = "") {
        ImportOptions options;
        options.dry_run = dry_run;
        options.mapping_json = std::move(mapping);
        options.content_hint = "text/csv";
        return w_->enterprise_import->Import(who ? who : &w_->r->town_officer, file, options);
    }

    int64_t Enterprises() { return w_->Count("SELECT COUNT(*) FROM enterprises"); }

    // The (row, field) pairs of the report's errors.
    static std::vector<std::pair<int, std::string>> Errors(const ImportReport& r) {
        std::vector<std::pair<int, std::string>> out;
        for (const auto& e : r.errors) out.emplace_back(e.row, e.field);
        return out;
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(EnterpriseImportTest, DryRunListsEveryProblemWithTheFilesRowNumbers) {
    std::string bad_code = CreditCodeFor(31);
    bad_code[17] = bad_code[17] == '0' ? '1' : '0';
    const std::string file = Lines(
        {kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格", "12", "三合一、群租厂房"),
         Row("慈溪市坏码制衣厂", bad_code, "高家村第一网格"), Row("慈溪市无网格厂", CreditCodeFor(32), "不存在的网格"),
         Row("慈溪市人数厂", CreditCodeFor(33), "高家村第二网格", "十二"), "",
         Row("慈溪市重复码厂", CreditCodeFor(30), "倡隆村第一网格"),
         Row("慈溪市标签厂", CreditCodeFor(34), "高家村第一网格", "3", "\"三合一, 火锅店\"")});
    auto r = Import(file, true);
    ASSERT_TRUE(r) << r.error().id << " " << r.error().internal;
    EXPECT_TRUE(r->dry_run);
    EXPECT_EQ(r->total_rows, 6);
    EXPECT_EQ(r->valid_rows, 1);
    EXPECT_EQ(r->created, 0);
    const std::vector<std::pair<int, std::string>> expected = {
        {3, "credit_code"}, {4, "grid"}, {5, "employees"}, {7, "credit_code"}, {8, "tags"}};
    EXPECT_EQ(Errors(*r), expected);
    for (const auto& e : r->errors) {
        EXPECT_FALSE(e.message.zh.empty());
        EXPECT_FALSE(e.column.empty()) << e.field;
    }
    EXPECT_EQ(r->errors.at(1).column, "所属网格");
    EXPECT_EQ(Enterprises(), 4);
}

// One round of fixes must be enough: a row with several bad cells lists one problem per cell, each
// under the column's header as the sheet writes it, and the report carries the row's cells.
TEST_P(EnterpriseImportTest, ReportNamesEveryBadCellOfARowAndCarriesItsCells) {
    std::string bad_code = CreditCodeFor(36);
    bad_code[17] = bad_code[17] == '0' ? '1' : '0';
    const std::string bad_row = Row("慈溪市多错服饰厂", bad_code, "高家村第一网格", "十二", "火锅店");
    const std::string file = Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格"), bad_row});
    auto r = Import(file, true);
    ASSERT_TRUE(r) << r.error().id;
    const std::vector<std::pair<int, std::string>> expected = {{3, "credit_code"}, {3, "employees"}, {3, "tags"}};
    EXPECT_EQ(Errors(*r), expected);
    std::vector<std::string> columns;
    for (const auto& e : r->errors) {
        columns.push_back(e.column);
        EXPECT_FALSE(e.message.zh.empty());
        EXPECT_FALSE(e.message.en.empty());
    }
    EXPECT_EQ(columns, (std::vector<std::string>{"统一社会信用代码", "从业人数", "标签"}));
    EXPECT_EQ(r->valid_rows, 1);
    // The sheet's header row, and the cells of the row with problems as the sheet holds them.
    ASSERT_EQ(r->headers.size(), 9u);
    EXPECT_EQ(r->headers[1], "统一社会信用代码");
    ASSERT_EQ(r->rows.size(), 1u);
    EXPECT_EQ(r->rows[0].row, 3);
    EXPECT_EQ(r->rows[0].cells,
              (std::vector<std::string>{"慈溪市多错服饰厂", bad_code, "匡堰镇高家村1号", "高家村第一网格", "十二",
                                        "C1810", "王伟", "13800000000", "火锅店"}));
    EXPECT_EQ(Enterprises(), 4);
}

// A grid the town lacks and an invalid phone are both named (in the sheet's column order), not only
// the first the reader meets.
TEST_P(EnterpriseImportTest, ReportNamesCellAndRegistryProblemsTogether) {
    const std::string file =
        Lines({kHeader, "慈溪市两错厂," + CreditCodeFor(37) + ",某地,不存在的网格,5,C1810,王伟,abc,"});
    auto r = Import(file, true);
    ASSERT_TRUE(r) << r.error().id;
    std::vector<std::string> fields;
    for (const auto& e : r->errors) fields.push_back(e.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"grid", "contact_phone"}));
}

TEST_P(EnterpriseImportTest, RealRunIsAllOrNothing) {
    const std::string mixed = Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格"),
                                     Row("慈溪市无网格厂", CreditCodeFor(32), "不存在的网格")});
    auto refused = Import(mixed, false);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->created, 0);
    EXPECT_EQ(refused->errors.size(), 1u);
    EXPECT_EQ(Enterprises(), 4);
    EXPECT_EQ(w_->r->AuditCount("import"), 0);

    const std::string clean =
        Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格", "12", "三合一、群租厂房"),
               Row("慈溪市倡隆服装厂", CreditCodeFor(35), "倡隆村第一网格", "")});
    auto done = Import(clean, false);
    ASSERT_TRUE(done) << done.error().id;
    EXPECT_TRUE(done->errors.empty());
    EXPECT_EQ(done->created, 2);
    EXPECT_EQ(Enterprises(), 6);
    EXPECT_EQ(w_->r->AuditCount("import"), 1);
    auto listed = w_->r->enterprises->List(w_->r->town_officer, {.q = std::string("新光服饰")});
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->first.size(), 1u);
    const Enterprise& e = listed->first.front();
    EXPECT_EQ(e.path.grid_id, w_->r->grid1a);
    EXPECT_EQ(e.employees, 12);
    EXPECT_EQ(e.tags.Stored(), "three_in_one,group_rented");
    EXPECT_EQ(e.industry_code, "C1810");

    // The same file again: every code is taken now.
    auto again = Import(clean, false);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->created, 0);
    EXPECT_EQ(again->errors.size(), 2u);
}

// The command line's progress line (issue 11 point 4) hears rows written of rows to write, and
// nothing for a file that is refused: nothing is written then.
TEST_P(EnterpriseImportTest, ProgressCountsRowsWrittenAndStaysSilentForARefusedFile) {
    std::vector<std::pair<int64_t, int64_t>> calls;
    ImportOptions options;
    options.content_hint = "text/csv";
    options.progress = [&](int64_t done, int64_t total) { calls.emplace_back(done, total); };
    const std::string mixed = Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格"),
                                     Row("慈溪市无网格厂", CreditCodeFor(32), "不存在的网格")});
    auto refused = w_->enterprise_import->Import(&w_->r->town_officer, mixed, options);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->created, 0);
    EXPECT_TRUE(calls.empty());

    const std::string clean = Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格"),
                                     Row("慈溪市倡隆服装厂", CreditCodeFor(35), "倡隆村第一网格")});
    auto done = w_->enterprise_import->Import(&w_->r->town_officer, clean, options);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->created, 2);
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back(), (std::pair<int64_t, int64_t>{2, 2}));
}

TEST_P(EnterpriseImportTest, ReadsGbkCsv) {
    const std::string file = ToGbk(Lines({kHeader, Row("慈溪市锦绣童装厂", CreditCodeFor(40), "高家村第二网格")}));
    auto r = Import(file, false);
    ASSERT_TRUE(r) << r.error().id;
    EXPECT_EQ(r->created, 1) << (r->errors.empty() ? "" : r->errors.front().message.en);
    auto listed = w_->r->enterprises->List(w_->r->town_officer, {.q = std::string("锦绣童装")});
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->second, 1);
}

TEST_P(EnterpriseImportTest, ReadsXlsxWithGridCodesAndVillageSlashGrid) {
    w_->r->store->Exec("UPDATE regions SET code = 'G1B' WHERE id = ?", {w_->r->grid1b});
    test::TempDir dir;
    const std::string path = dir.File("enterprises.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "企业台账");
    const char* headers[] = {"企业名称", "统一社会信用代码", "所属网格", "从业人数", "纬度", "经度"};
    for (int c = 0; c < 6; ++c) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headers[c], nullptr);
    const std::string code1 = CreditCodeFor(41), code2 = CreditCodeFor(42);
    worksheet_write_string(ws, 1, 0, "慈溪市表格服饰厂", nullptr);
    worksheet_write_string(ws, 1, 1, code1.c_str(), nullptr);
    worksheet_write_string(ws, 1, 2, "G1B", nullptr);
    worksheet_write_number(ws, 1, 3, 25, nullptr);
    worksheet_write_number(ws, 1, 4, 30.17, nullptr);
    worksheet_write_number(ws, 1, 5, 121.33, nullptr);
    worksheet_write_string(ws, 2, 0, "慈溪市斜杠针织厂", nullptr);
    worksheet_write_string(ws, 2, 1, code2.c_str(), nullptr);
    worksheet_write_string(ws, 2, 2, "倡隆村/倡隆村第一网格", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    ImportOptions options;
    options.content_hint = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    auto r = w_->enterprise_import->Import(&w_->r->admin, bytes, options);
    ASSERT_TRUE(r) << r.error().id << " " << r.error().internal;
    ASSERT_TRUE(r->errors.empty()) << r->errors.front().field << ": " << r->errors.front().message.en;
    EXPECT_EQ(r->created, 2);
    auto e = w_->r->enterprises->List(w_->r->admin, {.q = std::string("表格服饰")});
    ASSERT_TRUE(e && e->first.size() == 1);
    EXPECT_EQ(e->first[0].path.grid_id, w_->r->grid1b);
    EXPECT_EQ(e->first[0].employees, 25);
    EXPECT_EQ(e->first[0].lat, 30.17);
    auto slash = w_->r->enterprises->List(w_->r->admin, {.q = std::string("斜杠针织")});
    ASSERT_TRUE(slash && slash->first.size() == 1);
    EXPECT_EQ(slash->first[0].path.grid_id, w_->r->grid2a);
}

TEST_P(EnterpriseImportTest, MappingRenamesColumnsAndTranslatesCells) {
    const std::string file =
        Lines({"Company,USCC,Grid,Staff,Flags", "慈溪市映射服饰厂," + CreditCodeFor(50) + ",一网格,7,sleeping"});
    const std::string mapping = R"({"columns": {"name": "Company", "credit_code": "USCC", "grid": "Grid",
        "employees": "Staff", "tags": "Flags"}, "values": {"grid": {"一网格": "高家村第一网格"},
        "tags": {"sleeping": "三合一"}}})";
    auto r = Import(file, false, nullptr, mapping);
    ASSERT_TRUE(r) << r.error().id;
    ASSERT_TRUE(r->errors.empty()) << r->errors.front().field << ": " << r->errors.front().message.en;
    EXPECT_EQ(r->created, 1);
    auto e = w_->r->enterprises->List(w_->r->town_officer, {.q = std::string("映射服饰")});
    ASSERT_TRUE(e && e->first.size() == 1);
    EXPECT_EQ(e->first[0].tags.Stored(), "three_in_one");
    EXPECT_EQ(e->first[0].employees, 7);
}

TEST_P(EnterpriseImportTest, FileLevelProblemsAreTheCallsError) {
    auto missing = Import("企业名称,地址\n慈溪市某厂,某地\n", true);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().id, "import_missing_columns");
    EXPECT_TRUE(missing.error().fields.count("credit_code"));
    EXPECT_TRUE(missing.error().fields.count("grid"));
    for (const char* mapping : {"[1]", "{\"colums\": {}}", "{\"columns\": {\"nmae\": \"x\"}}",
                                "{\"columns\": {\"name\": 3}}", "{\"values\": {\"tags\": []}}"}) {
        auto bad = Import(Lines({kHeader}), true, nullptr, mapping);
        ASSERT_FALSE(bad) << mapping;
        EXPECT_EQ(bad.error().code, Code::kValidation) << mapping;
        EXPECT_TRUE(bad.error().fields.count("mapping")) << mapping;
    }
    auto pdf = Import("%PDF-1.7 not a sheet", true);
    ASSERT_FALSE(pdf);
    EXPECT_EQ(pdf.error().code, Code::kUnsupportedMedia);
}

TEST_P(EnterpriseImportTest, OnlyTownAndAdminImport) {
    const std::string file = Lines({kHeader, Row("慈溪市新光服饰厂", CreditCodeFor(30), "高家村第一网格")});
    for (const Principal* who : {&w_->r->village_officer, &w_->r->inspector, &w_->r->enterprise_user}) {
        auto r = Import(file, true, who);
        ASSERT_FALSE(r) << who->username;
        EXPECT_EQ(r.error().code, Code::kForbidden);
    }
    // Another town's officer finds no such grid in its town.
    auto other = Import(file, true, &w_->r->other_town_officer);
    ASSERT_TRUE(other);
    ASSERT_EQ(other->errors.size(), 1u);
    EXPECT_EQ(other->errors[0].field, "grid");
    // The command line (no caller) sees every town.
    ImportOptions options;
    auto system = w_->enterprise_import->Import(nullptr, file, options);
    ASSERT_TRUE(system);
    EXPECT_EQ(system->created, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterpriseImportTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
