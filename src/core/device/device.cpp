#include "core/device/device.hpp"

#include <algorithm>

#include "core/region/text.hpp"

namespace safegrid::device {
namespace {

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool IsDeviceKind(std::string_view kind) { return OneOf(kDeviceKinds, kind); }
bool IsDeviceProtocol(std::string_view protocol) { return OneOf(kDeviceProtocols, protocol); }
bool IsDeviceState(std::string_view state) { return OneOf(kDeviceStates, state); }

void CheckDevice(Validation& v, const DeviceFields& d) {
    if (!IsDeviceKind(d.kind)) {
        v.Add("kind",
              {"设备类型应为 smoke_detector、electrical_fire、fire_panel、gas_detector、water_pressure 或 other",
               "The kind must be smoke_detector, electrical_fire, fire_panel, gas_detector, water_pressure "
               "or other"});
    }
    CheckText(v, "serial", d.serial, kMaxDeviceSerial, true);
    // The serial is a topic segment for MQTT devices: a wildcard or a level separator would make one
    // device's topic match another's.
    // CheckText lets tab and newline through (free text); a serial is one token on a label.
    const bool control = std::any_of(d.serial.begin(), d.serial.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 || b == 0x7f;
    });
    if (control || d.serial.find_first_of("/+#") != std::string::npos) {
        v.Add("serial", {"序列号不能包含 / + # 或控制字符", "The serial must not contain / + # or control characters"});
    }
    if (!IsDeviceProtocol(d.protocol)) {
        v.Add("protocol", {"协议应为 gb26875 或 mqtt", "The protocol must be gb26875 or mqtt"});
        return;  // unit_address's rule depends on the protocol
    }
    if (d.protocol == "gb26875") {
        if (!d.unit_address) {
            v.Add("unit_address", {"GB26875 设备必须填写用户信息传输装置地址", "Required for a gb26875 device"});
        } else if (*d.unit_address < 0 || *d.unit_address > kMaxUnitAddress) {
            v.Add("unit_address", {"地址应在 0 到 281474976710655（6 字节）之间",
                                   "The address must be between 0 and 281474976710655 (6 bytes)"});
        }
    } else if (d.unit_address) {
        v.Add("unit_address", {"MQTT 设备没有传输装置地址", "An mqtt device has no unit address"});
    }
}

}  // namespace safegrid::device
