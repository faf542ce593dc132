// The scorecard counters of migration 0023 against the aggregate queries they replace
// (scorecard_aggregate.cpp: the SQL the scorecards ran before 0023, kept as the oracle and the
// fallback). Random hazards, transitions, deadline extensions, edits, deletes, inspections and
// enterprise moves, then every month and year of two years, at the window's end and in the middle of
// it ("now" in the current period), for the town, each village and a grid: both answer the same.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "backend_fixture.hpp"
#include "storage/migrate.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/scorecard_sql.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

using scorecard_sql::AggregateEnterpriseHazards;
using scorecard_sql::AggregateVillageHazards;
using scorecard_sql::CountedEnterpriseHazards;
using scorecard_sql::CountedVillageHazards;

ScorecardWindow WindowOf(const scorecard::Period& p) {
    const int offset = kChinaUtcOffsetSeconds;
    ScorecardWindow w{p.FirstDay(), p.EndDay(), p.YearFirstDay(), p.Start(offset), p.End(offset), 0};
    w.due_before = w.end;
    return w;
}

// Every month and year of 2025 and 2026.
std::vector<scorecard::Period> Periods() {
    std::vector<scorecard::Period> out;
    for (int year : {2025, 2026}) {
        out.push_back({year, 0});
        for (int month = 1; month <= 12; ++month) out.push_back({year, month});
    }
    return out;
}

std::string Show(const scorecard::VillageFigures& f) {
    return "inspected " + std::to_string(f.inspected) + " due " + std::to_string(f.hazards_due) + " on time " +
           std::to_string(f.closed_on_time) + " majors " + std::to_string(f.majors) + " closed " +
           std::to_string(f.majors_closed);
}
std::string Show(const scorecard::EnterpriseFigures& f) {
    return "self checks " + std::to_string(f.self_checks) + " due " + std::to_string(f.hazards_due) + " on time " +
           std::to_string(f.closed_on_time) + " open " + std::to_string(f.open_fire_facility) + "/" +
           std::to_string(f.open_chemicals) + "/" + std::to_string(f.open_electrical);
}

// Both maps, subject by subject; a subject missing on one side reads as all zeros.
template <class Figures>
void ExpectSame(const std::map<int64_t, Figures>& counted, const std::map<int64_t, Figures>& oracle,
                const std::string& where) {
    std::set<int64_t> ids;
    for (const auto& [id, f] : counted) ids.insert(id);
    for (const auto& [id, f] : oracle) ids.insert(id);
    for (int64_t id : ids) {
        auto c = counted.find(id);
        auto o = oracle.find(id);
        const std::string a = Show(c == counted.end() ? Figures{} : c->second);
        const std::string b = Show(o == oracle.end() ? Figures{} : o->second);
        EXPECT_EQ(a, b) << where << " subject " << id;
    }
}

// Compares the two ways for every period, "now" at its end and inside it, and each filter; returns
// the oracle's total of due hazards, majors and open hazards seen (so the test knows it compared
// something).
int64_t CompareEverywhere(Database& db, const std::vector<std::vector<PathFilter>>& village_filters,
                          const std::vector<std::vector<PathFilter>>& enterprise_filters, std::mt19937& rng) {
    int64_t seen = 0;
    for (const scorecard::Period& p : Periods()) {
        ScorecardWindow w = WindowOf(p);
        for (int now = 0; now < 2; ++now) {
            if (now == 1) w.due_before = w.start + static_cast<UnixSeconds>(rng() % (w.end - w.start));
            const std::string where = p.Text() + (now == 1 ? " now inside" : "");
            for (const auto& filters : village_filters) {
                std::map<int64_t, scorecard::VillageFigures> counted, oracle;
                auto ok = db.Read([&](Connection& c) -> Result<bool> {
                    SG_TRY(AggregateVillageHazards(c, filters, w, oracle));
                    return CountedVillageHazards(c, filters, w, counted);
                });
                EXPECT_TRUE(ok) << ok.error().internal;
                if (!ok || !*ok) {
                    ADD_FAILURE() << "the counters did not answer " << where;
                    return seen;
                }
                ExpectSame(counted, oracle, "villages " + where);
                for (const auto& [id, f] : oracle) seen += f.hazards_due + f.majors + f.inspected;
            }
            for (const auto& filters : enterprise_filters) {
                std::map<int64_t, scorecard::EnterpriseFigures> counted, oracle;
                auto ok = db.Read([&](Connection& c) -> Result<bool> {
                    SG_TRY(AggregateEnterpriseHazards(c, filters, w, oracle));
                    return CountedEnterpriseHazards(c, filters, w, counted);
                });
                EXPECT_TRUE(ok) << ok.error().internal;
                if (!ok || !*ok) {
                    ADD_FAILURE() << "the counters did not answer " << where;
                    return seen;
                }
                ExpectSame(counted, oracle, "enterprises " + where);
                for (const auto& [id, f] : oracle) seen += f.open_fire_facility + f.open_chemicals + f.self_checks;
            }
        }
    }
    return seen;
}

