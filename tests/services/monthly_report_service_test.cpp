#include "services/monthly_report_service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/report/monthly.hpp"
#include "importer/xlsx_reader.hpp"
#include "services/documents/monthly_pdf.hpp"
#include "services/monthly_report_job.hpp"
#include "services/registry_world.hpp"
#include "services/station_standard_loader.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
using test::RegistryWorld;

// A poppler tool's output on the PDF ("pdftotext -enc UTF-8 … -" or "pdffonts"), as the notice tests run it.
std::string Poppler(const std::string& tool, const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_monthly_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    const std::string args = tool == "pdftotext" ? " -enc UTF-8 '" + path + "' - 2>&1" : " '" + path + "' 2>&1";
    if (FILE* p = popen((tool + args).c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    return out;
}
// pdftotext breaks lines where the layout wraps them.
std::string Joined(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != '\n' && c != '\f') out += c;
    return out;
}

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

// The clock reads 2026-12-06 10:00 in China; the tests report November 2026 (it ends 2026-11-30T16:00Z).
class MonthlyReportServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        w_->clock.Set(At("2026-12-06T02:00:00Z"));
        auto scorecard_standard = LoadScorecardStandard(test::StandardsDir());
        ASSERT_TRUE(scorecard_standard) << scorecard_standard.error().internal;
        auto station_standard = LoadStationStandard(test::StandardsDir());
        ASSERT_TRUE(station_standard) << station_standard.error().internal;
        standard_ = std::make_shared<const station::StationStandard>(std::move(*station_standard));
        campaigns_ = std::make_unique<CampaignService>(w_->store->shared(), w_->clock, *w_->audit);
        scorecards_ = std::make_unique<ScorecardService>(w_->store->shared(), w_->clock, *w_->audit,
                                                         std::move(*scorecard_standard));
        reports_ = std::make_unique<MonthlyReportService>(w_->store->shared(), w_->clock, *campaigns_, *scorecards_,
                                                          standard_);
    }

    void Hazard(int64_t village, int64_t grid, int64_t enterprise, const std::string& severity,
                const std::string& status, const char* found, const char* due, const char* closed = nullptr,
                const char* listing = nullptr, const std::string& title = "隐患", int64_t town = 0) {
        w_->store->Exec(
            "INSERT INTO hazards (town_id, village_id, grid_id, enterprise_id, source, title, category, severity, "
            "status, due_at, found_at, closed_at, closed_on_time, listing_no, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 'staff', ?, 'other', ?, ?, ?, ?, ?, 0, ?, 0, 0)",
            {town ? town : w_->town, village, grid, enterprise, title, severity, status, At(due), At(found),
             closed ? storage::Value(At(closed)) : storage::Value(),
             listing ? storage::Value(std::string(listing)) : storage::Value()});
    }

    // November in 匡堰镇 (expected figures in the comments):
    //   高家村: found 3 (A, B, E), closed 1 (B), overdue at the end 1 (A; E is submitted, not overdue)
    //   倡隆村: found 0, closed 0, overdue 1 (D: closed in December, past its deadline on 30 November)
    //   majors: E found in November (open, not listed); C found in October, open, listed 匡安督〔2026〕1号
    //   the other town's hazard never counts.
    void Populate() {
        Hazard(w_->village1, w_->grid1a, w_->ent1a, "general", "rectifying", "2026-11-03T02:00:00Z",
               "2026-11-20T02:00:00Z");  // A
        Hazard(w_->village1, w_->grid1b, w_->ent1b, "general", "closed", "2026-11-05T02:00:00Z", "2026-11-25T02:00:00Z",
               "2026-11-10T02:00:00Z");  // B
        Hazard(w_->village2, w_->grid2a, w_->ent2a, "major", "rectifying", "2026-10-10T02:00:00Z",
               "2026-12-20T02:00:00Z", nullptr, "匡安督〔2026〕1号", "粉尘涉爆除尘系统未接地");  // C
        Hazard(w_->village2, w_->grid2a, w_->ent2a, "general", "closed", "2026-10-01T02:00:00Z", "2026-11-15T02:00:00Z",
               "2026-12-02T02:00:00Z");  // D
        Hazard(w_->village1, w_->grid1a, w_->ent1a, "major", "submitted", "2026-11-12T02:00:00Z",
               "2026-11-28T02:00:00Z", nullptr, nullptr, "三合一场所住人");  // E
        Hazard(w_->other_village, w_->other_grid, w_->ent_other, "general", "rectifying", "2026-11-03T02:00:00Z",
               "2026-11-20T02:00:00Z", nullptr, nullptr, "隐患", w_->other_town);
        storage::Database& db = *w_->store->shared();
        ASSERT_TRUE(
            db.Transact(true, [](storage::Connection& c) { return storage::HazardRepository(c).RebuildCounters(); }));

        // A campaign over November (in scope: the town's three enterprises) and one in September (not shown).
        CampaignInput in;
        in.name = "三合一场所专项整治";
        in.starts_on = "2026-11-01";
        in.ends_on = "2026-11-30";
        in.region_ids = std::vector<int64_t>{w_->town};
        auto c = campaigns_->Create(nullptr, in);
        ASSERT_TRUE(c) << c.error().id;
        in.name = "九月专项";
        in.starts_on = "2026-09-01";
        in.ends_on = "2026-09-30";
        ASSERT_TRUE(campaigns_->Create(nullptr, in));

        // Training: 宏达 in November (5 people) counts; 永盛 on 2025-11-20 is before the window.
        const int64_t t1 = Training(w_->village1, "2026-11-10");
        Attend(t1, w_->ent1a, w_->village1, w_->grid1a, "2026-11-10", 5);
        const int64_t t2 = Training(w_->village2, "2025-11-20");
        Attend(t2, w_->ent2a, w_->village2, w_->grid2a, "2025-11-20", 7);

        // A community station in 高家村: one item expired on 15 November, one expiring on 20 December
        // (within 30 days of 30 November), nothing else.
        w_->store->Exec(
            "INSERT INTO stations (town_id, village_id, region_id, name, kind, lat, lng, radius_m, created_at, "
            "updated_at) VALUES (?, ?, ?, '高家村微型消防站', 'community', 30.1, 121.2, 500, 0, 0)",
            {w_->town, w_->village1, w_->village1});
        station_ = w_->store->QueryInt("SELECT MAX(id) FROM stations");
        const auto& items = standard_->items();
        ASSERT_GE(items.size(), 2u);
        expired_item_ = items[0].code;
        Equip(items[0].code, 100, "2026-11-15");
        Equip(items[1].code, 100, "2026-12-20");
    }
    int64_t Training(int64_t village, const std::string& day) {
        w_->store->Exec(
            "INSERT INTO trainings (town_id, village_id, region_id, title, kind, held_on, hours, created_at) "
            "VALUES (?, ?, ?, '消防培训', 'fire', ?, 2, 0)",
            {w_->town, village, village, day});
        return w_->store->QueryInt("SELECT MAX(id) FROM trainings");
    }
    void Attend(int64_t training, int64_t enterprise, int64_t village, int64_t grid, const std::string& day,
                int64_t people) {
        w_->store->Exec(
            "INSERT INTO training_attendance (training_id, enterprise_id, town_id, village_id, grid_id, held_on, kind, "
            "people, recorded_at) VALUES (?, ?, ?, ?, ?, ?, 'fire', ?, 0)",
            {training, enterprise, w_->town, village, grid, day, people});
    }
    void Equip(const std::string& item, int64_t count, const std::string& expires) {
        w_->store->Exec(
            "INSERT INTO station_equipment (station_id, item, count, expires_on, updated_at) VALUES (?, ?, ?, ?, 0)",
            {station_, item, count, expires});
    }
    void User(int64_t id, const std::string& role, int64_t region, int64_t town, int disabled = 0) {
        w_->store->Exec(
            "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, phone, disabled, "
            "created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?, '', '', ?, 0, 0)",
            {id, role + std::to_string(id), role, region, town, int64_t{disabled}});
    }

    MonthlyReport Build(const Principal& who, std::optional<int64_t> region = std::nullopt) {
        auto r = reports_->Build(who, {"2026-11", region});
        EXPECT_TRUE(r) << (r ? "" : r.error().id);
        return r ? *r : MonthlyReport{};
    }
    static const ReportPlaceRow* Place(const MonthlyReport& r, int64_t id) {
        for (const auto& p : r.by_place)
            if (p.region_id == id) return &p;
        return nullptr;
    }
    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }

    std::unique_ptr<RegistryWorld> w_;
    std::shared_ptr<const station::StationStandard> standard_;
    std::unique_ptr<CampaignService> campaigns_;
    std::unique_ptr<ScorecardService> scorecards_;
    std::unique_ptr<MonthlyReportService> reports_;
    int64_t station_ = 0;
    std::string expired_item_;
};

