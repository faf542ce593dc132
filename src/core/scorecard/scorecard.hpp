// Scorecards (目标管理责任制考核, CONTRACT "Training, micro fire stations, scorecards"; DOMAIN §2.7):
// every village and every enterprise scored for a month or a year on the items of
// village_enterprise_star_rating.json. The items and their maximum points come from that file
// (services/scorecard_standard_loader reads it at start-up); what lives here is the one table that
// says, item code by item code, how the platform decides an item from figures the store counted,
// and which items stay manual (0 points until the town enters them).
//
// Decided items (the rule of each is also in docs/scorecards.md):
//   VIL-05 training       max × trained / enterprises (enterprises of the village with an attendance
//                         in the period); a village without enterprises gets full marks
//   VIL-07 closed loop    half the points × inspected / enterprises (inspected in the period),
//                         half × closed on time / hazards due in the period (none due: that half full)
//   VIL-08 rental         max × registered / rented buildings (a building with tenants is registered
//                         when its landlord is recorded); no rented building: full marks
//   VIL-09 majors         max × re-checked / majors (major hazards open at some time in the period;
//                         re-checked = closed in the period, which takes the verifier's approval);
//                         no majors: full marks
//   VIL-12 drills         all or nothing: a drill-kind training or a station drill in the village from
//                         1 January of the period's year to the period's end
//   ENT-05 education      max × min(1, people trained / employees) in the period; employees unknown:
//                         all or nothing on any attendance
//   ENT-08 fire facilities all or nothing: no hazard of the fire-facility categories open at the end
//   ENT-11 chemicals/exits all or nothing: no chemicals or exits hazard open at the end
//   ENT-13 electrical     all or nothing: no electrical hazard open at the end
//   ENT-15 hazard checks  half for a self-check in the period, half × closed on time / due in the
//                         period (none due: that half full)
//   ENT-19 drills         max × min(2, drill attendances since 1 January) / 2 (the standard asks two a year)
//   ENT-22 participation  all or nothing: any training attended in the period
// Every other item (and ENT-20 until devices exist) is manual.
//
// Points are rounded to one decimal; a card's score is the sum of its items' points. Ranking is
// standard competition ranking ("1224"): equal scores share the best rank and the next rank skips.
//
// Pure: no I/O, no clock. Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/checklist/checklist.hpp"
#include "core/time.hpp"

