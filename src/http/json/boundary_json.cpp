#include "http/json/boundary_json.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <string_view>

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

tl::unexpected<Error> Shape(std::string_view zh, std::string_view en) {
    return InvalidBoundary({std::string(zh), std::string(en)});
}

// Reads [lng, lat] (or [lng, lat, alt]) of numbers.
Result<GeoPosition> ReadPosition(const bj::value& v) {
    const bj::array* a = v.if_array();
    if (a == nullptr || a->size() < 2 || a->size() > 3) {
        return Shape("每个坐标应为 [经度, 纬度]", "Each position must be [lng, lat]");
    }
    GeoPosition p{};
    for (size_t i = 0; i < a->size(); ++i) {
        const bj::value& n = (*a)[i];
        if (!n.is_number()) return Shape("坐标必须是数字", "Coordinates must be numbers");
        if (i < 2) p[i] = n.to_number<double>();
    }
    return p;
}

// Counts positions across the whole boundary, so the walk stops once past the limit.
struct Budget {
    size_t positions = 0;
    Status Take() {
        if (++positions > kBoundaryMaxPositions) {
            return Shape(fmt::format("坐标点不能超过 {} 个", kBoundaryMaxPositions),
                         fmt::format("At most {} positions", kBoundaryMaxPositions));
        }
        return {};
    }
};

Result<GeoRing> ReadRing(const bj::value& v, Budget& budget) {
    const bj::array* a = v.if_array();
    if (a == nullptr) return Shape("每个环应为坐标数组", "Each ring must be an array of positions");
    GeoRing ring;
    ring.reserve(std::min(a->size(), kBoundaryMaxPositions));
    for (const bj::value& p : *a) {
        SG_TRY(budget.Take());
        SG_ASSIGN_OR_RETURN(GeoPosition position, ReadPosition(p));
        ring.push_back(position);
    }
    return ring;
}

Result<GeoPolygon> ReadPolygon(const bj::value& v, Budget& budget) {
    const bj::array* a = v.if_array();
    if (a == nullptr) return Shape("多边形应为环的数组", "A polygon must be an array of rings");
    GeoPolygon polygon;
    for (const bj::value& r : *a) {
        SG_ASSIGN_OR_RETURN(GeoRing ring, ReadRing(r, budget));
        polygon.push_back(std::move(ring));
    }
    return polygon;
}

}  // namespace

Result<Boundary> BoundaryFromJson(const bj::value& value) {
    const bj::object* o = value.if_object();
    if (o == nullptr) return Shape("应为 GeoJSON 几何对象或 null", "Must be a GeoJSON geometry object or null");
    const bj::value* type = o->if_contains("type");
    const bj::value* coordinates = o->if_contains("coordinates");
    Boundary b;
    if (type != nullptr && type->is_string() && type->get_string() == "Polygon") {
        b.multi = false;
    } else if (type != nullptr && type->is_string() && type->get_string() == "MultiPolygon") {
        b.multi = true;
    } else {
        return Shape("type 应为 Polygon 或 MultiPolygon", "\"type\" must be Polygon or MultiPolygon");
    }
    if (coordinates == nullptr || !coordinates->is_array()) {
        return Shape("缺少 coordinates 数组", "\"coordinates\" must be an array");
    }
    Budget budget;
    if (b.multi) {
        for (const bj::value& p : coordinates->get_array()) {
            SG_ASSIGN_OR_RETURN(GeoPolygon polygon, ReadPolygon(p, budget));
            b.polygons.push_back(std::move(polygon));
        }
    } else {
        SG_ASSIGN_OR_RETURN(GeoPolygon polygon, ReadPolygon(*coordinates, budget));
        b.polygons.push_back(std::move(polygon));
    }
    return b;
}

bj::value BoundaryToJson(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    boost::system::error_code ec;
    bj::value v = bj::parse(*text, ec);
    if (ec) return nullptr;
    return v;
}

}  // namespace safegrid::http::json
