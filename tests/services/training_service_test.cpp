#include "services/training_service.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

// The fake clock reads 2026-11-29 in China: the window is 2025-11-30 … 2026-11-29.
class TrainingServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        trainings_ = std::make_unique<TrainingService>(w_->store->shared(), w_->clock, *w_->audit);
    }

    static TrainingInput Input(int64_t region, std::string held_on = "2026-11-20", std::string kind = "fire") {
        TrainingInput in;
        in.title = "消防安全培训";
        in.kind = std::move(kind);
        in.held_on = std::move(held_on);
        in.region_id = region;
        in.hours = 2;
        return in;
    }

    int64_t Make(TrainingInput in) {
        auto t = trainings_->Create(&w_->town_officer, in);
        EXPECT_TRUE(t) << (t ? "" : t.error().id + " " + t.error().internal);
        return t ? t->training.id : 0;
    }

    void Attend(int64_t training, int64_t enterprise, int64_t people) {
        auto a = trainings_->RecordAttendance(&w_->town_officer, training, enterprise, people);
        EXPECT_TRUE(a) << (a ? "" : a.error().id + " " + a.error().internal);
    }

    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }

    int64_t Count(const std::string& sql) { return w_->store->QueryInt(sql, {}); }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<TrainingService> trainings_;
};

TEST_P(TrainingServiceTest, TownAndVillageCreateInTheirScopeOthersAreRefused) {
    auto t = trainings_->Create(&w_->village_officer, Input(w_->grid1a));
    ASSERT_TRUE(t) << t.error().id;
    EXPECT_EQ(t->training.path.town_id, w_->town);
    EXPECT_EQ(t->training.path.village_id, w_->village1);
    EXPECT_EQ(t->training.path.grid_id, w_->grid1a);
    EXPECT_EQ(t->training.region_name, "高家村第一网格");
    EXPECT_EQ(w_->AuditCount("training"), 1);
    EXPECT_TRUE(trainings_->Create(&w_->admin, Input(w_->other_town)));

    auto outside = trainings_->Create(&w_->village_officer, Input(w_->village2));
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, Code::kNotFound);
    auto town_level = trainings_->Create(&w_->village_officer, Input(w_->town));
    ASSERT_FALSE(town_level);
    EXPECT_EQ(town_level.error().code, Code::kNotFound);
    for (const Principal* p : {&w_->inspector, &w_->enterprise_user}) {
        auto refused = trainings_->Create(p, Input(w_->grid1a));
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, Code::kForbidden) << p->username;
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings"), 2);
}

TEST_P(TrainingServiceTest, BadInputNamesTheFieldAndWritesNothing) {
    auto expect_field = [&](TrainingInput in, const std::string& field) {
        auto t = trainings_->Create(&w_->town_officer, in);
        ASSERT_FALSE(t) << field;
        EXPECT_EQ(t.error().code, Code::kValidation) << field;
        EXPECT_TRUE(t.error().fields.contains(field)) << field << " got " << FirstField(t.error());
    };
    expect_field(Input(w_->village1, "2026-11-20", "lecture"), "kind");
    expect_field(Input(w_->village1, "2026-02-30"), "held_on");
    expect_field(Input(w_->village1, "20261120"), "held_on");
    expect_field(Input(w_->village1, "2027-11-30"), "held_on");  // more than a year ahead
    auto zero = Input(w_->village1);
    zero.hours = 0;
    expect_field(zero, "hours");
    auto long_day = Input(w_->village1);
    long_day.hours = 25;
    expect_field(long_day, "hours");
    auto blank = Input(w_->village1);
    blank.title = "  ";
    expect_field(blank, "title");
    auto no_region = Input(w_->village1);
    no_region.region_id.reset();
    expect_field(no_region, "region_id");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings"), 0);
    // A planned session within the year is accepted.
    EXPECT_TRUE(trainings_->Create(&w_->town_officer, Input(w_->village1, "2027-11-29")));
}

