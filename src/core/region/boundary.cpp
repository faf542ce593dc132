#include "core/region/boundary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace safegrid {
namespace {

size_t CountPositions(const Boundary& b) {
    size_t n = 0;
    for (const GeoPolygon& polygon : b.polygons)
        for (const GeoRing& ring : polygon) n += ring.size();
    return n;
}

// Seven decimals (about 1 cm on the ground; RFC 7946 suggests six): ample for a grid's outline, and
// text that any JSON reader reads back to the same seven decimals, so the canonical form is a fixed
// point whatever the reader's precision (Boost.JSON's default parse is not correctly rounded: the
// shortest round-trip form of a long decimal could come back one ulp off and print differently;
// boundary_fuzz found it). Trailing zeros go; -0 reads as 0.
void AppendNumber(std::string& out, double x) {
    std::string text = fmt::format("{:.7f}", x);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    if (text == "-0") text = "0";
    out += text;
}

void AppendRing(std::string& out, const GeoRing& ring) {
    out += '[';
    for (size_t i = 0; i < ring.size(); ++i) {
        if (i > 0) out += ',';
        out += '[';
        AppendNumber(out, ring[i][0]);
        out += ',';
        AppendNumber(out, ring[i][1]);
        out += ']';
    }
    out += ']';
}

void AppendPolygon(std::string& out, const GeoPolygon& polygon) {
    out += '[';
    for (size_t i = 0; i < polygon.size(); ++i) {
        if (i > 0) out += ',';
        AppendRing(out, polygon[i]);
    }
    out += ']';
}

}  // namespace

tl::unexpected<Error> InvalidBoundary(Text why) { return Invalid("boundary", std::move(why)); }

Status CheckBoundary(const Boundary& b) {
    if (b.polygons.empty()) return InvalidBoundary({"至少要有一个多边形", "Needs at least one polygon"});
    if (!b.multi && b.polygons.size() != 1) {
        return InvalidBoundary({"Polygon 只能有一个多边形", "A Polygon holds exactly one polygon"});
    }
    if (CountPositions(b) > kBoundaryMaxPositions) {
        return InvalidBoundary({fmt::format("坐标点不能超过 {} 个", kBoundaryMaxPositions),
                                fmt::format("At most {} positions", kBoundaryMaxPositions)});
    }
    for (const GeoPolygon& polygon : b.polygons) {
        if (polygon.empty()) return InvalidBoundary({"多边形至少要有一个环", "A polygon needs at least one ring"});
        for (const GeoRing& ring : polygon) {
            if (ring.size() < 4) {
                return InvalidBoundary({"每个环至少要有 4 个坐标点", "Each ring needs at least 4 positions"});
            }
            for (const GeoPosition& p : ring) {
                if (!std::isfinite(p[0]) || p[0] < -180 || p[0] > 180) {
                    return InvalidBoundary({"经度应在 -180 到 180 之间", "Longitude must be within [-180, 180]"});
                }
                if (!std::isfinite(p[1]) || p[1] < -90 || p[1] > 90) {
                    return InvalidBoundary({"纬度应在 -90 到 90 之间", "Latitude must be within [-90, 90]"});
                }
            }
            if (ring.front() != ring.back()) {
                return InvalidBoundary(
                    {"环的首尾坐标必须相同（闭合）", "Each ring must be closed: last position = first"});
            }
        }
    }
    return {};
}

std::string BoundaryGeoJson(const Boundary& b) {
    std::string out = b.multi ? R"({"type":"MultiPolygon","coordinates":[)" : R"({"type":"Polygon","coordinates":)";
    for (size_t i = 0; i < b.polygons.size(); ++i) {
        if (i > 0) out += ',';
        AppendPolygon(out, b.polygons[i]);
    }
    if (!b.multi && b.polygons.empty()) out += "[]";
    out += b.multi ? "]}" : "}";
    return out;
}

Result<std::string> CanonicalBoundary(const Boundary& b) {
    SG_TRY(CheckBoundary(b));
    std::string text = BoundaryGeoJson(b);
    if (text.size() > kBoundaryMaxBytes) {
        return InvalidBoundary({fmt::format("边界数据不能超过 {} KB", kBoundaryMaxBytes / 1024),
                                fmt::format("At most {} KB of boundary", kBoundaryMaxBytes / 1024)});
    }
    return text;
}

}  // namespace safegrid
