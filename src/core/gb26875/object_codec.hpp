// Reading and writing single information objects (objects.hpp) for adu.cpp. Internal to the codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/gb26875/objects.hpp"

namespace safegrid::gb26875 {

// A bounds-checked cursor: a read past the end yields zeros and clears Ok(), so a caller checks
// once after reading a whole object instead of before every field.
class ByteReader {
  public:
    explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
    uint8_t U8();
    uint16_t U16();
    std::string_view Bytes(std::size_t n);
    TimeLabel Time();
    ComponentAddress Address();
    [[nodiscard]] bool Ok() const { return ok_; }
    [[nodiscard]] std::size_t Left() const { return bytes_.size() - at_; }
    [[nodiscard]] std::string_view Rest() const { return bytes_.substr(at_); }

  private:
    std::string_view bytes_;
    std::size_t at_ = 0;
    bool ok_ = true;
};

// The Object alternative (its index) that ADU type `type` carries; std::variant_npos for a type the
// standard does not define.
std::size_t AlternativeOf(uint8_t type);

// Reads one object of standard type `type` (AlternativeOf(type) != npos). Check r.Ok() after.
Object ReadObject(uint8_t type, ByteReader& r);

// Appends the wire form of `object`.
void WriteObject(std::string& out, const Object& object);

}  // namespace safegrid::gb26875
