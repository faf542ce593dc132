#include "core/region/region.hpp"

namespace safegrid {

std::string_view RegionKindName(RegionKind kind) {
    switch (kind) {
        case RegionKind::kTown:
            return "town";
        case RegionKind::kVillage:
            return "village";
        case RegionKind::kGrid:
            return "grid";
        case RegionKind::kCounty:
            return "county";
    }
    return "town";
}

std::optional<RegionKind> ParseRegionKind(std::string_view name) {
    if (name == "town") return RegionKind::kTown;
    if (name == "village") return RegionKind::kVillage;
    if (name == "grid") return RegionKind::kGrid;
    if (name == "county") return RegionKind::kCounty;
    return std::nullopt;
}

std::optional<RegionKind> ChildKindOf(std::optional<RegionKind> parent) {
    if (!parent) return RegionKind::kTown;
    switch (*parent) {
        case RegionKind::kCounty:
            return RegionKind::kTown;
        case RegionKind::kTown:
            return RegionKind::kVillage;
        case RegionKind::kVillage:
            return RegionKind::kGrid;
        case RegionKind::kGrid:
            return std::nullopt;
    }
    return std::nullopt;
}

Status CheckRegionParent(RegionKind kind, std::optional<RegionKind> parent_kind) {
    if (ChildKindOf(parent_kind) == kind) return {};
    if (kind == RegionKind::kCounty && !parent_kind) return {};
    switch (kind) {
        case RegionKind::kCounty:
            return Invalid("parent_id", {"县（市、区）不能有上级区域", "A county has no parent region"});
        case RegionKind::kTown:
            return Invalid("parent_id",
                           {"镇（街道）的上级只能是县（市、区）或无", "A town sits under a county or under nothing"});
        case RegionKind::kVillage:
            return Invalid("parent_id", {"村（社区）的上级必须是镇", "A village must sit under a town"});
        case RegionKind::kGrid:
            return Invalid("parent_id", {"网格的上级必须是村（社区）", "A grid must sit under a village"});
    }
    return Invalid("parent_id", {"上级区域不正确", "Wrong parent region"});
}

RegionPath ChildPath(const RegionPath& parent_path) { return parent_path; }

RegionPath WithOwnId(RegionPath path, RegionKind kind, int64_t id) {
    switch (kind) {
        case RegionKind::kCounty:  // not a path column: the county's own row keys on its id
        case RegionKind::kTown:
            path.town_id = id;
            path.village_id.reset();
            path.grid_id.reset();
            break;
        case RegionKind::kVillage:
            path.village_id = id;
            path.grid_id.reset();
            break;
        case RegionKind::kGrid:
            path.grid_id = id;
            break;
    }
    return path;
}

void ValidateRegionFields(const std::string& name, const std::string& code, const Responsible& responsible,
                          Validation& v) {
    CheckText(v, "name", name, 100, true);
    bool code_ok = code.size() <= 32;
    for (char c : code) {
        code_ok = code_ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-');
    }
    if (!code_ok) v.Add("code", {"区划代码最多32位字母、数字或连字符", "At most 32 letters, digits or hyphens"});
    CheckText(v, "responsible.name", responsible.name, 50, false);
    if (!IsPlausiblePhone(responsible.phone)) {
        v.Add("responsible.phone", {"电话号码格式不正确", "Not a phone number"});
    }
    if (responsible.user_id && *responsible.user_id <= 0) {
        v.Add("responsible.user_id", {"用户编号无效", "Not a user id"});
    }
}

}  // namespace safegrid
