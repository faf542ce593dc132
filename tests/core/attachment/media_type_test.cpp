#include "core/attachment/media_type.hpp"

#include <gtest/gtest.h>

#include <string>

namespace safegrid::attachment {
namespace {

using namespace std::string_literals;

const std::string kJpeg = "\xFF\xD8\xFF\xE0rest"s;
const std::string kPng = "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR"s;
const std::string kWebp = "RIFF\x24\0\0\0WEBPVP8 "s;
const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s;

TEST(MediaType, ParsesTheFourContractTypesIgnoringCaseBlanksAndParameters) {
    EXPECT_EQ(ParseMediaType("image/jpeg"), MediaType::kJpeg);
    EXPECT_EQ(ParseMediaType(" Image/PNG ; charset=binary"), MediaType::kPng);
    EXPECT_EQ(ParseMediaType("image/webp"), MediaType::kWebp);
    EXPECT_EQ(ParseMediaType("application/pdf;"), MediaType::kPdf);
    for (const char* other : {"", "image/gif", "image/jpg", "text/html", "application/json", "image/svg+xml",
                              "application/octet-stream", "image/jpeg2", "imagejpeg"}) {
        EXPECT_FALSE(ParseMediaType(other)) << other;
    }
    EXPECT_FALSE(ParseMediaType(std::string(100000, 'a')));
}

TEST(MediaType, NamesRoundTrip) {
    for (MediaType t : {MediaType::kJpeg, MediaType::kPng, MediaType::kWebp, MediaType::kPdf}) {
        EXPECT_EQ(ParseMediaType(MediaTypeName(t)), t);
    }
}

TEST(MediaType, SniffsTheMagicBytes) {
    EXPECT_EQ(SniffMediaType(kJpeg), MediaType::kJpeg);
    EXPECT_EQ(SniffMediaType(kPng), MediaType::kPng);
    EXPECT_EQ(SniffMediaType(kWebp), MediaType::kWebp);
    EXPECT_EQ(SniffMediaType(kPdf), MediaType::kPdf);
}

TEST(MediaType, RefusesLookAlikesTruncationsAndEmptyBodies) {
    for (const std::string& bad :
         {""s, "\xFF\xD8"s, "\x89PNG\r\n"s, "RIFF\0\0\0\0WAVE"s, "RIFF\0\0\0\0WEB"s, "%PDF"s, " %PDF-1.4"s,
          "<html><script>alert(1)</script>"s, "GIF89a"s, "<?xml version=\"1.0\"?><svg/>"s, "\0\xFF\xD8\xFF"s}) {
        EXPECT_FALSE(SniffMediaType(bad)) << bad;
    }
}

TEST(MediaType, ContentMustMatchTheDeclaredType) {
    EXPECT_TRUE(ContentMatches(MediaType::kJpeg, kJpeg));
    EXPECT_FALSE(ContentMatches(MediaType::kPng, kJpeg));
    EXPECT_FALSE(ContentMatches(MediaType::kPdf, kPng));
    EXPECT_FALSE(ContentMatches(MediaType::kWebp, kPdf));
    EXPECT_FALSE(ContentMatches(MediaType::kJpeg, ""));
}

}  // namespace
}  // namespace safegrid::attachment
