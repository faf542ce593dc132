#include "core/enterprise/enterprise.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace safegrid {
namespace {

Enterprise Valid() {
    Enterprise e;
    e.name = "  慈溪市匡堰镇某服装厂 ";
    e.credit_code = "91350100m000100y43";
    e.address = "匡堰镇高家村1号";
    e.industry_code = "c1810";
    e.employees = 12;
    e.lat = 30.2;
    e.lng = 121.3;
    e.contact_phone = "0574-6321 0000转8";
    return e;
}

TEST(Enterprise, AcceptsAndNormalisesAValidRecord) {
    Enterprise e = Valid();
    Validation v;
    ValidateEnterprise(e, v);
    EXPECT_TRUE(v.Ok());
    EXPECT_EQ(e.name, "慈溪市匡堰镇某服装厂");
    EXPECT_EQ(e.credit_code, "91350100M000100Y43");
    EXPECT_EQ(e.industry_code, "C1810");
}

TEST(Enterprise, RejectsEachBadFieldByName) {
    auto expect_bad = [](const char* field, auto mutate) {
        Enterprise e = Valid();
        mutate(e);
        Validation v;
        ValidateEnterprise(e, v);
        auto failed = v.Fail();
        EXPECT_TRUE(failed.value().fields.count(field)) << field;
    };
    expect_bad("name", [](Enterprise& e) { e.name = " "; });
    expect_bad("name", [](Enterprise& e) { e.name = std::string(201, 'a'); });
    expect_bad("name", [](Enterprise& e) { e.name = "bad\xFF"; });
    expect_bad("name", [](Enterprise& e) {
        e.name =
            "a\x01"
            "b";
    });
    expect_bad("credit_code", [](Enterprise& e) { e.credit_code = "91350100M000100Y44"; });
    expect_bad("credit_code", [](Enterprise& e) { e.credit_code = ""; });
    expect_bad("employees", [](Enterprise& e) { e.employees = -1; });
    expect_bad("lat", [](Enterprise& e) { e.lat = 90.5; });
    expect_bad("lat", [](Enterprise& e) { e.lat = std::numeric_limits<double>::quiet_NaN(); });
    expect_bad("lng", [](Enterprise& e) { e.lng = -180.01; });
    expect_bad("lng", [](Enterprise& e) { e.lng = std::numeric_limits<double>::infinity(); });
    expect_bad("lng", [](Enterprise& e) { e.lng.reset(); });
    expect_bad("contact_phone", [](Enterprise& e) { e.contact_phone = "call me"; });
    expect_bad("industry_code", [](Enterprise& e) { e.industry_code = "C-18"; });
    expect_bad("address", [](Enterprise& e) { e.address = std::string(301 * 3, '\xE4'); });
}

TEST(Enterprise, CountsLengthInCharactersNotBytes) {
    Enterprise e = Valid();
    e.name.clear();
    for (int i = 0; i < 200; ++i) e.name += "厂";  // 600 bytes, 200 characters
    Validation v;
    ValidateEnterprise(e, v);
    EXPECT_TRUE(v.Ok());
}

TEST(Building, ValidatesFloorsAreaAndLandlordPhone) {
    Building b;
    b.name = "高家村标准厂房A幢";
    b.floors = 5;
    b.area_m2 = 3200.5;
    b.landlord_phone = "13800000000";
    Validation ok;
    ValidateBuilding(b, ok);
    EXPECT_TRUE(ok.Ok());
    b.floors = 0;
    b.area_m2 = -1;
    b.landlord_phone = "x";
    b.name = "";
    Validation bad;
    ValidateBuilding(b, bad);
    auto fields = bad.Fail().value().fields;
    for (const char* f : {"floors", "area_m2", "landlord_phone", "name"}) EXPECT_TRUE(fields.count(f)) << f;
}

}  // namespace
}  // namespace safegrid
