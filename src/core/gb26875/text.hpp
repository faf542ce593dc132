// Text in GB/T 26875.3 frames: GB 18030-2005 bytes. Fixed 31-byte fields are padded with NUL or
// spaces and may lack a terminator; length-prefixed fields (types 6, 26) are not padded.
//
// Core does not convert GB 18030 itself (the mapping is a 20,000-entry table that glibc already
// carries): conversion goes through the Gb18030Decoder port, implemented in importer/ with iconv
// (importer/gb18030_decoder.hpp) and wired by whoever builds the gateway. ASCII needs no port.
//
// Pure functions; thread-safe as long as the decoder is.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::gb26875 {

class Gb18030Decoder {
  public:
    virtual ~Gb18030Decoder() = default;
    // UTF-8 for GB 18030 `bytes`, or an error when they are not valid GB 18030.
    [[nodiscard]] virtual Result<std::string> ToUtf8(std::string_view bytes) const = 0;
};

// A fixed field without its padding: up to the first NUL, then without trailing spaces. Neither
// 0x00 nor 0x20 is ever the second byte of a GB 18030 character, so no character is cut.
std::string TrimPadding(std::string_view field);

// `gb18030` as UTF-8: ASCII as is, anything else through `decoder`.
Result<std::string> TextToUtf8(std::string_view gb18030, const Gb18030Decoder& decoder);

}  // namespace safegrid::gb26875
