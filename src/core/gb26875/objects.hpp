// The information objects of the application data unit, type by type (GB26875.md §4–§5).
// Upload types 1–8 and 21–28 (UITD → centre, cmd 2, or cmd 5 answering a query) and the centre's
// query and control types 61–91. Sizes are exact; multi-byte integers are little-endian.
//
// Text fields (component descriptions, configuration text) are GB 18030 on the wire; they are kept
// here exactly as sent (a description is its whole 31-byte field, padding included, so it can be
// stored and re-sent unchanged) and turned into UTF-8 by text.hpp (TrimPadding, TextToUtf8).
//
// Plain values; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>

#include "core/gb26875/time_label.hpp"

namespace safegrid::gb26875 {

// The 4-byte component address. Its inner structure is vendor-defined (§7.3), so the raw bytes are
// kept; the two readings seen in practice are offered.
struct ComponentAddress {
    std::array<uint8_t, 4> bytes{};

    [[nodiscard]] uint32_t Value() const;  // one LE uint32
    [[nodiscard]] uint16_t Low() const;    // first LE uint16 ("zone/loop" for most vendors)
    [[nodiscard]] uint16_t High() const;   // second LE uint16 ("point")
    friend bool operator==(const ComponentAddress&, const ComponentAddress&) = default;
};

// ---- upload (UITD → centre) ----

struct SystemState {  // type 1
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint16_t state = 0;  // bits: flags.hpp kSystemStateFlags
    TimeLabel time;
};

struct ComponentState {  // type 2
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t component_type = 0;
    ComponentAddress component_address;
    uint16_t state = 0;       // bits: kComponentStateFlags
    std::string description;  // the 31-byte GB 18030 field as sent
    TimeLabel time;
};

struct AnalogValue {  // type 3
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t component_type = 0;
    ComponentAddress component_address;
    uint8_t analog_type = 0;  // code_tables.hpp AnalogTypeInfo: unit and resolution
    int16_t raw_value = 0;
    TimeLabel time;
};

struct FacilityOperation {  // type 4
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t operation = 0;  // bits: kFacilityOperationFlags
    uint8_t operator_number = 0;
    TimeLabel time;
};

struct FacilitySoftwareVersion {  // type 5
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t major = 0;
    uint8_t minor = 0;
};

struct SystemConfiguration {  // type 6: variable length, 3 + text bytes
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    std::string text;  // GB 18030, as sent (length-prefixed, not padded)
};

struct ComponentConfiguration {  // type 7
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t component_type = 0;
    ComponentAddress component_address;
    std::string description;  // the 31-byte GB 18030 field as sent
};

struct FacilityTime {  // type 8
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    TimeLabel time;  // the facility's clock
};

struct UitdState {      // type 21
    uint8_t state = 0;  // bits: kUitdStateFlags
    TimeLabel time;
};

struct UitdOperation {      // type 24
    uint8_t operation = 0;  // bits: kUitdOperationFlags (bit 5 = patrol answer)
    uint8_t operator_number = 0;
    TimeLabel time;
};

struct UitdSoftwareVersion {  // type 25
    uint8_t major = 0;
    uint8_t minor = 0;
};

struct UitdConfiguration {  // type 26
    std::string text;       // GB 18030, as sent
};

struct UitdTime {  // type 28
    TimeLabel time;
};

// ---- centre → UITD (cmd 4 queries, cmd 1 control) ----

struct SystemQuery {  // types 61, 65, 66, 68
    uint8_t system_type = 0;
    uint8_t system_address = 0;
};

struct ComponentQuery {  // types 62, 63, 67: no component type in the query
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    ComponentAddress component_address;
};

struct FacilityRecordQuery {  // type 64
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t record_count = 0;
    TimeLabel start;
};

struct UitdRecordQuery {  // type 84
    uint8_t record_count = 0;
    TimeLabel start;
};

struct Reserved {  // types 81, 85, 86, 88, 89: one byte, 0 by the standard
    uint8_t value = 0;
};

struct ClockSync {  // type 90
    TimeLabel centre_time;
};

struct PatrolCheck {  // type 91
    uint8_t answer_timeout_minutes = 0;
};

using Object = std::variant<SystemState, ComponentState, AnalogValue, FacilityOperation, FacilitySoftwareVersion,
                            SystemConfiguration, ComponentConfiguration, FacilityTime, UitdState, UitdOperation,
                            UitdSoftwareVersion, UitdConfiguration, UitdTime, SystemQuery, ComponentQuery,
                            FacilityRecordQuery, UitdRecordQuery, Reserved, ClockSync, PatrolCheck>;

}  // namespace safegrid::gb26875
