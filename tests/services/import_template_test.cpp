// The import templates: downloaded, filled with nothing but their example row, they dry-run clean
// (and without it, the header row alone is a valid empty sheet), on both stores.
#include <gtest/gtest.h>

#include "importer/read_table.hpp"
#include "services/enterprise_import_service.hpp"
#include "services/hazard_import_service.hpp"
#include "services/inspection_world.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The header row of `workbook` alone, as a CSV.
std::string HeaderOnlyCsv(const std::string& workbook) {
    auto table = importer::ReadSpreadsheet(workbook, kXlsx);
    EXPECT_TRUE(table);
    std::string csv;
    for (const auto& h : table->headers) csv += (csv.empty() ? "" : ",") + h;
    return csv + "\n";
}

class ImportTemplateTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class Service>
    Result<ImportReport> Import(Service& service, const std::string& file, bool dry_run, const char* type = kXlsx) {
        ImportOptions options;
        options.dry_run = dry_run;
        options.content_hint = type;
        return service.Import(&w_->r->town_officer, file, options);
    }

    static std::string Problems(const ImportReport& r) {
        std::string out;
        for (const auto* list : {&r.errors, &r.warnings})
            for (const auto& i : *list) out += std::to_string(i.row) + " " + i.column + ": " + i.message.zh + "\n";
        return out;
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(ImportTemplateTest, EnterpriseTemplateHasEveryColumnAndItsExampleRowImportsClean) {
    auto workbook = w_->enterprise_import->Template(w_->r->town_officer);
    ASSERT_TRUE(workbook) << workbook.error().internal;
    auto table = importer::ReadSpreadsheet(*workbook, kXlsx);
    ASSERT_TRUE(table) << table.error().id;
    std::vector<std::string> expected;
    for (const ImportField& f : EnterpriseImportColumns()) expected.emplace_back(f.header);
    EXPECT_EQ(table->headers, expected);
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->source_rows[0], 2);

    auto dry = Import(*w_->enterprise_import, *workbook, true);
    ASSERT_TRUE(dry) << dry.error().id;
    EXPECT_EQ(dry->total_rows, 1);
    EXPECT_EQ(dry->valid_rows, 1);
    EXPECT_TRUE(dry->errors.empty() && dry->warnings.empty()) << Problems(*dry);

    auto empty = Import(*w_->enterprise_import, HeaderOnlyCsv(*workbook), true, "text/csv");
    ASSERT_TRUE(empty) << empty.error().id;
    EXPECT_EQ(empty->total_rows, 0);
    EXPECT_TRUE(empty->errors.empty() && empty->warnings.empty()) << Problems(*empty);

    const int64_t before = w_->Count("SELECT COUNT(*) FROM enterprises");
    auto real = Import(*w_->enterprise_import, *workbook, false);
    ASSERT_TRUE(real);
    EXPECT_EQ(real->created, 1) << Problems(*real);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM enterprises"), before + 1);
    // The next download's example picks a credit code that is still free.
    auto again = w_->enterprise_import->Template(w_->r->town_officer);
    ASSERT_TRUE(again);
    auto second = Import(*w_->enterprise_import, *again, true);
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->errors.empty()) << Problems(*second);
}

TEST_P(ImportTemplateTest, HazardTemplateHasEveryColumnAndItsExampleRowImportsClean) {
    auto workbook = w_->hazard_import->Template(w_->r->town_officer);
    ASSERT_TRUE(workbook) << workbook.error().internal;
    auto table = importer::ReadSpreadsheet(*workbook, kXlsx);
    ASSERT_TRUE(table);
    std::vector<std::string> expected;
    for (const ImportField& f : HazardImportColumns()) expected.emplace_back(f.header);
    EXPECT_EQ(table->headers, expected);
    ASSERT_EQ(table->rows.size(), 1u);

    auto dry = Import(*w_->hazard_import, *workbook, true);
    ASSERT_TRUE(dry) << dry.error().id;
    EXPECT_EQ(dry->valid_rows, 1);
    EXPECT_TRUE(dry->errors.empty() && dry->warnings.empty()) << Problems(*dry);

    auto empty = Import(*w_->hazard_import, HeaderOnlyCsv(*workbook), true, "text/csv");
    ASSERT_TRUE(empty) << empty.error().id;
    EXPECT_EQ(empty->total_rows, 0);
    EXPECT_TRUE(empty->errors.empty() && empty->warnings.empty()) << Problems(*empty);

    auto real = Import(*w_->hazard_import, *workbook, false);
    ASSERT_TRUE(real);
    EXPECT_EQ(real->created, 1) << Problems(*real);
}

TEST_P(ImportTemplateTest, OnlyThoseWhoMayImportGetATemplate) {
    for (const Principal* who : {&w_->r->village_officer, &w_->r->inspector, &w_->r->enterprise_user}) {
        auto e = w_->enterprise_import->Template(*who);
        ASSERT_FALSE(e) << who->username;
        EXPECT_EQ(e.error().code, Code::kForbidden);
        auto h = w_->hazard_import->Template(*who);
        ASSERT_FALSE(h) << who->username;
        EXPECT_EQ(h.error().code, Code::kForbidden);
    }
    EXPECT_TRUE(w_->enterprise_import->Template(w_->r->admin));
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportTemplateTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
