// The code tables of GB/T 26875.3 (GB26875.md §8, checked against the scanned standard): system
// types (Table 4), component types (Table 5) and analog quantities (Table 6), as data with their
// Chinese names. Codes 128..255 are user-defined: vendors assign them per panel model, so they have
// no name here and a gateway maps them per UITD model.
//
// Pure data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace safegrid::gb26875 {

struct CodeName {
    uint8_t code = 0;
    std::string_view zh;
    std::string_view en;
};

// Null for reserved and user-defined codes.
const CodeName* SystemTypeName(uint8_t code);
const CodeName* ComponentTypeName(uint8_t code);

struct AnalogType {
    uint8_t code = 0;
    std::string_view zh;
    std::string_view unit;  // "°C", "MPa", "" for counts
    double resolution = 1;  // engineering value = raw × resolution
    double min = 0;         // valid range, in engineering units
    double max = 0;
};

const AnalogType* FindAnalogType(uint8_t code);

// raw × the type's resolution; nullopt for a type without a standard meaning.
std::optional<double> AnalogEngineeringValue(uint8_t analog_type, int16_t raw);

}  // namespace safegrid::gb26875