TEST_P(MonthlyReportServiceTest, TheTownReportCountsTheMonthByVillage) {
    Populate();
    const MonthlyReport r = Build(w_->town_officer);
    EXPECT_EQ(r.region.id, w_->town);
    EXPECT_EQ(r.as_of_day, "2026-11-30");
    ASSERT_EQ(r.by_place.size(), 2u);  // 高家村, 倡隆村; not the other town's village
    const auto* v1 = Place(r, w_->village1);
    const auto* v2 = Place(r, w_->village2);
    ASSERT_TRUE(v1 && v2);
    EXPECT_EQ(v1->name, "高家村");
    EXPECT_EQ(std::make_tuple(v1->found, v1->closed, v1->overdue), std::make_tuple(3, 1, 1));
    EXPECT_EQ(std::make_tuple(v2->found, v2->closed, v2->overdue), std::make_tuple(0, 0, 1));
    EXPECT_EQ(std::make_tuple(r.found, r.closed, r.overdue), std::make_tuple(3, 1, 2));
    EXPECT_EQ(r.majors_found, 1);
    EXPECT_EQ(r.majors_open, 2);
    ASSERT_EQ(r.majors.size(), 2u);
    EXPECT_EQ(r.majors[0].title, "粉尘涉爆除尘系统未接地");
    EXPECT_EQ(r.majors[0].enterprise_name, "慈溪市永盛针织厂");
    EXPECT_EQ(r.majors[0].village_name, "倡隆村");
    EXPECT_EQ(r.majors[0].listing_no.value_or(""), "匡安督〔2026〕1号");
    EXPECT_EQ(r.majors[1].title, "三合一场所住人");
    EXPECT_FALSE(r.majors[1].listing_no);

    ASSERT_EQ(r.campaigns.size(), 1u);  // September's is not in November
    EXPECT_EQ(r.campaigns[0].name, "三合一场所专项整治");
    EXPECT_EQ(r.campaigns[0].progress.in_scope, 3);
    EXPECT_EQ(r.campaigns[0].progress.inspected, 0);

    EXPECT_EQ(r.training.enterprises, 3);
    EXPECT_EQ(r.training.covered, 1);
    EXPECT_EQ(r.training.people, 5);
    EXPECT_EQ(r.training_after, "2025-11-30");

    ASSERT_EQ(r.stations.size(), 1u);
    EXPECT_EQ(r.stations[0].expiring, 2);
    EXPECT_EQ(r.stations[0].expired, 1);
    int64_t required = 0;  // every item the community kind must have, less the two it has enough of
    for (const auto& item : standard_->items()) required += standard_->Minimum("community", item.code) > 0 ? 1 : 0;
    int64_t have = 0;
    for (size_t i = 0; i < 2; ++i) have += standard_->Minimum("community", standard_->items()[i].code) > 0 ? 1 : 0;
    EXPECT_EQ(r.stations[0].missing, required - have);
    EXPECT_GT(r.stations[0].missing, 0);

    EXPECT_EQ(r.ranking_level, "village");
    ASSERT_EQ(r.ranking.size(), 2u);
    EXPECT_EQ(r.ranking[0].rank, 1);

    ASSERT_EQ(r.trend.size(), 12u);
    EXPECT_EQ(r.trend.front().month, "2025-12");
    EXPECT_EQ(r.trend.back().month, "2026-11");
    EXPECT_EQ(r.trend[10].found, 2);  // October: C, D
    EXPECT_EQ(r.trend[11].found, 3);
    EXPECT_EQ(r.trend[11].closed, 1);
}

