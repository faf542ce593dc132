// The hazard documents as downloads (services/hazard_document_service.hpp says what is in them):
//   GET /api/v1/hazards/{id}/notice.pdf  the rectification notice (整改通知书), application/pdf;
//   GET /api/v1/hazards/export.xlsx      the ledger of the list's filters (hazards.hpp
//                                        HazardFilterFromQuery), as an .xlsx workbook.
// Both answer with Content-Disposition: attachment, an ASCII filename and the Chinese name as
// filename* (RFC 6266/5987), and Cache-Control: no-store (they hold scoped data). Errors are the
// usual JSON bodies. The router prefers the literal "export.xlsx" to "/hazards/{id}" (router.cpp).
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/hazard_document_service.hpp"

namespace safegrid::http {

void RegisterHazardDocumentRoutes(Router& router, services::HazardDocumentService& documents);

// `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded utf8>`.
std::string ContentDisposition(const std::string& ascii_name, const std::string& utf8_name);

}  // namespace safegrid::http
