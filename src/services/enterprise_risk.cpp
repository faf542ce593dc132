// EnterpriseService's risk grading: the one refresh every factor-moving write calls, the daily
// pass and GET /enterprises/{id}/risk (see RISK in enterprise_service.hpp).
#include "core/training/training.hpp"
#include "services/enterprise_service.hpp"
#include "storage/repositories/alarm_duty_repository.hpp"
#include "storage/repositories/building_repository.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/training_repository.hpp"

namespace safegrid::services {
namespace {

// The history a risk view shows: enough to see a year of monthly changes at a glance.
constexpr int64_t kRiskHistoryShown = 50;

RiskFactors RegistryFacts(const Enterprise& e, RiskFactors hazards) {
    hazards.tags = e.tags;
    hazards.industry_code = e.industry_code;
    hazards.employees = e.employees;
    hazards.last_inspection_failures = e.last_inspection_failures;
    return hazards;
}

}  // namespace

Result<RiskAssessment> EnterpriseService::Grade(storage::Connection& conn, const Enterprise& e) {
    RiskFactors hazards;
    // Every fact below lives on the enterprise's town's shard.
    const storage::TownLimit town = storage::TownLimit::Town(e.path.town_id);
    if (hazard_factors_ && e.id != 0) {
        SG_ASSIGN_OR_RETURN(hazards, hazard_factors_(conn, e.id, e.path.town_id));
    }
    // The coverage window (core/training): trained when an attendance counts for coverage today.
    const std::string today = FormatLocalIsoDate(clock_.Now(), risk_.zone);
    bool trained = false;
    if (e.id != 0) {
        SG_ASSIGN_OR_RETURN(
            trained, storage::TrainingRepository(conn).TrainedIn(e.id, WindowStartExclusive(today), today, town));
    }
    hazards.no_recent_training = !trained;
    // The device alarms (RiskFactors::AddAlarm's windows from now).
    if (e.id != 0) {
        SG_ASSIGN_OR_RETURN(auto alarms, storage::AlarmDutyRepository(conn).Factors(e.id, clock_.Now(), town));
        hazards.fire_alarms_90d = alarms.fire_alarms_90d;
        hazards.device_faults_open = alarms.device_faults_open;
    }
    if (e.building_id) {
        SG_ASSIGN_OR_RETURN(auto building, storage::BuildingRepository(conn).FindById(*e.building_id, town));
        if (building) hazards.people_sleeping_on_site = building->people_sleeping;
    }
    return AssessRisk(risk_.method, RegistryFacts(e, std::move(hazards)));
}

void EnterpriseService::ApplyGrade(Enterprise& e, const RiskAssessment& a, UnixSeconds now) const {
    e.risk_level = a.level;
    e.risk_score = a.score;
    e.risk_computed_at = now;
    e.inspection_due_at = InspectionDueAt(risk_.intervals, a.level, e.last_inspected_at);
}

Result<bool> EnterpriseService::RefreshRisk(storage::Connection& conn, int64_t enterprise_id,
                                            const std::string& reason) {
    storage::EnterpriseRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto current, repo.FindById(enterprise_id));
    if (!current) return NotFound();
    SG_ASSIGN_OR_RETURN(RiskAssessment grade, Grade(conn, *current));
    Enterprise e = *current;
    const UnixSeconds now = clock_.Now();
    ApplyGrade(e, grade, now);
    if (e.risk_level == current->risk_level && e.risk_score == current->risk_score &&
        e.inspection_due_at == current->inspection_due_at) {
        return false;  // nothing moved: no write at all
    }
    SG_TRY(repo.SetRisk(e));
    if (e.risk_level == current->risk_level) return false;
    SG_TRY(
        storage::RiskRepository(conn).InsertHistory(e.path.town_id, e.id, {e.risk_level, e.risk_score, now, reason}));
    return true;
}

Status EnterpriseService::RecordInspection(storage::Connection& conn, int64_t enterprise_id, UnixSeconds at,
                                           int64_t failures) {
    return storage::EnterpriseRepository(conn).SetLastInspection(enterprise_id, at, failures);
}

Result<int64_t> EnterpriseService::RefreshAllRisk() {
    const UnixSeconds now = clock_.Now();
    const std::string today = FormatLocalIsoDate(now, risk_.zone);
    const std::string after = WindowStartExclusive(today);
    // Read every enterprise's facts in four statements, outside the write lock: the alarms' too, so
    // a fire alarm leaving the 90-day window and a fault turning a week old regrade here.
    SG_ASSIGN_OR_RETURN(auto facts,
                        db_->Read([&](storage::Connection& conn) -> Result<std::vector<storage::EnterpriseRiskFacts>> {
                            SG_ASSIGN_OR_RETURN(auto all, storage::RiskRepository(conn).AllFacts(now, after, today));
                            SG_ASSIGN_OR_RETURN(auto alarms, storage::AlarmDutyRepository(conn).AllFactors(now));
                            for (auto& f : all) {
                                auto it = alarms.find(f.id);
                                if (it == alarms.end()) continue;
                                f.factors.fire_alarms_90d = it->second.fire_alarms_90d;
                                f.factors.device_faults_open = it->second.device_faults_open;
                            }
                            return all;
                        }));
    std::vector<int64_t> moved;
    for (const storage::EnterpriseRiskFacts& f : facts) {
        const RiskAssessment a = AssessRisk(risk_.method, f.factors);
        const UnixSeconds due = InspectionDueAt(risk_.intervals, a.level, f.last_inspected_at);
        if (a.level != f.stored_level || a.score != f.stored_score || due != f.stored_due_at) moved.push_back(f.id);
    }
    if (moved.empty()) return 0;
    // Only those, in one transaction, each re-graded from its facts as they are now.
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
        int64_t changed = 0;
        for (int64_t id : moved) {
            auto refreshed = RefreshRisk(conn, id, "daily");
            if (!refreshed && refreshed.error().code == Code::kNotFound) continue;  // deleted since the read
            if (!refreshed) return Fail(std::move(refreshed.error()));
            changed += *refreshed ? 1 : 0;
        }
        return changed;
    });
}

Result<RiskView> EnterpriseService::Risk(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<RiskView> {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
        if (!e || !caller.scope.Contains(e->path, e->id)) return NotFound();
        RiskView view;
        view.enterprise = *e;
        view.method = risk_.method.name;
        SG_ASSIGN_OR_RETURN(view.assessment, Grade(conn, *e));
        view.computed_at = clock_.Now();
        if (e->last_inspected_at) {
            view.next_inspection_due = InspectionDueAt(risk_.intervals, view.assessment.level, e->last_inspected_at);
        }
        SG_ASSIGN_OR_RETURN(view.history, storage::RiskRepository(conn).History(
                                              id, kRiskHistoryShown, storage::TownLimit::Town(e->path.town_id)));
        return view;
    });
}

Result<int64_t> EnterpriseService::CountDue(storage::Connection& conn,
                                            const std::vector<storage::PathFilter>& filters) {
    return storage::RiskRepository(conn).CountDue(filters, clock_.Now());
}

}  // namespace safegrid::services