TEST_P(MonthlyReportServiceTest, AVillageReportGroupsByGridAndDefaultsToTheOfficersVillage) {
    Populate();
    const MonthlyReport r = Build(w_->village_officer);
    EXPECT_EQ(r.region.id, w_->village1);
    ASSERT_EQ(r.by_place.size(), 2u);
    const auto* g1a = Place(r, w_->grid1a);
    const auto* g1b = Place(r, w_->grid1b);
    ASSERT_TRUE(g1a && g1b);
    EXPECT_EQ(std::make_tuple(g1a->found, g1a->closed, g1a->overdue), std::make_tuple(2, 0, 1));
    EXPECT_EQ(std::make_tuple(g1b->found, g1b->closed, g1b->overdue), std::make_tuple(1, 1, 0));
    ASSERT_EQ(r.majors.size(), 1u);  // E only: C is in 倡隆村
    EXPECT_EQ(r.training.enterprises, 2);
    EXPECT_EQ(r.ranking_level, "enterprise");
    EXPECT_EQ(r.ranking.size(), 2u);
    // The town officer asking for the same village gets the same figures.
    const MonthlyReport same = Build(w_->town_officer, w_->village1);
    EXPECT_EQ(same.found, r.found);
    EXPECT_EQ(same.overdue, r.overdue);
}

