#include "core/region/boundary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace safegrid {
namespace {

GeoRing Square(double lng, double lat, double side) {
    return {{lng, lat}, {lng + side, lat}, {lng + side, lat + side}, {lng, lat + side}, {lng, lat}};
}

Boundary OnePolygon(GeoRing ring) { return Boundary{false, {GeoPolygon{std::move(ring)}}}; }

// The reason of a boundary failure in English, or "" when it passed.
std::string Reason(const Boundary& b) {
    auto st = CheckBoundary(b);
    if (st) return "";
    EXPECT_EQ(st.error().code, Code::kValidation);
    EXPECT_EQ(st.error().fields.size(), 1U);
    return st.error().fields.count("boundary") ? st.error().fields.at("boundary").en : "wrong field";
}

TEST(Boundary, AcceptsAClosedPolygonWithAHole) {
    Boundary b = OnePolygon(Square(121.0, 29.0, 0.01));
    b.polygons[0].push_back(Square(121.002, 29.002, 0.001));
    EXPECT_EQ(Reason(b), "");
}

TEST(Boundary, AcceptsAMultiPolygon) {
    Boundary b{true, {GeoPolygon{Square(121.0, 29.0, 0.01)}, GeoPolygon{Square(121.1, 29.1, 0.01)}}};
    EXPECT_EQ(Reason(b), "");
}

TEST(Boundary, AcceptsTheEdgesOfTheCoordinateRanges) {
    EXPECT_EQ(Reason(OnePolygon({{-180, -90}, {180, -90}, {180, 90}, {-180, -90}})), "");
}

TEST(Boundary, RefusesAnOpenRing) {
    GeoRing ring = Square(121.0, 29.0, 0.01);
    ring.back() = {121.0, 29.0001};
    EXPECT_NE(Reason(OnePolygon(ring)).find("closed"), std::string::npos);
}

TEST(Boundary, RefusesARingOfThreePositions) {
    EXPECT_NE(Reason(OnePolygon({{121, 29}, {121.1, 29}, {121, 29}})).find("4 positions"), std::string::npos);
}

TEST(Boundary, RefusesCoordinatesOutOfRangeOrNotFinite) {
    EXPECT_NE(Reason(OnePolygon(Square(180.0, 29.0, 0.5))).find("Longitude"), std::string::npos);
    EXPECT_NE(Reason(OnePolygon(Square(121.0, 89.9, 0.5))).find("Latitude"), std::string::npos);
    EXPECT_NE(Reason(OnePolygon(Square(-181.0, 0, 0.5))).find("Longitude"), std::string::npos);
    EXPECT_NE(Reason(OnePolygon(Square(121.0, std::nan(""), 0.5))).find("Latitude"), std::string::npos);
    EXPECT_NE(Reason(OnePolygon(Square(HUGE_VAL, 0, 0.5))).find("Longitude"), std::string::npos);
}

TEST(Boundary, RefusesEmptyShapes) {
    EXPECT_NE(Reason(Boundary{false, {}}), "");
    EXPECT_NE(Reason(Boundary{true, {}}), "");
    EXPECT_NE(Reason(Boundary{false, {GeoPolygon{}}}), "");
    EXPECT_NE(Reason(Boundary{false, {GeoPolygon{GeoRing{}}}}), "");
}

TEST(Boundary, APolygonHoldsExactlyOnePolygon) {
    Boundary b{false, {GeoPolygon{Square(121.0, 29.0, 0.01)}, GeoPolygon{Square(121.1, 29.1, 0.01)}}};
    EXPECT_NE(Reason(b), "");
}

TEST(Boundary, RefusesMorePositionsThanTheLimit) {
    GeoRing ring;
    for (size_t i = 0; i + 1 < kBoundaryMaxPositions; ++i) ring.push_back({121.0 + 1e-6 * double(i), 29.0});
    ring.push_back(ring.front());
    ASSERT_EQ(ring.size(), kBoundaryMaxPositions);
    EXPECT_EQ(Reason(OnePolygon(ring)), "");
    ring.insert(ring.begin() + 1, GeoPosition{121.5, 29.5});
    EXPECT_NE(Reason(OnePolygon(ring)).find("positions"), std::string::npos);
}

TEST(Boundary, RefusesCanonicalTextOverTheByteLimit) {
    // 10,000 positions of the longest numbers (seven decimals, signs, three integer digits): 27 bytes
    // each, over 256 KB.
    GeoRing ring;
    for (size_t i = 0; i + 1 < kBoundaryMaxPositions; ++i) {
        ring.push_back({-179.123456789012 + 1e-6 * double(i), -89.123456789012 + 1e-6 * double(i)});
    }
    ring.push_back(ring.front());
    Boundary b = OnePolygon(ring);
    ASSERT_TRUE(CheckBoundary(b));
    ASSERT_GT(BoundaryGeoJson(b).size(), kBoundaryMaxBytes);
    auto text = CanonicalBoundary(b);
    ASSERT_FALSE(text);
    EXPECT_NE(text.error().fields.at("boundary").en.find("KB"), std::string::npos);
}

TEST(Boundary, CanonicalTextIsCompactGeoJson) {
    auto text = CanonicalBoundary(OnePolygon({{121.5, 29.25}, {121.75, 29.25}, {121.75, 29.5}, {121.5, 29.25}}));
    ASSERT_TRUE(text);
    EXPECT_EQ(*text,
              R"({"type":"Polygon","coordinates":[[[121.5,29.25],[121.75,29.25],[121.75,29.5],[121.5,29.25]]]})");
    Boundary multi{true, {GeoPolygon{{{0, 0}, {1, 0}, {1, 1}, {-0.0, 0}}}}};
    multi.polygons[0][0].back() = {0, 0};
    auto m = CanonicalBoundary(multi);
    ASSERT_TRUE(m);
    EXPECT_EQ(*m, R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]})");
}

