#include "core/alarm/alarm.hpp"

#include <gtest/gtest.h>

namespace safegrid::alarm {
namespace {

constexpr Role kAllRoles[] = {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector, Role::kEnterprise};
constexpr AlarmStatus kAllStatuses[] = {AlarmStatus::kActive, AlarmStatus::kAcknowledged, AlarmStatus::kFalseAlarm,
                                        AlarmStatus::kResolved};

TEST(AlarmRules, TheTableMovesEachActionToItsStatus) {
    auto ack = DecideAction(AlarmStatus::kActive, Role::kInspector, "acknowledge");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->to, AlarmStatus::kAcknowledged);
    EXPECT_FALSE(ack->closes);
    for (AlarmStatus from : {AlarmStatus::kActive, AlarmStatus::kAcknowledged}) {
        auto f = DecideAction(from, Role::kVillage, "false_alarm");
        ASSERT_TRUE(f);
        EXPECT_EQ(f->to, AlarmStatus::kFalseAlarm);
        EXPECT_TRUE(f->closes);
        auto r = DecideAction(from, Role::kTown, "resolve");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->to, AlarmStatus::kResolved);
        EXPECT_FALSE(r->opens_hazard);
        auto c = DecideAction(from, Role::kAdmin, "convert");
        ASSERT_TRUE(c);
        EXPECT_EQ(c->to, AlarmStatus::kResolved);
        EXPECT_TRUE(c->opens_hazard);
    }
}

TEST(AlarmRules, UnknownActionThenWrongStatusThenRole) {
    auto unknown = DecideAction(AlarmStatus::kResolved, Role::kEnterprise, "close");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Code::kValidation);
    EXPECT_TRUE(unknown.error().fields.contains("action"));
    // Wrong status answers before the role: the enterprise may never resolve, but the alarm is closed.
    auto closed = DecideAction(AlarmStatus::kResolved, Role::kEnterprise, "resolve");
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().id, "invalid_transition");
    auto again = DecideAction(AlarmStatus::kAcknowledged, Role::kTown, "acknowledge");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().id, "invalid_transition");
    for (const char* a : {"false_alarm", "resolve", "convert"}) {
        auto forbidden = DecideAction(AlarmStatus::kActive, Role::kEnterprise, a);
        ASSERT_FALSE(forbidden) << a;
        EXPECT_EQ(forbidden.error().code, Code::kForbidden) << a;
    }
    EXPECT_TRUE(DecideAction(AlarmStatus::kActive, Role::kEnterprise, "acknowledge"));
}

TEST(AlarmRules, AllowedActionsAgreeWithDecideForEveryStatusAndRole) {
    for (AlarmStatus s : kAllStatuses) {
        for (Role role : kAllRoles) {
            const auto allowed = AllowedActions(s, role);
            for (AlarmAction a :
                 {AlarmAction::kAcknowledge, AlarmAction::kFalseAlarm, AlarmAction::kResolve, AlarmAction::kConvert}) {
                const bool listed = std::find(allowed.begin(), allowed.end(), a) != allowed.end();
                EXPECT_EQ(listed, DecideAction(s, role, ActionName(a)).has_value())
                    << StatusName(s) << " " << RoleName(role) << " " << ActionName(a);
            }
        }
    }
    EXPECT_TRUE(AllowedActions(AlarmStatus::kResolved, Role::kAdmin).empty());
    EXPECT_EQ(AllowedActions(AlarmStatus::kActive, Role::kEnterprise),
              std::vector<AlarmAction>{AlarmAction::kAcknowledge});
    EXPECT_EQ(AllowedActions(AlarmStatus::kAcknowledged, Role::kInspector),
              (std::vector<AlarmAction>{AlarmAction::kFalseAlarm, AlarmAction::kResolve, AlarmAction::kConvert}));
}

TEST(AlarmRules, NamesRoundTrip) {
    for (AlarmStatus s : kAllStatuses) EXPECT_EQ(ParseStatus(StatusName(s)), s);
    for (AlarmKind k : {AlarmKind::kFire, AlarmKind::kFault, AlarmKind::kOffline, AlarmKind::kOther})
        EXPECT_EQ(ParseKind(KindName(k)), k);
    EXPECT_EQ(ParseKind("smoke"), std::nullopt);
    EXPECT_EQ(ParseStatus("open"), std::nullopt);
    EXPECT_EQ(ParseSignalEvent("heartbeat"), SignalEvent::kHeartbeat);
    EXPECT_EQ(ParseSignalEvent("FIRE"), std::nullopt);
    EXPECT_TRUE(IsOpen(AlarmStatus::kAcknowledged));
    EXPECT_FALSE(IsOpen(AlarmStatus::kFalseAlarm));
}

TEST(AlarmSignals, FireAndFaultRaiseClearClearsComponentOrDevice) {
    EXPECT_EQ(ComponentKey(std::nullopt), "");
    EXPECT_EQ(ComponentKey(Component{1, 2, 21, 0x04030201}), "1.2.21.67305985");

    Signal fire{SignalEvent::kFire, 100, Component{1, 1, 21, 7}, ""};
    auto e = EffectOf(fire);
    EXPECT_EQ(e.raise, AlarmKind::kFire);
    EXPECT_EQ(e.component_key, "1.1.21.7");
    EXPECT_EQ(e.component_state, "fire");
    EXPECT_TRUE(e.clear.empty());

    auto fault = EffectOf({SignalEvent::kFault, 100, std::nullopt, ""});
    EXPECT_EQ(fault.raise, AlarmKind::kFault);
    EXPECT_EQ(fault.component_key, "");
    EXPECT_EQ(fault.component_state, std::nullopt);

    auto clear_one = EffectOf({SignalEvent::kClear, 100, Component{1, 1, 21, 7}, ""});
    EXPECT_FALSE(clear_one.raise);
    EXPECT_EQ(clear_one.clear, (std::vector<AlarmKind>{AlarmKind::kFire, AlarmKind::kFault}));
    EXPECT_FALSE(clear_one.clear_whole_device);
    EXPECT_EQ(clear_one.component_state, "normal");
    EXPECT_TRUE(EffectOf({SignalEvent::kClear, 100, std::nullopt, ""}).clear_whole_device);

    for (SignalEvent quiet : {SignalEvent::kHeartbeat, SignalEvent::kOther}) {
        auto q = EffectOf({quiet, 100, std::nullopt, "x"});
        EXPECT_FALSE(q.raise);
        EXPECT_TRUE(q.clear.empty());
    }
    EXPECT_EQ(DeviceStateFrom(true, true), "fire");
    EXPECT_EQ(DeviceStateFrom(false, true), "fault");
    EXPECT_EQ(DeviceStateFrom(false, false), "normal");
}

}  // namespace
}  // namespace safegrid::alarm
