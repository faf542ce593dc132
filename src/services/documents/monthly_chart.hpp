// The monthly report's trend figure: hazards found and closed per month over 12 months, drawn with
// libharu's vector primitives (no image): axes, a y scale with round ticks, a pair of bars per
// month (found dark, closed light), month labels under them and a legend.
//
// Thread-safety: per page, like libharu.
#pragma once

#include <hpdf.h>

#include <cstdint>
#include <vector>

#include "services/documents/pdf_doc.hpp"
#include "services/monthly_report_service.hpp"

namespace safegrid::services::documents {

// The step between y ticks for a largest value `max` (1, 2, 5 × 10^n; at most about 5 ticks).
int64_t TrendTickStep(int64_t max);

// Draws the chart inside the box whose lower-left corner is (x, y).
void DrawTrendChart(HPDF_Page page, const PdfFonts& fonts, const std::vector<ReportTrendPoint>& trend, float x, float y,
                    float width, float height);

}  // namespace safegrid::services::documents
