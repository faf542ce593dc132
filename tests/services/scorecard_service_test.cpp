#include "services/scorecard_service.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

// The clock reads 2026-12-06 in China; the tests score November 2026. Rows of the training and
// station tables (other services own them) are inserted directly, as their migrations define them.
class ScorecardServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        w_->clock.Set(*ParseRfc3339("2026-12-06T02:00:00Z"));
        auto standard = LoadScorecardStandard(test::StandardsDir());
        ASSERT_TRUE(standard) << standard.error().internal;
        scorecards_ =
            std::make_unique<ScorecardService>(w_->store->shared(), w_->clock, *w_->audit, std::move(*standard));
    }

    int64_t Training(int64_t village, const std::string& kind, const std::string& day) {
        w_->store->Exec(
            "INSERT INTO trainings (town_id, village_id, region_id, title, kind, held_on, hours, created_at) "
            "VALUES (?, ?, ?, '消防培训', ?, ?, 2, 0)",
            {w_->town, village, village, kind, day});
        return w_->store->QueryInt("SELECT MAX(id) FROM trainings");
    }
    void Attend(int64_t training, int64_t enterprise, int64_t village, int64_t grid, const std::string& kind,
                const std::string& day, int64_t people) {
        w_->store->Exec(
            "INSERT INTO training_attendance (training_id, enterprise_id, town_id, village_id, grid_id, held_on, kind, "
            "people, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            {training, enterprise, w_->town, village, grid, day, kind, people});
    }
    void StationDrill(int64_t village, const std::string& day) {
        w_->store->Exec(
            "INSERT INTO stations (town_id, village_id, region_id, name, kind, lat, lng, radius_m, created_at, "
            "updated_at) VALUES (?, ?, ?, '微型消防站', 'community', 30.1, 121.2, 500, 0, 0)",
            {w_->town, village, village});
        const int64_t station = w_->store->QueryInt("SELECT MAX(id) FROM stations");
        w_->store->Exec("INSERT INTO station_drills (station_id, held_on, response_s, created_at) VALUES (?, ?, 90, 0)",
                        {station, day});
    }
    void Hazard(int64_t village, int64_t grid, int64_t enterprise, const std::string& category,
                const std::string& severity, const std::string& status, const char* found,
                std::optional<std::string> closed = std::nullopt) {
        storage::Value closed_at = std::monostate{};
        if (closed) closed_at = *ParseRfc3339(*closed);
        w_->store->Exec(
            "INSERT INTO hazards (town_id, village_id, grid_id, enterprise_id, source, title, category, severity, "
            "status, due_at, found_at, closed_at, closed_on_time, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 'staff', '隐患', ?, ?, ?, ?, ?, ?, ?, 0, 0)",
            {w_->town, village, grid, enterprise, category, severity, status, *ParseRfc3339("2026-11-20T00:00:00Z"),
             *ParseRfc3339(found), closed_at, closed ? storage::Value(int64_t{1}) : storage::Value(int64_t{0})});
    }

    static const scorecard::ItemScore& Item(const scorecard::Card& card, const std::string& code) {
        for (const auto& item : card.items)
            if (item.code == code) return item;
        static const scorecard::ItemScore kNone;
        ADD_FAILURE() << "no item " << code;
        return kNone;
    }
    static const scorecard::Card* CardOf(const ScorecardList& list, int64_t id) {
        for (const auto& c : list.cards)
            if (c.subject_id == id) return &c;
        return nullptr;
    }
    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }

    ScorecardList Villages(const Principal& who, std::string period = "2026-11") {
        auto list = scorecards_->List(who, {std::move(period), "village", std::nullopt});
        EXPECT_TRUE(list) << (list ? "" : list.error().id);
        return list ? *list : ScorecardList{};
    }

    // 高家村: one of its two enterprises trained, a station drill, its major hazard re-checked and
    // closed. 倡隆村: a drill training in March, its major hazard still open.
    void Populate() {
        const int64_t t = Training(w_->village1, "fire", "2026-11-10");
        Attend(t, w_->ent1a, w_->village1, w_->grid1a, "fire", "2026-11-10", 5);
        StationDrill(w_->village1, "2026-11-05");
        Training(w_->village2, "drill", "2026-03-01");
        Hazard(w_->village1, w_->grid1b, w_->ent1b, "extinguisher", "major", "closed", "2026-10-01T00:00:00Z",
               "2026-11-15T00:00:00Z");
        Hazard(w_->village2, w_->grid2a, w_->ent2a, "dust", "major", "rectifying", "2026-10-01T00:00:00Z");
        Hazard(w_->village1, w_->grid1a, w_->ent1a, "electrical", "general", "rectifying", "2026-11-02T00:00:00Z");
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<ScorecardService> scorecards_;
};

