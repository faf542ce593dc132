#include "core/hazard/list_query.hpp"

#include <algorithm>

namespace safegrid {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

constexpr std::array kSorts = {HazardSort::kCreatedDesc, HazardSort::kCreatedAsc, HazardSort::kDueAsc,
                               HazardSort::kDueDesc};

}  // namespace

std::optional<std::vector<HazardStatus>> ParseHazardStatusList(std::string_view text) {
    if (Trim(text) == "open")
        return std::vector<HazardStatus>(kUnsettledHazardStatuses.begin(), kUnsettledHazardStatuses.end());
    std::vector<HazardStatus> out;
    for (;;) {
        const size_t comma = text.find(',');
        const std::string_view name = Trim(text.substr(0, comma));
        const auto status = ParseHazardStatus(name);
        if (!status) return std::nullopt;
        if (std::find(out.begin(), out.end(), *status) == out.end()) out.push_back(*status);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string_view HazardSortName(HazardSort sort) {
    switch (sort) {
        case HazardSort::kCreatedDesc:
            return "-created_at";
        case HazardSort::kCreatedAsc:
            return "created_at";
        case HazardSort::kDueAsc:
            return "due_at";
        case HazardSort::kDueDesc:
            return "-due_at";
    }
    return "-created_at";
}

std::optional<HazardSort> ParseHazardSort(std::string_view text) {
    for (HazardSort s : kSorts)
        if (HazardSortName(s) == text) return s;
    return std::nullopt;
}

}  // namespace safegrid
