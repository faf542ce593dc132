// The four-colour risk grade of an enterprise (风险分级管控, DOMAIN.md §2.6): red 重大, orange 较大,
// yellow 一般, blue 低. It is computed, never entered: the API treats risk_level as read-only.
//
// METHOD: LEC (作业条件危险性评价法, D = L × E × C), with its value tables and D bands read from the
// shared data file risk_grading_methods.json (services/risk_method_loader.hpp parses it into
// LecTables; nothing of the file is retyped here). Why LEC and not LS: LS scores R = L × S on a 1–25
// matrix, too coarse to add factors up (two "yellow" facts would already be orange), and its bands
// differ between provinces (the file lists three variants); LEC's D scale (0.05 … 10,000) has room
// for a sum of factors, and its D bands (>320 / 160–320 / 70–160 / ≤70) are the common four-colour
// mapping. An enterprise has several hazard sources, so the score is the SUM of one LEC assessment
// per factor (D of that source), and the colour is the band the sum falls in:
//
//   every factor's points = round(L × E × C × count), L, E, C values of the file's tables
//   (kRiskFactorPolicy in risk.cpp says which value each factor takes and why; MakeLecRiskMethod
//   refuses a policy value the file's table lacks, so an edited file cannot silently change a
//   factor).
//
// Factors: inherent ones from the registry (industry by GB/T 4754 division, head count, the tags,
// three_in_one together with hazardous chemicals or dust, people sleeping in its building) and dynamic ones (open
// general and major hazards, overdue hazards, the failed items of the last inspection, no training attendance in the
// last 12 months, real fire alarms of its devices in 90 days, device faults left open for a week). A fact the registry
// does not know is never silently zero: an unknown industry is the factor "industry_unknown" and an unknown head count
// "employees_unknown", each with its points. The factors always add up to the score.
//
// Bands (score → colour) are configuration: the defaults are the file's D bands, the app may
// override each threshold. Inspection intervals by colour are configuration too (InspectionIntervals).
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/enterprise/tags.hpp"
#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"

namespace safegrid {

// Ordered from lowest to highest.
enum class RiskLevel : uint8_t { kBlue = 0, kYellow = 1, kOrange = 2, kRed = 3 };

std::string_view RiskLevelName(RiskLevel level);
std::optional<RiskLevel> ParseRiskLevel(std::string_view name);

// The facts a grade is computed from.
struct RiskFactors {
    TagSet tags;
    std::string industry_code;         // GB/T 4754 as written ("C1810", "1810"); empty: unknown
    std::optional<int64_t> employees;  // null: unknown
    // People sleeping in the enterprise's building (Building::people_sleeping); 0: none or no building.
    int64_t people_sleeping_on_site = 0;
    // Filled by the hazard module, as AddHazard defines.
    int64_t open_major_hazards = 0;
    int64_t open_general_hazards = 0;
    int64_t overdue_hazards = 0;
    // Failed items of the enterprise's last inspection by staff; null: never inspected.
    std::optional<int64_t> last_inspection_failures;
    // No attendance at a session that counts for coverage today (core/training CountsForCoverage:
    // the last 12 months). Filled by whoever reads the attendance (EnterpriseService::Grade, the
    // daily pass's AllFacts) with that one window rule.
    bool no_recent_training = false;
    // Filled from the enterprise's device alarms, as AddAlarm defines (services/alarm_risk.hpp).
    int64_t fire_alarms_90d = 0;
    int64_t device_faults_open = 0;

    // The one definition of how a hazard of the enterprise counts: an open one (IsOpenHazard) by its
    // severity, an overdue one (IsOverdue) once more. The repository's aggregate query is built
    // from the same rules (HazardRepository::HazardFactors) and tested against this function.
    void AddHazard(HazardStatus status, Severity severity, std::optional<UnixSeconds> due_at, UnixSeconds now);

    // The one definition of how a device alarm counts (kind and status are the alarms table's wire
    // names): a `fire` alarm raised in the last kFireAlarmWindow seconds (raised_at > now − window)
    // that nobody judged a false alarm is a fire_alarms_90d; a `fault` or `offline` alarm still open
    // (not cleared by the device, status active or acknowledged) raised more than kFaultOpenFor
    // seconds ago (raised_at < now − kFaultOpenFor) is a device_faults_open. The storage query
    // (AlarmDutyRepository::Factors) takes these constants and is tested against this function.
    void AddAlarm(std::string_view kind, std::string_view status, UnixSeconds raised_at,
                  std::optional<UnixSeconds> cleared_at, UnixSeconds now);
};

inline constexpr int64_t kFireAlarmWindow = 90 * 86400;
inline constexpr int64_t kFaultOpenFor = 7 * 86400;

// The LEC tables of the data file: value and its meaning (zh), and the D bands as thresholds.
struct LecTables {
    struct Entry {
        double value = 0;
        std::string label;
    };
    std::vector<Entry> likelihood;   // L
    std::vector<Entry> exposure;     // E
    std::vector<Entry> consequence;  // C
    // D above `above` is at least `level` (a band with no lower bound is omitted).
    struct Band {
        double above = 0;
        RiskLevel level = RiskLevel::kBlue;
    };
    std::vector<Band> d_bands;
};

// score > red → red; else > orange → orange; else > yellow → yellow; else blue.
struct RiskBands {
    int64_t red = 0;
    int64_t orange = 0;
    int64_t yellow = 0;
};
RiskLevel LevelForScore(const RiskBands& bands, int64_t score);

// Days between inspections by colour (CONTRACT "Risk grading and plans" defaults).
struct InspectionIntervals {
    int64_t red_days = 30;
    int64_t orange_days = 90;
    int64_t yellow_days = 180;
    int64_t blue_days = 365;
    [[nodiscard]] int64_t DaysFor(RiskLevel level) const;
};
// The moment an enterprise becomes due: never inspected → 0 (due ever since), else the last
// inspection plus its colour's interval. Due when this is before now ("older than its interval").
UnixSeconds InspectionDueAt(const InspectionIntervals& intervals, RiskLevel level,
                            std::optional<UnixSeconds> last_inspected_at);
inline bool IsInspectionDue(UnixSeconds due_at, UnixSeconds now) { return due_at < now; }

// A validated method: the tables, the policy's L/E/C looked up in them, and the bands.
struct RiskMethod {
    std::string name = "LEC";
    LecTables tables;
    RiskBands bands;  // defaults from tables.d_bands; the app may override
};
// Fails (kMalformed "risk_method_invalid", `internal` names the value) when a value the factor
// policy uses is not in the tables, or the D bands do not give red > orange > yellow thresholds.
Result<RiskMethod> MakeLecRiskMethod(LecTables tables);

// One line of the explanation. `value` is the fact as the API shows it: a tag → true, a count or
// head count → the number, the industry → its code, an unknown fact → null.
struct RiskFactor {
    using Value = std::variant<std::monostate, bool, int64_t, std::string>;
    std::string code;
    Text label;
    Value value;
    int64_t points = 0;
};

struct RiskAssessment {
    RiskLevel level = RiskLevel::kBlue;
    int64_t score = 0;  // == sum of factors[i].points
    std::vector<RiskFactor> factors;
};

RiskAssessment AssessRisk(const RiskMethod& method, const RiskFactors& factors);

}  // namespace safegrid