TEST_P(ScorecardServiceTest, TheTownSeesItsVillagesRankedWithTheFigureBehindEachItem) {
    Populate();
    const ScorecardList list = Villages(w_->town_officer);
    ASSERT_EQ(list.cards.size(), 2u);  // not 卫东村 of the other town
    const auto* v1 = CardOf(list, w_->village1);
    const auto* v2 = CardOf(list, w_->village2);
    ASSERT_TRUE(v1 && v2);
    EXPECT_EQ(v1->name, "高家村");
    EXPECT_EQ(v1->items.size(), 12u);
    EXPECT_DOUBLE_EQ(Item(*v1, "VIL-05").points, 4);
    EXPECT_EQ(Item(*v1, "VIL-05").figure, "1/2 家企业参加培训（50%）");
    EXPECT_DOUBLE_EQ(Item(*v2, "VIL-05").points, 0);
    EXPECT_DOUBLE_EQ(Item(*v1, "VIL-12").points, 10);  // the station drill
    EXPECT_DOUBLE_EQ(Item(*v2, "VIL-12").points, 10);  // March's drill training counts for the year
    EXPECT_DOUBLE_EQ(Item(*v1, "VIL-09").points, 10);
    EXPECT_EQ(Item(*v1, "VIL-09").figure, "重大隐患复查销号 1/1 处");
    EXPECT_DOUBLE_EQ(Item(*v2, "VIL-09").points, 0);
    EXPECT_TRUE(Item(*v1, "VIL-01").manual);
    EXPECT_DOUBLE_EQ(Item(*v1, "VIL-01").points, 0);
    EXPECT_EQ(list.cards.front().subject_id, w_->village1);
    EXPECT_EQ(list.cards.front().rank, 1);
    EXPECT_EQ(list.cards.back().rank, 2);
    EXPECT_GT(v1->score, v2->score);
    // The year before: no drills, no training.
    const ScorecardList before = Villages(w_->town_officer, "2025");
    ASSERT_EQ(before.cards.size(), 2u);
    EXPECT_DOUBLE_EQ(Item(*CardOf(before, w_->village1), "VIL-12").points, 0);
}

TEST_P(ScorecardServiceTest, AManualEntryMovesTheScoreAndRankAndIsAudited) {
    Populate();
    const ScorecardList first = Villages(w_->town_officer);
    const double v2_before = CardOf(first, w_->village2)->score;
    const double gap = CardOf(first, w_->village1)->score - v2_before;
    ASSERT_GT(gap, 0);
    ScorecardManualInput in;
    in.period = "2026-11";
    in.level = "village";
    in.region_id = w_->village2;
    in.code = "VIL-10";
    in.points = 10;
    auto entry = scorecards_->PutManual(&w_->town_officer, in);
    ASSERT_TRUE(entry) << entry.error().id;
    EXPECT_DOUBLE_EQ(entry->max, 10);
    in.code = "VIL-01";
    in.points = 8;
    ASSERT_TRUE(scorecards_->PutManual(&w_->town_officer, in));
    const ScorecardList after = Villages(w_->town_officer);
    const auto* v2 = CardOf(after, w_->village2);
    EXPECT_DOUBLE_EQ(v2->score, v2_before + 18);
    EXPECT_EQ(Item(*v2, "VIL-01").figure, "人工录入");
    EXPECT_EQ(after.cards.front().subject_id, w_->village2);  // 18 points beat the gap
    EXPECT_EQ(w_->AuditCount("scorecard"), 2);
    // A second entry replaces the first; the other month is untouched.
    in.points = 2;
    ASSERT_TRUE(scorecards_->PutManual(&w_->admin, in));
    EXPECT_DOUBLE_EQ(CardOf(Villages(w_->town_officer), w_->village2)->score, v2_before + 12);
    EXPECT_DOUBLE_EQ(CardOf(Villages(w_->town_officer, "2026-10"), w_->village2)->items[0].points, 0);
    EXPECT_EQ(w_->AuditCount("scorecard"), 3);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM scorecard_manual"), 2);
}

