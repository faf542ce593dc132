#include "core/gb26875/signals.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <variant>

#include "core/gb26875/flags.hpp"

namespace safegrid::gb26875 {
namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t year;
    unsigned month;
    unsigned day;
};

Civil CivilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

std::string Detail(std::string_view what, FlagField field, uint16_t value) {
    std::string out(what);
    for (std::string_view name : SetFlagNames(field, value)) {
        out += out.size() == what.size() ? ": " : ",";
        out += name;
    }
    return out;
}

UnixSeconds At(const TimeLabel& label, UnixSeconds fallback) { return LabelToUnix(label).value_or(fallback); }

Signal StateSignal(uint16_t state, FlagField field, ComponentRef ref, UnixSeconds at) {
    Signal s;
    s.event = HasFlag(field, state, "fire") ? "fire" : HasFlag(field, state, "fault") ? "fault" : "clear";
    s.at = at;
    s.component = ref;
    return s;
}

Signal Other(std::string detail, UnixSeconds at) { return Signal{"other", at, std::nullopt, std::move(detail)}; }

}  // namespace

std::optional<UnixSeconds> LabelToUnix(const TimeLabel& label) {
    if (!label.Valid()) return std::nullopt;
    const int64_t days = DaysFromCivil(label.FullYear(), label.month, label.day);
    return days * 86400 + label.hour * 3600 + label.minute * 60 + label.second - kUnitUtcOffsetSeconds;
}

TimeLabel UnixToLabel(UnixSeconds t) {
    const int64_t local = t + kUnitUtcOffsetSeconds;
    int64_t days = local / 86400;
    int64_t secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        days -= 1;
    }
    const Civil c = CivilFromDays(days);
    TimeLabel l;
    l.second = static_cast<uint8_t>(secs % 60);
    l.minute = static_cast<uint8_t>(secs / 60 % 60);
    l.hour = static_cast<uint8_t>(secs / 3600);
    l.day = static_cast<uint8_t>(c.day);
    l.month = static_cast<uint8_t>(c.month);
    const int64_t year = c.year < 2000 ? 0 : (c.year > 2099 ? 99 : c.year - 2000);
    l.year = static_cast<uint8_t>(year);
    return l;
}

std::string DedupeKey(const Header& h) {
    const TimeLabel& t = h.time;
    return fmt::format("{}@{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}", h.serial, t.second, t.minute, t.hour, t.day, t.month,
                       t.year);
}

Classified Classify(const Frame& frame) {
    Classified out;
    const uint8_t command = frame.header.command;
    if (command == static_cast<uint8_t>(Command::kConfirm) || command == static_cast<uint8_t>(Command::kDeny)) {
        out.verdict = Verdict::kReply;
        return out;
    }
    if (command == static_cast<uint8_t>(Command::kControl) || command == static_cast<uint8_t>(Command::kRequest)) {
        out.reason = "unit_command";
        return out;
    }
    if (frame.adu.empty()) {
        out.verdict = Verdict::kUpload;
        return out;
    }
    auto adu = DecodeAdu(frame.adu);
    if (!adu) {
        out.reason = "adu_inconsistent";
        return out;
    }
    if (FindType(adu->type) == nullptr && adu->type < 128) {
        out.reason = "reserved_type";
        return out;
    }
    out.verdict = Verdict::kUpload;
    out.adu = std::move(*adu);
    return out;
}

std::vector<Signal> FrameSignals(const Frame& frame, const Adu& adu, UnixSeconds received_at) {
    const UnixSeconds frame_at = OccurredAt(frame.header, received_at);
    std::vector<Signal> out;
    bool state = false;
    for (const Object& object : adu.objects) {
        std::visit(
            [&](const auto& o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, SystemState>) {
                    state = true;
                    out.push_back(StateSignal(o.state, FlagField::kSystemState,
                                              ComponentRef{o.system_type, o.system_address, 0, 0},
                                              At(o.time, frame_at)));
                } else if constexpr (std::is_same_v<T, ComponentState>) {
                    state = true;
                    out.push_back(StateSignal(
                        o.state, FlagField::kComponentState,
                        ComponentRef{o.system_type, o.system_address, o.component_type, o.component_address.Value()},
                        At(o.time, frame_at)));
                } else if constexpr (std::is_same_v<T, FacilityOperation>) {
                    out.push_back(
                        Other(Detail("operation", FlagField::kFacilityOperation, o.operation), At(o.time, frame_at)));
                } else if constexpr (std::is_same_v<T, UitdOperation>) {
                    out.push_back(
                        Other(Detail("uitd_operation", FlagField::kUitdOperation, o.operation), At(o.time, frame_at)));
                } else if constexpr (std::is_same_v<T, UitdState>) {
                    out.push_back(Other(Detail("uitd_state", FlagField::kUitdState, o.state), At(o.time, frame_at)));
                }
            },
            object);
    }
    // Types kept only as contact (analog values, versions, configuration, clocks, vendor types)
    // name themselves once rather than once per object.
    if (out.empty() && !frame.adu.empty()) out.push_back(Other(fmt::format("type {}", adu.type), frame_at));
    if (!state) out.push_back(Signal{"heartbeat", frame_at, std::nullopt, {}});
    return out;
}

UnixSeconds OccurredAt(const Header& header, UnixSeconds received_at) { return At(header.time, received_at); }

bool IsHeartbeatOnly(const std::vector<Signal>& signals) {
    return signals.size() == 1 && signals.front().event == "heartbeat";
}

}  // namespace safegrid::gb26875
