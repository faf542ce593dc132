#include "storage/repositories/hazard_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "core/hazard/deadline.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

constexpr UnixSeconds kNow = 1795951874;  // 2026-11-29T11:31:14Z

class HazardRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grid_ = store_->AddGrid(town_, village_);
        grid2_ = store_->AddGrid(town_, village_, "网格二");
        enterprise_ = store_->AddEnterprise(town_, village_, grid_);
    }

    HazardRecord Sample() {
        HazardRecord h;
        h.path = {town_, village_, grid_};
        h.enterprise_id = enterprise_;
        h.title = "灭火器过期";
        h.description = "车间两具灭火器压力不足";
        h.category = "extinguisher";
        h.status = HazardStatus::kRectifying;
        h.due_at = kNow + 86400;
        h.found_at = kNow;
        h.created_at = h.updated_at = kNow;
        return h;
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& conn) { return fn(HazardRepository(conn)); });
    }

    // (town, village|0, grid|0, status, severity) → (n, on time), zero rows left out.
    using Counts =
        std::map<std::tuple<int64_t, int64_t, int64_t, std::string, std::string>, std::pair<int64_t, int64_t>>;
    Counts Read(const std::string& sql) {
        Counts out;
        auto rows = store_->db().Read([&](Connection& conn) { return conn.Query(sql); });
        EXPECT_TRUE(rows);
        for (const auto& row : rows->rows) {
            if (row.Int(5) == 0 && row.Int(6) == 0) continue;
            out[{row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4)}] = {row.Int(5), row.Int(6)};
        }
        return out;
    }
    Counts Stored() {
        return Read("SELECT town_id, village_id, grid_id, status, severity, n, closed_on_time FROM hazard_counts");
    }
    Counts Recount() {
        return Read(
            "SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), status, severity, COUNT(*), "
            "SUM(CASE WHEN status = 'closed' AND closed_on_time = 1 THEN 1 ELSE 0 END) FROM hazards GROUP BY "
            "town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), status, severity");
    }

    // Deadlines around now (this week, earlier weeks, later ones), a few before 1970, some unset.
    static std::optional<UnixSeconds> RandomDue(std::mt19937& rng) {
        switch (rng() % 8) {
            case 0:
                return std::nullopt;
            case 1:
                return -static_cast<int64_t>(rng() % (30 * 86400));
            default:
                return kNow - 40 * 86400 + static_cast<int64_t>(rng() % (60 * 86400));
        }
    }

    // The weekly due counters give the same overdue figures as counting hazards, for every place,
    // severity and a "now" at every hour of two weeks (so the week boundary moves through them).
    void ExpectOverdueFromCountersEqualsCounting() {
        const std::vector<std::vector<PathFilter>> places = {{PathFilter::Subtree(RegionKind::kTown, town_)},
                                                             {PathFilter::Subtree(RegionKind::kVillage, village_)},
                                                             {PathFilter::Subtree(RegionKind::kGrid, grid2_)}};
        for (UnixSeconds now = kNow - 14 * 86400; now <= kNow; now += 3600 * 7) {
            for (const auto& filters : places) {
                for (std::optional<Severity> severity : {std::optional<Severity>(), std::optional(Severity::kMajor)}) {
                    HazardQuery q;
                    q.filters = filters;
                    q.severity = severity;
                    q.overdue_at = now;
                    ASSERT_TRUE(HazardRepository::CountableFromCounters(q));
                    auto counted = Tx([&](HazardRepository repo) { return repo.Count(q); });
                    auto summed = Tx([&](HazardRepository repo) { return repo.CountFromCounters(q); });
                    ASSERT_TRUE(counted && summed);
                    EXPECT_EQ(*summed, *counted) << "now " << now;
                }
            }
        }
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_ = 0, grid2_ = 0, enterprise_ = 0;
};