TEST_P(ScorecardServiceTest, BadInputNamesTheField) {
    for (const char* bad : {"2027-01", "2027", "2026-13", "", "2026-1", "next"}) {
        auto list = scorecards_->List(w_->town_officer, {bad, "village", std::nullopt});
        ASSERT_FALSE(list) << bad;
        EXPECT_EQ(list.error().code, Code::kValidation);
        EXPECT_EQ(FirstField(list.error()), "period") << bad;
    }
    EXPECT_TRUE(scorecards_->List(w_->town_officer, {"2026-12", "village", std::nullopt}));  // this month
    auto level = scorecards_->List(w_->town_officer, {"2026-11", "town", std::nullopt});
    ASSERT_FALSE(level);
    EXPECT_EQ(FirstField(level.error()), "level");
    auto grid = scorecards_->List(w_->town_officer, {"2026-11", "village", w_->grid1a});
    ASSERT_FALSE(grid);
    EXPECT_EQ(FirstField(grid.error()), "region_id");

    ScorecardManualInput in;
    in.period = "2026-11";
    in.level = "village";
    in.region_id = w_->village1;
    auto field_of = [&](ScorecardManualInput input) {
        auto r = scorecards_->PutManual(&w_->town_officer, input);
        EXPECT_FALSE(r);
        return r ? std::string() : FirstField(r.error());
    };
    in.code = "VIL-05";  // decided by the platform
    in.points = 1;
    EXPECT_EQ(field_of(in), "code");
    in.code = "ENT-01";  // not a village item
    EXPECT_EQ(field_of(in), "code");
    in.code = "VIL-01";
    in.points = 8.5;  // max 8
    EXPECT_EQ(field_of(in), "points");
    in.points = -1;
    EXPECT_EQ(field_of(in), "points");
    in.points = 3;
    in.period = "2027-02";
    EXPECT_EQ(field_of(in), "period");
    in.period = "2026-11";
    in.region_id.reset();
    EXPECT_EQ(field_of(in), "region_id");
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM scorecard_manual"), 0);
    EXPECT_EQ(w_->AuditCount("scorecard"), 0);
}

TEST_P(ScorecardServiceTest, RolesAndScope) {
    Populate();
    for (const Principal* p : {&w_->inspector, &w_->enterprise_user}) {
        auto list = scorecards_->List(*p, {"2026-11", "enterprise", std::nullopt});
        ASSERT_FALSE(list);
        EXPECT_EQ(list.error().code, Code::kForbidden) << p->username;
    }
    auto village_level = scorecards_->List(w_->village_officer, {"2026-11", "village", std::nullopt});
    ASSERT_FALSE(village_level);
    EXPECT_EQ(village_level.error().code, Code::kForbidden);
    auto own = scorecards_->List(w_->village_officer, {"2026-11", "enterprise", std::nullopt});
    ASSERT_TRUE(own);
    ASSERT_EQ(own->cards.size(), 2u);
    EXPECT_TRUE(CardOf(*own, w_->ent1a) && CardOf(*own, w_->ent1b));
    auto outside = scorecards_->List(w_->town_officer, {"2026-11", "enterprise", w_->other_village});
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, Code::kNotFound);
    auto narrowed = scorecards_->List(w_->town_officer, {"2026-11", "enterprise", w_->grid1a});
    ASSERT_TRUE(narrowed);
    ASSERT_EQ(narrowed->cards.size(), 1u);
    EXPECT_EQ(narrowed->cards[0].subject_id, w_->ent1a);

    ScorecardManualInput in{"2026-11", "enterprise", std::nullopt, w_->ent_other, "ENT-01", 2};
    auto other = scorecards_->PutManual(&w_->town_officer, in);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, Code::kNotFound);
    in.enterprise_id = w_->ent1a;
    auto by_village = scorecards_->PutManual(&w_->village_officer, in);
    ASSERT_FALSE(by_village);
    EXPECT_EQ(by_village.error().code, Code::kForbidden);
    EXPECT_TRUE(scorecards_->PutManual(&w_->town_officer, in));
}

