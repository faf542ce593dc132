#include "core/enterprise/tags.hpp"

namespace safegrid {

std::string_view TagName(Tag tag) {
    switch (tag) {
        case Tag::kThreeInOne:
            return "three_in_one";
        case Tag::kGroupRented:
            return "group_rented";
        case Tag::kKeyUnit:
            return "key_unit";
        case Tag::kHazardousChemicals:
            return "hazardous_chemicals";
        case Tag::kDust:
            return "dust";
        case Tag::kConfinedSpace:
            return "confined_space";
    }
    return "";
}

std::optional<Tag> ParseTag(std::string_view name) {
    for (Tag tag : kAllTags) {
        if (TagName(tag) == name) return tag;
    }
    return std::nullopt;
}

std::vector<std::string> TagSet::Names() const {
    std::vector<std::string> names;
    for (Tag tag : kAllTags) {
        if (Has(tag)) names.emplace_back(TagName(tag));
    }
    return names;
}

std::string TagSet::Stored() const {
    std::string out;
    for (Tag tag : kAllTags) {
        if (!Has(tag)) continue;
        if (!out.empty()) out.push_back(',');
        out.append(TagName(tag));
    }
    return out;
}

Result<TagSet> TagSet::FromNames(const std::vector<std::string>& names, const char* field) {
    TagSet set;
    for (const auto& name : names) {
        auto tag = ParseTag(name);
        if (!tag) {
            return Invalid(field, {"未知标签；可选：three_in_one, group_rented, key_unit, hazardous_chemicals, dust, "
                                   "confined_space",
                                   "Unknown tag; allowed: three_in_one, group_rented, key_unit, hazardous_chemicals, "
                                   "dust, confined_space"});
        }
        set.Add(*tag);
    }
    return set;
}

TagSet TagSet::FromStored(std::string_view stored) {
    TagSet set;
    while (!stored.empty()) {
        auto comma = stored.find(',');
        auto name = stored.substr(0, comma);
        if (auto tag = ParseTag(name)) set.Add(*tag);
        if (comma == std::string_view::npos) break;
        stored.remove_prefix(comma + 1);
    }
    return set;
}

}  // namespace safegrid
