// Enterprise tags: the facts about a workshop that the town's campaigns and the risk grade turn on
// (DOMAIN.md §2.7 "flags"). The set is closed; the API spells them in snake_case.
//
// A tag set is stored as one canonical comma list ("dust,three_in_one": the order of kAllTags, no
// duplicates, no spaces) so both SQL dialects can filter with `',' || tags || ',' LIKE '%,dust,%'`.
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace safegrid {

enum class Tag : uint8_t {
    kThreeInOne,          // 三合一: living, working and storage in one space
    kGroupRented,         // 群租厂房: a tenant of a building let to several workshops
    kKeyUnit,             // 消防安全重点单位
    kHazardousChemicals,  // 危险化学品
    kDust,                // 粉尘涉爆
    kConfinedSpace,       // 有限空间
};

inline constexpr std::array<Tag, 6> kAllTags = {Tag::kThreeInOne,         Tag::kGroupRented, Tag::kKeyUnit,
                                                Tag::kHazardousChemicals, Tag::kDust,        Tag::kConfinedSpace};

std::string_view TagName(Tag tag);
std::optional<Tag> ParseTag(std::string_view name);

// A set of tags as a bit mask (bit i = kAllTags[i]).
class TagSet {
  public:
    TagSet() = default;
    void Add(Tag tag) { bits_ |= Bit(tag); }
    [[nodiscard]] bool Has(Tag tag) const { return (bits_ & Bit(tag)) != 0; }
    [[nodiscard]] bool Empty() const { return bits_ == 0; }
    [[nodiscard]] std::vector<std::string> Names() const;  // canonical order
    [[nodiscard]] std::string Stored() const;              // "dust,three_in_one"
    bool operator==(const TagSet&) const = default;

    // Every name must be a known tag (duplicates are harmless); else 422 on `field`.
    static Result<TagSet> FromNames(const std::vector<std::string>& names, const char* field = "tags");
    // The stored comma list; unknown names (a newer binary's tags) are dropped rather than failing a read.
    static TagSet FromStored(std::string_view stored);

  private:
    static uint32_t Bit(Tag tag) { return 1u << static_cast<uint32_t>(tag); }
    uint32_t bits_ = 0;
};

}  // namespace safegrid
