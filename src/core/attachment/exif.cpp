#include "core/attachment/exif.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace safegrid::attachment {
namespace {

using namespace std::string_view_literals;

// Tags (CIPA DC-008-2019 §4.6).
constexpr uint16_t kExifIfdPointer = 0x8769;
constexpr uint16_t kGpsIfdPointer = 0x8825;
constexpr uint16_t kDateTimeOriginal = 0x9003;
constexpr uint16_t kOffsetTimeOriginal = 0x9011;
constexpr uint16_t kGpsLatitudeRef = 0x0001;
constexpr uint16_t kGpsLatitude = 0x0002;
constexpr uint16_t kGpsLongitudeRef = 0x0003;
constexpr uint16_t kGpsLongitude = 0x0004;
// Field types.
constexpr uint16_t kAscii = 2;
constexpr uint16_t kLong = 4;
constexpr uint16_t kRational = 5;
constexpr uint16_t kIfd = 13;
// Real IFDs hold a few dozen entries; a hostile count must not make us walk 65535 of them.
constexpr uint32_t kMaxEntries = 512;
constexpr UnixSeconds kEarliestPhoto = 0;  // 1970: anything earlier is a camera's unset clock

unsigned char Byte(std::string_view s, size_t i) { return static_cast<unsigned char>(s[i]); }

uint64_t TypeSize(uint16_t type) {
    switch (type) {
        case 1:
        case 2:
        case 6:
        case 7:
            return 1;  // BYTE, ASCII, SBYTE, UNDEFINED
        case 3:
        case 8:
            return 2;  // SHORT, SSHORT
        case 4:
        case 9:
        case 11:
        case 13:
            return 4;  // LONG, SLONG, FLOAT, IFD
        case 5:
        case 10:
        case 12:
            return 8;  // RATIONAL, SRATIONAL, DOUBLE
        default:
            return 0;
    }
}

struct Entry {
    uint16_t tag = 0;
    uint16_t type = 0;
    uint64_t count = 0;
    uint64_t value_offset = 0;  // where the value's bytes start; checked to lie inside the buffer
};

// Bounds-checked reads of a TIFF structure in its own byte order. Every read returns nullopt
// instead of touching a byte outside `data_`.
class Tiff {
  public:
    explicit Tiff(std::string_view data) : data_(data) {}

    bool ReadHeader() {
        if (data_.size() < 8) return false;
        if (data_.substr(0, 2) == "II"sv) {
            little_ = true;
        } else if (data_.substr(0, 2) == "MM"sv) {
            little_ = false;
        } else {
            return false;
        }
        return U16(2) == 42;
    }

    [[nodiscard]] std::optional<uint32_t> FirstIfd() const { return U32(4); }

    [[nodiscard]] std::optional<uint16_t> U16(uint64_t off) const {
        if (!Fits(off, 2)) return std::nullopt;
        const auto a = Byte(data_, off), b = Byte(data_, off + 1);
        return static_cast<uint16_t>(little_ ? (b << 8) | a : (a << 8) | b);
    }
    [[nodiscard]] std::optional<uint32_t> U32(uint64_t off) const {
        if (!Fits(off, 4)) return std::nullopt;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const uint32_t byte = Byte(data_, off + (little_ ? 3 - i : i));
            v = (v << 8) | byte;
        }
        return v;
    }

    // The complete, well-typed entries of the IFD at `off`; a truncated table yields the entries
    // that fit, an entry whose value lies outside the buffer is skipped.
    [[nodiscard]] std::vector<Entry> Ifd(uint64_t off) const {
        std::vector<Entry> out;
        auto count = U16(off);
        if (!count) return out;
        const uint32_t n = std::min<uint32_t>(*count, kMaxEntries);
        for (uint32_t i = 0; i < n; ++i) {
            const uint64_t at = off + 2 + uint64_t{12} * i;
            auto tag = U16(at), type = U16(at + 2);
            auto cnt = U32(at + 4);
            if (!tag || !type || !cnt) break;
            const uint64_t size = TypeSize(*type) * *cnt;  // ≤ 8 * (2^32 - 1): no overflow in 64 bits
            if (size == 0) continue;
            Entry e{*tag, *type, *cnt, at + 8};
            if (size > 4) {
                auto pointed = U32(at + 8);
                if (!pointed) continue;
                e.value_offset = *pointed;
            }
            if (!Fits(e.value_offset, size)) continue;
            out.push_back(e);
        }
        return out;
    }

    // An ASCII value up to its first NUL.
    [[nodiscard]] std::optional<std::string_view> Ascii(const Entry& e) const {
        if (e.type != kAscii) return std::nullopt;
        std::string_view s = data_.substr(e.value_offset, e.count);
        return s.substr(0, s.find('\0'));
    }

    // The i-th unsigned rational of a RATIONAL entry; nullopt for a zero denominator.
    [[nodiscard]] std::optional<double> Rational(const Entry& e, uint64_t i) const {
        if (e.type != kRational || i >= e.count) return std::nullopt;
        auto num = U32(e.value_offset + 8 * i), den = U32(e.value_offset + 8 * i + 4);
        if (!num || !den || *den == 0) return std::nullopt;
        return static_cast<double>(*num) / static_cast<double>(*den);
    }

    // The offset an IFD pointer entry (LONG or IFD, count 1) names.
    [[nodiscard]] std::optional<uint32_t> Pointer(const Entry& e) const {
        if ((e.type != kLong && e.type != kIfd) || e.count != 1) return std::nullopt;
        return U32(e.value_offset);
    }

