#include "core/auth/write_rule.hpp"

namespace safegrid {

bool CanWrite(const Principal& caller) { return !ReadOnlyRole(caller.role); }

Status RequireWriter(const Principal& caller) {
    if (!CanWrite(caller)) return Forbidden();
    return {};
}

Status RequireWriter(const Principal* caller) { return caller == nullptr ? Status{} : RequireWriter(*caller); }

}  // namespace safegrid
