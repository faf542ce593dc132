#include "services/seed/demo_scorecards.hpp"

#include "storage/repositories/scorecard_repository.hpp"

namespace safegrid::services::seed {

Result<int> SeedDemoScorecards(storage::Database& db, ScorecardService& scorecards, const Clock& clock,
                               const SeedSummary& town, const TimeZone& zone) {
    SG_ASSIGN_OR_RETURN(auto villages, db.Read([&](storage::Connection& conn) {
        return storage::ScorecardRepository(conn).Villages({{storage::PathFilter::Column::kTown, town.town_id}});
    }));
    const std::string month = FormatLocalIsoDate(clock.Now(), zone).substr(0, 7);
    int written = 0;
    auto enter = [&](const char* level, std::optional<int64_t> region, std::optional<int64_t> enterprise,
                     const char* code, double points) -> Status {
        ScorecardManualInput in{month, level, region, enterprise, code, points};
        SG_TRY(scorecards.PutManual(nullptr, in));
        ++written;
        return {};
    };
    if (!villages.empty()) {
        SG_TRY(enter("village", villages[0].id, std::nullopt, "VIL-01", 8));
        SG_TRY(enter("village", villages[0].id, std::nullopt, "VIL-02", 6));
    }
    if (villages.size() > 1) SG_TRY(enter("village", villages[1].id, std::nullopt, "VIL-01", 5));
    if (town.enterprise1_id != 0) SG_TRY(enter("enterprise", std::nullopt, town.enterprise1_id, "ENT-20", 3));
    return written;
}

}  // namespace safegrid::services::seed
