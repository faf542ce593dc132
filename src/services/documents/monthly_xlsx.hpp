// The monthly report as a workbook: the same figures as the PDF (monthly_pdf.hpp), one sheet per
// section (概况, 隐患, 重大隐患, 专项整治, 培训, 消防站, 排名, 趋势), numbers as numbers, and a native
// column chart of the trend on the 趋势 sheet. Its own file while the lead moves the other
// workbooks onto one helper (xlsx_workbook.*); the merger may move this one too.
//
// Thread-safety: reentrant (one workbook and one temp file per call).
#pragma once

#include <string>

#include "core/error.hpp"
#include "services/monthly_report_service.hpp"

namespace safegrid::services::documents {

// The .xlsx bytes; "xlsx_failed" when libxlsxwriter reports an error.
Result<std::string> RenderMonthlyXlsx(const MonthlyReport& report);

}  // namespace safegrid::services::documents
