// `safegrid seed-demo` part two: two years of inspections and hazards for the demo town, so the
// dashboard, the lists and the enterprise files tell a believable story (SafeGrid issue 3, item 11).
//
// The story, for "now" = the clock at seeding time (so overdue is overdue today; the story is
// anchored at 00:00 China time of that day, so one seed gives one history all day long):
//   - found dates spread over the last 24 months, more in the campaign months (June 安全生产月,
//     November 消防宣传月, the winter fire-prevention push in December–January, October's 百日攻坚);
//   - titles, categories, legal basis and major reasons from the real checklist items (the loaded
//     templates); about two thirds of the hazards are fails of recorded inspections (inspections and
//     inspection_items rows, so enterprise files list inspections, some of them clean), the rest
//     staff findings, enterprise self-reports and public reports;
//   - deadlines from DefaultDeadline(severity, found_at); about 85–90 % closed, most on time, some
//     late; some rectifying or submitted; some rectifying past their deadline (overdue now); major
//     ones (the 部令10号 items grade major) that are still rectifying are listed for supervision
//     (挂牌督办) by HazardService::InsertMany's listing logic;
//   - public reports (source "public"): half assigned to an enterprise and handled like any hazard,
//     half left at town level: recent ones `reported`, older ones `rejected`. Each has a
//     public_reports row (PublicReportRepository) with a tracking code of the public-report
//     service's shape (10 characters of "23456789ABCDEFGHJKMNPQRSTUVWXYZ") but drawn from the seed,
//     not the OS: demo codes are predictable, which is fine for demo data only.
//   - the demo users' cases, written LAST through HazardService::Insert (with history events and
//     audit entries, unlike the bulk): enterprise1 has two rectifying hazards (one of them overdue)
//     it can submit, a major one listed for supervision, a submitted one inspector1 can approve, a
//     reported self-report inspector1 can confirm and a closed one; the town has a fresh public
//     report in status reported.
//   - inspector1's plan for today (GET /plan) has stops of every kind but campaign: enterprise1's
//     submitted and overdue hazards (recheck, deadline), and three other workshops of its grid
//     last inspected over 400 days ago, due whatever their colour.
// Speed: the bulk goes through HazardService::InsertMany (exact counters and listings, no per-row
// audit or history) in transactions of kHistoryBatch hazards with their inspections, then
// RefreshAllRiskLevels once. Deterministic for a seed, the same day and the same checklist data.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/ports/clock.hpp"
#include "services/checklist_service.hpp"
#include "services/hazard_service.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

inline constexpr size_t kHistoryBatch = 10'000;  // hazards per transaction

struct HistoryDeps {
    storage::Database& db;
    HazardService& hazards;
    const Clock& clock;
    std::vector<TemplatePtr> checklists;  // the current templates (ChecklistService::List)
    DeadlinePolicy deadlines;
    // Called after each committed batch with the hazards written so far (seed-demo's progress line);
    // the service knows nothing of terminals.
    std::function<void(int64_t)> progress;
};

struct HistorySummary {
    int64_t hazards = 0;  // bulk and demo cases
    int64_t inspections = 0;
    int64_t public_reports = 0;
};

// The default size of the history for `enterprises` workshops: four hazards each over two years.
int64_t DefaultHistoryHazards(int64_t enterprises);

// Writes about `hazards` hazards (exactly that many, plus the few demo cases) for the town of
// `town`. REQUIRES: SeedDemoTown produced `town` on this store; at least one checklist template.
Result<HistorySummary> SeedDemoHistory(const HistoryDeps& deps, const SeedSummary& town, int64_t hazards,
                                       uint64_t seed);

}  // namespace safegrid::services::seed
