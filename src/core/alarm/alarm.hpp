// Device alarms (智慧防控, CONTRACT "Devices and alarms", docs/alarms.md): what a device's signals
// raise and clear, and what a person may do with an alarm. Pure: the processor and AlarmService read
// and write the store; this file only decides.
//
// ACTIONS (one table, kAlarmRules in alarm.cpp):
//   action       from                    to            who
//   acknowledge  active                  acknowledged  enterprise, inspector, village, town (admin as town)
//   false_alarm  active | acknowledged   false_alarm   inspector, village, town
//   resolve      active | acknowledged   resolved      inspector, village, town
//   convert      active | acknowledged   resolved      inspector, village, town (opens a hazard, source device)
// ORDER of checks, as hazards' (core/hazard/state_machine.hpp): (1) unknown action → 422 "action";
// (2) not valid from this status → 409 invalid_transition; (3) role may not → 403. Scope (→ 404)
// is the service's, before.
//
// SIGNALS (services/device_inbox.hpp): fire / fault raise an alarm of that kind for the device or
// the component named (one open per device + kind + component_key: the alarms_open index); clear
// clears (cleared_at) the open fire and fault alarms of that component, or of the whole device
// when no component is named; heartbeat and other raise nothing. Any message clears an open
// `offline` alarm of the device (it is heard from again).
//
// Thread-safety: pure functions and constants.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"

namespace safegrid::alarm {

enum class AlarmKind { kFire, kFault, kOffline, kOther };
enum class AlarmStatus { kActive, kAcknowledged, kFalseAlarm, kResolved };
enum class AlarmAction { kAcknowledge, kFalseAlarm, kResolve, kConvert };

std::string_view KindName(AlarmKind kind);
std::string_view StatusName(AlarmStatus status);
std::string_view ActionName(AlarmAction action);
std::optional<AlarmKind> ParseKind(std::string_view name);
std::optional<AlarmStatus> ParseStatus(std::string_view name);
std::optional<AlarmAction> ParseAction(std::string_view name);

// Open: still needs a person (active or acknowledged). The alarms_open index states the same set.
bool IsOpen(AlarmStatus status);
inline constexpr std::array<AlarmStatus, 2> kOpenStatuses = {AlarmStatus::kActive, AlarmStatus::kAcknowledged};

struct AlarmTransition {
    AlarmAction action = AlarmAction::kAcknowledge;
    AlarmStatus from = AlarmStatus::kActive;
    AlarmStatus to = AlarmStatus::kActive;
    bool opens_hazard = false;  // convert
    bool closes = false;        // false_alarm, resolve, convert: closed_at / closed_by are set
};

// The checks in the order above.
Result<AlarmTransition> DecideAction(AlarmStatus status, Role role, std::string_view action);
// What `role` may do now (table order), for the "allowed_actions" the server answers.
std::vector<AlarmAction> AllowedActions(AlarmStatus status, Role role);

// A GB/T 26875.3 component (device_components' key).
struct Component {
    int64_t system_type = 0;
    int64_t system_address = 0;
    int64_t component_type = 0;
    int64_t component_address = 0;
};
// "<system type>.<system address>.<component type>.<component address>"; "" for the device itself.
std::string ComponentKey(const std::optional<Component>& component);

enum class SignalEvent { kFire, kFault, kClear, kHeartbeat, kOther };
std::optional<SignalEvent> ParseSignalEvent(std::string_view name);
std::string_view SignalEventName(SignalEvent event);

struct Signal {
    SignalEvent event = SignalEvent::kHeartbeat;
    int64_t at = 0;
    std::optional<Component> component;
    std::string detail;
};

// What one signal does to alarms.
struct SignalEffect {
    std::optional<AlarmKind> raise;   // raise this kind (unless one is open) for component_key
    std::vector<AlarmKind> clear;     // clear the open alarms of these kinds for component_key
    bool clear_whole_device = false;  // clear applies to every component of the device, not only component_key
    std::string component_key;
    // The state device_components records for the component ("fire" | "fault" | "normal"); none for
    // heartbeat / other or without a component.
    std::optional<std::string> component_state;
};
SignalEffect EffectOf(const Signal& signal);

// The device's state after a message: fire when a fire alarm of it is still reported (not cleared),
// else fault likewise, else normal (it was heard from, so not offline).
std::string_view DeviceStateFrom(bool fire_reported, bool fault_reported);

}  // namespace safegrid::alarm
