// SQL for citizens' reports (0003_hazards.sql: public_reports). Each row ties a tracking code to
// the hazard the report became; the report's status IS that hazard's status.
//
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// One row of `public_reports`.
struct PublicReportRecord {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string tracking_code;
    int64_t hazard_id = 0;
    std::string contact;
    std::string client_ip;
    UnixSeconds created_at = 0;
    std::optional<std::string> place_code;  // the poster's places.code (0025); nullopt: none named
};

// What the public status page may show: nothing but these two.
struct PublicReportStatus {
    HazardStatus status = HazardStatus::kReported;
    UnixSeconds updated_at = 0;
};

// What the report itself holds beyond the hazard's own fields (address and position are copied
// onto the hazard): who to call back, and when it came in. Staff read it on the hazard.
struct PublicReportOrigin {
    std::string contact;
    UnixSeconds reported_at = 0;
    std::optional<std::string> place_code;
};

// What the public reply page may show: the status page's two fields plus the officer's words to
// the reporter (the comment of the reject, or of the approve that closed it).
struct PublicReportReply {
    HazardStatus status = HazardStatus::kReported;
    UnixSeconds updated_at = 0;
    std::optional<std::string> reason;
};

class PublicReportRepository {
  public:
    explicit PublicReportRepository(Connection& conn) : conn_(conn) {}

    // Inserts `r` (its id ignored). nullopt when the tracking code is taken already (nothing
    // written, the transaction stays usable on PostgreSQL: ON CONFLICT DO NOTHING).
    Result<std::optional<int64_t>> Insert(const PublicReportRecord& r);
    // The status and last change of the hazard behind `tracking_code`; nullopt when unknown.
    Result<std::optional<PublicReportStatus>> StatusOf(const std::string& tracking_code);
    // The reply behind `tracking_code`: status, last change, and the comment of the event that
    // made the hazard rejected (a `reject`) or closed (an `approve`); no reason in any other status
    // (nor for a rejection by `link`: its text is the system's, naming an internal hazard id).
    Result<std::optional<PublicReportReply>> ReplyOf(const std::string& tracking_code);
    // The report the hazard came from; nullopt for hazards that are not public reports.
    Result<std::optional<PublicReportOrigin>> OriginOf(int64_t hazard_id);
    // The town with the smallest id, if any: where reports go when the server serves several towns
    // and the configuration names none.
    Result<std::optional<int64_t>> FirstTown();
    // True when `id` names a town.
    Result<bool> IsTown(int64_t id);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