TEST_P(HazardRepositoryTest, InsertAndFindRoundTripEveryField) {
    HazardRecord h = Sample();
    h.source = "inspection";
    h.inspection_id = 7;
    h.checklist_item = "FS-EVA-03";
    h.severity = Severity::kMajor;
    h.major_reason = "部令10号第三条";
    h.legal_basis = "消防法第二十八条";
    h.listing_no = "匡安督〔2026〕1号";
    h.listed_at = kNow;
    h.lat = 30.17;
    h.lng = 121.33;
    h.address = "高家村8号";
    h.reporter_id = 4;
    auto id = Tx([&](HazardRepository repo) { return repo.Insert(h); });
    ASSERT_TRUE(id) << id.error().internal;
    auto read = Tx([&](HazardRepository repo) { return repo.FindById(*id); });
    ASSERT_TRUE(read && *read);
    const HazardRecord& r = **read;
    EXPECT_EQ(r.id, *id);
    EXPECT_EQ(r.path.grid_id, grid_);
    EXPECT_EQ(r.enterprise_id, enterprise_);
    EXPECT_EQ(r.source, "inspection");
    EXPECT_EQ(r.inspection_id, 7);
    EXPECT_EQ(r.checklist_item, "FS-EVA-03");
    EXPECT_EQ(r.severity, Severity::kMajor);
    EXPECT_EQ(r.major_reason, "部令10号第三条");
    EXPECT_EQ(r.status, HazardStatus::kRectifying);
    EXPECT_EQ(r.due_at, kNow + 86400);
    EXPECT_EQ(r.listing_no, "匡安督〔2026〕1号");
    EXPECT_EQ(r.lat, 30.17);
    EXPECT_EQ(r.reporter_id, 4);
    EXPECT_EQ(r.version, 1);
    EXPECT_FALSE(r.closed_at);
    EXPECT_EQ(Stored(), Recount());
}

TEST_P(HazardRepositoryTest, UpdateIsGuardedByVersionAndMovesTheCounter) {
    auto id = Tx([&](HazardRepository repo) { return repo.Insert(Sample()); });
    ASSERT_TRUE(id);
    HazardRecord before = Sample();
    before.id = *id;
    HazardRecord after = before;
    after.status = HazardStatus::kClosed;
    after.closed_at = kNow + 10;
    after.closed_on_time = true;
    EXPECT_FALSE(*Tx([&](HazardRepository repo) { return repo.Update(before, after, 2); }));
    EXPECT_EQ(Stored(), Recount());
    EXPECT_TRUE(*Tx([&](HazardRepository repo) { return repo.Update(before, after, 1); }));
    EXPECT_FALSE(*Tx([&](HazardRepository repo) { return repo.Update(before, after, 1); }));  // stale now
    EXPECT_EQ((*Tx([&](HazardRepository repo) { return repo.FindById(*id); }))->version, 2);
    EXPECT_EQ(Stored(), Recount());
    EXPECT_EQ(store_->QueryInt("SELECT closed_on_time FROM hazard_counts WHERE status = 'closed'"), 1);
}

TEST_P(HazardRepositoryTest, CountersEqualARecountAfterRandomOperations) {
    std::mt19937 rng(20261129);
    std::vector<HazardRecord> live;
    const std::vector<RegionPath> places = {
        {town_, std::nullopt, std::nullopt}, {town_, village_, grid_}, {town_, village_, grid2_}};
    for (int step = 0; step < 200; ++step) {
        if (live.empty() || rng() % 3 == 0) {
            HazardRecord h = Sample();
            h.path = places[rng() % places.size()];
            h.found_at = kNow - static_cast<int64_t>(rng() % (400 * 86400));
            h.due_at = RandomDue(rng);
            auto id = Tx([&](HazardRepository repo) { return repo.Insert(h); });
            ASSERT_TRUE(id);
            h.id = *id;
            live.push_back(h);
            continue;
        }
        HazardRecord& before = live[rng() % live.size()];
        HazardRecord after = before;
        after.status = kAllHazardStatuses[rng() % kAllHazardStatuses.size()];
        after.severity = kAllSeverities[rng() % 2];
        if (rng() % 4 == 0) after.path = places[rng() % places.size()];
        if (rng() % 3 == 0) after.due_at = RandomDue(rng);
        after.closed_at.reset();
        after.closed_on_time.reset();
        if (after.status == HazardStatus::kClosed) {
            after.closed_at = before.found_at + static_cast<int64_t>(rng() % (90 * 86400));
            after.closed_on_time = rng() % 2 == 0;
        }
        auto ok = Tx([&](HazardRepository repo) { return repo.Update(before, after, before.version); });
        ASSERT_TRUE(ok && *ok);
        after.version = before.version + 1;
        before = after;
    }
    EXPECT_EQ(Stored(), Recount());
    ExpectOverdueFromCountersEqualsCounting();
    // And both equal core's rule applied to the hazards as the test wrote them.
    for (UnixSeconds now = kNow - 14 * 86400; now <= kNow; now += 3600 * 11) {
        const auto expected = std::count_if(live.begin(), live.end(),
                                            [&](const HazardRecord& h) { return IsOverdue(h.status, h.due_at, now); });
        auto counted = Tx([&](HazardRepository repo) {
            return repo.CountOverdue({PathFilter::Subtree(RegionKind::kTown, town_)}, std::nullopt, now);
        });
        ASSERT_TRUE(counted);
        EXPECT_EQ(*counted, expected) << "now " << now;
    }
    // Month counters: rebuilding them from scratch changes nothing.
    auto months = [&] {
        Counts out;
        auto rows = store_->db().Read([&](Connection& c) {
            return c.Query(
                "SELECT town_id, village_id, grid_id, month, '', found, closed FROM hazard_month_counts "
                "WHERE found <> 0 OR closed <> 0 ORDER BY 1, 2, 3, 4");
        });
        for (const auto& row : rows->rows) {
            out[{row.Int(0), row.Int(1), row.Int(2), std::to_string(row.Int(3)), ""}] = {row.Int(5), row.Int(6)};
        }
        return out;
    };
    const Counts maintained = months();
    const Counts counted = Stored();
    ASSERT_TRUE(Tx([&](HazardRepository repo) { return repo.RebuildCounters(); }));
    EXPECT_EQ(months(), maintained);
    EXPECT_EQ(Stored(), counted);
    ExpectOverdueFromCountersEqualsCounting();
}

