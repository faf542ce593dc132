// The SQL of the duty side of alarms (docs/alarms-duty.md): the alarm row with what a message names
// (the enterprise, its location, the device), the escalation job's scan and step, the town's micro
// fire stations, and the two risk factors alarms feed. Reads and writes the alarms table of 0027;
// AlarmRepository (the alarms module) owns the rest of it. Stateless: each method runs on the
// connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_repository.hpp"
#include "storage/repositories/notification_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

// An alarm (AlarmRepository's row, joined with its device and enterprise) and where its enterprise
// is: the notifier finds the nearest station by it.
struct DutyAlarm : AlarmRecord {
    std::optional<double> enterprise_lat;
    std::optional<double> enterprise_lng;
};

// A micro fire station as the notifier needs it.
struct DutyStation {
    int64_t id = 0;
    std::string name;
    std::optional<int64_t> village_id;
    double lat = 0;
    double lng = 0;
    std::optional<int64_t> responsible_user_id;
};

// The alarm factors of one enterprise (RiskFactors::AddAlarm's two counts).
struct AlarmFactorCounts {
    int64_t fire_alarms_90d = 0;
    int64_t device_faults_open = 0;
};

class AlarmDutyRepository {
  public:
    explicit AlarmDutyRepository(Connection& conn) : conn_(conn) {}

    Result<std::optional<DutyAlarm>> Find(int64_t alarm_id);

    // Ids of `active` alarms of `kind` below `level` raised at or before `raised_at_or_before`
    // (and not cleared by the device unless `with_cleared`), after `after_id`, by id (the
    // alarms_status (status, kind, raised_at) index): the escalation job's page.
    Result<std::vector<int64_t>> EscalationCandidates(const std::string& kind, int64_t level,
                                                      UnixSeconds raised_at_or_before, bool with_cleared,
                                                      int64_t after_id, int64_t limit);
    // Moves an active alarm below `level` to it (escalated_at, version + 1, updated_at); false when
    // it is not active or already there (someone acknowledged it, or a second run got there first).
    Result<bool> Escalate(int64_t alarm_id, int64_t level, UnixSeconds at);

    // An enabled user of `town_id` by id (a station's responsible person), else nullopt.
    Result<std::optional<Recipient>> EnabledUser(int64_t user_id, int64_t town_id);

    // The town's micro fire stations, by id.
    Result<std::vector<DutyStation>> Stations(int64_t town_id);

    // RiskFactors::AddAlarm as SQL, for one enterprise and for all (the daily pass), with the
    // windows of core/enterprise/risk.hpp (kFireAlarmWindow, kFaultOpenFor) measured from `now`.
    Result<AlarmFactorCounts> Factors(int64_t enterprise_id, UnixSeconds now, const TownLimit& town = TownLimit::Any());
    Result<std::unordered_map<int64_t, AlarmFactorCounts>> AllFactors(UnixSeconds now);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
