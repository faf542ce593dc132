#include "services/hazard_live_events.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/hazard/hazard.hpp"

namespace safegrid::services {

std::string HazardUpdatedData(const HazardRecord& hazard) {
    boost::json::object data;
    data["id"] = hazard.id;
    data["status"] = HazardStatusName(hazard.status);
    data["enterprise_id"] =
        hazard.enterprise_id ? boost::json::value(*hazard.enterprise_id) : boost::json::value(nullptr);
    data["version"] = hazard.version;
    return boost::json::serialize(data);
}

Status RecordHazardUpdated(LiveEvents& live, storage::Connection& conn, const HazardEventInfo& info) {
    const HazardRecord& h = info.hazard;
    SG_TRY(live.Record(conn, {kHazardUpdated, h.path, h.enterprise_id, HazardUpdatedData(h)}));
    live.Wake();
    return {};
}

}  // namespace safegrid::services