TEST_P(TrainingServiceTest, AttendanceIsCreatedThenReplacedAndChecksTheEnterprise) {
    const int64_t t = Make(Input(w_->village1));
    auto first = trainings_->RecordAttendance(&w_->village_officer, t, w_->ent1a, 12);
    ASSERT_TRUE(first) << first.error().id;
    EXPECT_TRUE(first->second);
    EXPECT_EQ(first->first.enterprise_name, "慈溪市宏达服饰有限公司");
    auto again = trainings_->RecordAttendance(&w_->village_officer, t, w_->ent1a, 15);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->second);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_attendance"), 1);
    EXPECT_EQ(Count("SELECT people FROM training_attendance"), 15);
    EXPECT_EQ(w_->AuditCount("training_attendance"), 2);

    auto field_of = [&](int64_t enterprise, int64_t people) {
        auto a = trainings_->RecordAttendance(&w_->town_officer, t, enterprise, people);
        EXPECT_FALSE(a);
        return a ? std::string() : FirstField(a.error());
    };
    EXPECT_EQ(field_of(w_->ent2a, 3), "enterprise_id");      // 倡隆村: not the session's region
    EXPECT_EQ(field_of(w_->ent_other, 3), "enterprise_id");  // another town
    EXPECT_EQ(field_of(999999, 3), "enterprise_id");         // no such enterprise
    EXPECT_EQ(field_of(w_->ent1b, -1), "people");
    EXPECT_EQ(field_of(w_->ent1b, 0), "people");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_attendance"), 1);

    auto other_session = trainings_->RecordAttendance(&w_->other_town_officer, t, w_->ent_other, 3);
    ASSERT_FALSE(other_session);
    EXPECT_EQ(other_session.error().code, Code::kNotFound);
    auto inspector = trainings_->RecordAttendance(&w_->inspector, t, w_->ent1a, 3);
    ASSERT_FALSE(inspector);
    EXPECT_EQ(inspector.error().code, Code::kForbidden);
}

TEST_P(TrainingServiceTest, ATownSessionTakesEveryVillageAndEachSeesItsOwnAttendance) {
    const int64_t t = Make(Input(w_->town));
    Attend(t, w_->ent1a, 5);
    // A village officer records its own enterprise at the town's session; not another village's.
    ASSERT_TRUE(trainings_->RecordAttendance(&w_->other_village_officer, t, w_->ent2a, 7));
    auto foreign = trainings_->RecordAttendance(&w_->other_village_officer, t, w_->ent1b, 7);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(FirstField(foreign.error()), "enterprise_id");

    auto seen = trainings_->Get(w_->village_officer, t);
    ASSERT_TRUE(seen) << seen.error().id;
    ASSERT_EQ(seen->attendance.size(), 1u);
    EXPECT_EQ(seen->attendance.front().enterprise_id, w_->ent1a);
    EXPECT_EQ(trainings_->Get(w_->town_officer, t)->attendance.size(), 2u);
    auto hidden = trainings_->Get(w_->other_town_officer, t);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
}

TEST_P(TrainingServiceTest, ListIsScopedNewestFirstAndFiltered) {
    const int64_t v1 = Make(Input(w_->village1, "2026-10-01"));
    const int64_t v2 = Make(Input(w_->village2, "2026-11-01", "drill"));
    const int64_t town = Make(Input(w_->town, "2026-09-01", "production"));
    auto ids = [&](const Principal& p, TrainingListQuery q = {}) {
        std::vector<int64_t> out;
        auto page = trainings_->List(p, q);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        if (page)
            for (const auto& t : page->first) out.push_back(t.id);
        return out;
    };
    EXPECT_EQ(ids(w_->town_officer), (std::vector<int64_t>{v2, v1, town}));
    EXPECT_EQ(ids(w_->village_officer), (std::vector<int64_t>{v1, town}));
    EXPECT_EQ(ids(w_->inspector), (std::vector<int64_t>{v1, town}));
    EXPECT_TRUE(ids(w_->other_town_officer).empty());
    EXPECT_EQ(ids(w_->town_officer, {.region_id = w_->village2}), std::vector<int64_t>{v2});
    EXPECT_EQ(ids(w_->town_officer, {.kind = "production"}), std::vector<int64_t>{town});
    EXPECT_EQ(ids(w_->town_officer, {.from = "2026-09-15", .to = "2026-10-31"}), std::vector<int64_t>{v1});
    EXPECT_EQ(ids(w_->town_officer, {.offset = 1, .limit = 1}), std::vector<int64_t>{v1});
    EXPECT_EQ(trainings_->List(w_->town_officer, {})->second, 3);

    auto bad = trainings_->List(w_->town_officer, {.kind = "x", .from = "yesterday"});
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().fields.contains("kind"));
    EXPECT_TRUE(bad.error().fields.contains("from"));
    auto out_of_scope = trainings_->List(w_->village_officer, {.region_id = w_->village2});
    ASSERT_FALSE(out_of_scope);
    EXPECT_EQ(out_of_scope.error().code, Code::kNotFound);
    EXPECT_EQ(trainings_->List(w_->enterprise_user, {}).error().code, Code::kForbidden);
}

