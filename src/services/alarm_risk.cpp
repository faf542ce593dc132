#include "services/alarm_risk.hpp"

namespace safegrid::services {

Status RegradeForAlarm(EnterpriseService& enterprises, storage::Connection& conn, int64_t enterprise_id) {
    SG_TRY(enterprises.RefreshRisk(conn, enterprise_id, "alarm"));
    return {};
}

}  // namespace safegrid::services
