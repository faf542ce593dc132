// The bit fields of GB26875.md §9 as named flags: which bits of a state or operation word are set,
// by name, with Chinese and English labels for people. Bit 0 is the least significant bit.
//
// "normal_run" (type 1/2 bit 0) and "normal_monitor" (type 21 bit 0) are names for the bit being
// 1; published live fire reports carry bit 0 = 0, so the codec does not turn a 0 into "test mode"
// (a per-vendor decision for the gateway, §9.6).
//
// Pure data; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace safegrid::gb26875 {

struct Flag {
    uint8_t bit = 0;
    std::string_view name;  // stable snake_case, e.g. "fire"
    std::string_view zh;
    std::string_view en;
};

enum class FlagField : uint8_t {
    kSystemState,        // type 1, 16 bits
    kComponentState,     // type 2, 16 bits
    kUitdState,          // type 21, 8 bits
    kFacilityOperation,  // type 4, 8 bits
    kUitdOperation,      // type 24, 8 bits (bit 5 = patrol answer)
};

std::span<const Flag> Flags(FlagField field);

// Names of the set bits, lowest bit first. Reserved bits are not named.
std::vector<std::string_view> SetFlagNames(FlagField field, uint16_t value);

// Whether the flag called `name` is set in `value` (false for a name the field does not have).
bool HasFlag(FlagField field, uint16_t value, std::string_view name);

}  // namespace safegrid::gb26875
