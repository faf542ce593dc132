#include "services/station_service.hpp"

#include <gtest/gtest.h>

#include "services/map_service.hpp"
#include "services/registry_world.hpp"
#include "services/station_reminder_job.hpp"
#include "services/station_standard_loader.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

// The fake clock reads 2026-11-29 in China (UTC+8 by default here: the zone's default).
class StationServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        auto standard = LoadStationStandard(test::StandardsDir());
        ASSERT_TRUE(standard) << standard.error().internal;
        standard_ = std::make_shared<const station::StationStandard>(std::move(*standard));
        stations_ = std::make_unique<StationService>(w_->store->shared(), w_->clock, *w_->audit, standard_);
        // Real users behind the principals the reminder goes to: 3 village officer of 高家村, 7 of 倡隆村.
        User(3, "village", w_->village1);
        User(7, "village", w_->village2);
        User(13, "village", w_->village1);
    }

    void User(int64_t id, const std::string& role, int64_t region) {
        w_->store->Exec(
            "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, phone, disabled, "
            "created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?, '', '', 0, 0, 0)",
            {id, role + std::to_string(id), role, region, w_->town});
    }

    StationInput Input(int64_t region) {
        StationInput in;
        in.name = "高家村微型消防站";
        in.kind = "community";
        in.region_id = region;
        in.lat = 30.17;
        in.lng = 121.33;
        in.staff = 6;
        in.radius_m = 500;
        return in;
    }

    int64_t Make(StationInput in, const Principal* caller = nullptr) {
        auto s = stations_->Create(caller, in);
        EXPECT_TRUE(s) << (s ? "" : s.error().id + " " + s.error().internal);
        return s ? s->station.id : 0;
    }

    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }

    std::string Today() const { return stations_->Today(); }

    std::unique_ptr<RegistryWorld> w_;
    std::shared_ptr<const station::StationStandard> standard_;
    std::unique_ptr<StationService> stations_;
};

TEST_P(StationServiceTest, TheShippedStandardAsksTenExtinguishersOfEveryKind) {
    EXPECT_EQ(standard_->Minimum("community", "MFS-EQ-01"), 10);
    EXPECT_EQ(standard_->Minimum("key_unit", "MFS-EQ-01"), 10);
    EXPECT_EQ(standard_->Minimum("community", "MFS-EQ-03"), 4);  // 水带 ≥4
    EXPECT_EQ(standard_->Minimum("community", "MFS-EQ-16"), 2);  // 对讲机 ≥2
    EXPECT_EQ(standard_->Minimum("key_unit", "MFS-EQ-17"), 0);   // optional
    EXPECT_EQ(standard_->items().size(), 19u);
}

TEST_P(StationServiceTest, TheTownCreatesAStationThatShowsWhatIsMissingAndIsAudited) {
    auto s = stations_->Create(&w_->town_officer, Input(w_->village1));
    ASSERT_TRUE(s) << s.error().id;
    EXPECT_EQ(s->station.path.town_id, w_->town);
    EXPECT_EQ(s->station.path.village_id, w_->village1);
    EXPECT_EQ(s->village_name, "高家村");
    EXPECT_EQ(s->station.version, 1);
    // A new station has nothing: every item its kind must have is missing.
    int64_t required = 0;
    for (const auto& item : standard_->items()) required += standard_->Minimum("community", item.code) > 0;
    EXPECT_EQ(std::ssize(s->readiness.missing), required);
    EXPECT_EQ(w_->AuditCount("station"), 1);
}

TEST_P(StationServiceTest, BadInputNamesTheFieldAndScopeIsEnforced) {
    auto expect_field = [&](StationInput in, const std::string& field) {
        auto s = stations_->Create(&w_->town_officer, in);
        ASSERT_FALSE(s) << field;
        EXPECT_EQ(s.error().code, Code::kValidation) << field;
        EXPECT_TRUE(s.error().fields.contains(field)) << field << " got " << FirstField(s.error());
    };
    auto in = Input(w_->village1);
    in.kind = "fire_brigade";
    expect_field(in, "kind");
    in = Input(w_->village1);
    in.lat = 91;
    expect_field(in, "lat");
    in = Input(w_->village1);
    in.lng = -181;
    expect_field(in, "lng");
    in = Input(w_->village1);
    in.radius_m = 0;
    expect_field(in, "radius_m");
    in = Input(w_->village1);
    in.staff = -1;
    expect_field(in, "staff");
    // Another town's village, or another village for a village officer: 404, nothing written.
    auto other = stations_->Create(&w_->town_officer, Input(w_->other_village));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, Code::kNotFound);
    auto neighbour = stations_->Create(&w_->village_officer, Input(w_->village2));
    ASSERT_FALSE(neighbour);
    EXPECT_EQ(neighbour.error().code, Code::kNotFound);
    for (const Principal* p : {&w_->inspector, &w_->enterprise_user}) {
        auto s = stations_->Create(p, Input(w_->village1));
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, Code::kForbidden) << p->username;
    }
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM stations"), 0);
}

