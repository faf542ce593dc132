// POST /api/v1/import/enterprises and /api/v1/import/hazards: the raw spreadsheet as the body
// (Content-Type text/csv, the .xlsx type or application/octet-stream; also text/plain and
// application/vnd.ms-excel, which browsers send for .csv files on Windows; the content decides the
// format), query ?dry_run=true&mapping=<url-encoded JSON>&town_id= (town_id: admin only, the town
// whose grids rows name). 200 with the report (services/import_common.hpp): a refused real run
// answers 200 too, with created 0 and every error listed. Body over 10 MiB → 413; any other
// Content-Type → 415, and so is a body of an accepted type that is no spreadsheet (a PDF, an image,
// an old .xls): the reason says which, and nothing is written. A damaged spreadsheet (an .xlsx that
// cannot be unpacked, a CSV with an unterminated quote) is 400 with the importer's code. The report also carries
// `headers` (the sheet's header row) and `rows` ({row, cells}: each row an issue names, as the sheet holds it).
//
// GET /api/v1/import/enterprises/template.xlsx and /api/v1/import/hazards/template.xlsx: the
// fill-in workbook (services' Template), for whoever may import (others 403). Who may import:
// services/enterprise_import_service.hpp, hazard_import_service.hpp.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/enterprise_import_service.hpp"
#include "services/hazard_import_service.hpp"

namespace safegrid::http {

void RegisterImportRoutes(Router& router, services::EnterpriseImportService& enterprises,
                          services::HazardImportService& hazards);

}  // namespace safegrid::http
