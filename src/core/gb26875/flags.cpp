#include "core/gb26875/flags.hpp"

#include <array>

namespace safegrid::gb26875 {
namespace {

constexpr std::array kSystemState = {
    Flag{0, "normal_run", "正常运行", "normal running"},
    Flag{1, "fire", "火警", "fire alarm"},
    Flag{2, "fault", "故障", "fault"},
    Flag{3, "disabled", "屏蔽", "disabled"},
    Flag{4, "supervisory", "监管", "supervisory"},
    Flag{5, "started", "启动", "started"},
    Flag{6, "feedback", "反馈", "feedback"},
    Flag{7, "delay", "延时", "delay"},
    Flag{8, "main_power_fault", "主电故障", "main power fault"},
    Flag{9, "backup_power_fault", "备电故障", "backup power fault"},
    Flag{10, "bus_fault", "总线故障", "bus fault"},
    Flag{11, "manual_mode", "手动状态", "manual mode"},
    Flag{12, "config_changed", "配置改变", "configuration changed"},
    Flag{13, "reset", "复位", "reset"},
};

// Bits 0–7 as the system state; bit 8 is the component's power supply.
constexpr std::array kComponentState = {
    kSystemState[0], kSystemState[1], kSystemState[2],
    kSystemState[3], kSystemState[4], kSystemState[5],
    kSystemState[6], kSystemState[7], Flag{8, "power_fault", "电源故障", "power fault"},
};

constexpr std::array kUitdState = {
    Flag{0, "normal_monitor", "正常监视", "normal monitoring"},
    Flag{1, "fire", "火警", "fire alarm"},
    Flag{2, "fault", "故障", "fault"},
    Flag{3, "main_power_fault", "主电故障", "main power fault"},
    Flag{4, "backup_power_fault", "备电故障", "backup power fault"},
    Flag{5, "link_fault", "与监控中心通信信道故障", "link to the centre failed"},
    Flag{6, "line_fault", "监测连接线路故障", "monitoring line fault"},
};

constexpr std::array kFacilityOperation = {
    Flag{0, "reset", "复位", "reset"},
    Flag{1, "silence", "消音", "silence"},
    Flag{2, "manual_alarm", "手动报警", "manual alarm"},
    Flag{3, "alarm_cleared", "警情消除", "alarm cleared"},
    Flag{4, "self_test", "自检", "self-test"},
    Flag{5, "acknowledge", "确认", "acknowledge"},
    Flag{6, "test", "测试", "test"},
};

constexpr std::array kUitdOperation = {
    kFacilityOperation[0], kFacilityOperation[1], kFacilityOperation[2],
    kFacilityOperation[3], kFacilityOperation[4], Flag{5, "patrol_answer", "查岗应答", "patrol answer"},
    kFacilityOperation[6],
};

}  // namespace

std::span<const Flag> Flags(FlagField field) {
    switch (field) {
        case FlagField::kSystemState:
            return kSystemState;
        case FlagField::kComponentState:
            return kComponentState;
        case FlagField::kUitdState:
            return kUitdState;
        case FlagField::kFacilityOperation:
            return kFacilityOperation;
        case FlagField::kUitdOperation:
            return kUitdOperation;
    }
    return {};
}

std::vector<std::string_view> SetFlagNames(FlagField field, uint16_t value) {
    std::vector<std::string_view> names;
    for (const Flag& f : Flags(field)) {
        if ((value >> f.bit) & 1U) names.push_back(f.name);
    }
    return names;
}

bool HasFlag(FlagField field, uint16_t value, std::string_view name) {
    for (const Flag& f : Flags(field)) {
        if (f.name == name) return ((value >> f.bit) & 1U) != 0;
    }
    return false;
}

}  // namespace safegrid::gb26875