TEST(Boundary, CanonicalNumbersKeepSevenDecimalsAndAreAFixedPoint) {
    const double lng = 121.54321098765432;
    const double lat = 29.876543210987654;
    auto text = CanonicalBoundary(OnePolygon({{lng, lat}, {lng + 0.1, lat}, {lng, lat + 0.1}, {lng, lat}}));
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("[[[121.543211,29.8765432]"), std::string::npos) << *text;
    // Read back (strtod) and written again: the same text, at most half a 1e-7 step from what went in.
    const size_t start = text->find("[[[") + 3;
    char* end = nullptr;
    const double lng_back = std::strtod(text->c_str() + start, &end);
    ASSERT_EQ(*end, ',');
    const double lat_back = std::strtod(end + 1, nullptr);
    EXPECT_LE(std::abs(lng_back - lng), 5e-8);
    EXPECT_LE(std::abs(lat_back - lat), 5e-8);
    auto again = CanonicalBoundary(
        OnePolygon({{lng_back, lat_back}, {lng + 0.1, lat}, {lng_back, lat_back + 0.1}, {lng_back, lat_back}}));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->substr(0, 60), text->substr(0, 60));
}

TEST(Boundary, TheFuzzersLongDecimalPrintsTheSameAfterAReadThatIsOneUlpOff) {
    // boundary_fuzz's case: 121.0222…2 (63 digits). A reader one ulp off must not change the text.
    const double x = 121.02222222222222;
    const double off = std::nextafter(x, 200.0);
    auto a = CanonicalBoundary(OnePolygon({{x, 30}, {12.01, 30.1}, {x, 30.1}, {x, 30}}));
    auto b = CanonicalBoundary(OnePolygon({{off, 30}, {12.01, 30.1}, {off, 30.1}, {off, 30}}));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
}

}  // namespace
}  // namespace safegrid
