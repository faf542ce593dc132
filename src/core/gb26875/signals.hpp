// What an upload frame means to the platform: the SIGNALS of services/device_inbox.hpp, the inbox
// dedupe key and the time the unit dated it (issue9-shared.md "Device messages → inbox").
//
//   system state (type 1), component state (type 2) → "fire" when the fire bit is set, else "fault"
//     when the fault bit is set, else "clear"; a system state is the component (type 0, address 0)
//     of its system, as device_components stores it;
//   any other object → "other" with a short detail (its type and set flags);
//   a frame with no state objects (an empty heartbeat, a UITD state, a time) → also "heartbeat",
//     so the processor counts it as contact.
// Whether a frame is accepted at all (Classify) is decided here too, so the gateway and its tests
// share one rule: a reserved ADU type (not in the standard, below 128) or objects that do not fill
// the ADU exactly are denied (the unit's data is wrong; it retries and then gives up, which its
// own log shows); user-defined types 128–255 are confirmed and kept raw (GB26875.md §10).
//
// Time labels carry no zone; units use Beijing time (UTC+8, no daylight saving), so the label is
// read as UTC+8. A label that is not a real date falls back to the time the centre received it.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/frame.hpp"
#include "core/time.hpp"

namespace safegrid::gb26875 {

inline constexpr int64_t kUnitUtcOffsetSeconds = 8 * 3600;

// The label as an instant (read as UTC+8); nullopt when it is not a real date.
std::optional<UnixSeconds> LabelToUnix(const TimeLabel& label);
// The UTC+8 civil time of `t` as a label (years 2000–2099; outside that, year is clamped).
TimeLabel UnixToLabel(UnixSeconds t);

// "<serial>@<the frame's time label as 12 hex digits>": the 2-byte serial wraps, the label pins it.
std::string DedupeKey(const Header& header);

struct ComponentRef {
    uint8_t system_type = 0;
    uint8_t system_address = 0;
    uint8_t component_type = 0;
    uint32_t component_address = 0;  // the 4 address bytes as one little-endian uint32
};

struct Signal {
    std::string event;  // fire | fault | clear | heartbeat | other
    UnixSeconds at = 0;
    std::optional<ComponentRef> component;
    std::string detail;  // empty: none
};

enum class Verdict : uint8_t {
    kUpload,  // store it, then confirm
    kReply,   // a unit's confirm or deny of a centre command: match it to the command's serial
    kDeny,    // deny it with its serial
};

struct Classified {
    Verdict verdict = Verdict::kDeny;
    std::string reason;  // for a deny: a metric label ("reserved_type", "adu_inconsistent", "unit_command")
    Adu adu;             // the decoded ADU of an upload (type 0, no objects, when the ADU is empty)
};

// cmd 2 and 5 and user-defined commands are uploads; 3 and 6 are replies; 1 and 4 are the centre's
// commands and are denied when a unit sends them.
Classified Classify(const Frame& frame);

// The signals of an upload (Classify said kUpload); `received_at` dates objects whose label is not
// a real date. Never empty.
std::vector<Signal> FrameSignals(const Frame& frame, const Adu& adu, UnixSeconds received_at);

// The frame's time label as an instant, or `received_at` when the label is not a real date.
UnixSeconds OccurredAt(const Header& header, UnixSeconds received_at);

// True when the signals are only proof of life (a single "heartbeat").
bool IsHeartbeatOnly(const std::vector<Signal>& signals);

}  // namespace safegrid::gb26875