TEST_P(HazardRepositoryTest, ListFiltersOrdersNewestFirstAndCountsAgree) {
    std::vector<int64_t> ids;
    for (int i = 0; i < 6; ++i) {
        HazardRecord h = Sample();
        h.path.grid_id = i % 2 ? grid_ : grid2_;
        h.severity = i < 2 ? Severity::kMajor : Severity::kGeneral;
        h.status = i == 5 ? HazardStatus::kClosed : HazardStatus::kRectifying;
        h.due_at = i == 4 ? kNow - 10 : kNow + 10;
        h.title = i == 3 ? "电线私拉乱接 100%_" : "灭火器过期";
        if (i == 0) h.listing_no = "匡安督〔2026〕1号";
        ids.push_back(*Tx([&](HazardRepository repo) { return repo.Insert(h); }));
    }
    auto list = [&](HazardQuery q) {
        auto rows = Tx([&](HazardRepository repo) { return repo.List(q); });
        std::vector<int64_t> out;
        for (const auto& h : *rows) out.push_back(h.id);
        auto count = Tx([&](HazardRepository repo) { return repo.Count(q); });
        if (q.offset == 0) {
            EXPECT_EQ(*count, static_cast<int64_t>(out.size()));
        }
        if (HazardRepository::CountableFromCounters(q)) {
            EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.CountFromCounters(q); }), *count);
        }
        return out;
    };
    HazardQuery all;
    all.filters = {PathFilter::Subtree(RegionKind::kTown, town_)};
    EXPECT_EQ(list(all), (std::vector<int64_t>{ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}));
    HazardQuery grid = all;
    grid.filters = {PathFilter::Subtree(RegionKind::kGrid, grid_)};
    EXPECT_EQ(list(grid), (std::vector<int64_t>{ids[5], ids[3], ids[1]}));
    HazardQuery major = all;
    major.severity = Severity::kMajor;
    EXPECT_EQ(list(major), (std::vector<int64_t>{ids[1], ids[0]}));
    HazardQuery overdue = all;
    overdue.overdue_at = kNow;
    EXPECT_EQ(list(overdue), (std::vector<int64_t>{ids[4]}));
    HazardQuery q = all;
    q.q = "100%_";  // LIKE wildcards are matched literally
    EXPECT_EQ(list(q), (std::vector<int64_t>{ids[3]}));
    q.q = "%";
    EXPECT_EQ(list(q), (std::vector<int64_t>{ids[3]}));
    HazardQuery supervised = all;
    supervised.supervised = true;
    EXPECT_EQ(list(supervised), (std::vector<int64_t>{ids[0]}));
    HazardQuery closed = all;
    closed.statuses = {HazardStatus::kClosed};
    EXPECT_EQ(list(closed), (std::vector<int64_t>{ids[5]}));
    HazardQuery paged = all;
    paged.limit = 2;
    paged.offset = 2;
    EXPECT_EQ(list(paged), (std::vector<int64_t>{ids[3], ids[2]}));
}

