// The application data unit: type (1 byte) | object count n (1 byte) | n objects (GB26875.md §4).
//
// Decoding is exact: every object of a standard type has its size (types 6 and 26 carry a length
// byte and are walked one object at a time, never split evenly), n must be in the type's range and
// the objects must fill the ADU to its last byte; anything else is "gb26875_adu_inconsistent" (the
// frame itself was fine: the gateway still confirms it, see docs/gb26875.md). A type the standard
// does not define (reserved or user-defined 128..255) is not an error: its objects are kept raw for
// a vendor plug-in.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/gb26875/objects.hpp"

namespace safegrid::gb26875 {

// Type identifiers (类型标志, GB26875.md Table 3).
namespace adu_type {
inline constexpr uint8_t kSystemState = 1;
inline constexpr uint8_t kComponentState = 2;
inline constexpr uint8_t kAnalogValue = 3;
inline constexpr uint8_t kFacilityOperation = 4;
inline constexpr uint8_t kFacilitySoftwareVersion = 5;
inline constexpr uint8_t kSystemConfiguration = 6;
inline constexpr uint8_t kComponentConfiguration = 7;
inline constexpr uint8_t kFacilityTime = 8;
inline constexpr uint8_t kUitdState = 21;
inline constexpr uint8_t kUitdOperation = 24;
inline constexpr uint8_t kUitdSoftwareVersion = 25;
inline constexpr uint8_t kUitdConfiguration = 26;
inline constexpr uint8_t kUitdTime = 28;
inline constexpr uint8_t kReadSystemState = 61;
inline constexpr uint8_t kReadComponentState = 62;
inline constexpr uint8_t kReadAnalogValue = 63;
inline constexpr uint8_t kReadFacilityOperations = 64;
inline constexpr uint8_t kReadFacilitySoftwareVersion = 65;
inline constexpr uint8_t kReadSystemConfiguration = 66;
inline constexpr uint8_t kReadComponentConfiguration = 67;
inline constexpr uint8_t kReadFacilityTime = 68;
inline constexpr uint8_t kReadUitdState = 81;
inline constexpr uint8_t kReadUitdOperations = 84;
inline constexpr uint8_t kReadUitdSoftwareVersion = 85;
inline constexpr uint8_t kReadUitdConfiguration = 86;
inline constexpr uint8_t kReadUitdTime = 88;
inline constexpr uint8_t kInitialiseUitd = 89;
inline constexpr uint8_t kSyncClock = 90;
inline constexpr uint8_t kPatrolCheck = 91;
}  // namespace adu_type

struct TypeInfo {
    uint8_t code = 0;
    std::size_t object_size = 0;  // bytes per object; 0 = variable (types 6 and 26)
    uint8_t max_count = 0;        // n allowed: 1..max_count
    std::string_view name_zh;
    std::string_view name_en;
};

// The standard's entry for `type`, or null for reserved and user-defined codes.
const TypeInfo* FindType(uint8_t type);

struct Adu {
    uint8_t type = 0;
    uint8_t count = 0;
    std::vector<Object> objects;  // count objects for a standard type; empty otherwise
    std::string raw_objects;      // the bytes after the count, for a type the standard does not define
};

// Reads a non-empty ADU. Errors: kMalformed "gb26875_adu_inconsistent" (internal says why).
Result<Adu> DecodeAdu(std::string_view adu);

// Writes type | n | objects. Every object must be the alternative `type` carries (GB26875.md §5),
// n within the type's range and the result ≤ 1024 bytes; otherwise kValidation "gb26875_adu_invalid"
// (a programming error at the caller, reported rather than sent).
Result<std::string> EncodeAdu(uint8_t type, const std::vector<Object>& objects);

}  // namespace safegrid::gb26875
