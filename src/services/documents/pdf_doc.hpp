// What every SafeGrid PDF drawn with libharu shares (the notice, notice_pdf.hpp; the QR poster,
// poster_pdf.hpp): error capture instead of longjmp, the embedded Chinese TrueType font, glyph runs
// in that font, QR codes as filled squares, and the bytes of the finished document.
//
// Thread-safety: per document, like libharu.
#pragma once

#include <hpdf.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "platform/qr_code.hpp"
#include "services/documents/pdf_text.hpp"

namespace safegrid::services::documents {

// libharu calls OnHpdfError instead of jumping; the first error is kept and checked at the end.
struct HpdfErrors {
    HPDF_STATUS error = 0;
    HPDF_STATUS detail = 0;
    int count = 0;
};
void OnHpdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data);

struct DocDeleter {
    void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
using DocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

// kInternal "pdf_font_missing" naming the path, why, and the Debian package to install.
Error FontMissing(const std::string& path, const std::string& why);
// kInternal "pdf_failed" with `detail` for the log.
Error PdfFailed(const std::string& detail);

// Loads the TrueType font (a .ttc's first face) embedded; its name for HPDF_GetFont, or nullptr.
const char* LoadFont(HPDF_Doc doc, const std::string& path);

// The one embedded font in its two encodings: GBK for Chinese, WinAnsi for ASCII (pdf_text.hpp).
struct PdfFonts {
    HPDF_Font cjk = nullptr;
    HPDF_Font latin = nullptr;
};
// HPDF_UseCNSEncodings and both encodings of `font_name`; check both members before drawing.
PdfFonts GetFonts(HPDF_Doc doc, const char* font_name);

// Width of one glyph at `size` points.
double GlyphWidth(const PdfFonts& fonts, const Glyph& g, float size);
// Width of a run of glyphs at `size` points.
double GlyphsWidth(const PdfFonts& fonts, const std::vector<Glyph>& line, float size);
// Draws one line of glyphs with its baseline at (x, y), switching fonts between Chinese and ASCII runs.
void DrawGlyphs(HPDF_Page page, const PdfFonts& fonts, const std::vector<Glyph>& line, float x, float y, float size);

// Draws `qr` as filled black squares in the square of side `side` points whose lower-left corner is
// (x, y); the side includes the quiet zone (platform::kQrQuietZone modules, left white).
void DrawQr(HPDF_Page page, const platform::QrMatrix& qr, float x, float y, float side);

// Saves the document: first keeps every part of the composite glyphs drawn (tt_subset.hpp), then
// the PDF bytes. "pdf_failed" when libharu reported any error on the way.
Result<std::string> FinishDocument(HPDF_Doc doc, HpdfErrors& errors, HPDF_Font embedded, const std::string& font_path);

}  // namespace safegrid::services::documents
