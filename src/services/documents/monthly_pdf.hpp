// The monthly report as a PDF (A4 portrait, Chinese): the title "匡堰镇安全生产月报 2026年11月", a
// summary line of the month's figures, then one section per part of MonthlyReport, each a table
// (hazards by village / grid, majors with their listing, campaigns, training, stations, ranking)
// and the 12-month trend as a vector figure (monthly_chart.hpp). Tables continue on a new page with
// their header repeated.
//
// Fonts: the notices' embedded Chinese TrueType font (pdf_doc.hpp), so every viewer shows it and
// pdftotext reads it back. Characters GBK lacks print as '?' (pdf_text.hpp), never a failure.
//
// Thread-safety: reentrant (one libharu document per call).
#pragma once

#include <string>

#include "core/error.hpp"
#include "services/monthly_report_service.hpp"

namespace safegrid::services::documents {

// The PDF bytes. "pdf_font_missing" when the font cannot be loaded; "pdf_failed" when libharu
// reports an error.
Result<std::string> RenderMonthlyPdf(const MonthlyReport& report, const std::string& font_path);

// "62.5%" (one decimal; the PDF, the workbook and the tests format shares the same way).
std::string Percent(double share);

}  // namespace safegrid::services::documents
