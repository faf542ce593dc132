#include "core/campaign/recurrence.hpp"

#include <utility>

namespace safegrid::campaign {

std::optional<int64_t> FindRecurrence(std::span<const ParentHazard> parent_hazards, const std::string& checklist_item,
                                      UnixSeconds found_at) {
    if (checklist_item.empty()) return std::nullopt;
    std::optional<std::pair<UnixSeconds, int64_t>> best;
    for (const ParentHazard& p : parent_hazards) {
        if (!p.closed || !p.closed_at || p.checklist_item != checklist_item || *p.closed_at > found_at) continue;
        const std::pair<UnixSeconds, int64_t> key{*p.closed_at, p.id};
        if (!best || key < *best) best = key;
    }
    if (!best) return std::nullopt;
    return best->second;
}

}  // namespace safegrid::campaign
