// Reads for the monthly report (services/monthly_report_service.hpp) and the stored report
// snapshots (migration 0022, monthly_reports). The month's found / closed come from the counters
// (hazard_month_counts, kept in every hazard write); overdue at an instant and the majors read
// `hazards` through its (place, status, due_at) and (severity, found_at) indexes.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct PlaceCounts {
    int64_t found = 0;
    int64_t closed = 0;
    int64_t overdue = 0;
};

struct MajorHazardRow {
    int64_t id = 0;
    std::string title;
    std::string enterprise_name;  // empty when the hazard has no enterprise
    std::optional<int64_t> village_id;
    std::string status;
    UnixSeconds found_at = 0;
    std::optional<UnixSeconds> due_at;
    std::optional<UnixSeconds> closed_at;
    std::optional<std::string> listing_no;  // 挂牌督办
    std::optional<UnixSeconds> listed_at;
};

struct StoredReport {
    int64_t id = 0;
    int64_t town_id = 0;
    std::string period;
    UnixSeconds generated_at = 0;
    int64_t size = 0;
    std::string pdf;  // Find only
};

class MonthlyReportRepository {
  public:
    // The place column a report groups by: village_id for a town, grid_id for a village.
    enum class Group { kVillage, kGrid };

    explicit MonthlyReportRepository(Connection& conn) : conn_(conn) {}

    // Found and closed in the month `yyyymm` under the filters, per place (0: held above any place).
    Result<std::map<int64_t, PlaceCounts>> FoundClosed(const std::vector<PathFilter>& filters, Group group, int yyyymm);
    // Adds `overdue` per place: hazards open past their deadline at `t` (core report::WasOverdueAt).
    Status AddOverdueAt(const std::vector<PathFilter>& filters, Group group, UnixSeconds t,
                        std::map<int64_t, PlaceCounts>& into);
    // The major hazards found in [from, to) or open at `to` (report MAJORS LISTED), oldest first.
    Result<std::vector<MajorHazardRow>> Majors(const std::vector<PathFilter>& filters, UnixSeconds from, UnixSeconds to,
                                               int64_t limit);

    // Stores the town's report for `period` unless one is stored: the new id, or nullopt when
    // (town, period) already has one (ON CONFLICT DO NOTHING: two processes never store two).
    Result<std::optional<int64_t>> InsertOnce(int64_t town_id, const std::string& period, UnixSeconds generated_at,
                                              const std::string& pdf);
    // Stored reports of the towns in `filters` (town_id only), newest period first, without the PDF.
    Result<std::vector<StoredReport>> List(const std::vector<PathFilter>& filters, int64_t limit);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<StoredReport>> Find(int64_t id, const TownLimit& town = TownLimit::Any());

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
