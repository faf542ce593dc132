// Campaigns (专项整治): a town's time-boxed drive over some regions and kinds of workshop, e.g.
// "三合一场所专项整治" over two villages for enterprises tagged three_in_one (CONTRACT "Campaigns").
// An inspection with kind campaign names one (InspectionService checks it with CheckCampaignFor);
// its hazards carry the campaign's id. Progress is read from campaign_counts, kept in the write
// transactions of inspections and hazards (storage/repositories/campaign_repository.hpp); in_scope is
// counted from the enterprises. A re-check round (回头看, Recheck) is a campaign with parent_id whose
// scope is frozen to the parent's enterprises that had hazards; its hazards that repeat a closed
// hazard of the parent on the same checklist item are "recurred" (core/campaign/recurrence.hpp).
// A round of a round is allowed: it re-checks the round's own hazards.
//
// Who may do what (other roles → 403; campaigns the caller cannot see → 404):
//   town, admin                create and edit; every region of the scope must be one they can see,
//                              all in one town (else 422 "scope.region_ids")
//   town, village, inspector,  list and read the campaigns whose regions meet their subtree (a region
//   admin                      inside it, or one containing the caller's own region); progress and
//                              by_region count only what lies in the caller's scope
//   town, admin                start a re-check round of a campaign they can see
//   town, village, inspector   the enterprises in scope (not) yet inspected, the xlsx export
//   enterprise                 nothing (its self-checks never belong to a campaign)
// Bad input → 422 naming the field: name (1..200), starts_on / ends_on (YYYY-MM-DD; ends_on before
// starts_on names ends_on), scope.region_ids (at least one), scope.tags (known tags),
// categories (the checklist categories).
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/campaign/recurrence.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/region/region.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/campaign_repository.hpp"

namespace safegrid::services {

using storage::CampaignRecord;

inline constexpr size_t kMaxCampaignName = 200;

// POST and PATCH bodies: absent fields stay (PATCH) or are required (POST: name, starts_on, ends_on,
// region_ids; tags and categories default to none).
struct CampaignInput {
    std::optional<std::string> name;
    std::optional<std::string> starts_on;
    std::optional<std::string> ends_on;
    std::optional<std::vector<int64_t>> region_ids;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::vector<std::string>> categories;
};

struct CampaignCounts {
    int64_t in_scope = 0;
    int64_t inspected = 0;
    int64_t hazards = 0;
    int64_t closed = 0;
    int64_t recurred = 0;
    [[nodiscard]] double Coverage() const {
        return in_scope == 0 ? 0.0 : static_cast<double>(inspected) / static_cast<double>(in_scope);
    }
};

struct CampaignRegionCounts {
    int64_t region_id = 0;
    std::string region_name;
    RegionKind region_kind = RegionKind::kVillage;
    CampaignCounts counts;
};

struct CampaignView {
    CampaignRecord campaign;
    std::optional<CampaignCounts> progress;  // Get, Create and Update only
    std::vector<CampaignRegionCounts> by_region;
    std::vector<CampaignView> rounds;  // Get only: its re-check rounds, oldest first, with their progress
};

// POST /campaigns/{id}/recheck: the round's period (required), its name (default: the parent's + 回头看).
struct RecheckInput {
    std::optional<std::string> name;
    std::optional<std::string> starts_on;
    std::optional<std::string> ends_on;
};

using storage::CampaignEnterpriseRow;

struct CampaignListQuery {
    std::optional<std::string> open_on;    // YYYY-MM-DD, else 422 "open_on"
    std::optional<int64_t> enterprise_id;  // only campaigns whose scope holds it (out of scope: none)
    int64_t offset = 0;
    int64_t limit = 50;
};

// 422 "campaign_id" unless the campaign exists, its scope holds the enterprise and `at` falls on a
// day of its period (the town's calendar). Runs inside the inspection's write transaction.
Status CheckCampaignFor(storage::Connection& conn, int64_t campaign_id, int64_t enterprise_id, UnixSeconds at,
                        const TimeZone& zone);

// For a re-check round: the parent campaign's hazards at the enterprise, as the recurrence rule reads
// them; for any other campaign none. Runs inside the inspection's write transaction.
Result<std::vector<campaign::ParentHazard>> RecheckParentHazards(storage::Connection& conn, int64_t campaign_id,
                                                                 int64_t enterprise_id);

// The stored fields of a campaign as JSON (audit entries).
boost::json::object CampaignAuditJson(const CampaignRecord& c);

// True for "YYYY-MM-DD" naming a real day.
bool IsIsoDate(const std::string& text);

class CampaignService {
  public:
    CampaignService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit, TimeZone zone = {});

    Result<std::pair<std::vector<CampaignRecord>, int64_t>> List(const Principal& caller,
                                                                 const CampaignListQuery& query);
    // `by_grid`: group by grid even for the town (GET ?by=grid); village/inspector always by grid.
    Result<CampaignView> Get(const Principal& caller, int64_t id, bool by_grid = false);
    // `caller` null: the system (the demo seed). 201 with parent_id; 422 ends_on / starts_on.
    Result<CampaignView> Recheck(const Principal* caller, int64_t id, const RecheckInput& input);
    // The enterprises in scope and in the caller's area, inspected for it or not yet.
    Result<std::pair<std::vector<CampaignEnterpriseRow>, int64_t>> Enterprises(const Principal& caller, int64_t id,
                                                                               bool inspected, int64_t offset,
                                                                               int64_t limit);
    // The xlsx workbook: progress, by region, not yet inspected (Chinese headers).
    Result<std::string> ExportXlsx(const Principal& caller, int64_t id);
    // `caller` null: the system (the demo seed), which may use any region.
    Result<CampaignView> Create(const Principal* caller, const CampaignInput& input);
    Result<CampaignView> Update(const Principal& caller, int64_t id, std::optional<int64_t> expected_version,
                                const CampaignInput& patch);
    // The town's calendar day now, YYYY-MM-DD (whether a campaign is open).
    [[nodiscard]] std::string Today() const;

  private:
    Result<std::optional<CampaignRecord>> FindVisible(storage::Connection& conn, const Principal& caller, int64_t id);
    Result<CampaignView> WithProgress(storage::Connection& conn, const Principal& caller, CampaignRecord campaign,
                                      bool by_grid = false);
    // Checks `c` (already merged with the input) against the store; sets its town.
    Status CheckScope(storage::Connection& conn, const Principal* caller, CampaignRecord& c);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    TimeZone zone_;
};

}  // namespace safegrid::services
