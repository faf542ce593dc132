// QR posters and the places they name (services/place_service.hpp):
//   GET /api/v1/regions/{id}/poster.pdf      a village's (grid's) poster, staff in scope, application/pdf;
//   GET /api/v1/enterprises/{id}/poster.pdf  an enterprise's poster, whoever may read the enterprise;
//   GET /api/v1/public/places/{code}         (no login) {"name","kind"} of a poster's place, for the
//                                            report form; unknown → 404; rate-limited (429) per address.
// The PDFs go out like the notice (hazard_documents.hpp): attachment, ASCII and UTF-8 file names,
// Cache-Control: no-store.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/place_service.hpp"
#include "services/public_report_service.hpp"

namespace safegrid::http {

void RegisterPosterRoutes(Router& router, services::PlaceService& places, services::PublicReportService& reports);

}  // namespace safegrid::http
