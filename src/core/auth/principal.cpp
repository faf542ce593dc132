#include "core/auth/principal.hpp"

namespace safegrid {

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kAdmin:
            return "admin";
        case Role::kTown:
            return "town";
        case Role::kVillage:
            return "village";
        case Role::kInspector:
            return "inspector";
        case Role::kEnterprise:
            return "enterprise";
        case Role::kCounty:
            return "county";
    }
    return "enterprise";
}

std::optional<Role> ParseRole(std::string_view name) {
    if (name == "admin") return Role::kAdmin;
    if (name == "town") return Role::kTown;
    if (name == "village") return Role::kVillage;
    if (name == "inspector") return Role::kInspector;
    if (name == "enterprise") return Role::kEnterprise;
    if (name == "county") return Role::kCounty;
    return std::nullopt;
}

bool ReadOnlyRole(Role role) { return role == Role::kCounty; }

namespace {

bool HasTown(const std::vector<int64_t>& towns, int64_t town_id) {
    for (int64_t t : towns) {
        if (t == town_id) return true;
    }
    return false;
}

}  // namespace

bool Scope::Contains(const RegionPath& path, std::optional<int64_t> enterprise_id) const {
    switch (level) {
        case Level::kAll:
            return true;
        case Level::kTown:
            return path.town_id == id;
        case Level::kCounty:
            return HasTown(towns, path.town_id);
        case Level::kVillage:
            return path.village_id == id;
        case Level::kGrid:
            return path.grid_id == id;
        case Level::kEnterprise:
            return enterprise_id == id;
        case Level::kNone:
            return false;
    }
    return false;
}

bool Scope::ContainsRegion(const RegionPath& path) const {
    switch (level) {
        case Level::kAll:
            return true;
        case Level::kTown:
            return path.town_id == id;
        case Level::kCounty:
            // The county's own row carries town_id = its id (core/region WithOwnId).
            return path.town_id == id || HasTown(towns, path.town_id);
        case Level::kVillage:
            return path.village_id == id;
        case Level::kGrid:
            return path.grid_id == id;
        case Level::kEnterprise:
        case Level::kNone:
            return false;
    }
    return false;
}

}  // namespace safegrid
