#include "services/seed/demo_history.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/checklist/checklist.hpp"
#include "services/inspection_service.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/public_report_repository.hpp"
#include "storage/repositories/risk_repository.hpp"

namespace safegrid::services::seed {
namespace {

using storage::EnterpriseKey;
using storage::InspectionItemRecord;
using storage::InspectionRecord;

constexpr int64_t kDay = 86400;
constexpr int64_t kHistoryDays = 730;
constexpr int64_t kDemoCases = 7;  // written by DemoCases()
constexpr size_t kLongUnvisited = 3;
constexpr int64_t kLongUnvisitedDays = 400;  // longer than the longest interval (blue, 365 days)
constexpr const char* kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// Where in a workshop a finding was made: the inspector's note, so descriptions are not all alike.
const std::vector<std::string> kPlaces = {"一楼车间", "二楼缝纫车间", "三楼车间", "成品仓库", "原料仓库", "楼梯间",
                                          "配电间",   "员工宿舍",     "后门通道", "裁床区",   "熨烫区",   "办公区"};

struct PublicTopic {
    const char* title;
    const char* category;
};
// What citizens report (查找身边隐患), with the category staff would file it under.
const std::vector<PublicTopic> kPublicTopics = {
    {"群众举报：厂房楼梯间堆满布料，通道被堵", "evacuation"},
    {"群众举报：出租房一楼作坊晚上有人住宿", "three_in_one"},
    {"群众举报：电动车在楼道里充电", "e_bike"},
    {"群众举报：厂房后门长期上锁", "exits"},
    {"群众举报：作坊私拉乱接电线", "electrical"},
    {"群众举报：仓库里有人吸烟", "hot_work"},
    {"群众举报：厂区消防车通道被车辆占用", "fire_lane"},
    {"群众举报：灭火器过期无人更换", "extinguisher"},
};

// 00:00 China time of the day of `now`: the story's present, so the same seed gives the same history
// all day long (the real clock moves on by seconds between runs).
UnixSeconds StartOfToday(UnixSeconds now) {
    DeadlinePolicy today;
    today.general_days = 0;
    return DefaultDeadline(Severity::kGeneral, now, today) - (kDay - 1);
}

// Campaign months get more inspections (and so more findings).
double MonthWeight(int month) {
    switch (month) {
        case 6:
        case 11:
            return 1.0;  // 安全生产月, 消防宣传月
        case 12:
        case 1:
            return 0.85;  // winter fire prevention, before the Spring Festival
        case 10:
            return 0.75;  // 百日攻坚
        default:
            return 0.45;
    }
}

// The items a template's inspection may ask: those relevant to the town's workshops, else all.
struct ItemPool {
    TemplatePtr checklist;
    std::vector<const checklist::Item*> items;
    int weight = 1;
};

std::vector<ItemPool> MakePools(const std::vector<TemplatePtr>& templates) {
    std::vector<ItemPool> pools;
    for (const TemplatePtr& t : templates) {
        if (!t || t->items.empty()) continue;
        ItemPool pool{t, {}, 1};
        for (const auto& item : t->items)
            if (item.relevance != "none") pool.items.push_back(&item);
        if (pool.items.size() < 3)
            for (const auto& item : t->items) pool.items.push_back(&item);
        // Fire checks are the everyday inspection; the 部令10号 list (every item a major hazard) is rarer.
        pool.weight = t->id.rfind("fire", 0) == 0 ? 30 : 1;
        pools.push_back(std::move(pool));
    }
    return pools;
}

class HistoryWriter {
  public:
    HistoryWriter(const HistoryDeps& deps, const SeedSummary& town, uint64_t seed,
                  std::vector<EnterpriseKey> enterprises, std::vector<ItemPool> pools)
        : deps_(deps),
          town_(town),
          rng_(seed ^ 0x9e3779b97f4a7c15ULL),
          now_(StartOfToday(deps.clock.Now())),
          enterprises_(std::move(enterprises)),
          pools_(std::move(pools)) {
        for (const auto& p : pools_) pool_weights_ += p.weight;
        // inspector1's day has due stops (issue 7 item 10): a few workshops of its grid, not
        // enterprise1, were last inspected over a year ago, so every colour's interval has run.
        for (const EnterpriseKey& e : enterprises_) {
            if (long_unvisited_.size() < kLongUnvisited && e.path.grid_id == town_.inspector1_grid_id &&
                e.id != town_.enterprise1_id && enterprises_.size() > 2 * kLongUnvisited) {
                long_unvisited_.insert(e.id);
            }
        }
    }

