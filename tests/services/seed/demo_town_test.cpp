#include "services/seed/demo_town.hpp"

#include <gtest/gtest.h>

#include <set>

namespace safegrid::services::seed {
namespace {

std::vector<VillageSource> TenVillages() {
    return {{"330282110001", "匡堰居委会"}, {"330282110201", "王家埭村委会"}, {"330282110202", "石人山村委会"},
            {"330282110203", "龙舌村委会"}, {"330282110204", "岗墩村委会"},   {"330282110205", "宋家漕村委会"},
            {"330282110206", "倡隆村委会"}, {"330282110207", "高家村委会"},   {"330282110208", "乾炳村委会"},
            {"330282110209", "樟树村委会"}};
}

// Independent check of GB 32100-2015: weights 3^i mod 31, check = (31 - sum mod 31) mod 31.
bool CreditCodeValid(const std::string& code) {
    const std::string chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    if (code.size() != 18) return false;
    const int weights[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        auto v = chars.find(code[i]);
        if (v == std::string::npos) return false;
        sum += static_cast<int>(v) * weights[i];
    }
    return chars[(31 - sum % 31) % 31] == code[17];
}

TEST(DemoTown, IsDeterministicForASeed) {
    auto a = GenerateDemoTown(TenVillages(), 300, 7);
    auto b = GenerateDemoTown(TenVillages(), 300, 7);
    auto c = GenerateDemoTown(TenVillages(), 300, 8);
    ASSERT_EQ(a.enterprises.size(), b.enterprises.size());
    for (size_t i = 0; i < a.enterprises.size(); ++i) EXPECT_EQ(a.enterprises[i].name, b.enterprises[i].name);
    EXPECT_NE(a.enterprises[0].credit_code, c.enterprises[0].credit_code);
}

TEST(DemoTown, HasTheRequestedSizeAndShape) {
    auto town = GenerateDemoTown(TenVillages(), 1000, 20260101);
    EXPECT_EQ(town.enterprises.size(), 1000u);
    ASSERT_EQ(town.villages.size(), 10u);
    EXPECT_EQ(town.villages[0].name, "匡堰社区");
    EXPECT_EQ(town.villages[1].name, "王家埭村");
    for (const auto& v : town.villages) {
        EXPECT_GE(v.grids.size(), 3u);
        EXPECT_LE(v.grids.size(), 5u);
    }
    std::set<std::string> names, codes;
    int three_in_one = 0, group_rented = 0;
    for (const auto& e : town.enterprises) {
        EXPECT_TRUE(CreditCodeValid(e.credit_code)) << e.credit_code;
        EXPECT_TRUE(names.insert(e.name).second) << e.name;
        EXPECT_TRUE(codes.insert(e.credit_code).second);
        EXPECT_NE(e.address.find(town.villages[e.village].name.substr(0, 6)), std::string::npos) << e.address;
        EXPECT_EQ(e.address.find("社大道"), std::string::npos) << "a road named after half a word: " << e.address;
        for (const auto& t : e.tags) {
            three_in_one += t == "three_in_one";
            group_rented += t == "group_rented";
        }
        if (e.building) EXPECT_EQ(town.buildings[*e.building].village, e.village);
    }
    // About one in eight three_in_one and one in four group_rented (generous bounds; 1000 draws).
    EXPECT_GT(three_in_one, 80);
    EXPECT_LT(three_in_one, 175);
    EXPECT_GT(group_rented, 170);
    EXPECT_LT(group_rented, 330);
}

TEST(DemoTown, SomeGroupRentedBuildingsHavePeopleSleepingOnSite) {
    auto town = GenerateDemoTown(TenVillages(), 1000, 20260101);
    int with_sleepers = 0, over_ga703 = 0;
    for (const auto& b : town.buildings) {
        with_sleepers += b.people_sleeping > 0;
        over_ga703 += b.people_sleeping > 20;
    }
    EXPECT_GT(with_sleepers, 0);
    EXPECT_LT(with_sleepers, static_cast<int>(town.buildings.size()));  // not every building
    EXPECT_GT(over_ga703, 0);  // the full-separation warning and the larger factor occur too
}

TEST(DemoTown, CreditCodesPassAnIndependentCheck) {
    SeedRandom rng(1);
    for (int i = 0; i < 2000; ++i) EXPECT_TRUE(CreditCodeValid(MakeDemoCreditCode(rng, i % 2)));
}

}  // namespace
}  // namespace safegrid::services::seed
