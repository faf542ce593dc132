#include "core/gb26875/object_codec.hpp"

#include <algorithm>
#include <variant>

namespace safegrid::gb26875 {
namespace {

constexpr std::size_t kDescriptionSize = 31;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

template <class T>
constexpr std::size_t IndexOf() {
    return Object(T{}).index();
}

void Put(std::string& out, uint8_t v) { out.push_back(static_cast<char>(v)); }
void Put16(std::string& out, uint16_t v) {
    Put(out, static_cast<uint8_t>(v & 0xFF));
    Put(out, static_cast<uint8_t>(v >> 8));
}
void Put(std::string& out, const ComponentAddress& a) {
    for (uint8_t b : a.bytes) Put(out, b);
}
void Put(std::string& out, const TimeLabel& t) { AppendTimeLabel(out, t); }
// A fixed 31-byte description: longer text is cut (at a byte: the caller gives GB 18030 that fits),
// shorter is padded with NUL as most panels do.
void PutDescription(std::string& out, const std::string& text) {
    const std::size_t n = std::min(text.size(), kDescriptionSize);
    out.append(text, 0, n);
    out.append(kDescriptionSize - n, '\0');
}
// A length-prefixed text (types 6, 26): at most 255 bytes.
void PutText(std::string& out, const std::string& text) {
    const std::size_t n = std::min<std::size_t>(text.size(), 255);
    Put(out, static_cast<uint8_t>(n));
    out.append(text, 0, n);
}

}  // namespace

uint32_t ComponentAddress::Value() const {
    return static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
           (static_cast<uint32_t>(bytes[2]) << 16) | (static_cast<uint32_t>(bytes[3]) << 24);
}
uint16_t ComponentAddress::Low() const { return static_cast<uint16_t>(bytes[0] | (bytes[1] << 8)); }
uint16_t ComponentAddress::High() const { return static_cast<uint16_t>(bytes[2] | (bytes[3] << 8)); }

uint8_t ByteReader::U8() {
    if (at_ >= bytes_.size()) {
        ok_ = false;
        return 0;
    }
    return static_cast<uint8_t>(bytes_[at_++]);
}

uint16_t ByteReader::U16() {
    const uint8_t lo = U8();
    return static_cast<uint16_t>(lo | (U8() << 8));
}

std::string_view ByteReader::Bytes(std::size_t n) {
    if (n > Left()) {
        ok_ = false;
        at_ = bytes_.size();
        return {};
    }
    const std::string_view out = bytes_.substr(at_, n);
    at_ += n;
    return out;
}

TimeLabel ByteReader::Time() {
    const std::string_view b = Bytes(kTimeLabelSize);
    return b.size() == kTimeLabelSize ? ReadTimeLabel(b) : TimeLabel{};
}

ComponentAddress ByteReader::Address() {
    ComponentAddress a;
    for (auto& b : a.bytes) b = U8();
    return a;
}

std::size_t AlternativeOf(uint8_t type) {
    switch (type) {
        case 1:
            return IndexOf<SystemState>();
        case 2:
            return IndexOf<ComponentState>();
        case 3:
            return IndexOf<AnalogValue>();
        case 4:
            return IndexOf<FacilityOperation>();
        case 5:
            return IndexOf<FacilitySoftwareVersion>();
        case 6:
            return IndexOf<SystemConfiguration>();
        case 7:
            return IndexOf<ComponentConfiguration>();
        case 8:
            return IndexOf<FacilityTime>();
        case 21:
            return IndexOf<UitdState>();
        case 24:
            return IndexOf<UitdOperation>();
        case 25:
            return IndexOf<UitdSoftwareVersion>();
        case 26:
            return IndexOf<UitdConfiguration>();
        case 28:
            return IndexOf<UitdTime>();
        case 61:
        case 65:
        case 66:
        case 68:
            return IndexOf<SystemQuery>();
        case 62:
        case 63:
        case 67:
            return IndexOf<ComponentQuery>();
        case 64:
            return IndexOf<FacilityRecordQuery>();
        case 84:
            return IndexOf<UitdRecordQuery>();
        case 81:
        case 85:
        case 86:
        case 88:
        case 89:
            return IndexOf<Reserved>();
        case 90:
            return IndexOf<ClockSync>();
        case 91:
            return IndexOf<PatrolCheck>();
        default:
            return std::variant_npos;
    }
}

Object ReadObject(uint8_t type, ByteReader& r) {
    switch (type) {
        case 1:
            return SystemState{r.U8(), r.U8(), r.U16(), r.Time()};
        case 2: {
            ComponentState o{r.U8(), r.U8(), r.U8(), r.Address(), r.U16(), {}, {}};
            o.description = std::string(r.Bytes(kDescriptionSize));
            o.time = r.Time();
            return o;
        }
        case 3: {
            AnalogValue o{r.U8(), r.U8(), r.U8(), r.Address(), r.U8(), 0, {}};
            o.raw_value = static_cast<int16_t>(r.U16());  // two's complement, LE
            o.time = r.Time();
            return o;
        }
        case 4:
            return FacilityOperation{r.U8(), r.U8(), r.U8(), r.U8(), r.Time()};
        case 5:
            return FacilitySoftwareVersion{r.U8(), r.U8(), r.U8(), r.U8()};
        case 6: {
            SystemConfiguration o{r.U8(), r.U8(), {}};
            o.text = std::string(r.Bytes(r.U8()));
            return o;
        }
        case 7: {
            ComponentConfiguration o{r.U8(), r.U8(), r.U8(), r.Address(), {}};
            o.description = std::string(r.Bytes(kDescriptionSize));
            return o;
        }
        case 8:
            return FacilityTime{r.U8(), r.U8(), r.Time()};
        case 21:
            return UitdState{r.U8(), r.Time()};
        case 24:
            return UitdOperation{r.U8(), r.U8(), r.Time()};
        case 25:
            return UitdSoftwareVersion{r.U8(), r.U8()};
        case 26:
            return UitdConfiguration{std::string(r.Bytes(r.U8()))};
        case 28:
            return UitdTime{r.Time()};
        case 62:
        case 63:
        case 67:
            return ComponentQuery{r.U8(), r.U8(), r.Address()};
        case 64:
            return FacilityRecordQuery{r.U8(), r.U8(), r.U8(), r.Time()};
        case 84:
            return UitdRecordQuery{r.U8(), r.Time()};
        case 90:
            return ClockSync{r.Time()};
        case 91:
            return PatrolCheck{r.U8()};
        default:
            break;
    }
    if (AlternativeOf(type) == IndexOf<SystemQuery>()) return SystemQuery{r.U8(), r.U8()};
    return Reserved{r.U8()};
}

void WriteObject(std::string& out, const Object& object) {
    std::visit(
        Overloaded{
            [&](const SystemState& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put16(out, o.state), Put(out, o.time);
            },
            [&](const ComponentState& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.component_type);
                Put(out, o.component_address), Put16(out, o.state);
                PutDescription(out, o.description), Put(out, o.time);
            },
            [&](const AnalogValue& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.component_type);
                Put(out, o.component_address), Put(out, o.analog_type);
                Put16(out, static_cast<uint16_t>(o.raw_value)), Put(out, o.time);
            },
            [&](const FacilityOperation& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.operation);
                Put(out, o.operator_number), Put(out, o.time);
            },
            [&](const FacilitySoftwareVersion& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.major), Put(out, o.minor);
            },
            [&](const SystemConfiguration& o) {
                Put(out, o.system_type), Put(out, o.system_address), PutText(out, o.text);
            },
            [&](const ComponentConfiguration& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.component_type);
                Put(out, o.component_address), PutDescription(out, o.description);
            },
            [&](const FacilityTime& o) { Put(out, o.system_type), Put(out, o.system_address), Put(out, o.time); },
            [&](const UitdState& o) { Put(out, o.state), Put(out, o.time); },
            [&](const UitdOperation& o) { Put(out, o.operation), Put(out, o.operator_number), Put(out, o.time); },
            [&](const UitdSoftwareVersion& o) { Put(out, o.major), Put(out, o.minor); },
            [&](const UitdConfiguration& o) { PutText(out, o.text); },
            [&](const UitdTime& o) { Put(out, o.time); },
            [&](const SystemQuery& o) { Put(out, o.system_type), Put(out, o.system_address); },
            [&](const ComponentQuery& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.component_address);
            },
            [&](const FacilityRecordQuery& o) {
                Put(out, o.system_type), Put(out, o.system_address), Put(out, o.record_count);
                Put(out, o.start);
            },
            [&](const UitdRecordQuery& o) { Put(out, o.record_count), Put(out, o.start); },
            [&](const Reserved& o) { Put(out, o.value); },
            [&](const ClockSync& o) { Put(out, o.centre_time); },
            [&](const PatrolCheck& o) { Put(out, o.answer_timeout_minutes); },
        },
        object);
}

}  // namespace safegrid::gb26875