TEST_P(StationServiceTest, AVillageOfficerSeesItsOwnStationsOnly) {
    const int64_t mine = Make(Input(w_->village1), &w_->village_officer);
    const int64_t theirs = Make(Input(w_->village2));
    auto listed = stations_->List(w_->village_officer, std::nullopt, 0, 50);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->second, 1);
    EXPECT_EQ(listed->first.front().station.id, mine);
    auto hidden = stations_->Get(w_->village_officer, theirs);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
    auto other_town = stations_->Get(w_->other_town_officer, mine);
    ASSERT_FALSE(other_town);
    EXPECT_EQ(other_town.error().code, Code::kNotFound);
    auto town = stations_->List(w_->town_officer, w_->village2, 0, 50);
    ASSERT_TRUE(town);
    EXPECT_EQ(town->second, 1);
    auto out_of_scope = stations_->List(w_->town_officer, w_->other_village, 0, 50);
    ASSERT_FALSE(out_of_scope);
    EXPECT_EQ(out_of_scope.error().code, Code::kNotFound);
}

TEST_P(StationServiceTest, EquipmentShowsMissingAndExpiringAndRefusesBadRows) {
    const int64_t id = Make(Input(w_->village1));
    EquipmentInput e;
    e.item = "MFS-EQ-01";
    e.count = 10;
    e.expires_on = station::AddDays(Today(), 7);
    auto s = stations_->SetEquipment(&w_->village_officer, id, e);
    ASSERT_TRUE(s) << s.error().id;
    for (const auto& m : s->readiness.missing) EXPECT_NE(m.item, "MFS-EQ-01");
    ASSERT_EQ(s->readiness.expiring.size(), 1u);
    EXPECT_EQ(s->readiness.expiring[0].expires_on, *e.expires_on);
    EXPECT_FALSE(s->readiness.expiring[0].expired);
    e.count = 9;  // one short again, and expired yesterday
    e.expires_on = station::AddDays(Today(), -1);
    s = stations_->SetEquipment(&w_->town_officer, id, e);
    ASSERT_TRUE(s);
    ASSERT_EQ(s->equipment.size(), 1u);  // replaced, not added
    EXPECT_TRUE(s->readiness.expiring.at(0).expired);
    EXPECT_EQ(s->readiness.missing.at(0).item, "MFS-EQ-01");
    EXPECT_EQ(s->readiness.missing.at(0).have, 9);

    auto expect_field = [&](EquipmentInput in, const std::string& field) {
        auto r = stations_->SetEquipment(&w_->town_officer, id, in);
        ASSERT_FALSE(r) << field;
        EXPECT_EQ(r.error().code, Code::kValidation);
        EXPECT_TRUE(r.error().fields.contains(field)) << field << " got " << FirstField(r.error());
    };
    EquipmentInput bad = e;
    bad.item = "MFS-EQ-99";
    expect_field(bad, "item");
    bad = e;
    bad.count = -1;
    expect_field(bad, "count");
    bad = e;
    bad.expires_on = "2026-02-30";
    expect_field(bad, "expires_on");
    auto hidden = stations_->SetEquipment(&w_->other_village_officer, id, e);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
}

TEST_P(StationServiceTest, AStaleEditIsRefusedAndTheCurrentOneApplies) {
    const int64_t id = Make(Input(w_->village1));
    StationInput patch;
    patch.staff = 8;
    auto u = stations_->Update(&w_->town_officer, id, 1, patch);
    ASSERT_TRUE(u) << u.error().id;
    EXPECT_EQ(u->station.version, 2);
    EXPECT_EQ(u->station.staff, 8);
    patch.staff = 9;
    auto stale = stations_->Update(&w_->village_officer, id, 1, patch);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().id, StaleVersion().value().id);
    auto edit = stations_->StaleEditOf(w_->village_officer, id);
    ASSERT_TRUE(edit);
    EXPECT_EQ(edit->current.station.staff, 8);
    ASSERT_TRUE(edit->last_change);
    EXPECT_EQ(edit->last_change->action, "update");
    auto missing_version = stations_->Update(&w_->town_officer, id, std::nullopt, patch);
    ASSERT_FALSE(missing_version);
}

TEST_P(StationServiceTest, DrillsAreRecordedWithTheirResponseTime) {
    const int64_t id = Make(Input(w_->village1));
    DrillInput d;
    d.held_on = station::AddDays(Today(), -3);
    d.response_s = 150;
    d.note = "夜间拉动";
    auto drill = stations_->AddDrill(&w_->village_officer, id, d);
    ASSERT_TRUE(drill) << drill.error().id;
    auto s = stations_->Get(w_->town_officer, id);
    ASSERT_TRUE(s);
    ASSERT_EQ(s->drills.size(), 1u);
    EXPECT_EQ(s->drills[0].response_s, 150);
    d.held_on = "yesterday";
    auto bad = stations_->AddDrill(&w_->village_officer, id, d);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().fields.contains("held_on"));
}