    Status Bulk(int64_t count) {
        int64_t remaining = count;
        while (remaining > 0) {
            const double r = Uniform();
            if (r < 0.66) {
                remaining -= AddInspection(remaining);
            } else if (r < 0.86) {
                AddLoose("staff");
                --remaining;
            } else if (r < 0.93) {
                AddLoose("enterprise");
                --remaining;
            } else {
                AddPublic();
                --remaining;
            }
            if (inputs_.size() >= kHistoryBatch) SG_TRY(Flush());
        }
        return Flush();
    }

    Status DemoCases();
    HistorySummary summary;

  private:
    double Uniform() { return static_cast<double>(rng_.Next() >> 11) * 0x1.0p-53; }
    int64_t Span(int64_t n) { return n > 0 ? static_cast<int64_t>(rng_.Below(static_cast<uint64_t>(n))) : 0; }

    const EnterpriseKey& AnyEnterprise() { return enterprises_[rng_.Below(enterprises_.size())]; }
    const ItemPool& AnyPool() {
        int64_t pick = Span(pool_weights_);
        for (const auto& p : pools_) {
            if (pick < p.weight) return p;
            pick -= p.weight;
        }
        return pools_.back();
    }
    DemoStaff InspectorOf(const RegionPath& path) {
        if (path.grid_id)
            if (auto it = town_.grid_inspectors.find(*path.grid_id); it != town_.grid_inspectors.end())
                return it->second;
        return {};
    }

    // A moment in the last 24 months, campaign months weighted up (rejection sampling), at least an
    // hour before now.
    UnixSeconds FoundAt() {
        for (;;) {
            const UnixSeconds t = now_ - kHistoryDays * kDay + Span(kHistoryDays * kDay - 3600);
            if (Uniform() < MonthWeight(LocalDate(t).month)) return t;
        }
    }

    // Title, category, grade and basis from a checklist item (as a failed answer would give them).
    static void FromItem(HazardInsert& h, const checklist::Item& item) {
        const checklist::FindingGrade grade = checklist::GradeFailedItem(item);
        h.checklist_item = item.id;
        h.title = HazardTitleFor(item.finding);
        h.category = std::string(checklist::CategoryName(item.category));
        h.severity = grade.severity;
        h.major_reason = grade.reason ? grade.reason->zh : "";
        h.legal_basis = item.legal_basis;
    }

    // Where the hazard stands today, from its age against its deadline: most closed (mostly on
    // time), the recent ones still open, a few old ones still rectifying (overdue now).
    void Fate(HazardInsert& h) {
        const UnixSeconds found = *h.found_at;
        const UnixSeconds due = DefaultDeadline(h.severity, found, deps_.deadlines);
        h.due_at = due;
        const double r = Uniform();
        double closed = 0.3, rectifying = 0.5;  // before the deadline
        if (now_ > due + 120 * kDay) {
            closed = 0.95, rectifying = 0.025;
        } else if (now_ > due + 14 * kDay) {
            closed = 0.88, rectifying = 0.07;
        } else if (now_ > due) {
            closed = 0.6, rectifying = 0.25;
        }
        if (r >= closed) {
            h.status = r < closed + rectifying ? HazardStatus::kRectifying : HazardStatus::kSubmitted;
            return;
        }
        h.status = HazardStatus::kClosed;
        const bool late = now_ > due + 2 * 3600 && Uniform() < 0.12;
        if (late) {
            h.closed_at = due + 3600 + Span(std::min<int64_t>(30 * kDay, now_ - due - 3600));
        } else {
            const UnixSeconds last = std::min(due, now_);
            h.closed_at = found + std::min<int64_t>(3600, last - found) + Span(last - found - 3600);
        }
    }

    HazardInsert OnEnterprise(const EnterpriseKey& e, std::string source, UnixSeconds found) {
        HazardInsert h;
        h.enterprise_id = e.id;
        h.source = std::move(source);
        h.found_at = found;
        h.description = "检查部位：" + kPlaces[rng_.Below(kPlaces.size())];
        return h;
    }

