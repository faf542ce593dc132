#include "services/scorecard_standard.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "platform/files.hpp"

namespace safegrid::services {
namespace {

namespace json = boost::json;

constexpr size_t kMaxBytes = 1 << 20;  // the data file is a few KiB

tl::unexpected<Error> Malformed(std::string internal) {
    return Fail(Error{Code::kMalformed,
                      "scorecard_standard_malformed",
                      {"考核评分标准数据格式有误", "The scorecard standard data cannot be read"},
                      {},
                      std::string(kScorecardStandardFile) + ": " + std::move(internal)});
}

Result<std::vector<scorecard::ItemDef>> ReadItems(const json::object& root, std::string_view key) {
    const json::value* v = root.if_contains(key);
    if (v == nullptr || !v->is_array() || v->get_array().empty()) {
        return Malformed(std::string(key) + " is not a non-empty array");
    }
    std::vector<scorecard::ItemDef> out;
    for (const json::value& item : v->get_array()) {
        const json::object* o = item.if_object();
        const json::value* id = o != nullptr ? o->if_contains("id") : nullptr;
        const json::value* points = o != nullptr ? o->if_contains("points") : nullptr;
        const json::value* label = o != nullptr ? o->if_contains("item_zh") : nullptr;
        if (id == nullptr || !id->is_string() || points == nullptr || !points->is_number() ||
            points->to_number<double>() <= 0) {
            return Malformed(std::string(key) + ": each item has an \"id\" and positive \"points\"");
        }
        out.push_back({std::string(id->get_string()), points->to_number<double>(),
                       label != nullptr && label->is_string() ? std::string(label->get_string()) : std::string()});
    }
    return out;
}

}  // namespace

Result<ScorecardStandard> ParseScorecardStandard(std::string_view json_text) {
    boost::system::error_code ec;
    json::value root = json::parse(json_text, ec);
    if (ec || !root.is_object()) return Malformed("not a JSON object");
    ScorecardStandard out;
    SG_ASSIGN_OR_RETURN(out.village, ReadItems(root.get_object(), "village_items"));
    SG_ASSIGN_OR_RETURN(out.enterprise, ReadItems(root.get_object(), "enterprise_items"));
    return out;
}

Result<ScorecardStandard> LoadScorecardStandard(const std::filesystem::path& standards_dir) {
    const std::filesystem::path path = standards_dir / kScorecardStandardFile;
    auto text = platform::ReadFileIfExists(path.string(), kMaxBytes);
    if (!text || !*text) {
        return Fail(Error{Code::kInternal,
                          "scorecard_standard_missing",
                          {"考核评分标准数据文件缺失", "The scorecard standard data file is missing"},
                          {},
                          path.string() + (text ? "" : ": " + text.error().internal)});
    }
    return ParseScorecardStandard(**text);
}

}  // namespace safegrid::services
