// SQL for hazards, their history (hazard_events), their counters (hazard_counts), their evidence
// links and their document numbers (0003_hazards.sql). Stateless: each method runs on the
// connection it is given, inside the caller's transaction.
//
// COUNTERS: hazard_counts holds one row per (town, village|0, grid|0, status, severity) with n (how
// many hazards) and closed_on_time (how many of those were closed on or before their deadline).
// Every method that writes a hazard keeps them exact in the same transaction: Insert adds +1 for
// the new row, Update moves the old row's key to the new one when place, status, severity or
// closed_on_time change. Nothing else writes hazards, so the counters always equal a recount
// (tests/storage/hazard_repository_test.cpp checks this after random operations).
//
// LOCK ORDER (PostgreSQL): counter rows are upserted merged and sorted by key (HazardCounterDelta),
// hazard_counts before hazard_month_counts, so two transactions moving hazards in opposite
// directions (rectifying→submitted and submitted→rectifying) never wait on each other in a cycle.
//
// CONCURRENCY: Update is "UPDATE ... WHERE id = ? AND version = ?": two writers that read the same
// version cannot both win; the loser sees 0 rows and the service answers 409 version_conflict.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/enterprise/risk.hpp"
#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/hazard/list_query.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

// One row of `hazards` (the place is a RegionPath: village/grid null while the hazard sits higher).
struct HazardRecord {
    int64_t id = 0;
    RegionPath path;
    std::optional<int64_t> enterprise_id;
    std::string source = "staff";  // staff | inspection | enterprise | public | device | import
    std::optional<int64_t> inspection_id;
    std::string checklist_item;
    std::string title;
    std::string description;
    std::string category = "other";
    Severity severity = Severity::kGeneral;
    std::string major_reason;
    std::string legal_basis;
    HazardStatus status = HazardStatus::kReported;
    std::optional<UnixSeconds> due_at;
    UnixSeconds found_at = 0;
    std::optional<UnixSeconds> closed_at;
    std::optional<bool> closed_on_time;
    std::optional<int64_t> reporter_id;
    std::optional<int64_t> duplicate_of;
    std::optional<std::string> listing_no;
    std::optional<UnixSeconds> listed_at;
    int64_t escalation_level = 0;
    std::optional<double> lat;
    std::optional<double> lng;
    std::string address;
    int64_t version = 1;
    UnixSeconds created_at = 0;
    UnixSeconds updated_at = 0;
    std::optional<int64_t> campaign_id;  // set when a campaign's inspection opened it (0014)
    // A re-check round's hazard: the parent campaign's closed hazard it repeats (0020; the rule is
    // core/campaign/recurrence.hpp). Counted as "recurred" in campaign_counts.
    std::optional<int64_t> recurrence_of;
};

// The stored fields of a hazard as JSON (audit entries: "before" and "after").
boost::json::object HazardRecordJson(const HazardRecord& h);

// One row of `hazard_events`.
struct HazardEvent {
    int64_t id = 0;
    int64_t town_id = 0;
    int64_t hazard_id = 0;
    std::string action;  // create, confirm, reject, submit, approve, return, extend, assign, link, list, escalate
    std::optional<HazardStatus> from;
    std::optional<HazardStatus> to;
    std::optional<int64_t> actor_id;
    std::string actor_name;
    UnixSeconds at = 0;
    std::optional<std::string> comment;
    std::optional<UnixSeconds> due_before;
    std::optional<UnixSeconds> due_after;
    std::vector<int64_t> attachments;
    // Read by Events only (joined from users, not stored): the actor's display name and role now.
    std::string actor_display_name;
    std::optional<std::string> actor_role;
};

