#include "core/attachment/media_type.hpp"

#include <array>
#include <cctype>
#include <string>

#include "core/text/trim.hpp"

namespace safegrid::attachment {
namespace {

struct Known {
    MediaType type;
    std::string_view name;
};

constexpr std::array<Known, 4> kKnown = {{{MediaType::kJpeg, "image/jpeg"},
                                          {MediaType::kPng, "image/png"},
                                          {MediaType::kWebp, "image/webp"},
                                          {MediaType::kPdf, "application/pdf"}}};

bool StartsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view MediaTypeName(MediaType type) {
    for (const Known& k : kKnown)
        if (k.type == type) return k.name;
    return "application/octet-stream";
}

std::optional<MediaType> ParseMediaType(std::string_view content_type) {
    content_type = content_type.substr(0, content_type.find(';'));
    content_type = TrimWhitespace(content_type);
    if (content_type.size() > 64) return std::nullopt;
    std::string lower(content_type);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const Known& k : kKnown)
        if (lower == k.name) return k.type;
    return std::nullopt;
}

std::optional<MediaType> SniffMediaType(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (StartsWith(bytes, "\xFF\xD8\xFF"sv)) return MediaType::kJpeg;
    if (StartsWith(bytes, "\x89PNG\r\n\x1A\n"sv)) return MediaType::kPng;
    if (bytes.size() >= 12 && StartsWith(bytes, "RIFF"sv) && bytes.substr(8, 4) == "WEBP"sv) return MediaType::kWebp;
    if (StartsWith(bytes, "%PDF-"sv)) return MediaType::kPdf;
    return std::nullopt;
}

bool ContentMatches(MediaType type, std::string_view bytes) { return SniffMediaType(bytes) == type; }

}  // namespace safegrid::attachment
