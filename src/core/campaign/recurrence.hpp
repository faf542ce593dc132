// Re-check rounds (回头看): when a hazard found by a round repeats a hazard of the campaign it
// re-checks (CONTRACT "Campaigns": "hazards it found at an enterprise on the same checklist item as a
// closed hazard of the parent").
//
// SAME ITEM, precisely: a hazard H of the round recurs a hazard P of the parent campaign when
//   - both sit at the same enterprise (the caller only offers P of H's enterprise),
//   - both carry a checklist item and the item ids are equal byte for byte (the checklist's stable
//     item id, e.g. "evac.exit_blocked"; a hazard without an item, reported by hand, never recurs),
//   - P is closed, and was closed no later than H was found (a hazard that is still open, or closed
//     only afterwards, did not "come back": it never went away).
// The property depends only on fields that do not change once written (item, enterprise, found_at,
// and closed_at of a closed hazard: closed is final), so it is decided once when H is stored.
// Among several such P the earliest closed wins (then the lowest id), so the answer is stable.
//
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/time.hpp"

namespace safegrid::campaign {

// A hazard of the parent campaign at the enterprise, as the rule reads it.
struct ParentHazard {
    int64_t id = 0;
    std::string checklist_item;  // empty: none
    bool closed = false;
    std::optional<UnixSeconds> closed_at;
};

// The id of the parent hazard that a hazard on `checklist_item` found at `found_at` recurs, if any.
std::optional<int64_t> FindRecurrence(std::span<const ParentHazard> parent_hazards, const std::string& checklist_item,
                                      UnixSeconds found_at);

}  // namespace safegrid::campaign
