#include "importer/gb18030_decoder.hpp"

#include "importer/encoding.hpp"

namespace safegrid::importer {

Result<std::string> IconvGb18030Decoder::ToUtf8(std::string_view bytes) const {
    return ConvertToUtf8(bytes, Encoding::kGb18030);
}

}  // namespace safegrid::importer