struct HazardQuery {
    std::vector<PathFilter> filters;  // ANDed: the caller's scope, the region asked for
    std::optional<int64_t> enterprise_id;
    std::vector<HazardStatus> statuses;  // any of these; empty: every status
    std::optional<Severity> severity;
    std::optional<UnixSeconds> overdue_at;  // set: only rectifying hazards with due_at < this instant
    std::optional<std::string> category;
    std::optional<bool> supervised;  // true: listing_no set; false: not set
    std::optional<std::string> q;    // substring of title, description or the enterprise's name
    HazardSort sort = HazardSort::kCreatedDesc;
    int64_t offset = 0;
    int64_t limit = 20;
};

// Appends " AND status = ?" (one) or " AND status IN (?, ...)" (several); nothing for none.
void AppendStatuses(const std::vector<HazardStatus>& statuses, std::string& where, std::vector<Value>& params);

// A row of hazard_counts summed over some places.
struct HazardCount {
    HazardStatus status = HazardStatus::kReported;
    Severity severity = Severity::kGeneral;
    int64_t n = 0;
    int64_t closed_on_time = 0;
};

struct AttachmentLink {
    int64_t attachment_id = 0;
    std::string role;  // before | after | evidence
};

// Changes to the counters, merged per key; applied in key order. Keys whose deltas cancel out
// (a transition that keeps place, status, severity and months) write nothing.
class HazardCounterDelta {
  public:
    void Add(const HazardRecord& h, int64_t delta);
    [[nodiscard]] bool Empty() const {
        return counts_.empty() && months_.empty() && due_weeks_.empty() && campaigns_.empty();
    }
    Status Apply(Connection& conn) const;

  private:
    // (town, village|0, grid|0, status, severity) → (n, closed_on_time)
    std::map<std::tuple<int64_t, int64_t, int64_t, std::string, std::string>, std::pair<int64_t, int64_t>> counts_;
    // (town, village|0, grid|0, yyyymm) → (found, closed)
    std::map<std::tuple<int64_t, int64_t, int64_t, int64_t>, std::pair<int64_t, int64_t>> months_;
    // (town, village|0, grid|0, severity, due week) → rectifying hazards due that week
    std::map<std::tuple<int64_t, int64_t, int64_t, std::string, int64_t>, int64_t> due_weeks_;
    // (campaign, village|0, grid|0) → (town, hazards, closed, recurred): campaign_counts (0020)
    std::map<std::tuple<int64_t, int64_t, int64_t>, std::array<int64_t, 4>> campaigns_;
};

class HazardRepository {
  public:
    explicit HazardRepository(Connection& conn) : conn_(conn) {}

    // Inserts `h` (its id ignored; version 1) and adds it to the counters. Returns the new id.
    // With `batch` the counter change is added there instead, for the caller to Apply once (bulk seed).
    Result<int64_t> Insert(const HazardRecord& h, HazardCounterDelta* batch = nullptr);
    // Insert for many rows (ids ignored, version 1), counters added to `batch`; the ids in input
    // order, the same ones single inserts would have given. Few statements on PostgreSQL.
    Result<std::vector<int64_t>> InsertMany(const std::vector<HazardRecord>& hs, HazardCounterDelta& batch);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<HazardRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Writes every mutable field of `h` with version = expected + 1, and moves its counter from
    // `before`'s key to `h`'s. False (nothing written) when the row is missing or stale.
    Result<bool> Update(const HazardRecord& before, const HazardRecord& h, int64_t expected_version);

    // The page, ordered by id DESC. The total is separate (CountFromCounters / Count) so the
    // service can pick the cheap way.
    Result<std::vector<HazardRecord>> List(const HazardQuery& query);
    // COUNT(*) under the same WHERE as List.
    Result<int64_t> Count(const HazardQuery& query);
    // The page (as List), each row's enterprise name ("" when none) and the total (as
    // CountFromCounters when CountableFromCounters, else Count) in one round trip; a second
    // statement only for a page past the end.
    struct PageWithTotal {
        std::vector<HazardRecord> items;
        std::vector<std::string> enterprise_names;  // parallel to items
        int64_t total = 0;
    };
    Result<PageWithTotal> ListWithTotal(const HazardQuery& query);
    // True when the query's total can be read from hazard_counts: only path filters (no kId),
    // status and severity.
    static bool CountableFromCounters(const HazardQuery& query);
    // SUM(n) of hazard_counts under the query's path filters, status and severity.
    Result<int64_t> CountFromCounters(const HazardQuery& query);