namespace safegrid::scorecard {

enum class Level : uint8_t { kVillage, kEnterprise };
std::string_view LevelName(Level level);  // "village" | "enterprise"
std::optional<Level> ParseLevel(std::string_view name);

// A calendar month ("2026-11") or year ("2026") of the town's calendar.
struct Period {
    int year = 0;
    int month = 0;                                   // 1..12; 0 for a whole year
    [[nodiscard]] std::string Text() const;          // "2026-11" | "2026"
    [[nodiscard]] std::string FirstDay() const;      // "2026-11-01" | "2026-01-01"
    [[nodiscard]] std::string EndDay() const;        // the day after the last: "2026-12-01" | "2027-01-01"
    [[nodiscard]] std::string YearFirstDay() const;  // "2026-01-01"
    // The instants of FirstDay / EndDay at local midnight for a zone `utc_offset_seconds` east of UTC.
    [[nodiscard]] UnixSeconds Start(int utc_offset_seconds) const;
    [[nodiscard]] UnixSeconds End(int utc_offset_seconds) const;
    [[nodiscard]] UnixSeconds YearStart(int utc_offset_seconds) const;
    bool operator==(const Period&) const = default;
};
// Exactly "YYYY-MM" (month 01..12) or "YYYY" (1970..9999); anything else → nullopt.
std::optional<Period> ParsePeriod(std::string_view text);
// True when the period begins after `today` ("YYYY-MM-DD", the town's calendar): the current month
// and year are not in the future.
bool IsFuture(const Period& period, std::string_view today);

// One item of the standard file.
struct ItemDef {
    std::string code;   // "VIL-05"
    double max = 0;     // the file's points
    std::string label;  // the file's item_zh
};

// What the store counts for one village over the period. Hazards and inspections count at the place
// they were recorded at (village_id of the row), rejected reports never; the store reads these from
// per-month counters (migration 0023) or aggregates them, with the same meaning.
struct VillageFigures {
    int64_t enterprises = 0;
    int64_t trained = 0;               // enterprises with an attendance in the period
    int64_t inspected = 0;             // enterprises with an inspection in the period (distinct over
                                       // the whole period: a year is not the sum of its months)
    int64_t hazards_due = 0;           // hazards whose deadline falls in the period and before now
    int64_t closed_on_time = 0;        // of those, closed by their deadline
    int64_t majors = 0;                // major hazards open at some time in the period
    int64_t majors_closed = 0;         // of those, closed (verified) in the period
    int64_t rented_buildings = 0;      // buildings with at least one tenant
    int64_t registered_buildings = 0;  // of those, with the landlord recorded
    int64_t drills = 0;                // drill trainings and station drills since 1 January
};

// What the store counts for one enterprise over the period.
struct EnterpriseFigures {
    std::optional<int64_t> employees;
    int64_t people_trained = 0;  // attendance people in the period
    int64_t sessions = 0;        // attendances in the period (any kind)
    int64_t drills = 0;          // drill-kind attendances since 1 January
    int64_t self_checks = 0;     // self-check inspections in the period
    int64_t hazards_due = 0;
    int64_t closed_on_time = 0;
    int64_t open_fire_facility = 0;  // hazards of kFireFacilityCategories open at the period's end
    int64_t open_chemicals = 0;      // of kChemicalsCategories
    int64_t open_electrical = 0;     // of kElectricalCategories
};

// The hazard categories behind ENT-08, ENT-11 and ENT-13 (storage builds its filters from these).
inline constexpr std::array kFireFacilityCategories = {checklist::Category::kExtinguisher,
                                                       checklist::Category::kAlarms};
inline constexpr std::array kChemicalsCategories = {checklist::Category::kChemicals, checklist::Category::kExits};
inline constexpr std::array kElectricalCategories = {checklist::Category::kElectrical};

// A decided item: its points (0..max) and the figure behind them.
struct Decision {
    double points = 0;
    std::string figure;  // "8/10 家企业参加培训"
    double value = 0;    // the figure's number: a share 0..1 or a count
};

// True when the platform decides `code` at `level`; false: manual.
bool IsDecided(Level level, std::string_view code);
// The decision for a decided item; nullopt for a manual one.
std::optional<Decision> DecideVillage(std::string_view code, double max, const VillageFigures& f);
std::optional<Decision> DecideEnterprise(std::string_view code, double max, const EnterpriseFigures& f);

double RoundPoints(double points);  // to one decimal

struct ItemScore {
    std::string code;
    std::string label;
    double max = 0;
    double points = 0;
    std::string figure;  // empty for a manual item not entered
    bool manual = false;
    std::optional<double> value;
};

struct Card {
    int64_t subject_id = 0;  // village or enterprise id
    std::string name;
    std::vector<ItemScore> items;
    double score = 0;
    int rank = 0;
};

// One card: every item of `defs` in order, decided by `decide` (a manual item takes `manual(code)`
// when entered, clamped to 0..max, else 0). score = sum of the items' points.
template <class Figures, class DecideFn, class ManualFn>
Card Score(int64_t id, std::string name, const std::vector<ItemDef>& defs, const Figures& figures, DecideFn decide,
           ManualFn manual);

// Sorts by score (highest first, then id) and sets standard competition ranks (1, 2, 2, 4).
void Rank(std::vector<Card>& cards);

template <class Figures, class DecideFn, class ManualFn>
Card Score(int64_t id, std::string name, const std::vector<ItemDef>& defs, const Figures& figures, DecideFn decide,
           ManualFn manual) {
    Card card;
    card.subject_id = id;
    card.name = std::move(name);
    double total = 0;
    for (const ItemDef& def : defs) {
        ItemScore item{def.code, def.label, def.max, 0, "", false, std::nullopt};
        if (std::optional<Decision> d = decide(def.code, def.max, figures)) {
            item.points = RoundPoints(d->points);
            item.figure = std::move(d->figure);
            item.value = d->value;
        } else {
            item.manual = true;
            if (std::optional<double> entered = manual(def.code)) {
                item.points = RoundPoints(*entered < 0 ? 0 : (*entered > def.max ? def.max : *entered));
                item.figure = "人工录入";
            }
        }
        total += item.points;
        card.items.push_back(std::move(item));
    }
    card.score = RoundPoints(total);
    return card;
}

}  // namespace safegrid::scorecard
