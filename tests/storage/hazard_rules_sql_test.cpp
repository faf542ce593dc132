// The repositories' overdue and risk-factor queries agree with the core's rules (IsOverdue,
// RiskFactors::AddHazard) on both stores: random hazards in every status, deadlines on, before and
// after many "now"s, and every way the repositories answer "how many are overdue" (the list's
// WHERE, COUNT, the weekly counters, the direct-rows count of the statistics). If anyone restates
// the rule in SQL and the copy drifts, or changes the rule in core, these fail.
#include "storage/repositories/hazard_rules_sql.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include "core/enterprise/risk.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/hazard_stats_repository.hpp"
#include "storage/repositories/risk_repository.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

constexpr UnixSeconds kNow = 1795951874;  // 2026-11-29T11:31:14Z

TEST(HazardRulesSql, PredicatesKeepTheIndexFriendlyShape) {
    // One equality on status and a range on due_at (the (place, status, due_at) indexes), the
    // status quoted from core's wire name: the same text the queries had when written by hand.
    std::vector<Value> params;
    EXPECT_EQ(hazard_sql::Overdue(params, kNow), "status = 'rectifying' AND due_at < ?");
    EXPECT_EQ(params, std::vector<Value>{Value(kNow)});
    params.clear();
    EXPECT_EQ(hazard_sql::OverdueDueSince(params, 10, kNow), "status = 'rectifying' AND due_at >= ? AND due_at < ?");
    EXPECT_EQ(params, (std::vector<Value>{Value(int64_t{10}), Value(kNow)}));
    EXPECT_EQ(hazard_sql::Open(), "status IN ('rectifying', 'submitted')");
    for (HazardStatus s : kAllHazardStatuses) EXPECT_EQ(hazard_sql::CanBeOverdue(s), s == kOverdueRule.status);
}

struct Stored {
    int64_t id = 0;
    RegionPath path;
    std::optional<int64_t> enterprise_id;
    HazardStatus status = HazardStatus::kReported;
    Severity severity = Severity::kGeneral;
    std::optional<UnixSeconds> due_at;
};

class HazardRulesSqlTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grid_ = store_->AddGrid(town_, village_);
        grid2_ = store_->AddGrid(town_, village_, "网格二");
        enterprises_ = {store_->AddEnterprise(town_, village_, grid_, "企业一"),
                        store_->AddEnterprise(town_, village_, grid2_, "企业二")};
        Seed();
    }

    // Deadlines exactly at the instants the test asks about (the boundary of "<"), around them,
    // before 1970 and unset; every status and severity; town-, village- and grid-level places.
    void Seed() {
        std::mt19937 rng(20261205);
        const std::vector<RegionPath> places = {{town_, std::nullopt, std::nullopt},
                                                {town_, village_, std::nullopt},
                                                {town_, village_, grid_},
                                                {town_, village_, grid2_}};
        for (int i = 0; i < 160; ++i) {
            HazardRecord h;
            h.path = places[rng() % places.size()];
            if (h.path.grid_id && rng() % 2 == 0) {
                h.enterprise_id = h.path.grid_id == grid_ ? enterprises_[0] : enterprises_[1];
            }
            h.title = "隐患";
            h.status = kAllHazardStatuses[rng() % kAllHazardStatuses.size()];
            h.severity = kAllSeverities[rng() % kAllSeverities.size()];
            switch (rng() % 6) {
                case 0:
                    h.due_at = std::nullopt;
                    break;
                case 1:
                    h.due_at = Instants()[rng() % Instants().size()];
                    break;  // exactly a "now" asked
                case 2:
                    h.due_at = -static_cast<int64_t>(rng() % (30 * 86400));
                    break;
                default:
                    h.due_at = kNow - 20 * 86400 + static_cast<int64_t>(rng() % (30 * 86400));
            }
            if (i < 16) {
                // Some enterprises' rectifying hazards due exactly at an instant asked about, so the
                // risk factors meet the boundary too.
                h.path = places[2 + i % 2];
                h.enterprise_id = enterprises_[i % 2];
                h.status = HazardStatus::kRectifying;
                h.due_at = Instants()[(static_cast<size_t>(i) * 5) % Instants().size()];
            }
            h.found_at = h.created_at = h.updated_at = kNow - 40 * 86400;
            auto id = store_->db().Transact(true, [&](Connection& c) { return HazardRepository(c).Insert(h); });
            ASSERT_TRUE(id) << id.error().internal;
            hazards_.push_back({*id, h.path, h.enterprise_id, h.status, h.severity, h.due_at});
        }
    }

    // The instants asked about: across three weeks (so the due-week boundary moves through them).
    static const std::vector<UnixSeconds>& Instants() {
        static const std::vector<UnixSeconds> instants = [] {
            std::vector<UnixSeconds> out;
            for (UnixSeconds t = kNow - 14 * 86400; t <= kNow + 7 * 86400; t += 3600 * 13 + 17) out.push_back(t);
            return out;
        }();
        return instants;
    }

    // Core's answer: the ids IsOverdue picks among the hazards `in` selects.
    template <class Pred>
    std::set<int64_t> CoreOverdue(UnixSeconds now, Pred in) const {
        std::set<int64_t> out;
        for (const Stored& h : hazards_)
            if (in(h) && IsOverdue(h.status, h.due_at, now)) out.insert(h.id);
        return out;
    }

    template <class F>
    auto Read(F&& fn) {
        return store_->db().Read([&](Connection& conn) { return fn(conn); });
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_ = 0, grid2_ = 0;
    std::vector<int64_t> enterprises_;
    std::vector<Stored> hazards_;
};

