#include "core/gb26875/frame.hpp"

#include <fmt/format.h>

namespace safegrid::gb26875 {
namespace {

uint8_t U8(std::string_view b, std::size_t i) { return static_cast<uint8_t>(b[i]); }
uint16_t U16(std::string_view b, std::size_t i) { return static_cast<uint16_t>(U8(b, i) | (U8(b, i + 1) << 8)); }

Address ReadAddress(std::string_view b, std::size_t at) {
    Address a;
    for (std::size_t i = 0; i < a.bytes.size(); ++i) a.bytes[i] = U8(b, at + i);
    return a;
}

void AppendU16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}

}  // namespace

bool IsKnownCommand(uint8_t command) { return (command >= 1 && command <= 6) || command >= 128; }

std::string_view CommandName(uint8_t command) {
    switch (command) {
        case 1:
            return "control";
        case 2:
            return "send_data";
        case 3:
            return "confirm";
        case 4:
            return "request";
        case 5:
            return "response";
        case 6:
            return "deny";
        default:
            return command >= 128 ? "user_defined" : "reserved";
    }
}

uint64_t Address::Value() const {
    uint64_t v = 0;
    for (std::size_t i = bytes.size(); i-- > 0;) v = (v << 8) | bytes[i];
    return v;
}

Address Address::FromValue(uint64_t value) {
    Address a;
    for (auto& b : a.bytes) {
        b = static_cast<uint8_t>(value & 0xFF);
        value >>= 8;
    }
    return a;
}

std::string_view FrameFaultName(FrameFault fault) {
    switch (fault) {
        case FrameFault::kBadStart:
            return "bad_start";
        case FrameFault::kIncomplete:
            return "incomplete";
        case FrameFault::kAduTooLong:
            return "adu_too_long";
        case FrameFault::kBadEnd:
            return "bad_end";
        case FrameFault::kBadChecksum:
            return "bad_checksum";
        case FrameFault::kUnknownCommand:
            return "unknown_command";
    }
    return "unknown";
}

uint8_t Checksum(std::string_view bytes) {
    unsigned sum = 0;
    for (char c : bytes) sum += static_cast<uint8_t>(c);
    return static_cast<uint8_t>(sum & 0xFF);
}

Header ReadHeader(std::string_view b) {
    Header h;
    h.serial = U16(b, 2);
    h.version_main = U8(b, 4);
    h.version_user = U8(b, 5);
    h.time = ReadTimeLabel(b.substr(6));
    h.source = ReadAddress(b, 12);
    h.destination = ReadAddress(b, 18);
    h.adu_length = U16(b, 24);
    h.command = U8(b, 26);
    return h;
}

tl::expected<Frame, FrameFault> ReadFrame(std::string_view b) {
    // The start mark is judged on the bytes present, so "@A…" fails at once and "@" alone waits.
    if ((!b.empty() && b[0] != '@') || (b.size() > 1 && b[1] != '@')) return tl::unexpected(FrameFault::kBadStart);
    if (b.size() < kHeaderSize) return tl::unexpected(FrameFault::kIncomplete);
    const std::size_t length = U16(b, 24);
    // Refused before the body arrives: a peer cannot make us wait for (or buffer) 64 KiB.
    if (length > kMaxAduSize) return tl::unexpected(FrameFault::kAduTooLong);
    const std::size_t size = kOverhead + length;
    if (b.size() < size) return tl::unexpected(FrameFault::kIncomplete);
    if (b[size - 2] != '#' || b[size - 1] != '#') return tl::unexpected(FrameFault::kBadEnd);
    const uint8_t sum = U8(b, size - 3);
    if (Checksum(b.substr(2, 25 + length)) != sum) return tl::unexpected(FrameFault::kBadChecksum);
    Frame f;
    f.header = ReadHeader(b);
    if (!IsKnownCommand(f.header.command)) return tl::unexpected(FrameFault::kUnknownCommand);
    f.adu = std::string(b.substr(kHeaderSize, length));
    f.checksum = sum;
    return f;
}

Result<Frame> DecodeFrame(std::string_view bytes) {
    auto frame = ReadFrame(bytes);
    if (frame) return std::move(*frame);
    const std::string_view name = FrameFaultName(frame.error());
    return Malformed({fmt::format("GB26875 报文无效（{}）", name), fmt::format("Invalid GB26875 frame ({})", name)},
                     fmt::format("gb26875_{}", name));
}

std::string EncodeFrame(const Header& h, std::string_view adu) {
    if (adu.size() > kMaxAduSize) return {};
    std::string out = "@@";
    out.reserve(kOverhead + adu.size());
    AppendU16(out, h.serial);
    out.push_back(static_cast<char>(h.version_main));
    out.push_back(static_cast<char>(h.version_user));
    AppendTimeLabel(out, h.time);
    for (uint8_t v : h.source.bytes) out.push_back(static_cast<char>(v));
    for (uint8_t v : h.destination.bytes) out.push_back(static_cast<char>(v));
    AppendU16(out, static_cast<uint16_t>(adu.size()));
    out.push_back(static_cast<char>(h.command));
    out.append(adu);
    out.push_back(static_cast<char>(Checksum(std::string_view(out).substr(2))));
    out.append("##");
    return out;
}

}  // namespace safegrid::gb26875
