// `safegrid seed-demo` part three: the demo town's campaigns (专项整治), written through
// CampaignService as the system, relative to the clock's day so the demo always has:
//   - one campaign open today over the first village (the village of inspector1's grid): the
//     三合一 drive for enterprises tagged three_in_one when inspector1's grid holds one, else every
//     enterprise of the village; so /inspect offers it and inspector1's plan has campaign stops;
//   - one finished campaign over the whole town in the last calendar quarter, with inspections and
//     hazards (all rectified), and its re-check round (回头看) open today, whose inspections found
//     two hazards back on the same checklist item (recurred 2) and one new one;
//   - two inspections of the open campaign, one with a hazard.
// Past inspections are written through the repositories (the service only accepts today's), their
// hazards through HazardService::Insert, so the counters, history and risk grades stay exact.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/campaign_service.hpp"
#include "services/hazard_service.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

struct CampaignSummary {
    int64_t open_campaign_id = 0;
    int64_t finished_campaign_id = 0;
    int64_t recheck_campaign_id = 0;
};

Result<CampaignSummary> SeedDemoCampaigns(storage::Database& db, CampaignService& campaigns, HazardService& hazards,
                                          const Clock& clock, const SeedSummary& town, const TimeZone& zone = {});

}  // namespace safegrid::services::seed
