#include "services/documents/monthly_chart.hpp"

#include <algorithm>
#include <string>

#include "services/documents/pdf_text.hpp"

namespace safegrid::services::documents {
namespace {

void Text(HPDF_Page page, const PdfFonts& fonts, const std::string& s, float x, float y, float size,
          bool centred = false, bool right = false) {
    const auto glyphs = ToGlyphs(s, 40);
    const auto w = static_cast<float>(GlyphsWidth(fonts, glyphs, size));
    if (centred) x -= w / 2;
    if (right) x -= w;
    DrawGlyphs(page, fonts, glyphs, x, y, size);
}

void Fill(HPDF_Page page, float gray, float x, float y, float w, float h) {
    HPDF_Page_SetGrayFill(page, gray);
    HPDF_Page_Rectangle(page, x, y, w, h);
    HPDF_Page_Fill(page);
    HPDF_Page_SetGrayFill(page, 0);
}

}  // namespace

int64_t TrendTickStep(int64_t max) {
    if (max <= 5) return 1;
    int64_t magnitude = 1;
    while (magnitude * 10 <= max) magnitude *= 10;
    for (int64_t f : {1, 2, 5, 10}) {
        if (max / (f * magnitude) <= 5) return f * magnitude;
    }
    return 10 * magnitude;
}

void DrawTrendChart(HPDF_Page page, const PdfFonts& fonts, const std::vector<ReportTrendPoint>& trend, float x, float y,
                    float width, float height) {
    constexpr float kLeft = 40;    // room for the y labels
    constexpr float kBottom = 18;  // room for the month labels
    constexpr float kTop = 20;     // room for the legend
    const float ox = x + kLeft;
    const float oy = y + kBottom;
    const float w = width - kLeft - 4;
    const float h = height - kBottom - kTop;
    int64_t max = 0;
    for (const auto& p : trend) max = std::max({max, p.found, p.closed});
    const int64_t step = TrendTickStep(max);
    const int64_t top = std::max<int64_t>(step, (max + step - 1) / step * step);

    // Grid lines and the y scale.
    HPDF_Page_SetLineWidth(page, 0.3f);
    HPDF_Page_SetGrayStroke(page, 0.75f);
    for (int64_t v = 0; v <= top; v += step) {
        const float ty = oy + h * static_cast<float>(v) / static_cast<float>(top);
        HPDF_Page_MoveTo(page, ox, ty);
        HPDF_Page_LineTo(page, ox + w, ty);
        HPDF_Page_Stroke(page);
        Text(page, fonts, std::to_string(v), ox - 4, ty - 3, 8, false, true);
    }
    HPDF_Page_SetGrayStroke(page, 0);
    // Axes.
    HPDF_Page_SetLineWidth(page, 0.8f);
    HPDF_Page_MoveTo(page, ox, oy + h);
    HPDF_Page_LineTo(page, ox, oy);
    HPDF_Page_LineTo(page, ox + w, oy);
    HPDF_Page_Stroke(page);

    // A pair of bars per month.
    const float slot = trend.empty() ? w : w / static_cast<float>(trend.size());
    const float bar = slot * 0.32f;
    for (size_t i = 0; i < trend.size(); ++i) {
        const auto& p = trend[i];
        const float sx = ox + slot * static_cast<float>(i) + slot * 0.16f;
        const float fh = h * static_cast<float>(p.found) / static_cast<float>(top);
        const float ch = h * static_cast<float>(p.closed) / static_cast<float>(top);
        if (fh > 0) Fill(page, 0.25f, sx, oy, bar, fh);
        if (ch > 0) Fill(page, 0.65f, sx + bar, oy, bar, ch);
        // "2026-11" → "11月"; January also shows its year ("2026年1月" would not fit: "26/1").
        const int month = std::stoi(p.month.substr(5));
        const std::string label =
            month == 1 || i == 0 ? p.month.substr(2, 2) + "/" + std::to_string(month) : std::to_string(month) + "月";
        Text(page, fonts, label, ox + slot * (static_cast<float>(i) + 0.5f), oy - 12, 7.5f, true);
    }

    // Legend.
    const float ly = y + height - 12;
    Fill(page, 0.25f, ox, ly, 10, 8);
    Text(page, fonts, "发现隐患", ox + 14, ly, 8);
    Fill(page, 0.65f, ox + 70, ly, 10, 8);
    Text(page, fonts, "整改销号", ox + 84, ly, 8);
}

}  // namespace safegrid::services::documents
