// The one UTF-8 decoder and validator of SafeGrid. Every layer that checks or walks UTF-8
// (form fields, JSON bodies, imported sheets, generated documents) uses these, so "valid" means
// the same thing everywhere: RFC 3629 — no overlong forms (C0 80, E0 80 80, F0 80 80 80), no
// UTF-16 surrogates (ED A0 80 .. ED BF BF), nothing above U+10FFFF (F4 90 80 80, F5..FF), no stray
// continuation bytes and no truncated sequences. NUL and other controls ARE valid UTF-8; whether
// a field may hold them is the caller's rule (see CheckText in core/region/text.hpp).
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace safegrid {

// Decodes the code point that starts at s[i] (i < s.size()) and sets `len` to its length in
// bytes. An invalid sequence gives nullopt with len = 1, so a caller that repairs text can
// replace one byte and resynchronise.
std::optional<char32_t> DecodeUtf8(std::string_view s, size_t i, size_t& len);

// True when all of `s` is well-formed UTF-8. On false, `bad_offset` (when given) is set to the
// byte offset of the first sequence that is not.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Code points in valid UTF-8 `s` (what a user counts as characters), never bytes.
size_t CodePointCount(std::string_view utf8);

}  // namespace safegrid
