#include "core/gb26875/code_tables.hpp"

#include <algorithm>
#include <array>
#include <span>

namespace safegrid::gb26875 {
namespace {

constexpr std::array kSystemTypes = {
    CodeName{0, "通用", "generic"},
    CodeName{1, "火灾报警系统", "fire alarm system"},
    CodeName{10, "消防联动控制器", "fire linkage controller"},
    CodeName{11, "消火栓系统", "hydrant system"},
    CodeName{12, "自动喷水灭火系统", "automatic sprinkler system"},
    CodeName{13, "气体灭火系统", "gas extinguishing system"},
    CodeName{14, "水喷雾灭火系统（泵启动方式）", "water-spray system (pump-started)"},
    CodeName{15, "水喷雾灭火系统（压力容器启动方式）", "water-spray system (pressure-vessel-started)"},
    CodeName{16, "泡沫灭火系统", "foam system"},
    CodeName{17, "干粉灭火系统", "dry-powder system"},
    CodeName{18, "防烟排烟系统", "smoke control and exhaust system"},
    CodeName{19, "防火门及卷帘系统", "fire door and shutter system"},
    CodeName{20, "消防电梯", "fire elevator"},
    CodeName{21, "消防应急广播", "emergency broadcast"},
    CodeName{22, "消防应急照明和疏散指示系统", "emergency lighting and evacuation signs"},
    CodeName{23, "消防电源", "fire power supply"},
    CodeName{24, "消防电话", "fire telephone"},
};

constexpr std::array kComponentTypes = {
    CodeName{0, "通用", "generic"},
    CodeName{1, "火灾报警控制器", "fire alarm control panel"},
    CodeName{10, "可燃气体探测器", "combustible-gas detector"},
    CodeName{11, "点型可燃气体探测器", "point gas detector"},
    CodeName{12, "独立式可燃气体探测器", "stand-alone gas detector"},
    CodeName{13, "线型可燃气体探测器", "line gas detector"},
    CodeName{16, "电气火灾监控报警器", "electrical-fire monitoring alarm unit"},
    CodeName{17, "剩余电流式电气火灾监控探测器", "residual-current electrical-fire detector"},
    CodeName{18, "测温式电气火灾监控探测器", "temperature electrical-fire detector"},
    CodeName{21, "探测回路", "detection loop"},
    CodeName{22, "火灾显示盘", "fire display panel"},
    CodeName{23, "手动火灾报警按钮", "manual call point"},
    CodeName{24, "消火栓按钮", "hydrant button"},
    CodeName{25, "火灾探测器", "fire detector"},
    CodeName{30, "感温火灾探测器", "heat detector"},
    CodeName{31, "点型感温火灾探测器", "point heat detector"},
    CodeName{32, "点型感温火灾探测器（S型）", "point heat detector (S)"},
    CodeName{33, "点型感温火灾探测器（R型）", "point heat detector (R)"},
    CodeName{34, "线型感温火灾探测器", "line heat detector"},
    CodeName{35, "线型感温火灾探测器（S型）", "line heat detector (S)"},
    CodeName{36, "线型感温火灾探测器（R型）", "line heat detector (R)"},
    CodeName{37, "光纤感温火灾探测器", "fibre-optic heat detector"},
    CodeName{40, "感烟火灾探测器", "smoke detector"},
    CodeName{41, "点型离子感烟火灾探测器", "point ionisation smoke detector"},
    CodeName{42, "点型光电感烟火灾探测器", "point photoelectric smoke detector"},
    CodeName{43, "线型光束感烟火灾探测器", "beam smoke detector"},
    CodeName{44, "吸气式感烟火灾探测器", "aspirating smoke detector"},
    CodeName{50, "复合式火灾探测器", "multi-sensor detector"},
    CodeName{51, "复合式感烟感温火灾探测器", "smoke and heat detector"},
    CodeName{52, "复合式感光感温火灾探测器", "flame and heat detector"},
    CodeName{53, "复合式感光感烟火灾探测器", "flame and smoke detector"},
    CodeName{61, "紫外火焰探测器", "UV flame detector"},
    CodeName{62, "红外火焰探测器", "IR flame detector"},
    CodeName{69, "感光火灾探测器", "optical flame detector"},
    CodeName{74, "气体探测器", "gas detector"},
    CodeName{78, "图像摄像方式火灾探测器", "video fire detector"},
    CodeName{79, "感声火灾探测器", "acoustic fire detector"},
    CodeName{81, "气体灭火控制器", "gas extinguishing controller"},
    CodeName{82, "消防电气控制装置", "fire electrical control device"},
    CodeName{83, "消防控制室图形显示装置", "control-room graphic display"},
    CodeName{84, "模块", "module"},
    CodeName{85, "输入模块", "input module"},
    CodeName{86, "输出模块", "output module"},
    CodeName{87, "输入/输出模块", "input/output module"},
    CodeName{88, "中继模块", "relay module"},
    CodeName{91, "消防水泵", "fire pump"},
    CodeName{92, "消防水箱", "fire water tank"},
    CodeName{95, "喷淋泵", "sprinkler pump"},
    CodeName{96, "水流指示器", "water-flow indicator"},
    CodeName{97, "信号阀", "signal valve"},
    CodeName{98, "报警阀", "alarm valve"},
    CodeName{99, "压力开关", "pressure switch"},
    CodeName{101, "阀驱动装置", "valve actuator"},
    CodeName{102, "防火门", "fire door"},
    CodeName{103, "防火阀", "fire damper"},
    CodeName{104, "通风空调", "ventilation and air conditioning"},
    CodeName{105, "泡沫液泵", "foam pump"},
    CodeName{106, "管网电磁阀", "pipe-network solenoid valve"},
    CodeName{111, "防烟排烟风机", "smoke control fan"},
    CodeName{113, "排烟防火阀", "smoke-exhaust fire damper"},
    CodeName{114, "常闭送风口", "normally-closed air inlet"},
    CodeName{115, "排烟口", "smoke outlet"},
    CodeName{116, "电控挡烟垂壁", "electric smoke curtain"},
    CodeName{117, "防火卷帘控制器", "fire shutter controller"},
    CodeName{118, "防火门监控器", "fire-door monitor"},
    CodeName{121, "警报装置", "alarm sounder"},
};

// Resolutions per GB26875.md §8.3 (kPa is 0.1 kPa: the transcription's "MPa" there is an erratum).
constexpr std::array kAnalogTypes = {
    AnalogType{1, "事件计数", "件", 1, 0, 32000},   AnalogType{2, "高度", "m", 0.01, 0, 320},
    AnalogType{3, "温度", "°C", 0.1, -273, 3200},   AnalogType{4, "压力", "MPa", 0.1, 0, 3200},
    AnalogType{5, "压力", "kPa", 0.1, 0, 3200},     AnalogType{6, "气体浓度", "%LEL", 0.1, 0, 100},
    AnalogType{7, "时间", "s", 1, 0, 32000},        AnalogType{8, "电压", "V", 0.1, 0, 3200},
    AnalogType{9, "电流", "A", 0.1, 0, 3200},       AnalogType{10, "流量", "L/s", 0.1, 0, 3200},
    AnalogType{11, "风量", "m³/min", 0.1, 0, 3200}, AnalogType{12, "风速", "m/s", 1, 0, 20},
};

template <class T>
const T* Find(std::span<const T> table, uint8_t code) {
    const auto it = std::find_if(table.begin(), table.end(), [code](const T& e) { return e.code == code; });
    return it == table.end() ? nullptr : &*it;
}

}  // namespace

const CodeName* SystemTypeName(uint8_t code) { return Find<CodeName>(kSystemTypes, code); }
const CodeName* ComponentTypeName(uint8_t code) { return Find<CodeName>(kComponentTypes, code); }
const AnalogType* FindAnalogType(uint8_t code) { return Find<AnalogType>(kAnalogTypes, code); }

std::optional<double> AnalogEngineeringValue(uint8_t analog_type, int16_t raw) {
    const AnalogType* t = FindAnalogType(analog_type);
    if (t == nullptr) return std::nullopt;
    return raw * t->resolution;
}

}  // namespace safegrid::gb26875
