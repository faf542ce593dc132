// One GB/T 26875.3-2011 frame: the 25-byte control unit (header), the application data unit (ADU)
// and the checksum, as docs/gb26875.md and the team's protocol summary (GB26875.md §2–§3) describe.
//
//   @@ | serial 2 LE | version main 1, user 1 | time label 6 | source 6 LE | destination 6 LE
//      | ADU length L 2 LE (≤ 1024) | command 1 | ADU L | checksum 1 | ##        (30 + L bytes)
//
// The checksum is the plain sum, mod 256, of every byte from the serial through the last ADU byte.
// This file reads one frame at the start of a buffer and writes one; the stream framer
// (framer.hpp) finds frames in a byte stream, adu.hpp reads the ADU.
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "core/error.hpp"
#include "core/gb26875/time_label.hpp"

namespace safegrid::gb26875 {

inline constexpr std::size_t kHeaderSize = 27;  // "@@" + the 25-byte control unit
inline constexpr std::size_t kOverhead = 30;    // header + checksum + "##"
inline constexpr std::size_t kMaxAduSize = 1024;
inline constexpr std::size_t kMaxFrameSize = kOverhead + kMaxAduSize;  // 1054

// Command byte (offset 26). 7..127 and 0 are reserved: a frame carrying one is refused.
enum class Command : uint8_t {
    kControl = 1,
    kSendData = 2,
    kConfirm = 3,
    kRequest = 4,
    kResponse = 5,
    kDeny = 6,
};
// 1..6 or a user-defined value (128..255), which vendors use (heartbeat 0x80, file transfer).
bool IsKnownCommand(uint8_t command);
// "control", "send_data", "confirm", "request", "response", "deny", "user_defined" or "reserved".
std::string_view CommandName(uint8_t command);

// A 6-byte source/destination address, kept as sent (the standard gives it no structure). The
// unit's number is the little-endian 48-bit integer (CONTRACT "Devices and alarms").
struct Address {
    std::array<uint8_t, 6> bytes{};

    [[nodiscard]] uint64_t Value() const;
    static Address FromValue(uint64_t value);  // the low 48 bits
    friend bool operator==(const Address&, const Address&) = default;
};

struct Header {
    uint16_t serial = 0;  // business serial number, echoed by the replier
    uint8_t version_main = 1;
    uint8_t version_user = 1;
    TimeLabel time;  // when the sender sent the frame (its own clock)
    Address source;
    Address destination;
    uint16_t adu_length = 0;
    uint8_t command = 0;
};

struct Frame {
    Header header;
    std::string adu;  // header.adu_length bytes; empty for confirm/deny and heartbeats
    uint8_t checksum = 0;

    [[nodiscard]] std::size_t Size() const { return kOverhead + adu.size(); }
};

// Why bytes are not a frame. The names are the ones GB26875.md's test vectors use.
enum class FrameFault : uint8_t {
    kBadStart,        // not "@@"
    kIncomplete,      // fewer bytes than the length field asks for (a stream waits for more)
    kAduTooLong,      // L > 1024, refused before waiting for L bytes
    kBadEnd,          // no "##" where the length puts it
    kBadChecksum,     // delimited, but the sum does not match
    kUnknownCommand,  // delimited and summed, but the command byte is reserved
};
std::string_view FrameFaultName(FrameFault fault);  // "bad_start", "incomplete", ...

// Sum mod 256 of `bytes`: the checksum of serial..last ADU byte.
uint8_t Checksum(std::string_view bytes);

// Reads the control unit at bytes[2..26]; needs at least kHeaderSize bytes and does not look at
// the start mark.
Header ReadHeader(std::string_view bytes);

// Reads the frame that starts at bytes[0]; bytes after its end are ignored (Frame::Size says how
// many it used). Checks, in this order: start, length ≤ 1024, enough bytes, end, checksum, command.
tl::expected<Frame, FrameFault> ReadFrame(std::string_view bytes);

// ReadFrame with the fault as a core Error (kMalformed, id "gb26875_<fault name>") for callers that
// report it to people.
Result<Frame> DecodeFrame(std::string_view bytes);

// Writes a frame: adu_length and the checksum are computed from `adu` (which must be ≤ 1024 bytes;
// longer is a programming error and yields an empty string).
std::string EncodeFrame(const Header& header, std::string_view adu);

}  // namespace safegrid::gb26875