TEST_P(MonthlyReportServiceTest, BadInputNamesTheFieldAndScopeIsEnforced) {
    auto field = [&](const Principal& who, const std::string& period, std::optional<int64_t> region) {
        auto r = reports_->Build(who, {period, region});
        return r ? std::string("ok") : r.error().code == Code::kValidation ? FirstField(r.error()) : r.error().id;
    };
    for (const char* bad : {"2026-13", "2026", "2026-1", "", "2026-11-01", "2027-01", "２０２６-11"}) {
        EXPECT_EQ(field(w_->town_officer, bad, std::nullopt), "period") << bad;
    }
    EXPECT_EQ(field(w_->town_officer, "2026-12", std::nullopt), "ok");  // the current month reports up to now
    EXPECT_EQ(field(w_->town_officer, "2026-11", w_->grid1a), "region_id");
    EXPECT_EQ(field(w_->admin, "2026-11", std::nullopt), "region_id");
    EXPECT_EQ(field(w_->admin, "2026-11", w_->other_town), "ok");
    auto code = [&](const Principal& who, std::optional<int64_t> region) {
        auto r = reports_->Build(who, {"2026-11", region});
        EXPECT_FALSE(r);
        return r ? Code::kInternal : r.error().code;
    };
    EXPECT_EQ(code(w_->other_town_officer, w_->town), Code::kNotFound);
    EXPECT_EQ(code(w_->village_officer, w_->village2), Code::kNotFound);
    EXPECT_EQ(code(w_->village_officer, w_->town), Code::kNotFound);
    EXPECT_EQ(code(w_->inspector, std::nullopt), Code::kForbidden);
    EXPECT_EQ(code(w_->enterprise_user, std::nullopt), Code::kForbidden);
    EXPECT_EQ(code(w_->town_officer, 999999), Code::kNotFound);
}

