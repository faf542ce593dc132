#include "importer/encoding.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

const char* IconvName(Encoding e) {
    switch (e) {
        case Encoding::kUtf16Le:
            return "UTF-16LE";
        case Encoding::kUtf16Be:
            return "UTF-16BE";
        case Encoding::kGb18030:
            return "GB18030";
        case Encoding::kUtf8:
        case Encoding::kUtf8Bom:
            return "UTF-8";
    }
    return "UTF-8";
}

// Owns an iconv descriptor so every return path closes it.
class IconvHandle {
  public:
    IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
    ~IconvHandle() {
        if (Ok()) iconv_close(cd_);
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    [[nodiscard]] bool Ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
    [[nodiscard]] iconv_t Get() const { return cd_; }

  private:
    iconv_t cd_;
};

Error BadEncoding(std::string_view bytes, std::size_t offset, Encoding from) {
    // Line numbers are only meaningful where '\n' is one byte that never appears inside a
    // character: true for UTF-8 and GB18030, not for UTF-16.
    const bool byte_lines = from != Encoding::kUtf16Le && from != Encoding::kUtf16Be;
    const long line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    std::string zh =
        byte_lines ? fmt::format("第 {} 行附近（字节偏移 {}）", line, offset) : fmt::format("字节偏移 {} 处", offset);
    std::string en = byte_lines ? fmt::format("near line {} (byte offset {})", line, offset)
                                : fmt::format("at byte offset {}", offset);
    const bool utf16 = !byte_lines;
    Error e = ImportError(Code::kMalformed, "import_bad_encoding", -1, -1,
                          utf16 ? fmt::format("文件编码有误：{}有无效的 UTF-16 字符。请另存为“CSV UTF-8”格式", zh)
                                : fmt::format("无法识别文件编码：{}的内容既不是 UTF-8 也不是 GBK/GB18030。"
                                              "请另存为“CSV UTF-8”格式",
                                              zh),
                          utf16 ? fmt::format("Invalid UTF-16 {}. Save the file as \"CSV UTF-8\"", en)
                                : fmt::format("Unknown text encoding: the bytes {} are neither UTF-8 nor "
                                              "GBK/GB18030. Save the file as \"CSV UTF-8\"",
                                              en));
    e.internal = fmt::format("iconv from {} failed at offset {}", IconvName(from), offset);
    return e;
}

}  // namespace

std::string_view EncodingName(Encoding e) {
    switch (e) {
        case Encoding::kUtf8:
            return "UTF-8";
        case Encoding::kUtf8Bom:
            return "UTF-8 (BOM)";
        case Encoding::kUtf16Le:
            return "UTF-16LE";
        case Encoding::kUtf16Be:
            return "UTF-16BE";
        case Encoding::kGb18030:
            return "GB18030";
    }
    return "?";
}

Encoding DetectEncoding(std::string_view bytes) {
    if (bytes.starts_with(kUtf8Bom)) return Encoding::kUtf8Bom;
    if (bytes.starts_with(kUtf16LeBom)) return Encoding::kUtf16Le;
    if (bytes.starts_with(kUtf16BeBom)) return Encoding::kUtf16Be;
    return IsValidUtf8(bytes) ? Encoding::kUtf8 : Encoding::kGb18030;
}

Result<std::string> ConvertToUtf8(std::string_view bytes, Encoding from) {
    // The BOM is skipped here rather than by the caller so error offsets count from the file's start.
    std::size_t start = 0;
    if (from == Encoding::kUtf8Bom && bytes.starts_with(kUtf8Bom)) start = kUtf8Bom.size();
    if (from == Encoding::kUtf16Le && bytes.starts_with(kUtf16LeBom)) start = 2;
    if (from == Encoding::kUtf16Be && bytes.starts_with(kUtf16BeBom)) start = 2;
    if (from == Encoding::kUtf8 || from == Encoding::kUtf8Bom) {
        std::size_t bad = 0;
        if (!IsValidUtf8(bytes.substr(start), &bad)) return Fail(BadEncoding(bytes, start + bad, from));
        return std::string(bytes.substr(start));
    }
    IconvHandle cd("UTF-8", IconvName(from));
    if (!cd.Ok()) return Internal(fmt::format("iconv_open({}): {}", IconvName(from), std::strerror(errno)));

    // Every source character of these encodings takes at most 1.5 times its size in UTF-8, so one
    // allocation normally suffices; E2BIG below grows the buffer anyway, to stay correct if not.
    std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data() + start);  // iconv's signature is not const-correct
    std::size_t in_left = bytes.size() - start;
    std::size_t used = 0;
    while (in_left > 0) {
        char* out_ptr = out.data() + used;
        std::size_t out_left = out.size() - used;
        const std::size_t rc = iconv(cd.Get(), &in_ptr, &in_left, &out_ptr, &out_left);
        used = out.size() - out_left;
        if (rc != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        // EILSEQ (invalid sequence) or EINVAL (input ends mid-character).
        return Fail(BadEncoding(bytes, static_cast<std::size_t>(in_ptr - bytes.data()), from));
    }
    out.resize(used);
    return out;
}

Result<std::string> DecodeText(std::string_view bytes) {
    const Encoding enc = DetectEncoding(bytes);
    if (enc == Encoding::kUtf8) return std::string(bytes);  // DetectEncoding has validated it
    return ConvertToUtf8(bytes, enc);
}

}  // namespace safegrid::importer
