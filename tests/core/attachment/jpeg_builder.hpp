// Builds small but real JPEG files with an EXIF APP1 segment (a TIFF structure with IFD0, an Exif
// IFD and a GPS IFD) for the EXIF reader, attachment service and handler tests. Either byte order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>  // std::as_const
#include <vector>

namespace safegrid::test {

class ExifBuilder {
  public:
    explicit ExifBuilder(bool little_endian = true) : little_(little_endian) {}

    struct Field {
        uint16_t tag = 0;
        uint16_t type = 0;
        uint32_t count = 0;
        std::string bytes;  // the value, already in the builder's byte order
    };

    ExifBuilder& ExifAscii(uint16_t tag, const std::string& s) {
        exif_.push_back(AsciiField(tag, s));
        return *this;
    }
    ExifBuilder& GpsAscii(uint16_t tag, const std::string& s) {
        gps_.push_back(AsciiField(tag, s));
        return *this;
    }
    ExifBuilder& GpsRationals(uint16_t tag, const std::vector<std::pair<uint32_t, uint32_t>>& values) {
        Field f{tag, 5, static_cast<uint32_t>(values.size()), {}};
        for (auto [num, den] : values) f.bytes += U32(num) + U32(den);
        gps_.push_back(std::move(f));
        return *this;
    }
    // DateTimeOriginal "YYYY:MM:DD HH:MM:SS" (and OffsetTimeOriginal when `offset` is not empty).
    ExifBuilder& TakenAt(const std::string& when, const std::string& offset = "") {
        ExifAscii(0x9003, when);
        if (!offset.empty()) ExifAscii(0x9011, offset);
        return *this;
    }
    // Degrees, minutes and seconds as rationals, with their references.
    ExifBuilder& Position(char lat_ref, std::vector<std::pair<uint32_t, uint32_t>> lat, char lng_ref,
                          std::vector<std::pair<uint32_t, uint32_t>> lng) {
        GpsAscii(0x0001, std::string(1, lat_ref));
        GpsRationals(0x0002, lat);
        GpsAscii(0x0003, std::string(1, lng_ref));
        GpsRationals(0x0004, lng);
        return *this;
    }

    // The TIFF structure: header, IFD0 (pointers), Exif IFD, GPS IFD, then every value > 4 bytes.
    [[nodiscard]] std::string Tiff() const {
        std::vector<Field> ifd0;  // the pointers to the two IFDs below
        const uint32_t ifd0_size = IfdSize((exif_.empty() ? 0 : 1) + (gps_.empty() ? 0 : 1));
        const uint32_t exif_at = 8 + ifd0_size;
        const uint32_t gps_at = exif_at + (exif_.empty() ? 0 : IfdSize(exif_.size()));
        const uint32_t data_at = gps_at + (gps_.empty() ? 0 : IfdSize(gps_.size()));
        if (!exif_.empty()) ifd0.push_back({0x8769, 4, 1, U32(exif_at)});
        if (!gps_.empty()) ifd0.push_back({0x8825, 4, 1, U32(gps_at)});
        std::string data;
        std::string out = little_ ? std::string("II") : std::string("MM");
        out += U16(42) + U32(8);
        for (const std::vector<Field>* fields : {&std::as_const(ifd0), &exif_, &gps_}) {
            if (fields->empty()) continue;
            out += U16(static_cast<uint16_t>(fields->size()));
            for (const Field& f : *fields) {
                out += U16(f.tag) + U16(f.type) + U32(f.count);
                if (f.bytes.size() <= 4) {
                    out += f.bytes + std::string(4 - f.bytes.size(), '\0');
                } else {
                    out += U32(data_at + static_cast<uint32_t>(data.size()));
                    data += f.bytes;
                }
            }
            out += U32(0);  // no next IFD
        }
        return out + data;
    }

    // FF D8, APP1 "Exif\0\0" + TIFF, a stub quantisation table, start of scan, a few bytes, FF D9.
    [[nodiscard]] std::string Jpeg() const { return JpegWithApp1("Exif" + std::string(2, '\0') + Tiff()); }

    static std::string JpegWithApp1(const std::string& app1) {
        std::string out("\xFF\xD8", 2);
        out += Segment(0xE1, app1);
        out += Segment(0xDB, std::string(65, '\x01'));
        out += Segment(0xDA, std::string(10, '\0'));
        out += std::string("\x12\x34\x56\xFF\xD9", 5);
        return out;
    }
    // A JPEG without EXIF.
    static std::string PlainJpeg() {
        std::string out("\xFF\xD8", 2);
        out += Segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
        out += Segment(0xDA, std::string(10, '\0'));
        out += std::string("\x00\xFF\xD9", 3);
        return out;
    }

  private:
    static uint32_t IfdSize(size_t entries) { return static_cast<uint32_t>(2 + 12 * entries + 4); }
    static std::string Segment(unsigned char marker, const std::string& body) {
        const size_t len = body.size() + 2;
        std::string s;
        s += '\xFF';
        s += static_cast<char>(marker);
        s += static_cast<char>((len >> 8) & 0xFF);
        s += static_cast<char>(len & 0xFF);
        return s + body;
    }
    Field AsciiField(uint16_t tag, const std::string& s) const {
        return Field{tag, 2, static_cast<uint32_t>(s.size() + 1), s + std::string(1, '\0')};
    }
    [[nodiscard]] std::string U16(uint16_t v) const {
        std::string s(2, '\0');
        s[little_ ? 0 : 1] = static_cast<char>(v & 0xFF);
        s[little_ ? 1 : 0] = static_cast<char>(v >> 8);
        return s;
    }
    [[nodiscard]] std::string U32(uint32_t v) const {
        std::string s(4, '\0');
        for (int i = 0; i < 4; ++i)
            s[static_cast<size_t>(little_ ? i : 3 - i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
        return s;
    }

    bool little_;
    std::vector<Field> exif_;
    std::vector<Field> gps_;
};

}  // namespace safegrid::test