// The PDF read back by poppler: its Chinese title and the service's own figures, the font embedded.
TEST_P(MonthlyReportServiceTest, ThePdfCarriesTheTitleAndTheServicesFigures) {
    Populate();
    const MonthlyReport r = Build(w_->town_officer);
    auto file = reports_->Pdf(w_->town_officer, {"2026-11", std::nullopt});
    ASSERT_TRUE(file) << file.error().id << " " << file.error().internal;
    EXPECT_EQ(file->content_type, "application/pdf");
    EXPECT_EQ(file->bytes.substr(0, 5), "%PDF-");
    const std::string text = Joined(Poppler("pdftotext", file->bytes));
    for (const std::string& want :
         {std::string("匡堰镇安全生产月报 2026年11月"),
          "本月发现隐患 " + std::to_string(r.found) + " 处，整改销号 " + std::to_string(r.closed) +
              " 处，月末逾期未整改 " + std::to_string(r.overdue) + " 处",
          "本月发现重大隐患 " + std::to_string(r.majors_found) + " 处", std::string("已挂牌 匡安督〔2026〕1号"),
          r.majors[0].enterprise_name, r.campaigns[0].name, documents::Percent(r.training.Coverage()),
          std::string("高家村微型消防站"), std::string("近12个月隐患趋势"), std::string("发现隐患")}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n--- pdftotext ---\n" << text;
    }
    const auto* v1 = Place(r, w_->village1);
    ASSERT_TRUE(v1);
    EXPECT_NE(
        text.find("高家村" + std::to_string(v1->found) + std::to_string(v1->closed) + std::to_string(v1->overdue)),
        std::string::npos)
        << text;
    const std::string fonts = Poppler("pdffonts", file->bytes);
    std::istringstream lines(fonts);
    std::string line;
    int rows = 0;
    for (int header = 2; std::getline(lines, line);) {
        if (header-- > 0 || line.empty()) continue;
        ++rows;
        std::istringstream cols(line);
        std::vector<std::string> c{std::istream_iterator<std::string>(cols), {}};
        ASSERT_GE(c.size(), 6u) << line;
        EXPECT_EQ(c[c.size() - 5], "yes") << "not embedded: " << line;
    }
    EXPECT_GT(rows, 0) << fonts;
}

TEST_P(MonthlyReportServiceTest, TheWorkbookHasTheSameFiguresOneSheetPerSection) {
    Populate();
    const MonthlyReport r = Build(w_->town_officer);
    auto file = reports_->Xlsx(w_->town_officer, {"2026-11", std::nullopt});
    ASSERT_TRUE(file) << file.error().internal;
    EXPECT_EQ(file->bytes.substr(0, 2), "PK");
    auto summary = importer::ReadXlsx(file->bytes, "概况");
    ASSERT_TRUE(summary) << summary.error().internal;
    ASSERT_GE(summary->rows.size(), 5u);
    EXPECT_EQ(summary->rows[2], (std::vector<std::string>{"本月发现隐患", std::to_string(r.found)}));
    EXPECT_EQ(summary->rows[4], (std::vector<std::string>{"月末逾期未整改", std::to_string(r.overdue)}));
    auto hazards = importer::ReadXlsx(file->bytes, "隐患");
    ASSERT_TRUE(hazards);
    ASSERT_EQ(hazards->rows.size(), r.by_place.size());
    EXPECT_EQ(hazards->rows[0][0], r.by_place[0].name);
    EXPECT_EQ(hazards->rows[0][1], std::to_string(r.by_place[0].found));
    auto trend = importer::ReadXlsx(file->bytes, "趋势");
    ASSERT_TRUE(trend);
    ASSERT_EQ(trend->rows.size(), 12u);
    EXPECT_EQ(trend->rows[11][0], "2026-11");
    EXPECT_EQ(trend->rows[11][1], std::to_string(r.trend[11].found));
    auto majors = importer::ReadXlsx(file->bytes, "重大隐患");
    ASSERT_TRUE(majors);
    ASSERT_EQ(majors->rows.size(), 2u);
    EXPECT_EQ(majors->rows[0][5], "匡安督〔2026〕1号");
}