    // Rectifying hazards with due_at < now under the filters: from the weekly due counters when the
    // filters allow (CountOverdueByWeeks), else an index count on (enterprise, ...).
    Result<int64_t> CountOverdue(const std::vector<PathFilter>& filters, std::optional<int64_t> enterprise_id,
                                 UnixSeconds now);
    // Overdue = whole weeks before now's week summed from hazard_due_counts + this week's deadlines
    // before now counted from hazards. `counters_where` and `hazards_where` (" WHERE ...") select
    // the same place in the two tables (counters hold 0 where hazards hold NULL); `place_params`
    // are their parameters.
    Result<int64_t> CountOverdueByWeeks(const std::string& counters_where, const std::string& hazards_where,
                                        const std::vector<Value>& place_params, std::optional<Severity> severity,
                                        UnixSeconds now);

    // The hazard factors of an enterprise's risk grade: its open (rectifying|submitted) hazards by
    // severity and its overdue ones (tags left empty: the registry adds them).
    Result<RiskFactors> HazardFactors(int64_t enterprise_id, UnixSeconds now, const TownLimit& town = TownLimit::Any());
    // Raises escalation_level to `level` (never lowers it; not an edit, so version stays). False when
    // the hazard is missing or already at that level or higher.
    Result<bool> RaiseEscalation(int64_t id, int64_t level, UnixSeconds now);

    // History.
    Result<int64_t> InsertEvent(const HazardEvent& event);
    // With the actors' display names and roles, in one query.
    Result<std::vector<HazardEvent>> Events(int64_t hazard_id, const TownLimit& town = TownLimit::Any());

    // Evidence. LinkAttachment ignores a link that exists already (same attachment, same hazard).
    Status LinkAttachment(int64_t town_id, int64_t hazard_id, int64_t attachment_id, const std::string& role);
    Result<std::vector<AttachmentLink>> Attachments(int64_t hazard_id, const TownLimit& town = TownLimit::Any());
    // Which of `ids` exist in `attachments` and were uploaded by `uploader_id`.
    Result<std::vector<int64_t>> OwnAttachments(const std::vector<int64_t>& ids, int64_t uploader_id);

    // document_numbers: the next number of `kind` for (town, year), incremented in this transaction.
    Result<int64_t> NextDocumentNumber(int64_t town_id, const std::string& kind, int year);
    Status InsertDocument(int64_t hazard_id, int64_t town_id, const std::string& kind, const std::string& number,
                          UnixSeconds issued_at);

    // Names of the given enterprises (missing ones absent), for pages of hazards.
    Result<std::map<int64_t, std::string>> EnterpriseNames(const std::vector<int64_t>& ids,
                                                           const TownLimit& town = TownLimit::Any());
    // (id, risk_level) of every enterprise, ordered by id (the bulk risk refresh).
    Result<std::vector<std::pair<int64_t, std::string>>> EnterpriseRiskLevels();

    // Every counter row (hazard_counts, hazard_month_counts) rebuilt from the hazards: for repair
    // after hand edits of the table. Reads every hazard.
    Status RebuildCounters();

    // yyyymm of `t` in China time: the month key of hazard_month_counts.
    static int MonthKey(UnixSeconds t);
    // The key of hazard_due_counts: whole weeks since the epoch (UTC, floor).
    static constexpr int64_t kDueWeekSeconds = int64_t{7} * 86400;
    static int64_t DueWeek(UnixSeconds due_at);

  private:
    // The query's total as one parenthesised scalar SQL expression and its parameters.
    static std::pair<std::string, std::vector<Value>> TotalSql(const HazardQuery& query);
    static std::pair<std::string, std::vector<Value>> CountersTotalSql(const HazardQuery& query);

    Connection& conn_;
};

}  // namespace safegrid::storage
