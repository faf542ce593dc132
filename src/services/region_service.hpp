// The region tree (一区一档): reading it as far as the caller may see, creating and editing nodes.
//
// Who sees what (GET /regions and GET /regions/{id}); every other id reads as 404:
//   admin      every town with its whole tree
//   town       its town's tree
//   village    its village with its grids (the town above is omitted; parent_id still names it)
//   inspector  its grid (or, for an inspector bound to a village, that village and its grids)
//   enterprise only the grid its enterprise sits in, as a single node: enough to know whose grid it
//              is and whom to call (the responsible person), nothing of the rest of the town
// Who changes what (POST /regions, PATCH /regions/{id}); other roles get 403:
//   admin      any region; only an admin creates towns
//   town       villages and grids inside its town, and its own town node's name/code/responsible
// kind and parent_id never change after creation (moving a subtree would re-home every scoped row
// under it); a PATCH that sends them with their current values is accepted, other values → 422.
//
// A region's boundary (a GeoJSON Polygon/MultiPolygon, core/region/boundary.hpp) is set by the same
// roles on create and update; Get returns it, Tree does not (the tree stays small: the map layers
// service serves the shapes).
//
// The system (caller null: seed, import, command line) may do anything; its audit entries have no actor.
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/region/boundary.hpp"
#include "core/region/region.hpp"
#include "services/audit_service.hpp"
#include "services/last_change.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct RegionNode {
    Region region;
    std::vector<RegionNode> children;  // ordered by id
};

struct NewRegion {
    std::string name;
    std::string kind;  // town | village | grid
    std::optional<int64_t> parent_id;
    std::string code;
    Responsible responsible;
    std::optional<Boundary> boundary;  // checked by core CheckBoundary; 422 "boundary"
};

// Absent fields stay as they are. For nullable fields the inner optional is the new value (null clears).
struct RegionPatch {
    std::optional<std::string> name;
    std::optional<std::string> code;
    std::optional<std::string> responsible_name;
    std::optional<std::string> responsible_phone;
    std::optional<std::optional<int64_t>> responsible_user_id;
    std::optional<std::optional<Boundary>> boundary;  // null removes the boundary
    // Read-only fields some clients echo back; compared with the stored values.
    std::optional<std::string> kind;
    std::optional<std::optional<int64_t>> parent_id;
};

// 422 naming "version": a PATCH must say which version it edits (CONTRACT "Conventions"). Services
// report it after the role (403) and scope (404) checks, so a missing version never reveals more.
tl::unexpected<Error> VersionRequired();

// The region's fields as stored, for audit entries.
boost::json::object RegionAuditJson(const Region& region);

// Scope helpers the building and enterprise services share (call inside a transaction):
// the region if it exists and `caller` may see it (see the table above), else nullopt.
Result<std::optional<Region>> FindVisibleRegion(storage::Connection& conn, const Principal* caller, int64_t id);
// The grid if it exists and lies inside `caller`'s scope (system: any grid), else nullopt.
// Enterprise users manage no grid.
Result<std::optional<Region>> FindManagedGrid(storage::Connection& conn, const Principal* caller, int64_t grid_id);

class RegionService {
  public:
    RegionService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit);

    Result<std::vector<RegionNode>> Tree(const Principal& caller);
    Result<Region> Get(const Principal& caller, int64_t id);
    // 403 for roles that may not create (or a town creating a town); 422 per field, including a
    // parent_id that is missing, outside the caller's town or of the wrong kind.
    Result<Region> Create(const Principal* caller, const NewRegion& input);
    // 403 wrong role, 404 missing/out of scope, 422 no version, 409 stale version, 422 per field.
    Result<Region> Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                          const RegionPatch& patch);
    // After an Update answered 409 version_conflict: the region as stored now and its last audited
    // change (who, when, which fields). 404 when missing or not visible to the caller.
    Result<StaleEdit<Region>> StaleEditOf(const Principal& caller, int64_t id);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
};

}  // namespace safegrid::services
