// Rules for the free-text fields of the registry (names, addresses, people, phones). Every value
// arrives from a form, a phone or a spreadsheet, so each is checked for valid UTF-8, control
// characters and length in code points (what a user counts), never bytes.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/text/trim.hpp"  // TrimText: the one trim rule
#include "core/text/utf8.hpp"  // IsValidUtf8, CodePointCount: the one UTF-8 rule

namespace safegrid {

// A phone number as people write it ("0574-6321 0000", "+86 138…", "…转123"); empty is allowed.
bool IsPlausiblePhone(std::string_view phone);
// Adds a 422 entry when `value` is not valid UTF-8, has control characters (other than tab and
// newline), is empty while `required`, or is longer than `max` code points.
void CheckText(Validation& v, const char* field, const std::string& value, size_t max, bool required);

}  // namespace safegrid
