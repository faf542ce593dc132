#include "storage/repositories/alarm_duty_repository.hpp"

#include <array>

#include "core/enterprise/risk.hpp"

namespace safegrid::storage {
namespace {

// RiskFactors::AddAlarm's two predicates (core/enterprise/risk.hpp), the window bounds as
// parameters: fire ones take (now − kFireAlarmWindow), fault ones (now − kFaultOpenFor).
constexpr std::string_view kFireFactor = "(kind = 'fire' AND status <> 'false_alarm' AND raised_at > ?)";
constexpr std::string_view kFaultFactor =
    "(kind IN ('fault', 'offline') AND cleared_at IS NULL AND status IN ('active', 'acknowledged') AND "
    "raised_at < ?)";

std::string FactorSelect(std::string_view where) {
    return "SELECT enterprise_id, COUNT(CASE WHEN " + std::string(kFireFactor) + " THEN 1 END), COUNT(CASE WHEN " +
           std::string(kFaultFactor) + " THEN 1 END) FROM alarms WHERE " + std::string(where) +
           " GROUP BY enterprise_id";
}

}  // namespace

Result<std::optional<DutyAlarm>> AlarmDutyRepository::Find(int64_t alarm_id) {
    SG_ASSIGN_OR_RETURN(auto alarm, AlarmRepository(conn_).FindById(alarm_id));
    if (!alarm) return std::optional<DutyAlarm>();
    DutyAlarm a;
    static_cast<AlarmRecord&>(a) = std::move(*alarm);
    const std::array<Value, 1> params = {a.enterprise_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT lat, lng FROM enterprises WHERE id = ?", params));
    if (!rows.rows.empty()) {
        a.enterprise_lat = rows.rows.front().OptDouble(0);
        a.enterprise_lng = rows.rows.front().OptDouble(1);
    }
    return std::optional<DutyAlarm>(std::move(a));
}

Result<std::vector<int64_t>> AlarmDutyRepository::EscalationCandidates(const std::string& kind, int64_t level,
                                                                       UnixSeconds raised_at_or_before,
                                                                       bool with_cleared, int64_t after_id,
                                                                       int64_t limit) {
    const std::array<Value, 6> params = {kind, raised_at_or_before, level, int64_t{with_cleared ? 1 : 0}, after_id,
                                         limit};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id FROM alarms WHERE status = 'active' AND kind = ? AND "
                                               "raised_at <= ? AND escalation_level < ? AND (CAST(? AS BIGINT) = 1 "
                                               "OR cleared_at IS NULL) AND id > ? ORDER BY id LIMIT ?",
                                               params));
    std::vector<int64_t> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back(r.Int(0));
    return out;
}

Result<bool> AlarmDutyRepository::Escalate(int64_t alarm_id, int64_t level, UnixSeconds at) {
    const std::array<Value, 5> params = {level, at, at, alarm_id, level};
    SG_ASSIGN_OR_RETURN(
        int64_t changed,
        conn_.Execute("UPDATE alarms SET escalation_level = ?, escalated_at = ?, version = version + 1, "
                      "updated_at = ? WHERE id = ? AND status = 'active' AND escalation_level < ?",
                      params));
    return changed > 0;
}

Result<std::optional<Recipient>> AlarmDutyRepository::EnabledUser(int64_t user_id, int64_t town_id) {
    const std::array<Value, 2> params = {user_id, town_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, username, phone FROM users WHERE id = ? AND town_id = ? AND "
                                               "disabled = 0",
                                               params));
    if (rows.rows.empty()) return std::optional<Recipient>();
    const Row& r = rows.rows.front();
    return std::optional<Recipient>(Recipient{r.Int(0), r.Text(1), r.Text(2)});
}

Result<std::vector<DutyStation>> AlarmDutyRepository::Stations(int64_t town_id) {
    const std::array<Value, 1> params = {town_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, name, village_id, lat, lng, responsible_user_id FROM "
                                               "stations WHERE town_id = ? ORDER BY id",
                                               params));
    std::vector<DutyStation> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) {
        out.push_back({r.Int(0), r.Text(1), r.OptInt(2), r.Double(3), r.Double(4), r.OptInt(5)});
    }
    return out;
}

Result<AlarmFactorCounts> AlarmDutyRepository::Factors(int64_t enterprise_id, UnixSeconds now, const TownLimit& town) {
    std::vector<Value> params = {now - kFireAlarmWindow, now - kFaultOpenFor, enterprise_id};
    const std::string sql = FactorSelect("enterprise_id = ?" + TownCondition(town, "", params));
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return AlarmFactorCounts{};
    return AlarmFactorCounts{rows.rows.front().Int(1), rows.rows.front().Int(2)};
}

Result<std::unordered_map<int64_t, AlarmFactorCounts>> AlarmDutyRepository::AllFactors(UnixSeconds now) {
    const UnixSeconds fire_after = now - kFireAlarmWindow;
    const UnixSeconds fault_before = now - kFaultOpenFor;
    const std::array<Value, 4> params = {fire_after, fault_before, fire_after, fault_before};
    static const std::string sql = FactorSelect(std::string(kFireFactor).append(" OR ").append(kFaultFactor));
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::unordered_map<int64_t, AlarmFactorCounts> out;
    for (const Row& r : rows.rows) out[r.Int(0)] = {r.Int(1), r.Int(2)};
    return out;
}

}  // namespace safegrid::storage