    // An inspection at a random enterprise; its fails (at most `budget`) become hazards. Returns how many.
    int64_t AddInspection(int64_t budget) {
        const UnixSeconds at = FoundAt();
        const EnterpriseKey* picked = &AnyEnterprise();
        while (long_unvisited_.count(picked->id) && at > now_ - kLongUnvisitedDays * 86400) picked = &AnyEnterprise();
        const EnterpriseKey& e = *picked;
        const ItemPool& pool = AnyPool();
        const double f = Uniform();
        int64_t fails = f < 0.15 ? 0 : f < 0.55 ? 1 : f < 0.85 ? 2 : 3;
        fails = std::min(fails, budget);
        const size_t asked = std::min(pool.items.size(), static_cast<size_t>(rng_.Between(6, 12)));
        std::vector<const checklist::Item*> items(pool.items);
        for (size_t i = 0; i < asked; ++i) std::swap(items[i], items[i + rng_.Below(items.size() - i)]);
        items.resize(asked);
        fails = std::min<int64_t>(fails, static_cast<int64_t>(asked));

        PendingInspection p;
        const DemoStaff inspector = InspectorOf(e.path);
        InspectionRecord& r = p.record;
        r.path = e.path;
        r.enterprise_id = e.id;
        r.checklist_id = pool.checklist->id;
        r.checklist_version = pool.checklist->version;
        r.at = r.created_at = at;
        const int month = LocalDate(r.at).month;
        r.kind = MonthWeight(month) >= 0.85 && Uniform() < 0.5 ? "campaign" : Uniform() < 0.05 ? "joint" : "routine";
        if (inspector.user_id) r.inspector_id = inspector.user_id;
        r.inspector_name = inspector.name;
        for (size_t i = 0; i < asked; ++i) {
            InspectionItemRecord item;
            item.town_id = e.path.town_id;
            item.position = static_cast<int64_t>(i);
            item.item_id = items[i]->id;
            std::optional<size_t> hazard;
            if (static_cast<int64_t>(i) < fails) {
                item.result = "fail";
                HazardInsert h = OnEnterprise(e, "inspection", r.at);
                FromItem(h, *items[i]);
                item.note = h.description;
                if (inspector.user_id) h.reporter_id = inspector.user_id;
                Fate(h);
                hazard = inputs_.size();
                inputs_.push_back(std::move(h));
                ++r.failed;
            } else {
                item.result = Uniform() < 0.9 ? "pass" : "na";
                ++(item.result == "pass" ? r.passed : r.not_applicable);
            }
            p.items.push_back(std::move(item));
            p.hazards.push_back(hazard);
        }
        inspections_.push_back(std::move(p));
        return fails;
    }

    // A finding without an inspection record: staff on a walk-through, or the enterprise's own report.
    void AddLoose(const char* source) {
        const EnterpriseKey& e = AnyEnterprise();
        HazardInsert h = OnEnterprise(e, source, FoundAt());
        const ItemPool& pool = AnyPool();
        FromItem(h, *pool.items[rng_.Below(pool.items.size())]);
        const int64_t age = now_ - *h.found_at;
        if (h.source == "staff") {
            if (auto inspector = InspectorOf(e.path); inspector.user_id) h.reporter_id = inspector.user_id;
            Fate(h);
        } else if (age < 5 * kDay && Uniform() < 0.6) {
            h.status = HazardStatus::kReported;  // staff have not looked at it yet
        } else if (Uniform() < 0.05) {
            h.status = HazardStatus::kRejected;  // not a hazard after all
        } else {
            Fate(h);
        }
        inputs_.push_back(std::move(h));
    }

    // A citizen's report: half of them assigned to an enterprise and handled, half left at town level
    // (recent ones waiting, older ones rejected as unfounded or duplicates).
    void AddPublic() {
        const PublicTopic& topic = kPublicTopics[rng_.Below(kPublicTopics.size())];
        const UnixSeconds found = FoundAt();
        HazardInsert h;
        if (Uniform() < 0.5) {
            h = OnEnterprise(AnyEnterprise(), "public", found);
            h.title = topic.title;
            h.category = topic.category;
            Fate(h);
        } else {
            h.path.town_id = town_.town_id;
            h.source = "public";
            h.found_at = found;
            h.title = topic.title;
            h.category = topic.category;
            h.status = now_ - found < 10 * kDay && Uniform() < 0.8 ? HazardStatus::kReported : HazardStatus::kRejected;
        }
        public_.emplace_back(inputs_.size(), TrackingCode());
        inputs_.push_back(std::move(h));
    }

