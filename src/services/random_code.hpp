// Codes that people read off paper and type: tracking codes (public_report_service.hpp) and place
// codes (place_service.hpp). 26 letters + 10 digits without 0, O, 1, I, L (what people misread on a
// slip of paper): 31 characters, each drawn uniformly from the OS CSPRNG by rejection sampling.
//
// Thread-safety: reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace safegrid::services {

inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
static_assert(kCodeAlphabet.size() == 31);

// `length` random characters of kCodeAlphabet.
std::string NewRandomCode(size_t length);
// Blanks around trimmed, letters upper-cased; nothing else changes.
std::string NormaliseCode(const std::string& code);
// True when `code` is exactly `length` characters of kCodeAlphabet.
bool WellFormedCode(std::string_view code, size_t length);

}  // namespace safegrid::services