const std::vector<std::string> kCategories = {"extinguisher", "alarms", "chemicals", "exits",
                                              "electrical",   "other",  "dust"};
const std::vector<HazardStatus> kStatuses = {HazardStatus::kReported, HazardStatus::kRectifying,
                                             HazardStatus::kSubmitted, HazardStatus::kClosed, HazardStatus::kRejected};
const std::vector<std::string> kInspectionKinds = {"routine", "self_check", "campaign", "joint"};
// 2025-01-01 .. 2026-12-31 in China, and a day.
constexpr UnixSeconds kFrom = 1735660800;
constexpr UnixSeconds kSpan = int64_t{730} * 86400;
constexpr UnixSeconds kDay = 86400;

class ScorecardCountsTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village1_ = store_->AddVillage(town_, "村1");
        grid1a_ = store_->AddGrid(town_, village1_, "网格1a");
        grid1b_ = store_->AddGrid(town_, village1_, "网格1b");
        village2_ = store_->AddVillage(town_, "村2");
        grid2a_ = store_->AddGrid(town_, village2_, "网格2a");
        grids_ = {{village1_, grid1a_}, {village1_, grid1b_}, {village2_, grid2a_}};
        for (int i = 0; i < 5; ++i) {
            const auto& [v, g] = grids_[i % grids_.size()];
            enterprises_.push_back(store_->AddEnterprise(town_, v, g, "企业" + std::to_string(i)));
        }
    }

    RegionPath PathOf(int64_t enterprise) {
        return RegionPath{town_, store_->QueryInt("SELECT village_id FROM enterprises WHERE id = ?", {enterprise}),
                          store_->QueryInt("SELECT grid_id FROM enterprises WHERE id = ?", {enterprise})};
    }

    // A hazard's closing fields for its status, closed no earlier than found (as every write path does).
    void SetClosing(HazardRecord& h) {
        if (h.status == HazardStatus::kClosed) {
            h.closed_at = h.found_at + static_cast<UnixSeconds>(rng_() % (120 * kDay));
            h.closed_on_time = !h.due_at || *h.closed_at <= *h.due_at;
        } else if (rng_() % 4 != 0) {
            h.closed_at.reset();
            h.closed_on_time.reset();
        }
    }

    void InsertHazard(Connection& c) {
        HazardRecord h;
        const int64_t e = enterprises_[rng_() % enterprises_.size()];
        if (rng_() % 8 == 0) {  // a public report not yet assigned: town level, no enterprise
            h.path = RegionPath{town_, std::nullopt, std::nullopt};
        } else {
            h.path = PathOf(e);
            h.enterprise_id = e;
        }
        h.title = "隐患";
        h.category = kCategories[rng_() % kCategories.size()];
        h.severity = rng_() % 3 == 0 ? Severity::kMajor : Severity::kGeneral;
        h.status = kStatuses[rng_() % kStatuses.size()];
        h.found_at = kFrom + static_cast<UnixSeconds>(rng_() % kSpan);
        if (rng_() % 10 != 0) h.due_at = h.found_at + static_cast<UnixSeconds>(rng_() % (90 * kDay));
        SetClosing(h);
        auto id = HazardRepository(c).Insert(h);
        ASSERT_TRUE(id) << id.error().internal;
        hazards_.push_back(*id);
    }

    // A transition, a deadline extension or an edit of category and severity.
    void ChangeHazard(Connection& c) {
        HazardRepository repo(c);
        auto found = repo.FindById(hazards_[rng_() % hazards_.size()]);
        ASSERT_TRUE(found);
        if (!*found) return;  // deleted
        const HazardRecord before = **found;
        HazardRecord h = before;
        switch (rng_() % 3) {
            case 0:
                h.status = kStatuses[rng_() % kStatuses.size()];
                SetClosing(h);
                break;
            case 1:
                h.due_at = h.due_at.value_or(h.found_at) + static_cast<UnixSeconds>(rng_() % (40 * kDay));
                break;
            default:
                h.category = kCategories[rng_() % kCategories.size()];
                h.severity = rng_() % 2 == 0 ? Severity::kMajor : Severity::kGeneral;
        }
        auto ok = repo.Update(before, h, before.version);
        ASSERT_TRUE(ok) << ok.error().internal;
        EXPECT_TRUE(*ok);
    }

    void Inspect(Connection& c) {
        InspectionRecord r;
        r.enterprise_id = enterprises_[rng_() % enterprises_.size()];
        r.path = PathOf(r.enterprise_id);
        r.checklist_id = "fire-small-workshop";
        r.kind = kInspectionKinds[rng_() % kInspectionKinds.size()];
        r.at = kFrom + static_cast<UnixSeconds>(rng_() % kSpan);
        auto id = InspectionRepository(c).Insert(r);
        ASSERT_TRUE(id) << id.error().internal;
    }

    std::unique_ptr<test::TestStore> store_;
    std::mt19937 rng_{20261206};
    int64_t town_ = 0, village1_ = 0, grid1a_ = 0, grid1b_ = 0, village2_ = 0, grid2a_ = 0;
    std::vector<std::pair<int64_t, int64_t>> grids_;
    std::vector<int64_t> enterprises_, hazards_;
};

