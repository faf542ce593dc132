#include "core/station/station.hpp"

#include <gtest/gtest.h>

#include <random>

namespace safegrid::station {
namespace {

// A standard shaped like micro_fire_station_equipment.json, cut down to the cases that matter.
RawStandard Raw() {
    RawStandard raw;
    raw.types = {"key_unit", "community", "town_village"};
    raw.equipment = {
        {"MFS-EQ-01", "灭火器", "Extinguishers", "extinguishing", "required"},
        {"MFS-EQ-04", "分水器", "Breeching", "extinguishing", "required (community list)"},
        {"MFS-EQ-07", "消防头盔", "Helmet", "ppe", "optional for key-unit stations; required in community list"},
        {"MFS-EQ-08", "灭火防护服", "Suit", "ppe", "optional (key units) / required (community list)"},
        {"MFS-EQ-12", "逃生面罩（防烟/防毒面具）", "Hood", "ppe", "required"},
        {"MFS-EQ-17", "正压式空气呼吸器", "SCBA", "ppe", "optional ('选配')"},
        {"MFS-EQ-18", "小型消防车", "Engine", "vehicle", "optional; community standard lists fire motorcycle"},
        {"MFS-EQ-19", "器材存放点", "Caches", "station", "key-unit standard"},
    };
    raw.quantities = {{"灭火器", "extinguishing", "≥10 (mix)"},
                      {"个人防护（头盔/防护服/手套/靴/腰带）", "ppe", "1 set per member (≥6 sets key unit)"},
                      {"逃生面罩", "ppe", "≥10 (for evacuees)"}};
    return raw;
}

TEST(StationStandard, MinimumsFollowTheRequirementTextAndTheSuggestedQuantities) {
    const StationStandard s = BuildStationStandard(Raw());
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-01"), 10);
    EXPECT_EQ(s.Minimum("key_unit", "MFS-EQ-01"), 10);
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-04"), 1);  // required, no quantity row
    EXPECT_EQ(s.Minimum("key_unit", "MFS-EQ-04"), 0);   // the community list only
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-07"), 6);  // the PPE group row names 头盔
    EXPECT_EQ(s.Minimum("key_unit", "MFS-EQ-07"), 0);   // optional for key units
    EXPECT_EQ(s.Minimum("town_village", "MFS-EQ-08"), 6);
    EXPECT_EQ(s.Minimum("key_unit", "MFS-EQ-12"), 10);  // 逃生面罩 begins the item's name
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-17"), 0);
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-18"), 0);  // names the community list, but not as required
    EXPECT_EQ(s.Minimum("key_unit", "MFS-EQ-19"), 1);
    EXPECT_EQ(s.Minimum("community", "MFS-EQ-19"), 0);
    EXPECT_EQ(s.Minimum("no_such_kind", "MFS-EQ-01"), 0);
    EXPECT_TRUE(s.HasKind("town_village"));
    EXPECT_FALSE(s.HasKind("fire_brigade"));
    ASSERT_NE(s.FindItem("MFS-EQ-12"), nullptr);
    EXPECT_EQ(s.FindItem("MFS-EQ-99"), nullptr);
}

TEST(StationStandard, SuggestedMinimumReadsTheNumberAfterAtLeast) {
    EXPECT_EQ(SuggestedMinimum("≥4 lengths (DN65, 20/25 m)"), 4);
    EXPECT_EQ(SuggestedMinimum("1 set per on-duty member (≥6 sets key unit)"), 6);
    EXPECT_EQ(SuggestedMinimum("2 radios"), 2);
    EXPECT_EQ(SuggestedMinimum("some"), std::nullopt);
}

TEST(StationReadiness, MissingListsItemsBelowTheMinimumForTheKind) {
    const StationStandard s = BuildStationStandard(Raw());
    const std::vector<EquipmentRow> rows = {{"MFS-EQ-01", 9, std::nullopt},
                                            {"MFS-EQ-04", 1, std::nullopt},
                                            {"MFS-EQ-07", 6, std::nullopt},
                                            {"MFS-EQ-08", 6, std::nullopt}};
    const Readiness r = AssessReadiness(s, "community", rows, "2026-12-06");
    ASSERT_EQ(r.missing.size(), 2u);
    EXPECT_EQ(r.missing[0].item, "MFS-EQ-01");
    EXPECT_EQ(r.missing[0].have, 9);
    EXPECT_EQ(r.missing[0].min, 10);
    EXPECT_EQ(r.missing[1].item, "MFS-EQ-12");  // absent counts as 0
    EXPECT_EQ(r.missing[1].have, 0);
    // The same rows at a key-unit station: 分水器 and the PPE are not asked of it, the caches are.
    const Readiness k = AssessReadiness(s, "key_unit", rows, "2026-12-06");
    ASSERT_EQ(k.missing.size(), 3u);
    EXPECT_EQ(k.missing[2].item, "MFS-EQ-19");
}

TEST(StationReadiness, ExpiringIsWithinThirtyDaysOrPastAndSaysWhichExpired) {
    const StationStandard s = BuildStationStandard(Raw());
    const std::vector<EquipmentRow> rows = {{"MFS-EQ-01", 10, "2027-01-05"},  // today + 30: counts
                                            {"MFS-EQ-04", 1, "2027-01-06"},   // today + 31: not yet
                                            {"MFS-EQ-07", 6, "2026-12-06"},   // today: not expired yet
                                            {"MFS-EQ-08", 6, "2026-12-05"},   // yesterday: expired
                                            {"MFS-EQ-12", 10, std::nullopt},
                                            {"MFS-EQ-99", 1, "2026-12-01"}};  // not an item of the standard
    const Readiness r = AssessReadiness(s, "community", rows, "2026-12-06");
    ASSERT_EQ(r.expiring.size(), 3u);
    EXPECT_EQ(r.expiring[0].item, "MFS-EQ-08");
    EXPECT_TRUE(r.expiring[0].expired);
    EXPECT_EQ(r.expiring[1].item, "MFS-EQ-07");
    EXPECT_FALSE(r.expiring[1].expired);
    EXPECT_EQ(r.expiring[2].item, "MFS-EQ-01");
    EXPECT_FALSE(r.expiring[2].expired);
    EXPECT_FALSE(ExpiresSoon("not a date", "2026-12-06"));
    EXPECT_EQ(AddDays("2026-12-31", 1), "2027-01-01");
    EXPECT_EQ(AddDays("2026-13-01", 1), std::nullopt);
}

TEST(CoverageGaps, AnEnterpriseOnTheRadiusIsCoveredAndOneBeyondIsNotWithItsNearestDistance) {
    const GeoPoint station{30.17, 121.33};
    const GeoPoint north{30.18, 121.33};  // about 1112 m
    const double d = HaversineMeters(station, north);
    auto gaps = FindCoverageGaps({north}, {{station, d}});
    EXPECT_TRUE(gaps.empty());
    gaps = FindCoverageGaps({north}, {{station, d - 1}});
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_DOUBLE_EQ(*gaps[0].nearest_m, d);
    gaps = FindCoverageGaps({north}, {});
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_FALSE(gaps[0].nearest_m);
}

TEST(CoverageGaps, TheBandPrefilterAgreesWithThePlainLoop) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lat(30.10, 30.25), lng(121.25, 121.40), radius(100, 1500);
    std::vector<GeoPoint> enterprises(2000);
    for (auto& e : enterprises) e = {lat(rng), lng(rng)};
    std::vector<CoverageCircle> stations(40);
    for (auto& s : stations) s = {{lat(rng), lng(rng)}, radius(rng)};
    const auto gaps = FindCoverageGaps(enterprises, stations);
    size_t g = 0;
    size_t uncovered = 0;
    for (size_t i = 0; i < enterprises.size(); ++i) {
        bool covered = false;
        double nearest = 1e300;
        for (const auto& s : stations) {
            const double d = HaversineMeters(enterprises[i], s.at);
            covered = covered || d <= s.radius_m;
            nearest = std::min(nearest, d);
        }
        if (covered) continue;
        ++uncovered;
        ASSERT_LT(g, gaps.size());
        EXPECT_EQ(gaps[g].index, i);
        EXPECT_DOUBLE_EQ(*gaps[g].nearest_m, nearest);
        ++g;
    }
    EXPECT_EQ(gaps.size(), uncovered);
    EXPECT_GT(uncovered, 0u);
    EXPECT_LT(uncovered, enterprises.size());
}

}  // namespace
}  // namespace safegrid::station