TEST_P(HazardRulesSqlTest, EveryOverdueQueryPicksWhatTheCoreRulePicks) {
    struct Place {
        std::vector<PathFilter> filters;
        std::function<bool(const Stored&)> in;
    };
    const std::vector<Place> places = {
        {{PathFilter::Subtree(RegionKind::kTown, town_)}, [](const Stored&) { return true; }},
        {{PathFilter::Subtree(RegionKind::kVillage, village_)},
         [&](const Stored& h) { return h.path.village_id == village_; }},
        {{PathFilter::Subtree(RegionKind::kGrid, grid2_)}, [&](const Stored& h) { return h.path.grid_id == grid2_; }},
    };
    int64_t overdue_seen = 0;
    for (UnixSeconds now : Instants()) {
        for (const Place& place : places) {
            for (std::optional<Severity> severity : {std::optional<Severity>(), std::optional(Severity::kMajor)}) {
                auto in = [&](const Stored& h) { return place.in(h) && (!severity || h.severity == *severity); };
                const std::set<int64_t> expected = CoreOverdue(now, in);
                overdue_seen += static_cast<int64_t>(expected.size());
                HazardQuery q;
                q.filters = place.filters;
                q.severity = severity;
                q.overdue_at = now;
                q.limit = 1000;
                auto listed = Read([&](Connection& c) { return HazardRepository(c).List(q); });
                ASSERT_TRUE(listed);
                std::set<int64_t> ids;
                for (const auto& h : *listed) ids.insert(h.id);
                EXPECT_EQ(ids, expected) << "list, now " << now;
                const auto n = static_cast<int64_t>(expected.size());
                EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).Count(q); }), n) << now;
                ASSERT_TRUE(HazardRepository::CountableFromCounters(q));
                EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).CountFromCounters(q); }), n) << now;
                // An explicit status together with "overdue": only the rule's status has any.
                for (HazardStatus s : kAllHazardStatuses) {
                    q.statuses = {s};
                    const int64_t want = s == kOverdueRule.status ? n : 0;
                    EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).Count(q); }), want);
                    EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).CountFromCounters(q); }), want);
                }
                // Several statuses with "overdue": as many as the rule's status has, if it is among them.
                q.statuses = {HazardStatus::kClosed, HazardStatus::kRejected, HazardStatus::kSubmitted};
                EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).CountFromCounters(q); }), 0);
                q.statuses = *ParseHazardStatusList("open");
                EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).Count(q); }), n);
                EXPECT_EQ(*Read([&](Connection& c) { return HazardRepository(c).CountFromCounters(q); }), n);
                q.statuses.clear();
            }
        }
        for (int64_t e : enterprises_) {
            const auto want =
                static_cast<int64_t>(CoreOverdue(now, [&](const Stored& h) { return h.enterprise_id == e; }).size());
            EXPECT_EQ(*Read([&](Connection& c) {
                return HazardRepository(c).CountOverdue({PathFilter::Subtree(RegionKind::kTown, town_)}, e, now);
            }),
                      want);
        }
        // The statistics' "direct" rows (CountsByChild's key 0): hazards that sit on the town itself,
        // and on the village itself.
        const auto town_direct = CoreOverdue(now, [](const Stored& h) { return !h.path.village_id; });
        const auto village_direct =
            CoreOverdue(now, [&](const Stored& h) { return h.path.village_id == village_ && !h.path.grid_id; });
        auto direct_overdue = [&](const PathFilter& parent, std::string_view key) {
            auto by_child =
                Read([&](Connection& c) { return HazardStatsRepository(c).CountsByChild(parent, key, now); });
            EXPECT_TRUE(by_child);
            auto it = by_child->find(0);
            return it == by_child->end() ? int64_t{0} : it->second.overdue;
        };
        EXPECT_EQ(direct_overdue(PathFilter::Subtree(RegionKind::kTown, town_, town_), "village_id"),
                  static_cast<int64_t>(town_direct.size()));
        EXPECT_EQ(direct_overdue(PathFilter::Subtree(RegionKind::kVillage, village_, town_), "grid_id"),
                  static_cast<int64_t>(village_direct.size()));
    }
    EXPECT_GT(overdue_seen, 100);  // the data exercise the rule, not only empty answers
}

