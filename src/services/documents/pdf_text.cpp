#include "services/documents/pdf_text.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "services/documents/utf8.hpp"

namespace safegrid::services::documents {
namespace {

// One iconv handle for a whole text; GBK output is accepted only as a proper 2-byte code,
// because a lone byte ≥ 0x80 would be read as half a character by the GBK-EUC-H CMap.
class GbkEncoder {
  public:
    GbkEncoder() : cd_(iconv_open("GBK", "UTF-8")) {}
    ~GbkEncoder() {
        if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
    }
    GbkEncoder(const GbkEncoder&) = delete;
    GbkEncoder& operator=(const GbkEncoder&) = delete;

    std::optional<std::string> Encode(std::string_view utf8_char) {
        if (cd_ == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset shift state
        char in_buf[8];
        const size_t n = std::min(utf8_char.size(), sizeof in_buf);
        std::copy_n(utf8_char.data(), n, in_buf);
        char out_buf[8];
        char* in = in_buf;
        size_t in_left = n;
        char* out = out_buf;
        size_t out_left = sizeof out_buf;
        if (iconv(cd_, &in, &in_left, &out, &out_left) == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
        const size_t produced = sizeof out_buf - out_left;
        const auto lead = static_cast<unsigned char>(out_buf[0]);
        const auto trail = static_cast<unsigned char>(out_buf[1]);
        if (produced != 2 || lead < 0x81 || lead > 0xFE || trail < 0x40 || trail == 0x7F || trail > 0xFE)
            return std::nullopt;
        return std::string(out_buf, 2);
    }

  private:
    iconv_t cd_;
};

bool IsClosingPunct(const Glyph& g, GbkEncoder& enc) {
    static const std::vector<std::string> kClosing = [&] {
        std::vector<std::string> out;
        for (std::string_view p :
             {"，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "”", "’", "〕", "】"})
            if (auto b = enc.Encode(p)) out.push_back(*b);
        return out;
    }();
    if (g.ascii) return g.bytes == "," || g.bytes == "." || g.bytes == ";" || g.bytes == ":" || g.bytes == ")";
    return std::find(kClosing.begin(), kClosing.end(), g.bytes) != kClosing.end();
}

bool IsOpeningPunct(const Glyph& g, GbkEncoder& enc) {
    static const std::vector<std::string> kOpening = [&] {
        std::vector<std::string> out;
        for (std::string_view p : {"（", "《", "「", "『", "“", "‘", "〔", "【"})
            if (auto b = enc.Encode(p)) out.push_back(*b);
        return out;
    }();
    if (g.ascii) return g.bytes == "(";
    return std::find(kOpening.begin(), kOpening.end(), g.bytes) != kOpening.end();
}

bool IsSpace(const Glyph& g) { return g.ascii && g.bytes == " "; }

}  // namespace

std::vector<Glyph> ToGlyphs(std::string_view utf8, size_t max_code_points) {
    GbkEncoder enc;
    std::vector<Glyph> out;
    size_t count = 0;
    for (size_t i = 0; i < utf8.size();) {
        if (count++ == max_code_points) {
            for (Glyph& g : ToGlyphs("…（略）", 16)) out.push_back(std::move(g));
            break;
        }
        size_t len;
        const std::optional<char32_t> cp = DecodeUtf8(utf8, i, len);
        const std::string_view raw = utf8.substr(i, len);
        i += len;
        if (!cp) {
            out.push_back({"?", true, false});
        } else if (*cp == '\r' || *cp == '\n') {
            if (*cp == '\r' && i < utf8.size() && utf8[i] == '\n') ++i;
            out.push_back({"", true, true});
        } else if (*cp == '\t') {
            out.push_back({" ", true, false});
        } else if (*cp < 0x20 || *cp == 0x7F || (*cp >= 0x80 && *cp < 0xA0)) {
            continue;  // control characters draw nothing
        } else if (*cp < 0x80) {
            out.push_back({std::string(1, static_cast<char>(*cp)), true, false});
        } else if (*cp == 0x3000) {
            out.push_back({" ", true, false});  // ideographic space: breakable like a space
        } else if (auto gbk = enc.Encode(raw)) {
            out.push_back({std::move(*gbk), false, false});
        } else {
            out.push_back({"?", true, false});
        }
    }
    return out;
}

std::vector<std::vector<Glyph>> WrapGlyphs(const std::vector<Glyph>& glyphs, double max_width,
                                           const std::function<double(const Glyph&)>& width, double first_line_width) {
    GbkEncoder enc;
    std::vector<std::vector<Glyph>> lines(1);
    double w = 0;
    bool wrapped = false;  // the current line was started by wrapping, not by a hard break
    auto line_width = [&](const std::vector<Glyph>& line) {
        double sum = 0;
        for (const Glyph& g : line) sum += width(g);
        return sum;
    };
    auto start_line = [&](std::vector<Glyph> carried) {
        std::vector<Glyph>& prev = lines.back();
        while (!prev.empty() && IsSpace(prev.back())) prev.pop_back();
        w = line_width(carried);
        lines.push_back(std::move(carried));
        wrapped = true;
    };
    for (const Glyph& g : glyphs) {
        if (g.newline) {
            lines.emplace_back();
            w = 0;
            wrapped = false;
            continue;
        }
        std::vector<Glyph>& line = lines.back();
        if (wrapped && line.empty() && IsSpace(g)) continue;
        const double gw = width(g);
        const double limit = lines.size() == 1 && first_line_width > 0 ? first_line_width : max_width;
        if (line.empty() || w + gw <= limit || IsClosingPunct(g, enc)) {
            line.push_back(g);
            w += gw;
            continue;
        }
        if (IsSpace(g)) {
            start_line({});
            continue;
        }
        std::vector<Glyph> carried;
        if (g.ascii) {
            // Move the Latin word being built to the next line, unless it fills the whole line.
            size_t k = line.size();
            while (k > 0 && line[k - 1].ascii && !IsSpace(line[k - 1])) --k;
            if (k > 0 && k < line.size()) {
                carried.assign(line.begin() + static_cast<std::ptrdiff_t>(k), line.end());
                line.erase(line.begin() + static_cast<std::ptrdiff_t>(k), line.end());
            }
        }
        // An opening bracket does not end a line.
        if (carried.empty() && line.size() > 1 && IsOpeningPunct(line.back(), enc)) {
            carried.push_back(line.back());
            line.pop_back();
        }
        start_line(std::move(carried));
        lines.back().push_back(g);
        w += gw;
    }
    return lines;
}

}  // namespace safegrid::services::documents
