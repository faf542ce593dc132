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
    }
    return "enterprise";
}

std::optional<Role> ParseRole(std::string_view name) {
    if (name == "admin") return Role::kAdmin;
    if (name == "town") return Role::kTown;
    if (name == "village") return Role::kVillage;
    if (name == "inspector") return Role::kInspector;
    if (name == "enterprise") return Role::kEnterprise;
    return std::nullopt;
}

bool Scope::Contains(const RegionPath& path, std::optional<int64_t> enterprise_id) const {
    switch (level) {
        case Level::kAll:
            return true;
        case Level::kTown:
            return path.town_id == id;
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
