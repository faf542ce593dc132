#include "core/gb26875/framer.hpp"

#include <algorithm>

namespace safegrid::gb26875 {
namespace {

// Where a frame may start: the first "@@", or a lone "@" as the last byte (its pair may come in the
// next read).
std::size_t FindStart(std::string_view b) {
    for (std::size_t i = b.find('@'); i != std::string_view::npos; i = b.find('@', i + 1)) {
        if (i + 1 == b.size() || b[i + 1] == '@') return i;
    }
    return b.size();
}

// The offset (> 0) of the first complete, valid frame after b[0], or 0 when there is none.
std::size_t CompleteFrameAfterStart(std::string_view b) {
    for (std::size_t at = 1; at + kOverhead <= b.size(); ++at) {
        at += FindStart(b.substr(at));
        if (at + kOverhead <= b.size() && ReadFrame(b.substr(at))) return at;
    }
    return 0;
}

void FlushGarbage(FramerOutput& out, std::size_t& garbage) {
    if (garbage == 0) return;
    out.rejected.push_back({FrameFault::kBadStart, garbage, std::nullopt});
    garbage = 0;
}

}  // namespace

void Framer::Drain(FramerOutput& out, std::size_t& garbage) {
    while (!buffer_.empty()) {
        const std::size_t start = FindStart(buffer_);
        if (start > 0) {
            garbage += start;
            buffer_.erase(0, start);
            continue;
        }
        auto frame = ReadFrame(buffer_);
        if (frame) {
            FlushGarbage(out, garbage);
            buffer_.erase(0, frame->Size());
            out.frames.push_back(std::move(*frame));
            continue;
        }
        const FrameFault fault = frame.error();
        if (fault == FrameFault::kIncomplete) {
            // A stray "@" or a frame cut off by its sender reads a length from the wrong bytes and
            // would hold back the frames behind it until that many bytes arrive. A complete, summed
            // frame further on proves the bytes before it are not a frame: give them up.
            const std::size_t next = CompleteFrameAfterStart(buffer_);
            if (next == 0) return;
            FlushGarbage(out, garbage);
            std::optional<Header> header;
            if (buffer_.size() >= kHeaderSize) header = ReadHeader(buffer_);
            out.rejected.push_back({FrameFault::kIncomplete, next, header});
            buffer_.erase(0, next);
            continue;
        }
        FlushGarbage(out, garbage);
        const bool delimited = fault == FrameFault::kBadChecksum || fault == FrameFault::kUnknownCommand;
        const std::size_t drop = delimited ? kOverhead + ReadHeader(buffer_).adu_length : 1;
        out.rejected.push_back({fault, drop, ReadHeader(buffer_)});
        buffer_.erase(0, drop);
    }
}

FramerOutput Framer::Feed(std::string_view bytes) {
    FramerOutput out;
    std::size_t garbage = 0;
    do {
        const std::size_t take = std::min(kMaxFrameSize - buffer_.size(), bytes.size());
        buffer_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        Drain(out, garbage);
    } while (!bytes.empty());
    FlushGarbage(out, garbage);
    return out;
}

}  // namespace safegrid::gb26875
