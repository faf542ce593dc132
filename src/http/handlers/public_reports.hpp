// /api/v1/public/reports (POST, no login), /api/v1/public/reports/{tracking_code} (GET, no login) and
// its /reply (GET, no login: status, the officer's reason, updated_at):
// the citizen's side of 查找身边隐患. See services/public_report_service.hpp for the rules. Photos
// come first through POST /api/v1/public/attachments (http/handlers/attachments.hpp).
//
// The client address the rate limit counts is Request::client_ip: the peer address, or the right-most
// untrusted X-Forwarded-For entry when the peer is a trusted proxy (http/client_address.hpp), keyed
// by services::ClientAddressKey (IPv6 by /64).
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/public_report_service.hpp"

namespace safegrid::http {

void RegisterPublicReportRoutes(Router& router, services::PublicReportService& reports);

}  // namespace safegrid::http
