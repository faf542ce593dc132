// How the hazard list is asked for: which statuses (one, several, or the "open" shorthand) and in
// which order. The wire forms are those of GET /api/v1/hazards (?status=, ?sort=).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/hazard/hazard.hpp"

namespace safegrid {

// `status=open`: every hazard not yet settled, i.e. neither closed nor rejected (the dashboard's
// 未销号 card: reported ones waiting for confirmation count too). Wider than kOpenHazardStatuses,
// which is the risk rule's "confirmed and not closed".
inline constexpr std::array kUnsettledHazardStatuses = {HazardStatus::kReported, HazardStatus::kRectifying,
                                                        HazardStatus::kSubmitted};

// "rectifying" → {rectifying}; "reported,submitted" → both (in the order given, repeats dropped);
// "open" → kUnsettledHazardStatuses. Spaces around names are ignored. Empty names, unknown names
// or an empty list → nullopt.
std::optional<std::vector<HazardStatus>> ParseHazardStatusList(std::string_view text);

// The list's order. Creation order is id order (ids are handed out as records are created), so
// the created_at sorts read the id index.
enum class HazardSort : uint8_t {
    kCreatedDesc,  // "-created_at", the default: newest first
    kCreatedAsc,   // "created_at"
    kDueAsc,       // "due_at": soonest (most overdue) deadline first, hazards without one last
    kDueDesc,      // "-due_at": latest deadline first, hazards without one last
};

std::optional<HazardSort> ParseHazardSort(std::string_view text);
std::string_view HazardSortName(HazardSort sort);

}  // namespace safegrid