// The job on 6 December stores November's report once and tells each enabled town user once, even
// when run again or by a fresh job object (a restart).
TEST_P(MonthlyReportServiceTest, TheJobStoresOneReportAndOneNotificationPerTownUser) {
    Populate();
    User(101, "town", w_->town, w_->town);
    User(102, "town", w_->town, w_->town);
    User(103, "town", w_->town, w_->town, /*disabled=*/1);
    User(104, "village", w_->village1, w_->town);
    User(105, "town", w_->other_town, w_->other_town);
    {
        MonthlyReportJob job(w_->store->shared(), w_->clock, *reports_);
        auto run = job.Run();
        ASSERT_TRUE(run) << run.error().id << " " << run.error().internal;
        EXPECT_EQ(run->towns, 2);
        EXPECT_EQ(run->generated, 2);
        EXPECT_EQ(run->notifications, 3);  // 101, 102 and the other town's 105
        auto again = job.Run();
        ASSERT_TRUE(again);
        EXPECT_EQ(again->generated, 0);
        EXPECT_EQ(again->notifications, 0);
    }
    w_->clock.Set(At("2026-12-20T02:00:00Z"));
    MonthlyReportService restarted(w_->store->shared(), w_->clock, *campaigns_, *scorecards_, standard_);
    MonthlyReportJob fresh(w_->store->shared(), w_->clock, restarted);
    auto third = fresh.Run();
    ASSERT_TRUE(third);
    EXPECT_EQ(third->generated, 0);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM monthly_reports"), 2);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM notifications WHERE kind = 'monthly_report'"), 3);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM notifications WHERE kind = 'monthly_report' AND user_id = 101"),
              1);
    const int64_t id =
        w_->store->QueryInt("SELECT id FROM monthly_reports WHERE town_id = ? AND period = '2026-11'", {w_->town});
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM notifications WHERE link = ?",
                                  {"/api/v1/reports/" + std::to_string(id) + "/report.pdf"}),
              2);

    // The stored list and download: the town sees its own; another town's report is 404; village 403.
    auto list = reports_->ListStored(w_->town_officer);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].period, "2026-11");
    EXPECT_EQ((*list)[0].town_name, "匡堰镇");
    auto pdf = reports_->StoredPdf(w_->town_officer, id);
    ASSERT_TRUE(pdf);
    EXPECT_EQ(static_cast<int64_t>(pdf->bytes.size()), (*list)[0].size);
    EXPECT_NE(Joined(Poppler("pdftotext", pdf->bytes)).find("匡堰镇安全生产月报 2026年11月"), std::string::npos);
    EXPECT_EQ(reports_->StoredPdf(w_->other_town_officer, id).error().code, Code::kNotFound);
    EXPECT_EQ(reports_->ListStored(w_->village_officer).error().code, Code::kForbidden);
    auto all = reports_->ListStored(w_->admin);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Stores, MonthlyReportServiceTest, test::AllBackends(), test::BackendName);

// The one rule of "open past its deadline at T", on the cases the SQL must agree with.
TEST(MonthlyReportRules, OverdueAtAnInstant) {
    const UnixSeconds t = 1000;
    EXPECT_TRUE(report::WasOverdueAt(HazardStatus::kRectifying, 900, 100, std::nullopt, t));
    EXPECT_FALSE(report::WasOverdueAt(HazardStatus::kRectifying, 1000, 100, std::nullopt, t));  // due == T: not yet
    EXPECT_FALSE(report::WasOverdueAt(HazardStatus::kRectifying, 900, 1000, std::nullopt, t));  // found at T
    EXPECT_TRUE(report::WasOverdueAt(HazardStatus::kClosed, 900, 100, 1000, t));  // closed at T: open before
    EXPECT_FALSE(report::WasOverdueAt(HazardStatus::kClosed, 900, 100, 999, t));
    EXPECT_FALSE(report::WasOverdueAt(HazardStatus::kSubmitted, 900, 100, std::nullopt, t));
    EXPECT_FALSE(report::WasOverdueAt(HazardStatus::kRectifying, std::nullopt, 100, std::nullopt, t));
    auto nov = *report::ParseMonth("2026-11");
    EXPECT_EQ(report::AsOfDay(nov, "2026-12-06"), "2026-11-30");
    EXPECT_EQ(report::AsOfDay(nov, "2026-11-06"), "2026-11-06");
    EXPECT_EQ(report::AsOfDay(*report::ParseMonth("2028-02"), "2030-01-01"), "2028-02-29");
    EXPECT_EQ(report::TrendMonths(nov).front(), 202512);
    EXPECT_EQ(report::TrendMonths(*report::ParseMonth("2026-01")).front(), 202502);
    EXPECT_EQ(report::PreviousMonth("2026-01-01")->Text(), "2025-12");
    EXPECT_FALSE(report::ParseMonth("2026"));
}

}  // namespace
}  // namespace safegrid::services
