// Finds GB/T 26875.3 frames in a TCP byte stream, whatever the chunking: a frame split over many
// reads, several frames in one read, garbage before or between frames.
//
// Frames are delimited by their length field, never by searching for "##": 0x23 and 0x40 are
// ordinary data bytes (time labels, addresses, GB18030 text). The framer hunts for "@@", reads the
// length at offset 24 and waits for 30 + L bytes, then checks the end mark, the checksum and the
// command byte (frame.hpp).
//
// Resynchronisation:
//   - bytes before a "@@" are skipped and reported once per run as kBadStart;
//   - L > 1024 (kAduTooLong) or no "##" where L puts it (kBadEnd): the length cannot be trusted, so
//     only the first byte is dropped and the hunt restarts inside the bad frame, where the real
//     next frame may begin;
//   - a bad checksum or a reserved command on a frame whose "##" sits where L says: the frame was
//     delimited, so all of it is dropped (the gateway denies it with the header's serial);
//   - an incomplete frame followed, inside the buffer, by a complete valid frame (a stray "@", or a
//     frame its sender cut off): the bytes before the valid frame are dropped as kIncomplete, so a
//     misread length cannot hold good frames back.
//
// Memory bound: the framer holds at most kMaxFrameSize (1054) bytes, whatever the peer sends. A
// buffer that full always starts a decidable frame (L ≤ 1024 is checked on the header alone), so
// it always makes progress; Feed() tops the buffer up from the input in pieces no larger than that.
// A partial frame that never completes is the caller's to time out (Reset()).
//
// Not thread-safe: one Framer per connection.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/gb26875/frame.hpp"

namespace safegrid::gb26875 {

// Bytes the framer refused. `header` is set when the control unit could be read (every fault but
// kBadStart): a deny (cmd 6) answers header->serial.
struct Rejected {
    FrameFault fault = FrameFault::kBadStart;
    std::size_t bytes = 0;  // bytes dropped: the run of garbage, the whole frame, or 1 on resync
    std::optional<Header> header;
};

struct FramerOutput {
    std::vector<Frame> frames;
    std::vector<Rejected> rejected;  // in stream order among themselves
};

class Framer {
  public:
    // Consumes all of `bytes`; returns the frames completed and the bytes refused by this call.
    FramerOutput Feed(std::string_view bytes);
    // Bytes of an incomplete frame kept for the next Feed() (≤ kMaxFrameSize).
    [[nodiscard]] std::string_view Pending() const { return buffer_; }
    // Drops a partial frame, e.g. when the peer has been silent too long mid-frame.
    void Reset() { buffer_.clear(); }

  private:
    // Takes every frame and fault off the front of buffer_; leaves an incomplete frame in it.
    void Drain(FramerOutput& out, std::size_t& garbage);

    std::string buffer_;
};

}  // namespace safegrid::gb26875
