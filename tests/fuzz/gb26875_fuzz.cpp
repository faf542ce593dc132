// Hostile bytes from a UITD's TCP connection → the GB26875 framer and decoder, as the gateway will
// run them. The first byte picks chunk sizes, so the same stream is also cut at arbitrary points.
// Invariants: no out-of-bounds read (ASan) or undefined behaviour (UBSan); the framer never holds
// more than one maximum frame; every frame it returns is a frame (re-reading its re-encoding gives
// it back) and every standard ADU that decodes re-encodes to the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/encoder.hpp"
#include "core/gb26875/frame.hpp"
#include "core/gb26875/framer.hpp"

using namespace safegrid::gb26875;

namespace {

void CheckFrame(const Frame& frame) {
    const std::string wire = EncodeFrame(frame.header, frame.adu);
    const auto again = ReadFrame(wire);
    if (!again || again->adu != frame.adu || again->header.serial != frame.header.serial) std::abort();
    // The replies the gateway would send are frames too.
    if (!ReadFrame(EncodeConfirm(frame.header, frame.header.time))) std::abort();
    if (!ReadFrame(EncodeDeny(frame.header, frame.header.time))) std::abort();
    if (frame.adu.empty()) return;
    const auto adu = DecodeAdu(frame.adu);
    if (!adu || adu->objects.empty()) return;
    const auto bytes = EncodeAdu(adu->type, adu->objects);
    if (!bytes || *bytes != frame.adu) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 64;
    std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    // The whole input as one frame, then as a stream in chunks.
    if (auto frame = ReadFrame(bytes)) CheckFrame(*frame);
    Framer framer;
    while (!bytes.empty()) {
        const std::size_t n = std::min(chunk, bytes.size());
        const FramerOutput out = framer.Feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (framer.Pending().size() > kMaxFrameSize) std::abort();
        for (const auto& frame : out.frames) CheckFrame(frame);
    }
    return 0;
}
