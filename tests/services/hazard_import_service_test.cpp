#include "services/hazard_import_service.hpp"

#include <gtest/gtest.h>

#include "services/inspection_world.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

const char* const kHeader =
    "隐患编号,企业名称,统一社会信用代码,隐患内容,隐患等级,整改状态,发现日期,整改期限,销号日期,隐患类别";

std::string Lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

UnixSeconds Start(int y, int m, int d) { return ChinaDayStart({y, m, d}); }
UnixSeconds End(int y, int m, int d) { return ChinaDayEnd({y, m, d}); }

class HazardImportTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    Result<ImportReport> Import(const std::string& file, bool dry_run, const Principal* who, std::string mapping = "") {
        ImportOptions options;
        options.dry_run = dry_run;
        options.mapping_json = std::move(mapping);
        return w_->hazard_import->Import(who, file, options);
    }

    std::vector<storage::HazardRecord> Hazards() {
        std::vector<storage::HazardRecord> out;
        const int64_t n = w_->Count("SELECT MAX(id) FROM hazards");
        for (int64_t id = 1; id <= n; ++id) {
            auto h = w_->r->store->db().Read(
                [&](storage::Connection& c) { return storage::HazardRepository(c).FindById(id); });
            if (h && *h) out.push_back(**h);
        }
        return out;
    }

    static std::vector<std::pair<int, std::string>> Issues(const std::vector<ImportIssue>& issues) {
        std::vector<std::pair<int, std::string>> out;
        for (const auto& i : issues) out.emplace_back(i.row, i.field);
        return out;
    }

    // The messy ledger: each row is one way a real ledger goes wrong (or right).
    std::vector<std::string> MessyRows() {
        const std::string code_1b = test::CreditCodeFor(2);
        return {
            kHeader,
            "H-001,慈溪市宏达服饰有限公司,,安全出口堵塞,一般,已整改,2023-05-01,2023/5/8,2023年5月6日,疏散通道",  // 2
                                                                                                                 // clean
            "H-002,," + code_1b + ",电线私拉乱接,重大,整改中,20230601,20230701,,电气安全",  // 3 clean
            "H-003,慈溪市永盛针织厂,,灭火器过期,一般,已整改,2023-07-01,2023-06-20,,",       // 4 warns
            "H-004,不存在的企业,,占用消防通道,一般,整改中,2023-08-01,,,",                   // 5 error
            "H-005,慈溪市宏达服饰有限公司,,未设置应急照明,特别重大,整改中,2023-08-02,,,",   // 6 error
            "H-006,慈溪市宏达服饰有限公司,,仓库堆放杂物,一般,搁置,2023-08-03,,,",           // 7 error
            "H-007,慈溪市宏达服饰有限公司,,电动车室内充电,,,2023-13-01,,,",                 // 8 error
            "H-001,慈溪市宏达服饰有限公司,,重复的行,一般,已整改,2023-05-01,,2023-05-02,",   // 9 error
            "H-008,慈溪市宏达服饰有限公司,91330282MA0000000X,无消防培训记录,,,2023-09-01,,2023-09-05,教育培训",  // 10
                                                                                                                 // warns
            "H-009,慈溪市宏达服饰有限公司,,三合一住人,重大,已整改,2023-09-10,2023-10-10,2023-09-01,三合一场所",  // 11
                                                                                                                 // error
            "H-010,慈溪市观海卫鑫源服装加工厂,,外镇企业,一般,整改中,2023-09-12,,,",              // 12 error (town)
            "H-011,慈溪市匡堰锦绣制衣厂,,疏散指示损坏,一般,整改中,2023-10-01,,2023-10-05,灯具",  // 13 warns
            "H-012,慈溪市宏达服饰有限公司,,未来的隐患,一般,整改中,2099-01-01,,,",                // 14 error
        };
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(HazardImportTest, DryRunClassifiesEveryMessyRow) {
    auto r = Import(Lines(MessyRows()), true, &w_->r->town_officer);
    ASSERT_TRUE(r) << r.error().id << " " << r.error().internal;
    EXPECT_EQ(r->total_rows, 13);
    EXPECT_EQ(r->valid_rows, 5);
    EXPECT_EQ(r->created, 0);
    const std::vector<std::pair<int, std::string>> errors = {
        {5, "enterprise_name"}, {6, "severity"},         {7, "status"},   {8, "found_at"}, {9, "ref"},
        {11, "closed_at"},      {12, "enterprise_name"}, {14, "found_at"}};
    EXPECT_EQ(Issues(r->errors), errors);
    const std::vector<std::pair<int, std::string>> warnings = {{4, "due_at"},     {4, "closed_at"}, {10, "credit_code"},
                                                               {10, "severity"},  {10, "status"},   {13, "due_at"},
                                                               {13, "closed_at"}, {13, "category"}};
    EXPECT_EQ(Issues(r->warnings), warnings);
    for (const auto& e : r->errors) EXPECT_FALSE(e.message.en.empty());
    EXPECT_EQ(r->errors.at(0).column, "企业名称");
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
}

// One round of fixes must be enough: every bad cell of a row is named, in the sheet's column order,
// with the sheet's header, and the report carries the row's cells.
TEST_P(HazardImportTest, ReportNamesEveryBadCellOfARowAndCarriesItsCells) {
    const std::string bad = "H-101,不存在的企业,,仓库堆放杂物,特别重大,搁置,2023-13-01,明天,,";
    auto r = Import(Lines({kHeader, bad}), true, &w_->r->town_officer);
    ASSERT_TRUE(r) << r.error().id;
    const std::vector<std::pair<int, std::string>> errors = {
        {2, "enterprise_name"}, {2, "severity"}, {2, "status"}, {2, "found_at"}, {2, "due_at"}};
    EXPECT_EQ(Issues(r->errors), errors);
    std::vector<std::string> columns;
    for (const auto& e : r->errors) columns.push_back(e.column);
    EXPECT_EQ(columns, (std::vector<std::string>{"企业名称", "隐患等级", "整改状态", "发现日期", "整改期限"}));
    ASSERT_EQ(r->headers.size(), 10u);
    ASSERT_EQ(r->rows.size(), 1u);
    EXPECT_EQ(r->rows[0].row, 2);
    EXPECT_EQ(r->rows[0].cells.at(4), "特别重大");
    EXPECT_EQ(r->rows[0].cells.size(), 10u);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
}

TEST_P(HazardImportTest, RealRunIsAllOrNothingAndKeepsTheHistoricDates) {
    auto refused = Import(Lines(MessyRows()), false, &w_->r->town_officer);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->created, 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazard_import_refs"), 0);

    const auto all = MessyRows();
    const std::string clean = Lines({all[0], all[1], all[2], all[3], all[9], all[12]});
    auto done = Import(clean, false, &w_->r->town_officer);
    ASSERT_TRUE(done) << done.error().id << " " << done.error().internal;
    ASSERT_TRUE(done->errors.empty()) << done->errors.front().row << " " << done->errors.front().message.en;
    EXPECT_EQ(done->created, 5);
    const auto hazards = Hazards();
    ASSERT_EQ(hazards.size(), 5u);
    for (const auto& h : hazards) {
        EXPECT_EQ(h.source, "import");
        EXPECT_FALSE(h.inspection_id);
    }

    const auto& closed = hazards[0];  // H-001
    EXPECT_EQ(closed.enterprise_id, w_->r->ent1a);
    EXPECT_EQ(closed.status, HazardStatus::kClosed);
    EXPECT_EQ(closed.found_at, Start(2023, 5, 1));
    EXPECT_EQ(closed.due_at, End(2023, 5, 8));
    EXPECT_EQ(closed.closed_at, Start(2023, 5, 6));
    EXPECT_EQ(closed.closed_on_time, true);
    EXPECT_EQ(closed.category, "evacuation");

    const auto& open_major = hazards[1];  // H-002, matched by credit code
    EXPECT_EQ(open_major.enterprise_id, w_->r->ent1b);
    EXPECT_EQ(open_major.severity, Severity::kMajor);
    EXPECT_EQ(open_major.status, HazardStatus::kRectifying);
    EXPECT_EQ(open_major.due_at, End(2023, 7, 1));
    EXPECT_TRUE(open_major.listing_no);

    const auto& corrected = hazards[2];  // H-003: due before found, closed without a date
    EXPECT_EQ(corrected.due_at, End(2023, 7, 1));
    EXPECT_EQ(corrected.closed_at, End(2023, 7, 1));
    EXPECT_EQ(corrected.closed_on_time, true);

    const auto& inferred = hazards[3];  // H-008: no status, a closing date
    EXPECT_EQ(inferred.status, HazardStatus::kClosed);
    EXPECT_EQ(inferred.severity, Severity::kGeneral);
    EXPECT_EQ(inferred.closed_at, Start(2023, 9, 5));
    EXPECT_EQ(inferred.category, "training");

    const auto& defaulted = hazards[4];  // H-011: rectifying without a deadline
    EXPECT_EQ(defaulted.status, HazardStatus::kRectifying);
    EXPECT_EQ(defaulted.due_at, DefaultDeadline(Severity::kGeneral, Start(2023, 10, 1)));
    EXPECT_FALSE(defaulted.closed_at);

    EXPECT_EQ(w_->r->AuditCount("hazard"), 5);
    EXPECT_EQ(w_->r->AuditCount("import"), 1);

    // The same ledger again: every reference was imported before.
    auto again = Import(clean, true, &w_->r->town_officer);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->valid_rows, 0);
    for (const auto& e : again->errors) EXPECT_EQ(e.field, "ref");
}

TEST_P(HazardImportTest, AdminAndTheCommandLineSeeEveryTown) {
    const auto all = MessyRows();
    const std::string file = Lines({all[0], all[11]});
    auto admin = Import(file, true, &w_->r->admin);
    ASSERT_TRUE(admin);
    EXPECT_EQ(admin->valid_rows, 1);
    auto system = Import(file, false, nullptr);
    ASSERT_TRUE(system);
    EXPECT_EQ(system->created, 1);
    EXPECT_EQ(Hazards().at(0).path.town_id, w_->r->other_town);
    for (const Principal* who : {&w_->r->village_officer, &w_->r->inspector, &w_->r->enterprise_user}) {
        auto r = Import(file, true, who);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, Code::kForbidden);
    }
}

TEST_P(HazardImportTest, NeedsAnEnterpriseColumn) {
    auto r = Import("隐患内容,发现日期\n堵塞,2023-01-01\n", true, &w_->r->town_officer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "import_missing_columns");
    auto no_title = Import("企业名称,发现日期\n某厂,2023-01-01\n", true, &w_->r->town_officer);
    ASSERT_FALSE(no_title);
    EXPECT_TRUE(no_title.error().fields.count("title"));
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardImportTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
