// SQL for the enterprises table and its search index (0002_registry.sql). Stateless: each method
// runs on the connection it is given, inside the caller's transaction.
//
// Search (`q`): a substring of name, address or credit code, case-insensitive for Latin letters.
//   - SQLite: 3+ characters use the trigram FTS5 index (enterprises_fts); shorter ones use LIKE,
//     which scans the rows of the caller's scope (a trigram index cannot answer 1–2 characters).
//   - PostgreSQL: 3+ characters use ILIKE on name/address/credit code joined, served by the pg_trgm
//     GIN index when the extension exists; shorter ones use strpos over the caller's scope.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/enterprise/enterprise.hpp"
#include "core/error.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct EnterpriseQuery {
    std::vector<PathFilter> filters;  // ANDed: the caller's scope, the region asked for
    std::optional<std::string> q;
    std::optional<Tag> tag;
    std::optional<RiskLevel> risk_level;
    std::optional<int64_t> building_id;
    std::optional<int64_t> due_at;  // only those due at this moment (inspection_due_at < due_at)
    int64_t offset = 0;
    int64_t limit = 20;
};

class EnterpriseRepository {
  public:
    explicit EnterpriseRepository(Connection& conn) : conn_(conn) {}

    // Inserts `e` (its id ignored; version 1) and returns the new id. A credit code taken in the
    // town fails with kConflict from the adapter (the service checks first for a clearer message).
    Result<int64_t> Insert(const Enterprise& e);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<Enterprise>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // The places of the enterprises among `ids` that exist, a few statements for many ids (bulk writers).
    Result<std::map<int64_t, RegionPath>> PathsOf(const std::vector<int64_t>& ids);
    // The enterprise holding `credit_code` in `town_id`, if any.
    Result<std::optional<int64_t>> FindIdByCreditCode(int64_t town_id, const std::string& credit_code);
    // Ordered by id; the page and the total under the same WHERE.
    Result<std::pair<std::vector<Enterprise>, int64_t>> List(const EnterpriseQuery& query);
    // Writes every mutable field; version = expected + 1. False when missing or stale.
    Result<bool> Update(const Enterprise& e, int64_t expected_version);
    // Sets the computed grade only (the hazard module's factors change it without a user edit).
    Status SetRiskLevel(int64_t id, RiskLevel level);
    // Writes e's computed risk fields (level, score, computed_at, inspection_due_at) only; no version change.
    Status SetRisk(const Enterprise& e);
    // Records an inspection by staff: its time and failed items (factors of the grade and the schedule).
    Status SetLastInspection(int64_t id, int64_t at, int64_t failures);

  private:
    // The list's total from enterprise_counts (kept by triggers, 0004) for a query by place and risk
    // colour, as one parenthesised scalar SQL expression and its parameters.
    static std::pair<std::string, std::vector<Value>> CountersTotalSql(const EnterpriseQuery& q);

    Connection& conn_;
};

}  // namespace safegrid::storage
