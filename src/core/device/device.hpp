// Monitoring devices (智慧防控, CONTRACT "Devices and alarms", docs/devices.md): the closed lists a
// device's fields are drawn from and the rules of a registration. Pure: the service reads the
// store (duplicates, scope); this file only says what a well-formed device is.
//
// RULES (CheckDevice):
//   kind      one of kDeviceKinds
//   protocol  gb26875 | mqtt
//   serial    trimmed, 1..kMaxDeviceSerial code points, printable (no control characters): it is the
//             MQTT topic segment, so '/', '+' and '#' are refused as well
//   unit_address  required for gb26875, 0..kMaxUnitAddress (6 bytes little-endian, GB/T 26875.3
//             §6.2.4 as core/gb26875 reads it); must be absent for mqtt
//
// Thread-safety: pure functions and constants.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::device {

inline constexpr std::array<std::string_view, 6> kDeviceKinds = {"smoke_detector", "electrical_fire", "fire_panel",
                                                                 "gas_detector",   "water_pressure",  "other"};
inline constexpr std::array<std::string_view, 2> kDeviceProtocols = {"gb26875", "mqtt"};
// What the gateway last saw; a new device is "normal" and offline until first heard from.
inline constexpr std::array<std::string_view, 4> kDeviceStates = {"normal", "fire", "fault", "offline"};

inline constexpr size_t kMaxDeviceSerial = 64;
// The largest address six bytes can carry: 2^48 - 1.
inline constexpr int64_t kMaxUnitAddress = (int64_t{1} << 48) - 1;

bool IsDeviceKind(std::string_view kind);
bool IsDeviceProtocol(std::string_view protocol);
bool IsDeviceState(std::string_view state);

// The fields of a device as they will be stored (after merging a PATCH into the current row).
struct DeviceFields {
    std::string kind;
    std::string serial;  // already trimmed
    std::string protocol;
    std::optional<int64_t> unit_address;
};

// Adds one 422 entry per broken field (kind, serial, protocol, unit_address).
void CheckDevice(Validation& v, const DeviceFields& d);

}  // namespace safegrid::device
