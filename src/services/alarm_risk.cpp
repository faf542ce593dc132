#include "services/alarm_risk.hpp"

#include <string>

namespace safegrid::services {

Status RegradeForAlarm(EnterpriseService& enterprises, storage::Connection& conn, int64_t enterprise_id) {
    SG_TRY(enterprises.RefreshRisk(conn, enterprise_id, "alarm:" + std::to_string(enterprise_id)));
    return {};
}

}  // namespace safegrid::services