TEST_P(StationServiceTest, CoverageListsEnterprisesOutsideEveryRadiusWithTheNearestDistance) {
    // ent1a next to the station, ent1b about 1.1 km north, ent2a without a position; another
    // town's station never covers this town's enterprises.
    w_->store->Exec("UPDATE enterprises SET lat = 30.1701, lng = 121.33 WHERE id = ?", {w_->ent1a});
    w_->store->Exec("UPDATE enterprises SET lat = 30.18, lng = 121.33 WHERE id = ?", {w_->ent1b});
    w_->store->Exec("UPDATE enterprises SET lat = NULL, lng = NULL WHERE id = ?", {w_->ent2a});
    Make(Input(w_->village1));
    auto far = Input(w_->other_village);
    far.lat = 30.18;
    Make(far);
    auto report = stations_->Coverage(w_->town_officer, std::nullopt);
    ASSERT_TRUE(report) << report.error().id;
    EXPECT_EQ(report->enterprises, 2);
    EXPECT_EQ(report->covered, 1);
    ASSERT_EQ(report->uncovered.size(), 1u);
    EXPECT_EQ(report->uncovered[0].enterprise_id, w_->ent1b);
    ASSERT_TRUE(report->uncovered[0].nearest_m);
    EXPECT_NEAR(*report->uncovered[0].nearest_m, 1112, 2);
    auto hidden = stations_->Coverage(w_->village_officer, w_->village2);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
    EXPECT_FALSE(stations_->Coverage(w_->enterprise_user, std::nullopt));
}

TEST_P(StationServiceTest, TheReminderTellsTheResponsibleUserOncePerItemAndDate) {
    auto in = Input(w_->village1);
    in.responsible_user_id = 3;
    const int64_t id = Make(in);
    const int64_t unowned = Make(Input(w_->village2));  // no responsible user: 倡隆村's officers
    EquipmentInput e;
    e.item = "MFS-EQ-01";
    e.count = 10;
    e.expires_on = station::AddDays(Today(), 10);
    ASSERT_TRUE(stations_->SetEquipment(nullptr, id, e));
    ASSERT_TRUE(stations_->SetEquipment(nullptr, unowned, e));
    EquipmentInput later = e;
    later.item = "MFS-EQ-02";
    later.expires_on = station::AddDays(Today(), 60);  // outside the window
    ASSERT_TRUE(stations_->SetEquipment(nullptr, id, later));

    StationReminderJob job(w_->store->shared(), w_->clock, standard_);
    auto first = job.Run();
    ASSERT_TRUE(first) << first.error().internal;
    EXPECT_EQ(first->items, 2);
    EXPECT_EQ(first->reminders, 2);
    auto count = [&](int64_t user) {
        return w_->store->QueryInt("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'station_expiry'",
                                   {user});
    };
    EXPECT_EQ(count(3), 1);
    EXPECT_EQ(count(13), 0);  // the responsible user only, not every officer of 高家村
    EXPECT_EQ(count(7), 1);
    auto again = job.Run();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->reminders, 0);
    EXPECT_EQ(count(3), 1);
    // A new expiry date for the same item reminds again, once.
    e.expires_on = station::AddDays(Today(), 20);
    ASSERT_TRUE(stations_->SetEquipment(nullptr, id, e));
    auto renewed = job.Run();
    ASSERT_TRUE(renewed);
    EXPECT_EQ(renewed->reminders, 1);
    EXPECT_EQ(count(3), 2);
}

TEST_P(StationServiceTest, TheMapCarriesTheStationsInScopeAndTheCoverageGaps) {
    w_->store->Exec("UPDATE enterprises SET lat = 30.18, lng = 121.33 WHERE id = ?", {w_->ent1b});
    const int64_t mine = Make(Input(w_->village1));
    Make(Input(w_->village2));
    MapService map(w_->store->shared());
    auto without = map.Layers(w_->village_officer, std::nullopt);
    ASSERT_TRUE(without);
    EXPECT_TRUE(without->stations.empty());  // no station service set: no station layers
    map.SetStations(stations_.get());
    auto layers = map.Layers(w_->village_officer, std::nullopt);
    ASSERT_TRUE(layers) << layers.error().id;
    ASSERT_EQ(layers->stations.size(), 1u);  // 倡隆村's station is not the officer's
    EXPECT_EQ(layers->stations[0].id, mine);
    EXPECT_EQ(layers->stations[0].radius_m, 500);
    EXPECT_GT(layers->stations[0].missing, 0);
    ASSERT_EQ(layers->uncovered.size(), 1u);
    EXPECT_EQ(layers->uncovered[0].enterprise_id, w_->ent1b);
}

INSTANTIATE_TEST_SUITE_P(Stores, StationServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
