// /api/v1/reports: the monthly report (月报) of a town or a village, computed on request as JSON
// (monthly), PDF (monthly.pdf) and workbook (monthly.xlsx) with ?period=YYYY-MM[&region_id=]; the
// snapshots the scheduler stored (GET /reports, GET /reports/{id}/report.pdf). See
// services/monthly_report_service.hpp and docs/reports.md.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/value.hpp>

#include "http/router.hpp"
#include "services/monthly_report_service.hpp"

namespace safegrid::http {

boost::json::value MonthlyReportJson(const services::MonthlyReport& report);

void RegisterReportRoutes(Router& router, services::MonthlyReportService& reports);

}  // namespace safegrid::http
