// SQL for scorecards (core/scorecard/scorecard.hpp, migration 0021): the figures behind the decided
// items, counted for all villages or all enterprises of a place at once, and the manual entries.
//
// Batched: each figure is one statement grouped by village_id (or enterprise_id) over the caller's
// place, so a town's villages take about ten statements and 10,000 enterprises about as many (never
// one statement per subject). The training and station tables (0018, 0019) belong to other
// services; they are only read here.
//
// The hazard and inspection figures come from the per-month counters of migration 0023
// (scorecard_counts.cpp) whenever they can answer: a calendar month or year of China time and place
// filters (town, village, grid). Otherwise (a town configured in another time zone, an enterprise's
// own scope) they are aggregated from hazards and inspections (scorecard_aggregate.cpp), which is
// also the oracle the counters are tested against. Both answer the same figures.
//
// What each count means is written on core's VillageFigures / EnterpriseFigures; hazards use core's
// open statuses (hazard_rules_sql.hpp) and the categories core names for each item.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/scorecard/scorecard.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::storage {

// The period as the tables store time: days ("YYYY-MM-DD", trainings and drills) and instants.
struct ScorecardWindow {
    std::string first_day, end_day, year_first_day;   // end_day exclusive
    UnixSeconds start = 0, end = 0;                   // end exclusive
    UnixSeconds due_before = 0;                       // min(end, now): a deadline not yet reached is not yet "due"
    int utc_offset_seconds = kChinaUtcOffsetSeconds;  // the zone of first_day/end_day (the counters' is China's)
};

// Where the hazard and inspection figures are read from: the counters when they can answer, or
// always the aggregate queries (the tests' oracle, and the fallback).
enum class FigureSource : uint8_t { kCounters, kAggregate };

struct ScoredSubject {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string name;
    std::optional<int64_t> employees;  // enterprises only
};

struct ScorecardManualRow {
    int64_t town_id = 0;
    std::string level;
    std::string period;
    int64_t subject_id = 0;
    std::string code;
    double points = 0;
    std::optional<int64_t> entered_by;
    UnixSeconds entered_at = 0;
};

class ScorecardRepository {
  public:
    explicit ScorecardRepository(Connection& conn) : conn_(conn) {}

    // The villages (regions of kind village) under `filters` (town or village columns), by id.
    Result<std::vector<ScoredSubject>> Villages(const std::vector<PathFilter>& filters);
    // The enterprises under `filters` (town, village or grid columns), by id.
    Result<std::vector<ScoredSubject>> Enterprises(const std::vector<PathFilter>& filters);

    Result<std::map<int64_t, scorecard::VillageFigures>> VillageFigures(const std::vector<PathFilter>& filters,
                                                                        const ScorecardWindow& w,
                                                                        FigureSource source = FigureSource::kCounters);
    Result<std::map<int64_t, scorecard::EnterpriseFigures>> EnterpriseFigures(
        const std::vector<PathFilter>& filters, const ScorecardWindow& w,
        FigureSource source = FigureSource::kCounters);

    // (subject_id, code) → points for one level and period, in `town_id` (nullopt: every town).
    Result<std::map<std::pair<int64_t, std::string>, double>> Manual(const std::string& level,
                                                                     const std::string& period,
                                                                     std::optional<int64_t> town_id);
    Result<std::optional<ScorecardManualRow>> FindManual(const std::string& level, const std::string& period,
                                                         int64_t subject_id, const std::string& code);
    // Inserts or replaces the entry.
    Status PutManual(const ScorecardManualRow& row);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
