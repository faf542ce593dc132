#include "services/checklist_loader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <iterator>
#include <string>

namespace safegrid::services {
namespace {

namespace json = boost::json;

tl::unexpected<Error> Malformed(std::string internal) {
    return Fail(Error{Code::kMalformed,
                      "checklist_data_malformed",
                      {"检查表数据格式有误", "The checklist data cannot be read"},
                      {},
                      std::move(internal)});
}

// Reads an optional string member: absent or null → "", a non-string → error.
Result<std::string> OptString(const json::object& obj, std::string_view key, const std::string& where) {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) return std::string();
    if (!v->is_string()) return Malformed(where + ": '" + std::string(key) + "' is not a string");
    return std::string(v->get_string());
}

Result<checklist::SourceItem> ReadItem(const json::value& v, const std::string& where) {
    if (!v.is_object()) return Malformed(where + ": item is not an object");
    const json::object& o = v.get_object();
    checklist::SourceItem s;
    SG_ASSIGN_OR_RETURN(s.id, OptString(o, "id", where));
    const std::string at = where + " " + s.id;
    SG_ASSIGN_OR_RETURN(s.article, OptString(o, "article", at));
    SG_ASSIGN_OR_RETURN(s.group, OptString(o, "group", at));
    SG_ASSIGN_OR_RETURN(s.industry, OptString(o, "industry", at));
    SG_ASSIGN_OR_RETURN(s.industry_zh, OptString(o, "industry_zh", at));
    SG_ASSIGN_OR_RETURN(s.category, OptString(o, "category", at));
    SG_ASSIGN_OR_RETURN(s.text_zh, OptString(o, "text_zh", at));
    SG_ASSIGN_OR_RETURN(s.gloss_en, OptString(o, "gloss_en", at));
    SG_ASSIGN_OR_RETURN(s.finding_zh, OptString(o, "finding_zh", at));
    SG_ASSIGN_OR_RETURN(s.finding_en, OptString(o, "finding_en", at));
    SG_ASSIGN_OR_RETURN(s.suggested_severity, OptString(o, "suggested_severity", at));
    SG_ASSIGN_OR_RETURN(s.legal_basis, OptString(o, "legal_basis", at));
    // The two files name the same ideas differently.
    SG_ASSIGN_OR_RETURN(s.relevance, OptString(o, "garment_workshop_relevance", at));
    if (s.relevance.empty()) {
        SG_ASSIGN_OR_RETURN(s.relevance, OptString(o, "applies_to", at));
    }
    SG_ASSIGN_OR_RETURN(s.note, OptString(o, "note", at));
    if (s.note.empty()) {
        SG_ASSIGN_OR_RETURN(s.note, OptString(o, "severity_note", at));
    }
    if (const json::value* p = o.if_contains("provenance"); p != nullptr && p->is_object()) {
        SG_ASSIGN_OR_RETURN(s.provenance_type, OptString(p->get_object(), "type", at + " provenance"));
    }
    return s;
}

Result<checklist::SourceStandard> ReadStandard(std::string_view text, const std::string& file) {
    boost::system::error_code ec;
    const json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) return Malformed(file + ": " + ec.message());
    if (!root.is_object()) return Malformed(file + ": top level is not an object");
    const json::object& o = root.get_object();
    checklist::SourceStandard s;
    SG_ASSIGN_OR_RETURN(s.title, OptString(o, "title", file));
    SG_ASSIGN_OR_RETURN(s.title_en, OptString(o, "title_en", file));
    SG_ASSIGN_OR_RETURN(s.effective, OptString(o, "effective", file));
    const json::value* items = o.if_contains("items");
    if (items == nullptr || !items->is_array()) return Malformed(file + ": 'items' is not an array");
    size_t index = 0;
    for (const json::value& v : items->get_array()) {
        SG_ASSIGN_OR_RETURN(checklist::SourceItem item, ReadItem(v, file + " item " + std::to_string(index++)));
        s.items.push_back(std::move(item));
    }
    return s;
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
    constexpr std::uintmax_t kMaxBytes = 16u << 20;  // the real files are < 100 KiB
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    auto missing = [&](std::string why) {
        return Fail(Error{Code::kInternal,
                          "checklist_data_missing",
                          {"检查表数据文件缺失", "A checklist data file is missing"},
                          {},
                          path.string() + ": " + why});
    };
    if (ec) return missing(ec.message());
    if (size > kMaxBytes) return missing("larger than 16 MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) return missing("cannot open");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return missing("read error");
    return text;
}

}  // namespace

Result<std::vector<checklist::Template>> ParseChecklistTemplates(std::string_view mem10_json,
                                                                 std::string_view fire_json) {
    SG_ASSIGN_OR_RETURN(checklist::SourceStandard mem10, ReadStandard(mem10_json, std::string(kMem10StandardFile)));
    SG_ASSIGN_OR_RETURN(checklist::SourceStandard fire, ReadStandard(fire_json, std::string(kFireStandardFile)));
    return checklist::BuildChecklistTemplates(mem10, fire);
}

Result<std::vector<checklist::Template>> LoadChecklistTemplates(const std::filesystem::path& standards_dir) {
    SG_ASSIGN_OR_RETURN(std::string mem10, ReadFile(standards_dir / kMem10StandardFile));
    SG_ASSIGN_OR_RETURN(std::string fire, ReadFile(standards_dir / kFireStandardFile));
    return ParseChecklistTemplates(mem10, fire);
}

}  // namespace safegrid::services
