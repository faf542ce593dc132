// /api/v1/campaigns: list (?open_on=YYYY-MM-DD&enterprise_id=&page=&page_size=), create, read (with
// its progress in the caller's scope), edit (If-Match version). See services/campaign_service.hpp.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/campaign_service.hpp"

namespace safegrid::http {

void RegisterCampaignRoutes(Router& router, services::CampaignService& campaigns);

}  // namespace safegrid::http
