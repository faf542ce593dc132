#include "core/alarm/alarm.hpp"

#include <utility>

namespace safegrid::alarm {
namespace {

using RoleSet = unsigned;
constexpr RoleSet Bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr RoleSet kStaff = Bit(Role::kTown) | Bit(Role::kVillage) | Bit(Role::kInspector);
constexpr RoleSet kEveryone = kStaff | Bit(Role::kEnterprise);

struct Rule {
    AlarmAction action;
    AlarmStatus from;
    AlarmStatus to;
    RoleSet who;
};

// The action table of alarm.hpp. Admin is treated as town (AsTableRole), as for hazards.
constexpr Rule kAlarmRules[] = {
    {AlarmAction::kAcknowledge, AlarmStatus::kActive, AlarmStatus::kAcknowledged, kEveryone},
    {AlarmAction::kFalseAlarm, AlarmStatus::kActive, AlarmStatus::kFalseAlarm, kStaff},
    {AlarmAction::kFalseAlarm, AlarmStatus::kAcknowledged, AlarmStatus::kFalseAlarm, kStaff},
    {AlarmAction::kResolve, AlarmStatus::kActive, AlarmStatus::kResolved, kStaff},
    {AlarmAction::kResolve, AlarmStatus::kAcknowledged, AlarmStatus::kResolved, kStaff},
    {AlarmAction::kConvert, AlarmStatus::kActive, AlarmStatus::kResolved, kStaff},
    {AlarmAction::kConvert, AlarmStatus::kAcknowledged, AlarmStatus::kResolved, kStaff},
};

constexpr std::array<std::pair<AlarmKind, std::string_view>, 4> kKinds = {{{AlarmKind::kFire, "fire"},
                                                                           {AlarmKind::kFault, "fault"},
                                                                           {AlarmKind::kOffline, "offline"},
                                                                           {AlarmKind::kOther, "other"}}};
constexpr std::array<std::pair<AlarmStatus, std::string_view>, 4> kStatuses = {
    {{AlarmStatus::kActive, "active"},
     {AlarmStatus::kAcknowledged, "acknowledged"},
     {AlarmStatus::kFalseAlarm, "false_alarm"},
     {AlarmStatus::kResolved, "resolved"}}};
constexpr std::array<std::pair<AlarmAction, std::string_view>, 4> kActions = {
    {{AlarmAction::kAcknowledge, "acknowledge"},
     {AlarmAction::kFalseAlarm, "false_alarm"},
     {AlarmAction::kResolve, "resolve"},
     {AlarmAction::kConvert, "convert"}}};
constexpr std::array<std::pair<SignalEvent, std::string_view>, 5> kEvents = {{{SignalEvent::kFire, "fire"},
                                                                              {SignalEvent::kFault, "fault"},
                                                                              {SignalEvent::kClear, "clear"},
                                                                              {SignalEvent::kHeartbeat, "heartbeat"},
                                                                              {SignalEvent::kOther, "other"}}};

template <class E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "";
}
template <class E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
    for (const auto& [v, n] : table)
        if (n == name) return v;
    return std::nullopt;
}

Role AsTableRole(Role role) { return role == Role::kAdmin ? Role::kTown : role; }

std::string_view StatusLabelZh(AlarmStatus s) {
    switch (s) {
        case AlarmStatus::kActive:
            return "未处理";
        case AlarmStatus::kAcknowledged:
            return "已确认";
        case AlarmStatus::kFalseAlarm:
            return "误报";
        case AlarmStatus::kResolved:
            return "已处置";
    }
    return "";
}

}  // namespace

std::string_view KindName(AlarmKind kind) { return NameOf(kKinds, kind); }
std::string_view StatusName(AlarmStatus status) { return NameOf(kStatuses, status); }
std::string_view ActionName(AlarmAction action) { return NameOf(kActions, action); }
std::optional<AlarmKind> ParseKind(std::string_view name) { return Parse(kKinds, name); }
std::optional<AlarmStatus> ParseStatus(std::string_view name) { return Parse(kStatuses, name); }
std::optional<AlarmAction> ParseAction(std::string_view name) { return Parse(kActions, name); }
std::optional<SignalEvent> ParseSignalEvent(std::string_view name) { return Parse(kEvents, name); }
std::string_view SignalEventName(SignalEvent event) { return NameOf(kEvents, event); }

bool IsOpen(AlarmStatus status) { return status == AlarmStatus::kActive || status == AlarmStatus::kAcknowledged; }

Result<AlarmTransition> DecideAction(AlarmStatus status, Role role, std::string_view action_name) {
    const std::optional<AlarmAction> action = ParseAction(action_name);
    if (!action) {
        return Invalid("action", {"操作必须是 acknowledge、false_alarm、resolve、convert 之一",
                                  "action must be one of acknowledge, false_alarm, resolve, convert"});
    }
    const Rule* rule = nullptr;
    for (const Rule& r : kAlarmRules)
        if (r.action == *action && r.from == status) rule = &r;
    if (rule == nullptr) {
        return Fail(Error{Code::kConflict,
                          "invalid_transition",
                          {std::string("当前状态“") + std::string(StatusLabelZh(status)) + "”不能执行此操作",
                           std::string("Action '") + std::string(ActionName(*action)) +
                               "' is not possible from status '" + std::string(StatusName(status)) + "'"},
                          {},
                          std::string(ActionName(*action)) + " from " + std::string(StatusName(status))});
    }
    if ((rule->who & Bit(AsTableRole(role))) == 0) return Forbidden();
    AlarmTransition t;
    t.action = *action;
    t.from = status;
    t.to = rule->to;
    t.opens_hazard = *action == AlarmAction::kConvert;
    t.closes = *action != AlarmAction::kAcknowledge;
    return t;
}

std::vector<AlarmAction> AllowedActions(AlarmStatus status, Role role) {
    std::vector<AlarmAction> out;
    for (const Rule& r : kAlarmRules)
        if (r.from == status && (r.who & Bit(AsTableRole(role))) != 0) out.push_back(r.action);
    return out;
}

std::string ComponentKey(const std::optional<Component>& c) {
    if (!c) return "";
    return std::to_string(c->system_type) + "." + std::to_string(c->system_address) + "." +
           std::to_string(c->component_type) + "." + std::to_string(c->component_address);
}

SignalEffect EffectOf(const Signal& signal) {
    SignalEffect e;
    e.component_key = ComponentKey(signal.component);
    switch (signal.event) {
        case SignalEvent::kFire:
            e.raise = AlarmKind::kFire;
            if (signal.component) e.component_state = "fire";
            break;
        case SignalEvent::kFault:
            e.raise = AlarmKind::kFault;
            if (signal.component) e.component_state = "fault";
            break;
        case SignalEvent::kClear:
            e.clear = {AlarmKind::kFire, AlarmKind::kFault};
            // A device-level clear ("nothing is wrong") speaks for all of its components.
            e.clear_whole_device = !signal.component;
            if (signal.component) e.component_state = "normal";
            break;
        case SignalEvent::kHeartbeat:
        case SignalEvent::kOther:
            break;
    }
    return e;
}

std::string_view DeviceStateFrom(bool fire_reported, bool fault_reported) {
    if (fire_reported) return "fire";
    if (fault_reported) return "fault";
    return "normal";
}

}  // namespace safegrid::alarm
