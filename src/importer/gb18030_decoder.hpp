// The GB 18030 → UTF-8 conversion the GB26875 codec needs (core/gb26875/text.hpp names it as a
// port so core stays free of iconv), done by the importer's glibc iconv conversion.
//
// Thread-safety: stateless; each call opens its own iconv descriptor.
#pragma once

#include "core/gb26875/text.hpp"

namespace safegrid::importer {

class IconvGb18030Decoder final : public gb26875::Gb18030Decoder {
  public:
    [[nodiscard]] Result<std::string> ToUtf8(std::string_view bytes) const override;
};

}  // namespace safegrid::importer
