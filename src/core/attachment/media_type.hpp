// The file types evidence may have (CONTRACT "Attachments": image/jpeg, image/png, image/webp,
// application/pdf) and the magic-byte check that the bytes really are what the Content-Type says.
//
// Why sniff at all: an attachment is served back to browsers with its stored type. A file that
// claims image/png but holds HTML or script must never be stored, or a download link becomes a
// cross-site-scripting vector; and a type we cannot name cannot be shown on the hazard page.
//
// Pure functions on byte strings; they read only inside the view they are given. Thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace safegrid::attachment {

enum class MediaType { kJpeg, kPng, kWebp, kPdf };

// "image/jpeg", "image/png", "image/webp", "application/pdf".
std::string_view MediaTypeName(MediaType type);

// A Content-Type header value → the type it names. Parameters (";charset=...") are ignored, case
// and surrounding blanks too. Anything else (image/gif, text/html, "") → nullopt (415).
std::optional<MediaType> ParseMediaType(std::string_view content_type);

// The type the leading bytes announce, or nullopt when they announce none of ours:
//   JPEG  FF D8 FF
//   PNG   89 50 4E 47 0D 0A 1A 0A
//   WebP  "RIFF" <4-byte size> "WEBP"
//   PDF   "%PDF-"
std::optional<MediaType> SniffMediaType(std::string_view bytes);

// True when `bytes` start with the magic of `type`.
bool ContentMatches(MediaType type, std::string_view bytes);

}  // namespace safegrid::attachment