TEST_P(ScorecardCountsTest, CountersEqualARecountAfterRandomHazardsInspectionsAndMoves) {
    for (int step = 0; step < 400; ++step) {
        const unsigned dice = rng_() % 20;
        if (dice < 7 || hazards_.empty()) {
            ASSERT_TRUE(store_->db().Transact(true, [&](Connection& c) -> Status {
                InsertHazard(c);
                return {};
            }));
        } else if (dice < 13) {
            ASSERT_TRUE(store_->db().Transact(true, [&](Connection& c) -> Status {
                ChangeHazard(c);
                return {};
            }));
        } else if (dice < 17) {
            ASSERT_TRUE(store_->db().Transact(true, [&](Connection& c) -> Status {
                Inspect(c);
                return {};
            }));
        } else if (dice < 19) {
            // An enterprise moves: its earlier hazards and inspections stay where they were recorded.
            const auto& [v, g] = grids_[rng_() % grids_.size()];
            store_->Exec("UPDATE enterprises SET village_id = ?, grid_id = ? WHERE id = ?",
                         {v, g, enterprises_[rng_() % enterprises_.size()]});
        } else {
            store_->Exec("DELETE FROM hazards WHERE id = ?", {hazards_[rng_() % hazards_.size()]});
        }
        if (HasFatalFailure()) return;
    }
    EXPECT_GT(store_->QueryInt("SELECT COUNT(*) FROM hazards WHERE status = 'closed' AND severity = 'major'"), 0);
    const std::vector<std::vector<PathFilter>> villages = {
        {PathFilter::Any()}, {{PathFilter::Column::kTown, town_}}, {{PathFilter::Column::kVillage, village1_}}};
    std::vector<std::vector<PathFilter>> enterprises = villages;
    enterprises.push_back({{PathFilter::Column::kTown, town_}, {PathFilter::Column::kGrid, grid1a_}});
    EXPECT_GT(CompareEverywhere(store_->db(), villages, enterprises, rng_), 100);
}