TEST_P(HazardRulesSqlTest, HazardFactorsAreTheCoreFoldOfTheEnterprisesHazards) {
    for (UnixSeconds now : Instants()) {
        for (int64_t e : enterprises_) {
            RiskFactors expected;
            for (const Stored& h : hazards_)
                if (h.enterprise_id == e) expected.AddHazard(h.status, h.severity, h.due_at, now);
            auto got = Read([&](Connection& c) { return HazardRepository(c).HazardFactors(e, now); });
            ASSERT_TRUE(got);
            EXPECT_EQ(got->open_major_hazards, expected.open_major_hazards) << now;
            EXPECT_EQ(got->open_general_hazards, expected.open_general_hazards) << now;
            EXPECT_EQ(got->overdue_hazards, expected.overdue_hazards) << now;
        }
    }
}

// The daily risk pass reads every enterprise's hazard factors in one grouped statement: the same
// fold as RiskFactors::AddHazard for each of them.
TEST_P(HazardRulesSqlTest, AllFactsIsTheCoreFoldForEveryEnterprise) {
    for (UnixSeconds now : Instants()) {
        auto all = Read([&](Connection& c) { return RiskRepository(c).AllFacts(now, "2025-11-29", "2026-11-29"); });
        ASSERT_TRUE(all);
        for (int64_t e : enterprises_) {
            RiskFactors expected;
            for (const Stored& h : hazards_)
                if (h.enterprise_id == e) expected.AddHazard(h.status, h.severity, h.due_at, now);
            auto it = std::find_if(all->begin(), all->end(), [&](const EnterpriseRiskFacts& f) { return f.id == e; });
            ASSERT_NE(it, all->end()) << e;
            EXPECT_EQ(it->factors.open_major_hazards, expected.open_major_hazards) << now;
            EXPECT_EQ(it->factors.open_general_hazards, expected.open_general_hazards) << now;
            EXPECT_EQ(it->factors.overdue_hazards, expected.overdue_hazards) << now;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardRulesSqlTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
