#include "services/documents/pdf_doc.hpp"

#include <filesystem>

#include "services/documents/tt_subset.hpp"

namespace safegrid::services::documents {

void OnHpdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
    auto* e = static_cast<HpdfErrors*>(user_data);
    if (e->count++ == 0) {
        e->error = error_no;
        e->detail = detail_no;
    }
}

Error FontMissing(const std::string& path, const std::string& why) {
    return Error{Code::kInternal,
                 "pdf_font_missing",
                 {"服务器缺少生成文书所需的中文字体，请联系管理员", "The server lacks the Chinese font its PDFs need"},
                 {},
                 "PDF font " + path + ": " + why +
                     " (install the Debian package fonts-wqy-microhei, or set cjk_font / SAFEGRID_CJK_FONT)"};
}

Error PdfFailed(const std::string& detail) {
    return Error{Code::kInternal, "pdf_failed", {"生成PDF失败", "Could not render the PDF"}, {}, detail};
}

const char* LoadFont(HPDF_Doc doc, const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".ttc" || ext == ".TTC") return HPDF_LoadTTFontFromFile2(doc, path.c_str(), 0, HPDF_TRUE);
    return HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
}

PdfFonts GetFonts(HPDF_Doc doc, const char* font_name) {
    HPDF_UseCNSEncodings(doc);
    return {HPDF_GetFont(doc, font_name, "GBK-EUC-H"), HPDF_GetFont(doc, font_name, "WinAnsiEncoding")};
}

double GlyphWidth(const PdfFonts& fonts, const Glyph& g, float size) {
    HPDF_Font font = g.ascii ? fonts.latin : fonts.cjk;
    const HPDF_TextWidth tw =
        HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(g.bytes.data()), g.bytes.size());
    return tw.width * size / 1000.0;
}

double GlyphsWidth(const PdfFonts& fonts, const std::vector<Glyph>& line, float size) {
    double w = 0;
    for (const Glyph& g : line) w += GlyphWidth(fonts, g, size);
    return w;
}

void DrawGlyphs(HPDF_Page page, const PdfFonts& fonts, const std::vector<Glyph>& line, float x, float y, float size) {
    if (page == nullptr || line.empty()) return;
    HPDF_Page_BeginText(page);
    HPDF_Page_MoveTextPos(page, x, y);
    size_t i = 0;
    while (i < line.size()) {
        const bool ascii = line[i].ascii;
        std::string run;
        while (i < line.size() && line[i].ascii == ascii) run += line[i++].bytes;
        HPDF_Page_SetFontAndSize(page, ascii ? fonts.latin : fonts.cjk, size);
        HPDF_Page_ShowText(page, run.c_str());
    }
    HPDF_Page_EndText(page);
}

void DrawQr(HPDF_Page page, const platform::QrMatrix& qr, float x, float y, float side) {
    if (page == nullptr || qr.size <= 0) return;
    const float module = side / static_cast<float>(qr.size + 2 * platform::kQrQuietZone);
    const float left = x + module * platform::kQrQuietZone;
    const float top = y + side - module * platform::kQrQuietZone;
    HPDF_Page_GSave(page);
    HPDF_Page_SetRGBFill(page, 0, 0, 0);
    for (int row = 0; row < qr.size; ++row) {
        // One rectangle per run of dark modules in a row: a smaller file, and no hairline seams
        // between neighbouring squares when a viewer anti-aliases.
        int col = 0;
        while (col < qr.size) {
            if (!qr.Dark(col, row)) {
                ++col;
                continue;
            }
            const int start = col;
            while (col < qr.size && qr.Dark(col, row)) ++col;
            HPDF_Page_Rectangle(page, left + module * static_cast<float>(start),
                                top - module * static_cast<float>(row + 1), module * static_cast<float>(col - start),
                                module);
        }
    }
    HPDF_Page_Fill(page);
    HPDF_Page_GRestore(page);
}

Result<std::string> FinishDocument(HPDF_Doc doc, HpdfErrors& errors, HPDF_Font embedded, const std::string& font_path) {
    // Before saving: the subset must hold every part of the composite glyphs drawn (tt_subset.hpp).
    if (!KeepCompositeComponents(embedded)) return Fail(PdfFailed("cannot read the glyph data of " + font_path));
    if (errors.count == 0) HPDF_SaveToStream(doc);
    if (errors.count > 0) {
        return Fail(PdfFailed("libharu error " + std::to_string(errors.error) + "/" + std::to_string(errors.detail)));
    }
    std::string out(HPDF_GetStreamSize(doc), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
    HPDF_ResetStream(doc);
    // The status may be HPDF_STREAM_EOF after everything was read; only a short read is an error.
    HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
    if (size != out.size()) {
        return Internal("libharu stream: read " + std::to_string(size) + " of " + std::to_string(out.size()));
    }
    return out;
}

}  // namespace safegrid::services::documents
