#include "platform/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <string>

namespace safegrid::platform {
namespace {

struct QrDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
    // QRcode_encodeData takes a length, so a NUL inside the text is encoded like any other byte.
    const std::string bytes(text);
    errno = 0;
    std::unique_ptr<QRcode, QrDeleter> code(QRcode_encodeData(
        static_cast<int>(bytes.size()), reinterpret_cast<const unsigned char*>(bytes.data()), 0, QR_ECLEVEL_M));
    if (!code) {
        if (errno == ERANGE || errno == EINVAL) {
            return Invalid("qr", {"内容过长，无法生成二维码", "Too long for a QR code"});
        }
        return Internal("libqrencode failed (errno " + std::to_string(errno) + ")");
    }
    QrMatrix out;
    out.size = code->width;
    out.dark.resize(static_cast<size_t>(code->width) * static_cast<size_t>(code->width));
    // libqrencode: one byte per module, its lowest bit set when the module is dark.
    for (size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = code->data[i] & 1;
    return out;
}

}  // namespace safegrid::platform