TEST_P(HazardRepositoryTest, StatusListsSortsAndEnterpriseNamesAgreeWithTheirCounts) {
    const int64_t workshop = store_->AddEnterprise(town_, village_, grid2_, "Wang's Workshop 五金厂");
    // (status, due_at, enterprise, title)
    struct Row {
        HazardStatus status;
        std::optional<UnixSeconds> due_at;
        std::optional<int64_t> enterprise;
        const char* title;
    };
    const std::vector<Row> rows = {
        {HazardStatus::kReported, std::nullopt, std::nullopt, "群众举报：楼道堆物"},
        {HazardStatus::kRectifying, kNow - 5 * 86400, enterprise_, "灭火器过期"},
        {HazardStatus::kSubmitted, kNow + 3 * 86400, workshop, "配电箱无门"},
        {HazardStatus::kClosed, kNow - 9 * 86400, enterprise_, "安全出口堵塞"},
        {HazardStatus::kRejected, std::nullopt, workshop, "重复上报"},
        {HazardStatus::kRectifying, kNow - 20 * 86400, workshop, "WORKSHOP dust"},
    };
    std::vector<int64_t> ids;
    for (const Row& r : rows) {
        HazardRecord h = Sample();
        h.status = r.status;
        h.due_at = r.due_at;
        h.enterprise_id = r.enterprise;
        h.path.grid_id = r.enterprise == workshop ? grid2_ : grid_;
        h.title = r.title;
        h.description = "";
        ids.push_back(*Tx([&](HazardRepository repo) { return repo.Insert(h); }));
    }
    auto list = [&](HazardQuery q) {
        auto listed = Tx([&](HazardRepository repo) { return repo.List(q); });
        EXPECT_TRUE(listed);
        std::vector<int64_t> out;
        for (const auto& h : *listed) out.push_back(h.id);
        if (q.offset > 0) return out;  // a later page: the counts are of every page
        EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.Count(q); }), static_cast<int64_t>(out.size()));
        if (HazardRepository::CountableFromCounters(q)) {
            EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.CountFromCounters(q); }),
                      static_cast<int64_t>(out.size()));
        }
        return out;
    };
    HazardQuery all;
    all.filters = {PathFilter::Subtree(RegionKind::kTown, town_)};

    HazardQuery open = all;  // what ?status=open asks for
    open.statuses = *ParseHazardStatusList("open");
    EXPECT_EQ(list(open), (std::vector<int64_t>{ids[5], ids[2], ids[1], ids[0]}));
    HazardQuery two = all;
    two.statuses = {HazardStatus::kSubmitted, HazardStatus::kClosed};
    EXPECT_EQ(list(two), (std::vector<int64_t>{ids[3], ids[2]}));
    HazardQuery overdue_open = open;
    overdue_open.overdue_at = kNow;
    EXPECT_EQ(list(overdue_open), (std::vector<int64_t>{ids[5], ids[1]}));
    HazardQuery overdue_closed = all;
    overdue_closed.statuses = {HazardStatus::kClosed, HazardStatus::kRejected};
    overdue_closed.overdue_at = kNow;
    EXPECT_EQ(list(overdue_closed), std::vector<int64_t>{});

    // Deadlines ascending (most overdue first), hazards without one last; descending likewise.
    HazardQuery due = all;
    due.sort = HazardSort::kDueAsc;
    EXPECT_EQ(list(due), (std::vector<int64_t>{ids[5], ids[3], ids[1], ids[2], ids[0], ids[4]}));
    due.overdue_at = kNow;
    EXPECT_EQ(list(due), (std::vector<int64_t>{ids[5], ids[1]}));
    HazardQuery due_desc = all;
    due_desc.sort = HazardSort::kDueDesc;
    EXPECT_EQ(list(due_desc), (std::vector<int64_t>{ids[2], ids[1], ids[3], ids[5], ids[4], ids[0]}));
    HazardQuery oldest = all;
    oldest.sort = HazardSort::kCreatedAsc;
    oldest.limit = 2;
    oldest.offset = 1;
    EXPECT_EQ(list(oldest), (std::vector<int64_t>{ids[1], ids[2]}));

    // The keyword finds the enterprise's name too, ignoring the case of ASCII letters.
    HazardQuery by_name = all;
    by_name.q = "wang's workshop";
    EXPECT_EQ(list(by_name), (std::vector<int64_t>{ids[5], ids[4], ids[2]}));
    by_name.q = "五金";
    by_name.statuses = *ParseHazardStatusList("open");
    EXPECT_EQ(list(by_name), (std::vector<int64_t>{ids[5], ids[2]}));
    HazardQuery by_title = all;
    by_title.q = "workshop DUST";
    EXPECT_EQ(list(by_title), (std::vector<int64_t>{ids[5]}));
    by_title.q = "楼道";  // a public report without an enterprise is found by its own words
    EXPECT_EQ(list(by_title), (std::vector<int64_t>{ids[0]}));
}