TEST_P(ScorecardServiceTest, EnterprisesAreDecidedFromTheirHazardsAndTraining) {
    Populate();
    auto list = scorecards_->List(w_->town_officer, {"2026-11", "enterprise", std::nullopt});
    ASSERT_TRUE(list);
    ASSERT_EQ(list->cards.size(), 3u);
    const auto* a = CardOf(*list, w_->ent1a);
    const auto* b = CardOf(*list, w_->ent1b);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->items.size(), 22u);
    EXPECT_DOUBLE_EQ(Item(*a, "ENT-13").points, 0);  // its electrical hazard is open
    EXPECT_EQ(Item(*a, "ENT-13").figure, "未整改电气隐患 1 处");
    EXPECT_DOUBLE_EQ(Item(*b, "ENT-13").points, 5);
    EXPECT_DOUBLE_EQ(Item(*a, "ENT-22").points, 8);  // attended in November
    EXPECT_DOUBLE_EQ(Item(*b, "ENT-22").points, 0);
    EXPECT_DOUBLE_EQ(Item(*a, "ENT-05").points, 3);  // employees unknown: any attendance
    // 锦绣's extinguisher hazard was open at October's end, closed by November's.
    EXPECT_DOUBLE_EQ(Item(*b, "ENT-08").points, 5);
    auto october = scorecards_->List(w_->town_officer, {"2026-10", "enterprise", std::nullopt});
    ASSERT_TRUE(october);
    EXPECT_DOUBLE_EQ(Item(*CardOf(*october, w_->ent1b), "ENT-08").points, 0);
    EXPECT_TRUE(Item(*a, "ENT-20").manual);
}

TEST_P(ScorecardServiceTest, ExportIsAWorkbook) {
    Populate();
    auto file = scorecards_->Export(w_->town_officer, {"2026-11", "village", std::nullopt});
    ASSERT_TRUE(file) << file.error().internal;
    ASSERT_GT(file->bytes.size(), 100u);
    EXPECT_EQ(file->bytes.substr(0, 2), "PK");
    EXPECT_EQ(file->filename, "scorecards-village-2026-11.xlsx");
    auto bad = scorecards_->Export(w_->town_officer, {"2030-01", "village", std::nullopt});
    ASSERT_FALSE(bad);
    EXPECT_EQ(FirstField(bad.error()), "period");
}

INSTANTIATE_TEST_SUITE_P(Stores, ScorecardServiceTest, test::AllBackends(), test::BackendName);

TEST(ScorecardStandard, LoadsEveryItemOfTheSharedFile) {
    auto standard = LoadScorecardStandard(test::StandardsDir());
    ASSERT_TRUE(standard) << standard.error().internal;
    ASSERT_EQ(standard->village.size(), 12u);
    ASSERT_EQ(standard->enterprise.size(), 22u);
    double village = 0, enterprise = 0;
    for (const auto& i : standard->village) village += i.max;
    for (const auto& i : standard->enterprise) enterprise += i.max;
    EXPECT_DOUBLE_EQ(village, 100);  // the file's village_total
    EXPECT_DOUBLE_EQ(enterprise, 100);
    EXPECT_EQ(standard->village[4].code, "VIL-05");
    EXPECT_FALSE(ParseScorecardStandard("{}"));
    EXPECT_FALSE(ParseScorecardStandard(R"({"village_items":[{"id":"V","points":-1}],"enterprise_items":[]})"));
}

}  // namespace
}  // namespace safegrid::services
