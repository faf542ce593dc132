#include "services/risk_method_loader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <string>

#include "platform/files.hpp"

namespace safegrid::services {
namespace {

namespace json = boost::json;

constexpr size_t kMaxBytes = 1 << 20;  // the data file is a few KiB

tl::unexpected<Error> Malformed(std::string internal) {
    return Fail(Error{Code::kMalformed,
                      "risk_method_malformed",
                      {"风险分级方法数据格式有误", "The risk grading method data cannot be read"},
                      {},
                      std::string(kRiskMethodsFile) + ": " + std::move(internal)});
}

// [[value, "label"], ...]
Result<std::vector<LecTables::Entry>> ReadTable(const json::object& lec, std::string_view key) {
    const json::value* v = lec.if_contains(key);
    if (v == nullptr || !v->is_array()) return Malformed("LEC." + std::string(key) + " is not an array");
    std::vector<LecTables::Entry> out;
    for (const json::value& row : v->get_array()) {
        if (!row.is_array() || row.get_array().size() != 2 || !row.get_array()[0].is_number() ||
            !row.get_array()[1].is_string()) {
            return Malformed("LEC." + std::string(key) + ": each row is [number, \"label\"]");
        }
        out.push_back({row.get_array()[0].to_number<double>(), std::string(row.get_array()[1].get_string())});
    }
    if (out.empty()) return Malformed("LEC." + std::string(key) + " is empty");
    return out;
}

// The lower bound of a range such as "160 < D ≤ 320" or "D > 320"; none for "D ≤ 20".
std::optional<double> LowerBound(std::string_view range) {
    auto number_at = [&](size_t pos) -> std::optional<double> {
        while (pos < range.size() && range[pos] == ' ') ++pos;
        double value = 0;
        auto [end, ec] = std::from_chars(range.data() + pos, range.data() + range.size(), value);
        if (ec != std::errc() || end == range.data() + pos) return std::nullopt;
        return value;
    };
    if (size_t gt = range.find("D >"); gt != std::string_view::npos) return number_at(gt + 3);
    if (size_t lt = range.find("< D"); lt != std::string_view::npos) return number_at(0);
    return std::nullopt;
}

std::optional<RiskLevel> ColourOf(std::string_view four_colour) {
    // The first colour named wins ("低风险/蓝 (some schemes: 可接受, not graded)" → blue).
    const std::pair<std::string_view, RiskLevel> colours[] = {
        {"红", RiskLevel::kRed}, {"橙", RiskLevel::kOrange}, {"黄", RiskLevel::kYellow}, {"蓝", RiskLevel::kBlue}};
    size_t best = std::string_view::npos;
    std::optional<RiskLevel> out;
    for (const auto& [name, level] : colours) {
        const size_t at = four_colour.find(name);
        if (at < best) {
            best = at;
            out = level;
        }
    }
    return out;
}

}  // namespace

Result<RiskMethod> ParseRiskMethod(std::string_view text) {
    boost::system::error_code ec;
    const json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) return Malformed(ec.message());
    if (!root.is_object()) return Malformed("top level is not an object");
    const json::value* lec = root.get_object().if_contains("LEC");
    if (lec == nullptr || !lec->is_object()) return Malformed("'LEC' is not an object");
    const json::object& o = lec->get_object();
    LecTables tables;
    SG_ASSIGN_OR_RETURN(tables.likelihood, ReadTable(o, "L_likelihood"));
    SG_ASSIGN_OR_RETURN(tables.exposure, ReadTable(o, "E_exposure"));
    SG_ASSIGN_OR_RETURN(tables.consequence, ReadTable(o, "C_consequence"));
    const json::value* bands = o.if_contains("D_bands");
    if (bands == nullptr || !bands->is_array()) return Malformed("LEC.D_bands is not an array");
    for (const json::value& b : bands->get_array()) {
        const json::object* band = b.if_object();
        const json::value* range = band ? band->if_contains("range") : nullptr;
        const json::value* colour = band ? band->if_contains("four_colour") : nullptr;
        if (!range || !range->is_string() || !colour || !colour->is_string()) {
            return Malformed("LEC.D_bands: each band has a string 'range' and 'four_colour'");
        }
        const auto level = ColourOf(colour->get_string());
        if (!level) return Malformed("LEC.D_bands: no colour in '" + std::string(colour->get_string()) + "'");
        if (const auto above = LowerBound(range->get_string())) tables.d_bands.push_back({*above, *level});
    }
    return MakeLecRiskMethod(std::move(tables));
}

Result<RiskMethod> LoadRiskMethod(const std::filesystem::path& standards_dir) {
    const std::filesystem::path path = standards_dir / kRiskMethodsFile;
    auto text = platform::ReadFileIfExists(path.string(), kMaxBytes);
    if (!text || !*text) {
        return Fail(Error{Code::kInternal,
                          "risk_method_missing",
                          {"风险分级方法数据文件缺失", "The risk grading method data file is missing"},
                          {},
                          path.string() + (text ? "" : ": " + text.error().internal)});
    }
    return ParseRiskMethod(**text);
}

}  // namespace safegrid::services
