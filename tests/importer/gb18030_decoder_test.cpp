#include "importer/gb18030_decoder.hpp"

#include <gtest/gtest.h>

namespace safegrid::importer {
namespace {

TEST(Gb18030Decoder, DecodesTwoAndFourByteCharacters) {
    const IconvGb18030Decoder decoder;
    EXPECT_EQ(decoder
                  .ToUtf8("\xd6\xf7\xbb\xfa"
                          "A")
                  .value(),
              "主机A");
    // A four-byte GB 18030 sequence (outside GBK): U+0080.
    EXPECT_EQ(decoder.ToUtf8("\x81\x30\x81\x30").value(), "\xc2\x80");
}

TEST(Gb18030Decoder, RefusesBytesThatAreNotGb18030) {
    const IconvGb18030Decoder decoder;
    EXPECT_FALSE(decoder.ToUtf8("\xff\xff"));
    EXPECT_FALSE(decoder.ToUtf8("\xd6"));  // cut in the middle of a character
}

}  // namespace
}  // namespace safegrid::importer
