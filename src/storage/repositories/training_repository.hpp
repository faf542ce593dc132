// SQL for training sessions and their attendance (0018_training.sql). Attendance rows carry the
// enterprise's place (town/village/grid), the session's day and kind, so coverage over an area and
// a window of days is an index range on (village_id | town_id, held_on, enterprise_id) and never
// joins the sessions. The window itself is core's (core/training/training.hpp): the caller passes
// its bounds (after, through], this file only filters by them.
//
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "core/training/training.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct TrainingRecord {
    int64_t id = 0;
    RegionPath path;  // of the session's region (deeper levels null when held higher up)
    int64_t region_id = 0;
    std::string title;
    std::string kind;     // wire name (TrainingKindName)
    std::string held_on;  // YYYY-MM-DD, the town's calendar
    double hours = 0;
    std::optional<std::string> signin_code;
    std::optional<int64_t> created_by;
    UnixSeconds created_at = 0;
    // Read only (List): the session's attendance rows and their people; the region's name (the service).
    std::string region_name;
    int64_t enterprises = 0;
    int64_t people = 0;
};

struct AttendanceRecord {
    int64_t training_id = 0;
    int64_t enterprise_id = 0;
    std::string enterprise_name;  // read only
    RegionPath path;              // the enterprise's place when recorded
    std::string held_on;
    std::string kind;
    int64_t people = 0;
    std::optional<int64_t> recorded_by;
    UnixSeconds recorded_at = 0;
};

// Which sessions a list shows: those whose own place lies in `subtree` (the caller's scope as one
// path column; kAny for an admin) or whose region is one of `ancestors` (a town-wide session for a
// village officer), further narrowed by `region` (a subtree asked for), kind and days.
struct TrainingQuery {
    PathFilter subtree = PathFilter::Any();
    std::vector<int64_t> ancestors;
    PathFilter region = PathFilter::Any();
    std::optional<std::string> kind;
    std::optional<std::string> from;  // held_on >= from
    std::optional<std::string> to;    // held_on <= to
    std::optional<int64_t> id;
    int64_t offset = 0;
    int64_t limit = 20;
};

// One enterprise's session, for its file.
struct EnterpriseTrainingRow {
    TrainingRecord training;
    int64_t people = 0;
};

// Coverage of one place (a village or grid id in `region_id`; 0 for the rows no place holds).
struct CoverageRow {
    int64_t region_id = 0;
    TrainingCoverage coverage;
};

class TrainingRepository {
  public:
    explicit TrainingRepository(Connection& conn) : conn_(conn) {}

    Result<int64_t> Insert(const TrainingRecord& t);
    // Newest first (held_on, then id); the page and the total under the same WHERE.
    Result<std::pair<std::vector<TrainingRecord>, int64_t>> List(const TrainingQuery& q);

    // Inserts or replaces the (session, enterprise) row; true when it was new.
    Result<bool> UpsertAttendance(const AttendanceRecord& a);
    Result<bool> DeleteAttendance(int64_t training_id, int64_t enterprise_id);
    // The session's rows whose enterprise lies in every filter, by enterprise name then id.
    Result<std::vector<AttendanceRecord>> Attendance(int64_t training_id, const std::vector<PathFilter>& filters);
    // Whether the enterprise has an attendance at a session held in (after, through] (the coverage
    // window's bounds, core/training); one index probe on (enterprise_id, held_on).
    Result<bool> TrainedIn(int64_t enterprise_id, const std::string& after, const std::string& through,
                           const TownLimit& town = TownLimit::Any());
    // An enterprise's sessions, newest first.
    Result<std::vector<EnterpriseTrainingRow>> ForEnterprise(int64_t enterprise_id,
                                                             const TownLimit& town = TownLimit::Any());

    // Coverage of the enterprises in every filter, sessions held in (after, through]. With `group`
    // (kVillage or kGrid) one row per place of that column, else one row (region_id 0).
    Result<std::vector<CoverageRow>> Coverage(const std::vector<PathFilter>& filters, const std::string& after,
                                              const std::string& through,
                                              std::optional<PathFilter::Column> group = std::nullopt);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
