// Works around libharu 2.3.0 (Debian 12) dropping parts of composite glyphs from an embedded
// TrueType subset.
//
// A composite glyph (most CJK characters of fonts-wqy-microhei: 匡 is 匚 + 王) is drawn from other
// glyphs. libharu's subsetter keeps a used glyph's components, but reads their glyph ids as SIGNED
// 16-bit numbers: in a font with more than 32,767 glyphs (wqy-microhei has 49,531) every component
// above that is left out, and the phone shows 匚 for 匡 and 辶 for 通 while pdftotext still reads the
// right text. It also does not follow components that are themselves composite.
//
// KeepCompositeComponents marks every component (recursively, ids read unsigned) of every glyph the
// document has used so far as used too. Call it after the last text is measured/drawn and before
// the document is saved. It only touches the font definition's "used" flags.
//
// Thread-safety: per document, like libharu.
#pragma once

#include <hpdf.h>

namespace safegrid::services::documents {

// `font` is a font from HPDF_GetFont on a TrueType definition loaded with embedding; other fonts
// are left alone. Returns false when the glyph data could not be read (the subset may then lack
// parts of glyphs; the caller reports it).
bool KeepCompositeComponents(HPDF_Font font);

}  // namespace safegrid::services::documents