TEST_P(ScorecardCountsTest, OtherZonesAndSingleEnterprisesFallBackToTheAggregates) {
    ScorecardWindow w = WindowOf({2026, 11});
    std::map<int64_t, scorecard::VillageFigures> out;
    auto grid = store_->db().Read([&](Connection& c) {
        return CountedVillageHazards(c, {{PathFilter::Column::kGrid, grid1a_}}, w, out);
    });
    ASSERT_TRUE(grid);
    EXPECT_FALSE(*grid);  // village rows hold no grid
    std::map<int64_t, scorecard::EnterpriseFigures> one;
    auto id =
        store_->db().Read([&](Connection& c) { return CountedEnterpriseHazards(c, {PathFilter::Id(1)}, w, one); });
    ASSERT_TRUE(id);
    EXPECT_FALSE(*id);
    w.utc_offset_seconds = 0;  // a town on UTC: months begin at another instant than the counters'
    auto zone = store_->db().Read([&](Connection& c) { return CountedEnterpriseHazards(c, {}, w, one); });
    ASSERT_TRUE(zone);
    EXPECT_FALSE(*zone);
}

INSTANTIATE_TEST_SUITE_P(Stores, ScorecardCountsTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage

namespace safegrid::storage_test {
namespace {

using ScorecardCountsMigration = BackendTest;

// Hazards and inspections stored before 0023 are in its counters as soon as it has run.
TEST_P(ScorecardCountsMigration, TheMigrationCountsTheRowsAlreadyStored) {
    const auto all = storage::EmbeddedMigrations(db_->dialect());
    std::vector<storage::Migration> before;
    for (const storage::Migration& m : all)
        if (m.version < 23) before.push_back(m);
    ASSERT_TRUE(storage::ApplyMigrations(*db_, before));
    std::mt19937 rng(23);
    for (int i = 0; i < 300; ++i) {
        const int64_t village = 1 + rng() % 2;
        const int64_t grid = 10 + village;
        const int64_t enterprise = 100 + rng() % 4;
        const UnixSeconds found = 1735660800 + rng() % (730 * 86400);
        const std::string status =
            std::vector<std::string>{"reported", "rectifying", "submitted", "closed", "rejected"}[rng() % 5];
        const std::string category = storage::kCategories[rng() % storage::kCategories.size()];
        const UnixSeconds due = found + rng() % (60 * 86400);
        storage::Value closed_at = std::monostate{};
        storage::Value on_time = std::monostate{};
        if (status == "closed") {
            const UnixSeconds closed = found + rng() % (90 * 86400);
            closed_at = closed;
            on_time = int64_t{closed <= due ? 1 : 0};
        }
        Exec(
            "INSERT INTO hazards (town_id, village_id, grid_id, enterprise_id, source, title, category, severity, "
            "status, due_at, found_at, closed_at, closed_on_time, created_at, updated_at) "
            "VALUES (1, ?, ?, ?, 'staff', '隐患', ?, ?, ?, ?, ?, ?, ?, 0, 0)",
            {village, grid, enterprise, category, std::string(rng() % 3 == 0 ? "major" : "general"), status, due, found,
             closed_at, on_time});
        Exec(
            "INSERT INTO inspections (town_id, village_id, grid_id, enterprise_id, checklist_id, kind, at, "
            "created_at) VALUES (1, ?, ?, ?, 'fire-small-workshop', ?, ?, 0)",
            {village, grid, enterprise, storage::kInspectionKinds[rng() % storage::kInspectionKinds.size()],
             found + static_cast<UnixSeconds>(rng() % 86400)});
    }
    ASSERT_TRUE(storage::ApplyMigrations(*db_, all));
    EXPECT_GT(QueryInt("SELECT COUNT(*) FROM scorecard_months"), 0);
    std::mt19937 windows(5);
    const std::vector<std::vector<storage::PathFilter>> filters = {{{storage::PathFilter::Column::kTown, 1}}};
    EXPECT_GT(storage::CompareEverywhere(*db_, filters, filters, windows), 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScorecardCountsMigration, ::testing::Values(Kind::kSqlite, Kind::kPostgres),
                         KindName);

}  // namespace
}  // namespace safegrid::storage_test
