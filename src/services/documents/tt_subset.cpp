#include "services/documents/tt_subset.hpp"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

#include <array>
#include <cstdint>
#include <vector>

namespace safegrid::services::documents {
namespace {

// TrueType composite glyph flags (OpenType spec, 'glyf' table).
constexpr uint16_t kArg1And2AreWords = 0x0001;
constexpr uint16_t kWeHaveAScale = 0x0008;
constexpr uint16_t kMoreComponents = 0x0020;
constexpr uint16_t kWeHaveAnXAndYScale = 0x0040;
constexpr uint16_t kWeHaveATwoByTwo = 0x0080;

bool Read(HPDF_Stream s, uint8_t* out, HPDF_UINT n) {
    HPDF_UINT got = n;
    return HPDF_Stream_Read(s, out, &got) == HPDF_OK && got == n;
}

bool ReadU16(HPDF_Stream s, uint16_t& v) {
    std::array<uint8_t, 2> b{};
    if (!Read(s, b.data(), 2)) return false;
    v = static_cast<uint16_t>(b[0] << 8 | b[1]);
    return true;
}

// Appends the component glyph ids of glyph `gid` (none for a simple or empty glyph).
bool Components(HPDF_TTFontDefAttr attr, uint16_t gid, std::vector<uint16_t>& out) {
    const HPDF_UINT32* loca = attr->glyph_tbl.offsets;
    uint64_t begin = loca[gid];
    uint64_t end = loca[gid + 1];
    if (attr->header.index_to_loc_format == 0) {  // short loca: offsets / 2
        begin *= 2;
        end *= 2;
    }
    if (end <= begin) return true;  // an empty glyph (a space)
    if (HPDF_Stream_Seek(attr->stream, static_cast<HPDF_INT>(attr->glyph_tbl.base_offset + begin), HPDF_SEEK_SET) !=
        HPDF_OK)
        return false;
    uint16_t contours = 0;
    if (!ReadU16(attr->stream, contours)) return false;
    if (static_cast<int16_t>(contours) >= 0) return true;  // a simple glyph
    std::array<uint8_t, 8> skip{};
    if (!Read(attr->stream, skip.data(), 8)) return false;  // the bounding box
    uint16_t flags = 0;
    do {
        uint16_t component = 0;
        if (!ReadU16(attr->stream, flags) || !ReadU16(attr->stream, component)) return false;
        HPDF_UINT rest = (flags & kArg1And2AreWords) ? 4 : 2;
        if (flags & kWeHaveAScale) {
            rest += 2;
        } else if (flags & kWeHaveAnXAndYScale) {
            rest += 4;
        } else if (flags & kWeHaveATwoByTwo) {
            rest += 8;
        }
        if (!Read(attr->stream, skip.data(), rest)) return false;
        out.push_back(component);
    } while (flags & kMoreComponents);
    return true;
}

}  // namespace

bool KeepCompositeComponents(HPDF_Font font) {
    if (font == nullptr || font->attr == nullptr) return false;
    auto* font_attr = static_cast<HPDF_FontAttr>(font->attr);
    HPDF_FontDef def = font_attr->fontdef;
    if (def == nullptr || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || def->attr == nullptr) return true;
    auto* attr = static_cast<HPDF_TTFontDefAttr>(def->attr);
    if (!attr->embedding || attr->stream == nullptr || attr->glyph_tbl.flgs == nullptr) return true;

    std::vector<uint16_t> todo;
    for (uint32_t gid = 0; gid < attr->num_glyphs; ++gid)
        if (attr->glyph_tbl.flgs[gid]) todo.push_back(static_cast<uint16_t>(gid));
    std::vector<uint16_t> components;
    while (!todo.empty()) {
        const uint16_t gid = todo.back();
        todo.pop_back();
        components.clear();
        if (!Components(attr, gid, components)) return false;
        for (uint16_t c : components) {
            if (c >= attr->num_glyphs || attr->glyph_tbl.flgs[c]) continue;
            attr->glyph_tbl.flgs[c] = 1;
            todo.push_back(c);  // a component may be composite itself
        }
    }
    return true;
}

}  // namespace safegrid::services::documents