// Issue 12 point 5: the history names people, not logins — joined in the same query.
TEST_P(HazardRepositoryTest, EventsCarryTheActorsDisplayNameAndRole) {
    store_->Exec(
        "INSERT INTO users (username, password_hash, role, region_id, town_id, display_name, created_at, updated_at) "
        "VALUES ('inspector1', 'x', 'inspector', ?, ?, '沈建国', ?, ?)",
        {grid_, town_, kNow, kNow});
    const int64_t inspector = store_->QueryInt("SELECT id FROM users WHERE username = 'inspector1'");
    auto id = *Tx([&](HazardRepository repo) { return repo.Insert(Sample()); });
    auto event = [&](std::optional<int64_t> actor, std::string name) {
        HazardEvent e;
        e.town_id = town_;
        e.hazard_id = id;
        e.action = "escalate";
        e.from = e.to = HazardStatus::kRectifying;
        e.actor_id = actor;
        e.actor_name = std::move(name);
        e.at = kNow;
        ASSERT_TRUE(Tx([&](HazardRepository repo) { return repo.InsertEvent(e); }));
    };
    event(inspector, "inspector1");
    event(std::nullopt, "");
    event(inspector + 1000, "gone");  // a user deleted since: the recorded login stays
    auto events = *Tx([&](HazardRepository repo) { return repo.Events(id); });
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].actor_display_name, "沈建国");
    EXPECT_EQ(events[0].actor_role, "inspector");
    EXPECT_EQ(events[0].actor_name, "inspector1");
    EXPECT_EQ(events[1].actor_display_name, "");
    EXPECT_EQ(events[1].actor_role, std::nullopt);
    EXPECT_EQ(events[2].actor_display_name, "");
    EXPECT_EQ(events[2].actor_role, std::nullopt);
    EXPECT_EQ(events[2].actor_name, "gone");
}

TEST_P(HazardRepositoryTest, EventsAttachmentsAndDocumentNumbers) {
    auto id = *Tx([&](HazardRepository repo) { return repo.Insert(Sample()); });
    HazardEvent e;
    e.town_id = town_;
    e.hazard_id = id;
    e.action = "submit";
    e.from = HazardStatus::kRectifying;
    e.to = HazardStatus::kSubmitted;
    e.actor_id = 5;
    e.actor_name = "enterprise5";
    e.at = kNow;
    e.comment = "已整改";
    e.due_before = e.due_after = kNow + 86400;
    e.attachments = {3, 4};
    ASSERT_TRUE(Tx([&](HazardRepository repo) { return repo.InsertEvent(e); }));
    auto events = *Tx([&](HazardRepository repo) { return repo.Events(id); });
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].action, "submit");
    EXPECT_EQ(events[0].from, HazardStatus::kRectifying);
    EXPECT_EQ(events[0].attachments, (std::vector<int64_t>{3, 4}));
    EXPECT_EQ(events[0].comment, "已整改");

    store_->Exec(
        "INSERT INTO attachments (town_id, sha256, size, content_type, uploader_id, created_at) VALUES "
        "(?, 'x', 1, 'image/png', 5, ?)",
        {town_, kNow});
    const int64_t att = store_->QueryInt("SELECT MAX(id) FROM attachments");
    EXPECT_EQ(*Tx([&](HazardRepository repo) {
        return repo.OwnAttachments({att, att, att + 100}, 5);
    }),
              (std::vector<int64_t>{att}));
    EXPECT_TRUE(Tx([&](HazardRepository repo) { return repo.OwnAttachments({att}, 6); })->empty());
    ASSERT_TRUE(Tx([&](HazardRepository repo) { return repo.LinkAttachment(town_, id, att, "after"); }));
    ASSERT_TRUE(Tx([&](HazardRepository repo) { return repo.LinkAttachment(town_, id, att, "after"); }));
    auto links = *Tx([&](HazardRepository repo) { return repo.Attachments(id); });
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].role, "after");

    EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.NextDocumentNumber(town_, "listing", 2026); }), 1);
    EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.NextDocumentNumber(town_, "listing", 2026); }), 2);
    EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.NextDocumentNumber(town_, "listing", 2027); }), 1);
    EXPECT_EQ(*Tx([&](HazardRepository repo) { return repo.NextDocumentNumber(town_, "notice", 2026); }), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
