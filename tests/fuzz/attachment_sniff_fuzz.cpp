// Untrusted upload bytes → what POST /api/v1/attachments does with them before storing anything:
// the magic-byte sniffing against every declared type, and the EXIF reader on the whole input (as
// a JPEG) and on the input as a bare TIFF structure. Neither may read outside the buffer (ASan),
// hit undefined behaviour (UBSan), or return a position off the globe.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/attachment/exif.hpp"
#include "core/attachment/media_type.hpp"

using namespace safegrid::attachment;

namespace {

void Check(const PhotoMetadata& m) {
    if (m.lat && !(std::abs(*m.lat) <= 90.0)) std::abort();
    if (m.lng && !(std::abs(*m.lng) <= 180.0)) std::abort();
    if (m.lat.has_value() != m.lng.has_value()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto sniffed = SniffMediaType(bytes);
    for (MediaType type : {MediaType::kJpeg, MediaType::kPng, MediaType::kWebp, MediaType::kPdf}) {
        if (ContentMatches(type, bytes) != (sniffed == type)) std::abort();
    }
    // The same bytes as a Content-Type header value.
    if (auto parsed = ParseMediaType(bytes); parsed && ParseMediaType(MediaTypeName(*parsed)) != parsed) std::abort();
    Check(ReadJpegMetadata(bytes));
    Check(ReadTiffMetadata(bytes));
    return 0;
}