  private:
    [[nodiscard]] bool Fits(uint64_t off, uint64_t len) const {
        return off <= data_.size() && len <= data_.size() - off;
    }

    std::string_view data_;
    bool little_ = true;
};

const Entry* Find(const std::vector<Entry>& entries, uint16_t tag) {
    for (const Entry& e : entries)
        if (e.tag == tag) return &e;
    return nullptr;
}

bool IsDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "2026:11:29 19:31:14" (+ "+08:00" from OffsetTimeOriginal, else China time) → Unix seconds.
std::optional<UnixSeconds> ParseExifTime(std::string_view when, std::string_view offset) {
    if (when.size() != 19 || when[4] != ':' || when[7] != ':' || when[10] != ' ' || when[13] != ':' ||
        when[16] != ':') {
        return std::nullopt;
    }
    for (size_t i : {0u, 5u, 8u, 11u, 14u, 17u}) {
        if (!IsDigits(when.substr(i, i == 0 ? 4 : 2))) return std::nullopt;
    }
    const bool offset_ok = offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') &&
                           IsDigits(offset.substr(1, 2)) && offset[3] == ':' && IsDigits(offset.substr(4, 2));
    std::string rfc(when);
    rfc[4] = rfc[7] = '-';
    rfc[10] = 'T';
    rfc += offset_ok ? std::string(offset) : std::string("+08:00");
    auto t = ParseRfc3339(rfc);
    if (!t || *t < kEarliestPhoto) return std::nullopt;
    return t;
}

// Degrees from the three rationals (degrees, minutes, seconds) and the hemisphere reference.
std::optional<double> Coordinate(const Tiff& tiff, const std::vector<Entry>& gps, uint16_t value_tag, uint16_t ref_tag,
                                 char positive, char negative, double limit) {
    const Entry* value = Find(gps, value_tag);
    const Entry* ref = Find(gps, ref_tag);
    if (!value || !ref) return std::nullopt;
    auto hemisphere = tiff.Ascii(*ref);
    if (!hemisphere || hemisphere->empty() || (hemisphere->front() != positive && hemisphere->front() != negative))
        return std::nullopt;
    auto d = tiff.Rational(*value, 0), m = tiff.Rational(*value, 1), s = tiff.Rational(*value, 2);
    if (!d || !m || !s) return std::nullopt;
    double degrees = *d + *m / 60.0 + *s / 3600.0;
    if (!std::isfinite(degrees) || degrees > limit) return std::nullopt;
    return hemisphere->front() == negative ? -degrees : degrees;
}

}  // namespace

PhotoMetadata ReadTiffMetadata(std::string_view data) {
    PhotoMetadata out;
    Tiff tiff(data);
    if (!tiff.ReadHeader()) return out;
    auto first = tiff.FirstIfd();
    if (!first) return out;
    const std::vector<Entry> ifd0 = tiff.Ifd(*first);

    if (const Entry* exif_ptr = Find(ifd0, kExifIfdPointer)) {
        if (auto at = tiff.Pointer(*exif_ptr)) {
            const std::vector<Entry> exif = tiff.Ifd(*at);
            const Entry* when = Find(exif, kDateTimeOriginal);
            const Entry* zone = Find(exif, kOffsetTimeOriginal);
            auto when_text = when ? tiff.Ascii(*when) : std::nullopt;
            auto zone_text = zone ? tiff.Ascii(*zone) : std::nullopt;
            if (when_text) out.taken_at = ParseExifTime(*when_text, zone_text.value_or(""));
        }
    }
    if (const Entry* gps_ptr = Find(ifd0, kGpsIfdPointer)) {
        if (auto at = tiff.Pointer(*gps_ptr)) {
            const std::vector<Entry> gps = tiff.Ifd(*at);
            auto lat = Coordinate(tiff, gps, kGpsLatitude, kGpsLatitudeRef, 'N', 'S', 90.0);
            auto lng = Coordinate(tiff, gps, kGpsLongitude, kGpsLongitudeRef, 'E', 'W', 180.0);
            // Both or neither: half a position places nothing; (0, 0) is a phone without a fix.
            if (lat && lng && !(*lat == 0.0 && *lng == 0.0)) {
                out.lat = lat;
                out.lng = lng;
            }
        }
    }
    return out;
}

PhotoMetadata ReadJpegMetadata(std::string_view jpeg) {
    if (jpeg.size() < 4 || Byte(jpeg, 0) != 0xFF || Byte(jpeg, 1) != 0xD8) return {};
    size_t pos = 2;
    while (pos + 4 <= jpeg.size()) {
        if (Byte(jpeg, pos) != 0xFF) return {};  // lost sync: not a JPEG we understand
        const unsigned char marker = Byte(jpeg, pos + 1);
        if (marker == 0xFF) {  // fill byte before a marker
            ++pos;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return {};             // end of image / start of scan: EXIF comes before
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // markers without a length
            pos += 2;
            continue;
        }
        const size_t length = (size_t{Byte(jpeg, pos + 2)} << 8) | Byte(jpeg, pos + 3);  // includes itself
        if (length < 2 || length > jpeg.size() - pos - 2) return {};
        const std::string_view segment = jpeg.substr(pos + 4, length - 2);
        if (marker == 0xE1 && segment.size() >= 6 && segment.substr(0, 6) == "Exif\0\0"sv) {
            return ReadTiffMetadata(segment.substr(6));
        }
        pos += 2 + length;
    }
    return {};
}

}  // namespace safegrid::attachment
