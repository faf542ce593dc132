// GB/T 4754-2017 国民经济行业分类: the names of the industry codes enterprises carry. The table
// itself is data (data/industries/gb4754_2017.csv, read by services/industry_table); this is the
// lookup, pure.
//
// Codes as towns write them: "1810", "C1810" (with the 门类 letter), " c1810 ". A listed code
// answers its own name; an unlisted 3- or 4-digit code of a listed division answers the
// division's name (it is still in that 大类); anything else answers nothing, and the web shows the
// code as 未知行业.
//
// Thread-safety: immutable after building; safe to share for reading.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid {

struct IndustryName {
    std::string zh;
    std::string en;
};

class IndustryTable {
  public:
    // Adds one listed code: 2 digits (大类) or 4 digits (小类). 422 "code" for any other shape,
    // "name_zh" for an empty Chinese name; a repeated code keeps the first.
    Status Add(std::string_view code, IndustryName name);

    // The name for `code` as described above, or nullptr.
    [[nodiscard]] const IndustryName* Find(std::string_view code) const;

    [[nodiscard]] size_t size() const { return by_code_.size(); }

  private:
    std::map<std::string, IndustryName, std::less<>> by_code_;
};

// The digits of `code` without spaces and the section letter ("C1810" → "1810"); empty when what
// remains is not 2 to 4 ASCII digits.
std::string NormalizeIndustryCode(std::string_view code);

}  // namespace safegrid