    // The public_reports row that gives a citizen's report its tracking code.
    Status AddReportRow(storage::Connection& conn, const std::string& code, int64_t hazard_id, UnixSeconds at) {
        storage::PublicReportRecord row;
        row.town_id = town_.town_id;
        row.tracking_code = code;
        row.hazard_id = hazard_id;
        row.created_at = at;
        // Two citizens in three leave a phone number (the staff's 群众举报 panel shows it); derived from
        // the id, not drawn, so the rest of the seeded story stays what it was.
        if (hazard_id % 3 != 0) row.contact = "1" + std::to_string(3800000000LL + (hazard_id * 7919) % 100000000);
        SG_ASSIGN_OR_RETURN(auto id, storage::PublicReportRepository(conn).Insert(row));
        if (!id) return Internal("seed history: tracking code " + code + " is taken");
        return {};
    }

    std::string TrackingCode() {
        for (;;) {
            std::string code;
            for (int i = 0; i < 10; ++i) code += kCodeAlphabet[rng_.Below(31)];
            if (codes_.insert(code).second) return code;
        }
    }

    // One transaction: the inspections, their hazards (InsertMany joins it), the answers pointing at
    // the hazards, and the public_reports rows.
    Status Flush() {
        if (inputs_.empty() && inspections_.empty()) return {};
        SG_TRY(deps_.db.Transact(true, [&](storage::Connection& conn) -> Status {
            // A million rows under eleven hazard indexes thrash SQLite's default 2 MB page cache
            // (measured: most of the time went to pread/pwrite of index pages); 256 MB keeps them in
            // memory. Only the seed's connection grows, and only as far as it is used.
            if (conn.dialect() == storage::Dialect::kSqlite) SG_TRY(conn.Execute("PRAGMA cache_size = -262144"));
            storage::InspectionRepository inspections(conn);
            std::vector<InspectionRecord> records;
            records.reserve(inspections_.size());
            for (const auto& p : inspections_) records.push_back(p.record);
            SG_ASSIGN_OR_RETURN(auto inspection_ids, inspections.InsertMany(records));
            for (size_t k = 0; k < inspections_.size(); ++k) {
                auto& p = inspections_[k];
                p.record.id = inspection_ids[k];
                for (const auto& index : p.hazards)
                    if (index) inputs_[*index].inspection_id = p.record.id;
            }
            SG_ASSIGN_OR_RETURN(auto ids, deps_.hazards.InsertMany(inputs_));
            std::vector<InspectionItemRecord> items;
            for (auto& p : inspections_) {
                for (size_t i = 0; i < p.items.size(); ++i) {
                    p.items[i].inspection_id = p.record.id;
                    if (p.hazards[i]) p.items[i].hazard_id = ids[*p.hazards[i]];
                    items.push_back(std::move(p.items[i]));
                }
            }
            SG_TRY(inspections.InsertItems(items));
            for (const auto& [index, code] : public_)
                SG_TRY(AddReportRow(conn, code, ids[index], *inputs_[index].found_at));
            return {};
        }));
        summary.hazards += static_cast<int64_t>(inputs_.size());
        summary.inspections += static_cast<int64_t>(inspections_.size());
        summary.public_reports += static_cast<int64_t>(public_.size());
        if (deps_.progress) deps_.progress(summary.hazards);
        inputs_.clear();
        inspections_.clear();
        public_.clear();
        return {};
    }

    struct PendingInspection {
        InspectionRecord record;
        std::vector<InspectionItemRecord> items;
        std::vector<std::optional<size_t>> hazards;  // per item: index into inputs_ of its hazard
    };

