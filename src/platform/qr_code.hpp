// QR codes (ISO/IEC 18004) for the links printed on posters and notices, encoded by libqrencode
// (Debian libqrencode-dev). This module only computes the module matrix; drawing it is the
// caller's (services/documents/pdf_doc.hpp draws filled squares into a PDF).
//
// The text is encoded as 8-bit bytes (a URL is ASCII; anything else stays as its UTF-8 bytes), the
// smallest version that holds it at error-correction level M (15 % of the code may be damaged or
// dirty and it still reads: a poster on a factory wall). The matrix has no quiet zone; readers need
// kQrQuietZone light modules around it.
//
// Thread-safety: EncodeQr is reentrant (Debian builds libqrencode thread-safe).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace safegrid::platform {

inline constexpr int kQrQuietZone = 4;  // light modules a reader needs on every side

struct QrMatrix {
    int size = 0;               // modules per side: 17 + 4 × version
    std::vector<uint8_t> dark;  // size × size, row by row from the top; 1 = dark
    [[nodiscard]] bool Dark(int x, int y) const { return dark[static_cast<size_t>(y * size + x)] != 0; }
    [[nodiscard]] int Version() const { return (size - 17) / 4; }
};

// kValidation (field "qr") when the text does not fit a version-40 code (about 2,300 bytes at M);
// kInternal when libqrencode fails otherwise (out of memory).
Result<QrMatrix> EncodeQr(std::string_view text);

}  // namespace safegrid::platform
