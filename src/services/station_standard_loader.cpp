#include "services/station_standard_loader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "platform/files.hpp"

namespace safegrid::services {
namespace {

namespace json = boost::json;

constexpr size_t kMaxBytes = 1 << 20;  // the data file is some 17 KiB

tl::unexpected<Error> Malformed(std::string internal) {
    return Fail(Error{Code::kMalformed,
                      "station_standard_malformed",
                      {"微型消防站标准数据格式有误", "The micro fire station standard cannot be read"},
                      {},
                      std::string(kStationStandardFile) + ": " + std::move(internal)});
}

std::string StringOf(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::array* ArrayOf(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr ? v->if_array() : nullptr;
}

}  // namespace

Result<station::StationStandard> ParseStationStandard(std::string_view text) {
    boost::system::error_code ec;
    const json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) return Malformed(ec.message());
    const json::object* top = root.if_object();
    if (top == nullptr) return Malformed("top level is not an object");
    station::RawStandard raw;
    const json::array* types = ArrayOf(*top, "types");
    if (types == nullptr || types->empty()) return Malformed("'types' is not a non-empty array");
    for (const json::value& t : *types) {
        const json::object* o = t.if_object();
        const std::string code = o ? StringOf(*o, "type") : std::string();
        if (code.empty()) return Malformed("types: each has a string 'type'");
        raw.types.push_back(code);
    }
    const json::array* equipment = ArrayOf(*top, "standard_equipment");
    if (equipment == nullptr || equipment->empty()) return Malformed("'standard_equipment' is not a non-empty array");
    for (const json::value& e : *equipment) {
        const json::object* o = e.if_object();
        if (o == nullptr) return Malformed("standard_equipment: each item is an object");
        station::RawEquipment item{StringOf(*o, "id"), StringOf(*o, "item_zh"), StringOf(*o, "item_en"),
                                   StringOf(*o, "kind"), StringOf(*o, "requirement")};
        if (item.id.empty() || item.item_zh.empty())
            return Malformed("standard_equipment: an item lacks id or item_zh");
        raw.equipment.push_back(std::move(item));
    }
    if (const json::array* quantities = ArrayOf(*top, "suggested_minimum_quantities")) {
        for (const json::value& q : *quantities) {
            const json::object* o = q.if_object();
            if (o == nullptr) return Malformed("suggested_minimum_quantities: each row is an object");
            raw.quantities.push_back(
                {StringOf(*o, "item_zh"), StringOf(*o, "kind"), StringOf(*o, "suggested_min_qty")});
        }
    }
    return station::BuildStationStandard(raw);
}

Result<station::StationStandard> LoadStationStandard(const std::filesystem::path& standards_dir) {
    const std::filesystem::path path = standards_dir / kStationStandardFile;
    auto text = platform::ReadFileIfExists(path.string(), kMaxBytes);
    if (!text || !*text) {
        return Fail(Error{Code::kInternal,
                          "station_standard_missing",
                          {"微型消防站标准数据文件缺失", "The micro fire station standard file is missing"},
                          {},
                          path.string() + (text ? "" : ": " + text.error().internal)});
    }
    return ParseStationStandard(**text);
}

}  // namespace safegrid::services
