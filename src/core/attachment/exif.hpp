// When and where a photo was taken, from the EXIF block of a JPEG (an APP1 segment holding a TIFF
// structure: CIPA DC-008 / JEITA CP-3451). Inspectors' phones write it; the hazard page shows it as
// evidence that a "before" photo really was taken at the enterprise, before the deadline.
//
// Read: DateTimeOriginal (tag 0x9003 in the Exif IFD) → taken_at, with OffsetTimeOriginal (0x9011)
// when present, else China time (UTC+8: the product's phones; EXIF 2.2 has no zone at all); and
// GPSLatitude/GPSLongitude with their N/S, E/W references (GPS IFD) → lat, lng in degrees.
// A field that is absent, malformed or out of range is left empty; the rest is still read.
// (0, 0) is dropped: phones without a fix write zeros, and nobody inspects in the Gulf of Guinea.
//
// The input is hostile (anyone may upload): every offset and count is checked against the
// buffer before it is read, IFD chains are not followed (only IFD0 → Exif IFD and GPS IFD, fixed
// depth), entry counts are capped, and arithmetic is done in 64 bits so nothing wraps. Fuzzed by
// tests/fuzz/attachment_sniff_fuzz.cpp.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace safegrid::attachment {

struct PhotoMetadata {
    std::optional<UnixSeconds> taken_at;
    std::optional<double> lat;
    std::optional<double> lng;
};

// Walks the JPEG's segments up to the start of scan and reads the first APP1 "Exif\0\0" segment.
// Anything that is not a JPEG, or has no EXIF, yields an empty result.
PhotoMetadata ReadJpegMetadata(std::string_view jpeg);

// Reads a TIFF structure ("II*\0" or "MM\0*" header), i.e. the body of an EXIF segment.
PhotoMetadata ReadTiffMetadata(std::string_view tiff);

}  // namespace safegrid::attachment
