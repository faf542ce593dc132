// SQL for campaigns (专项整治, 0014_campaigns.sql): the campaign rows, their normalised scope
// (campaign_regions, campaign_tags, campaign_categories), the scope and progress queries, and the
// plan's campaign targets. Stateless: each function runs on the connection it is given, inside the
// caller's transaction.
//
// SCOPE: an enterprise is in a campaign's scope when one of the campaign's regions is its town,
// village or grid (`cr.region_id IN (e.town_id, e.village_id, e.grid_id)`: region ids are unique
// across kinds) and it has every tag of campaign_tags (none listed: every enterprise); for a
// re-check round (parent_id set) it must also be one of the round's campaign_enterprises (0020), the
// parent's enterprises that had hazards when the round began. Written once here (InScopeSql) so the
// progress figures, the inspection check, the not-yet-inspected list and the plan agree.
//
// COUNTERS (campaign_counts, 0020): hazards, closed and recurred move with every hazard write
// (HazardCounterDelta, hazard_repository); inspected moves when an enterprise gets its first
// inspection for the campaign (CountCampaignInspection, called by every writer of a campaign
// inspection after it). Both in the writer's transaction.
// LOCK ORDER (PostgreSQL): campaign_counts rows are written after hazard_counts in every transaction
// (a hazard write upserts hazard_counts first; an inspection counts itself after its hazards), so an
// inspection and a hazard transition in the same place never wait on each other in a cycle.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

// One row of `campaigns` with its scope.
struct CampaignRecord {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string name;
    std::string starts_on;  // YYYY-MM-DD, the town's calendar day, inclusive
    std::string ends_on;    // inclusive
    std::optional<int64_t> parent_id;
    std::optional<int64_t> created_by;
    int64_t version = 1;
    UnixSeconds created_at = 0;
    UnixSeconds updated_at = 0;
    std::vector<int64_t> region_ids;      // ascending
    std::vector<std::string> tags;        // ascending
    std::vector<std::string> categories;  // ascending
};

// Which campaigns a list shows. A campaign is visible when one of its regions lies in the caller's
// subtree (`subtree`: the caller's scope as one path column, kAny for an admin) or is an ancestor of
// the caller's own region (`ancestors`: the caller region's town, village and grid ids).
struct CampaignQuery {
    PathFilter subtree = PathFilter::Any();
    std::vector<int64_t> ancestors;
    std::optional<std::string> open_on;  // YYYY-MM-DD: starts_on <= it <= ends_on
    std::optional<int64_t> id;           // this campaign only (a visibility check)
    std::optional<int64_t> covers;       // only campaigns whose scope holds this enterprise
    int64_t offset = 0;
    int64_t limit = 50;
};

// Progress counts of one campaign over one place (a village or grid), or overall (region_id 0).
struct CampaignProgressRow {
    int64_t region_id = 0;
    int64_t in_scope = 0;
    int64_t inspected = 0;  // enterprises in scope with at least one inspection naming the campaign
    int64_t hazards = 0;    // hazards opened by the campaign's inspections
    int64_t closed = 0;     // of those, closed
    int64_t recurred = 0;   // of those, recurrences of a closed hazard of the parent (re-check rounds)
};

// An enterprise of a campaign's scope (GET /campaigns/{id}/enterprises, the export).
struct CampaignEnterpriseRow {
    int64_t id = 0;
    std::string name;
    std::string address;
    std::optional<int64_t> village_id;
    std::optional<int64_t> grid_id;
    std::optional<UnixSeconds> inspected_at;  // its last inspection for the campaign
};

// A hazard of a campaign at one enterprise, as the recurrence rule reads it.
struct CampaignHazardItem {
    int64_t id = 0;
    std::string checklist_item;
    bool closed = false;
    std::optional<UnixSeconds> closed_at;
};

// Adds `delta` to the inspected counter of (campaign, place): an enterprise's first inspection for it.
Status AddCampaignInspected(Connection& conn, int64_t campaign_id, const RegionPath& path, int64_t delta);
// After inserting an inspection for `campaign_id` at `enterprise_id` (and its hazards): +1 inspected
// at the inspection's place `path` when it is the enterprise's only inspection for the campaign. Call it once the
// enterprise row is locked (EnterpriseService::RecordInspection) so two first inspections of one enterprise at once are
// counted once: the second sees the first when it gets the lock (READ COMMITTED).
Status CountCampaignInspection(Connection& conn, int64_t campaign_id, int64_t enterprise_id, const RegionPath& path);

// GET /plan: an enterprise of the inspector's grids that an open campaign still has to inspect.
struct CampaignTarget {
    int64_t enterprise_id;
    int64_t campaign_id;
};

// The enterprises in `grid_ids` that are in the scope of a campaign open on `date` (YYYY-MM-DD;
// starts_on <= date <= ends_on) and have no inspection with that campaign_id yet, one entry per
// (enterprise, campaign), ordered by enterprise then campaign. One query per 500 grids.
// `town_id` (0 = any) is the grids' town: `e.town_id = ?` keeps the statement on its shard.
Result<std::vector<CampaignTarget>> OpenCampaignTargets(Connection& conn, std::string_view date,
                                                        const std::vector<int64_t>& grid_ids, int64_t town_id = 0);

class CampaignRepository {
  public:
    explicit CampaignRepository(Connection& conn) : conn_(conn) {}

    // Inserts the campaign and its scope rows (its id ignored; version 1); returns the new id.
    Result<int64_t> Insert(const CampaignRecord& c);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<CampaignRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Newest first; the page and the total under the same WHERE.
    Result<std::pair<std::vector<CampaignRecord>, int64_t>> List(const CampaignQuery& query);
    // Writes name, period and the scope rows; version = expected + 1. False when missing or stale.
    Result<bool> Update(const CampaignRecord& c, int64_t expected_version);

    // Whether the enterprise is in the campaign's scope now.
    Result<bool> Covers(int64_t campaign_id, int64_t enterprise_id);
    // Progress grouped by `group` (kVillage or kGrid: that path column of the enterprise/hazard),
    // restricted to `filters` (the caller's scope). Rows only for places with something to count.
    // in_scope counted from enterprises, the rest read from campaign_counts.
    Result<std::vector<CampaignProgressRow>> Progress(int64_t campaign_id, PathFilter::Column group,
                                                      const std::vector<PathFilter>& filters);

    // A re-check round's fixed scope: the enterprises with a hazard of `parent_id` (one statement).
    Status FreezeRecheckScope(int64_t campaign_id, int64_t parent_id);
    // The campaigns whose parent is `parent_id`, oldest first (ids only).
    Result<std::vector<int64_t>> Rounds(int64_t parent_id, const TownLimit& town = TownLimit::Any());
    // The campaign's hazards at one enterprise (a re-check's parent hazards).
    Result<std::vector<CampaignHazardItem>> HazardsAt(int64_t campaign_id, int64_t enterprise_id);
    // The enterprises in scope under `filters`, inspected for the campaign or not; by id; page + total.
    Result<std::pair<std::vector<CampaignEnterpriseRow>, int64_t>> Enterprises(int64_t campaign_id, bool inspected,
                                                                               const std::vector<PathFilter>& filters,
                                                                               int64_t offset, int64_t limit);

  private:
    Status WriteScope(const CampaignRecord& c);
    Result<std::vector<CampaignRecord>> LoadScopes(std::vector<CampaignRecord> campaigns);

    Connection& conn_;
};

}  // namespace safegrid::storage