TEST_P(TrainingServiceTest, CoverageCountsEnterprisesTrainedInTheLastTwelveMonths) {
    const int64_t recent = Make(Input(w_->village1, "2026-11-20"));
    const int64_t edge_in = Make(Input(w_->village2, "2025-11-30"));
    const int64_t edge_out = Make(Input(w_->village1, "2025-11-29"));  // a year ago today: out
    const int64_t planned = Make(Input(w_->village1, "2026-12-10"));   // not held yet
    Attend(recent, w_->ent1a, 10);
    Attend(recent, w_->ent1b, 4);
    Attend(edge_in, w_->ent2a, 6);
    Attend(edge_out, w_->ent1a, 100);
    Attend(planned, w_->ent1b, 100);

    auto town = trainings_->Coverage(w_->town_officer, std::nullopt);
    ASSERT_TRUE(town) << town.error().id << " " << town.error().internal;
    EXPECT_EQ(town->total.enterprises, 3);
    EXPECT_EQ(town->total.covered, 3);
    EXPECT_EQ(town->total.people, 20);
    EXPECT_DOUBLE_EQ(town->total.Coverage(), 1.0);
    EXPECT_EQ(town->after, "2025-11-29");
    EXPECT_EQ(town->through, "2026-11-29");
    ASSERT_EQ(town->by_region.size(), 2u);  // 高家村, 倡隆村
    EXPECT_EQ(town->by_region[0].region_id, w_->village1);
    EXPECT_EQ(town->by_region[0].coverage.covered, 2);
    EXPECT_EQ(town->by_region[0].coverage.people, 14);
    EXPECT_EQ(town->by_region[1].coverage.covered, 1);

    // The edge session falls out of the window a day later.
    w_->clock.Advance(86400);
    auto later = trainings_->Coverage(w_->town_officer, w_->village2);
    ASSERT_TRUE(later);
    EXPECT_EQ(later->total.enterprises, 1);
    EXPECT_EQ(later->total.covered, 0);
    EXPECT_EQ(later->total.Coverage(), 0.0);
    ASSERT_EQ(later->by_region.size(), 1u);  // 倡隆村's one grid
    EXPECT_EQ(later->by_region[0].region_kind, RegionKind::kGrid);

    auto village = trainings_->Coverage(w_->village_officer, std::nullopt);
    ASSERT_TRUE(village);
    EXPECT_EQ(village->total.enterprises, 2);
    EXPECT_EQ(village->by_region.size(), 2u);
    EXPECT_EQ(trainings_->Coverage(w_->village_officer, w_->village2).error().code, Code::kNotFound);
    EXPECT_EQ(trainings_->Coverage(w_->enterprise_user, std::nullopt).error().code, Code::kForbidden);
}

TEST_P(TrainingServiceTest, TheEnterpriseFileListsItsSessionsForItsOwnUserOnly) {
    const int64_t old = Make(Input(w_->village1, "2025-06-01"));
    const int64_t recent = Make(Input(w_->grid1a, "2026-11-01", "drill"));
    Attend(old, w_->ent1a, 3);
    Attend(recent, w_->ent1a, 8);
    auto mine = trainings_->ForEnterprise(w_->enterprise_user, w_->ent1a);
    ASSERT_TRUE(mine) << mine.error().id;
    ASSERT_EQ(mine->items.size(), 2u);
    EXPECT_EQ(mine->items[0].training.id, recent);
    EXPECT_EQ(mine->items[0].people, 8);
    EXPECT_TRUE(mine->covered);
    EXPECT_EQ(mine->last_held_on, "2026-11-01");
    EXPECT_EQ(trainings_->ForEnterprise(w_->other_enterprise_user, w_->ent1a).error().code, Code::kNotFound);
    EXPECT_EQ(trainings_->ForEnterprise(w_->other_village_officer, w_->ent1a).error().code, Code::kNotFound);
    auto none = trainings_->ForEnterprise(w_->town_officer, w_->ent1b);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->items.empty());
    EXPECT_FALSE(none->covered);
}

TEST_P(TrainingServiceTest, DeletingAnAttendanceUncoversTheEnterprise) {
    const int64_t t = Make(Input(w_->village1));
    Attend(t, w_->ent1a, 2);
    EXPECT_EQ(trainings_->DeleteAttendance(w_->other_village_officer, t, w_->ent1a).error().code, Code::kNotFound);
    ASSERT_TRUE(trainings_->DeleteAttendance(w_->village_officer, t, w_->ent1a));
    EXPECT_EQ(trainings_->Coverage(w_->town_officer, std::nullopt)->total.covered, 0);
    EXPECT_EQ(trainings_->DeleteAttendance(w_->village_officer, t, w_->ent1a).error().code, Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Stores, TrainingServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