    const HistoryDeps& deps_;
    const SeedSummary& town_;
    SeedRandom rng_;
    UnixSeconds now_;
    std::vector<EnterpriseKey> enterprises_;
    std::set<int64_t> long_unvisited_;  // not inspected in the last kLongUnvisitedDays
    std::vector<ItemPool> pools_;
    int64_t pool_weights_ = 0;
    std::vector<HazardInsert> inputs_;
    std::vector<PendingInspection> inspections_;
    std::vector<std::pair<size_t, std::string>> public_;  // (index into inputs_, tracking code)
    std::set<std::string> codes_;
};

Status HistoryWriter::DemoCases() {
    auto it = std::find_if(enterprises_.begin(), enterprises_.end(),
                           [&](const EnterpriseKey& e) { return e.id == town_.enterprise1_id; });
    if (it == enterprises_.end()) return Internal("seed history: enterprise1 is not in the town");
    const EnterpriseKey e1 = *it;
    const DemoStaff inspector1 = InspectorOf(e1.path);
    // Fire-check items for enterprise1's cases; the 部令10号 pool for its major one.
    const ItemPool& fire = pools_.front().weight > 1 ? pools_.front() : AnyPool();
    const ItemPool* major_pool = nullptr;
    for (const auto& p : pools_)
        for (const auto* item : p.items)
            if (item->major_reason && !major_pool) major_pool = &p;

    struct Case {
        HazardStatus status;
        int64_t found_days_ago;
        bool major;
        const char* source;
    };
    const Case cases[] = {
        {HazardStatus::kRectifying, 2, false, "staff"},     // enterprise1 submits it
        {HazardStatus::kRectifying, 12, false, "staff"},    // overdue: its deadline passed
        {HazardStatus::kRectifying, 3, true, "staff"},      // major: listed for supervision
        {HazardStatus::kSubmitted, 4, false, "staff"},      // inspector1 approves it
        {HazardStatus::kReported, 1, false, "enterprise"},  // inspector1 confirms it
        {HazardStatus::kClosed, 20, false, "staff"},
    };
    return deps_.db.Transact(true, [&](storage::Connection& conn) -> Status {
        size_t next_item = 0;
        for (const Case& c : cases) {
            HazardInsert h = OnEnterprise(e1, c.source, now_ - c.found_days_ago * kDay);
            const ItemPool& pool = c.major && major_pool ? *major_pool : fire;
            const checklist::Item* item = pool.items[next_item++ % pool.items.size()];
            if (c.major) {
                for (const auto* candidate : pool.items)
                    if (candidate->major_reason) item = candidate;
            }
            FromItem(h, *item);
            if (c.major) h.severity = Severity::kMajor;
            if (!c.major) h.severity = Severity::kGeneral;  // inspector1 may approve general ones only
            h.status = c.status;
            if (c.status != HazardStatus::kReported)
                h.due_at = DefaultDeadline(h.severity, *h.found_at, deps_.deadlines);
            if (c.status == HazardStatus::kClosed) h.closed_at = *h.found_at + 3 * kDay;
            if (inspector1.user_id && h.source != "enterprise") h.reporter_id = inspector1.user_id;
            SG_TRY(deps_.hazards.Insert(conn, h, nullptr));
            ++summary.hazards;
        }
        HazardInsert report;
        report.path.town_id = town_.town_id;
        report.source = "public";
        report.found_at = now_ - 3 * 3600;
        report.title = kPublicTopics[2].title;
        report.category = kPublicTopics[2].category;
        report.status = HazardStatus::kReported;
        SG_ASSIGN_OR_RETURN(int64_t id, deps_.hazards.Insert(conn, report, nullptr));
        SG_TRY(AddReportRow(conn, TrackingCode(), id, *report.found_at));
        ++summary.hazards;
        ++summary.public_reports;
        return {};
    });
}

}  // namespace

int64_t DefaultHistoryHazards(int64_t enterprises) { return std::max<int64_t>(kDemoCases, enterprises * 4); }

Result<HistorySummary> SeedDemoHistory(const HistoryDeps& deps, const SeedSummary& town, int64_t hazards,
                                       uint64_t seed) {
    std::vector<ItemPool> pools = MakePools(deps.checklists);
    if (pools.empty()) return Internal("seed history: no checklist template is loaded");
    std::stable_sort(pools.begin(), pools.end(),
                     [](const ItemPool& a, const ItemPool& b) { return a.weight > b.weight; });
    SG_ASSIGN_OR_RETURN(auto enterprises, deps.db.Read([&](storage::Connection& conn) {
        return storage::InspectionRepository(conn).EnterpriseKeys(
            {storage::PathFilter::Subtree(RegionKind::kTown, town.town_id)});
    }));
    if (enterprises.empty()) return Internal("seed history: the town has no enterprise");
    HistoryWriter writer(deps, town, seed, std::move(enterprises), std::move(pools));
    SG_TRY(writer.Bulk(std::max<int64_t>(0, hazards - kDemoCases)));
    SG_TRY(writer.DemoCases());
    // Overdue and open hazards and the last inspection shape every enterprise's risk grade and
    // schedule; the bulk skipped the per-row refresh.
    SG_TRY(deps.db.Transact(
        true, [](storage::Connection& conn) { return storage::RiskRepository(conn).RecordLastInspections(); }));
    SG_TRY(deps.hazards.RefreshAllRiskLevels());
    return writer.summary;
}

}  // namespace safegrid::services::seed
