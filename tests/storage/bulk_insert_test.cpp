// The bulk paths (HazardRepository::InsertMany, InspectionRepository::InsertMany/InsertItems) leave
// exactly what the single-row inserts leave: the same ids, rows, counters and sequence position, on
// both stores. Two fresh stores of the same backend get the same input, one row by row, one in bulk.
#include "storage/bulk_insert.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

constexpr UnixSeconds kNow = 1795951874;  // 2026-11-29T11:31:14Z
// More than two full statements (kBulkRows) and a partial one, so every chunk shape runs.
constexpr size_t kRows = 2 * kBulkRows + 37;

struct Place {
    int64_t town = 0, village = 0, grid = 0, grid2 = 0, enterprise = 0;
};

Place MakePlace(test::TestStore& store) {
    Place p;
    p.town = store.AddTown();
    p.village = store.AddVillage(p.town);
    p.grid = store.AddGrid(p.town, p.village);
    p.grid2 = store.AddGrid(p.town, p.village, "网格二");
    p.enterprise = store.AddEnterprise(p.town, p.village, p.grid);
    return p;
}

// Every status, both severities, nulls and values in the optional columns, text with quotes.
std::vector<HazardRecord> RandomHazards(const Place& p, size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    const HazardStatus statuses[] = {HazardStatus::kReported, HazardStatus::kRectifying, HazardStatus::kSubmitted,
                                     HazardStatus::kClosed, HazardStatus::kRejected};
    std::vector<HazardRecord> out;
    for (size_t i = 0; i < n; ++i) {
        HazardRecord h;
        const bool at_town = rng() % 7 == 0;
        h.path = {p.town, at_town ? std::nullopt : std::optional(p.village),
                  at_town ? std::nullopt : std::optional(rng() % 2 ? p.grid : p.grid2)};
        if (!at_town) h.enterprise_id = p.enterprise;
        h.source = at_town ? "public" : "inspection";
        h.title = "隐患 '" + std::to_string(i) + "'";
        h.description = rng() % 3 ? "检查部位：配电间" : "";
        h.category = rng() % 2 ? "extinguisher" : "electrical";
        h.severity = rng() % 5 == 0 ? Severity::kMajor : Severity::kGeneral;
        h.status = statuses[rng() % 5];
        h.found_at = kNow - static_cast<int64_t>(rng() % (700 * 86400));
        if (rng() % 4) h.due_at = h.found_at + static_cast<int64_t>(rng() % (60 * 86400));
        if (h.status == HazardStatus::kClosed) {
            h.closed_at = h.found_at + static_cast<int64_t>(rng() % (90 * 86400));
            h.closed_on_time = !h.due_at || *h.closed_at <= *h.due_at;
        }
        if (rng() % 3 == 0) h.reporter_id = 4;
        if (rng() % 5 == 0) h.lat = 30.1 + (rng() % 1000) / 1e4, h.lng = 121.3;
        h.created_at = h.updated_at = kNow;
        out.push_back(std::move(h));
    }
    return out;
}

// The whole table as values, in a fixed order.
std::vector<Row> Dump(test::TestStore& store, const std::string& sql) {
    auto rows = store.db().Read([&](Connection& conn) { return conn.Query(sql); });
    EXPECT_TRUE(rows) << rows.error().internal;
    return rows ? rows->rows : std::vector<Row>{};
}

void ExpectSameTables(test::TestStore& single, test::TestStore& bulk) {
    const char* tables[] = {
        "SELECT * FROM hazards ORDER BY id",
        "SELECT * FROM hazard_counts ORDER BY town_id, village_id, grid_id, status, severity",
        "SELECT * FROM hazard_month_counts ORDER BY town_id, village_id, grid_id, month",
        "SELECT * FROM hazard_due_counts ORDER BY town_id, village_id, grid_id, severity, due_week",
        "SELECT * FROM inspections ORDER BY id",
        "SELECT * FROM inspection_items ORDER BY inspection_id, position",
    };
    for (const char* sql : tables) {
        const std::vector<Row> a = Dump(single, sql), b = Dump(bulk, sql);
        ASSERT_EQ(a.size(), b.size()) << sql;
        for (size_t r = 0; r < a.size(); ++r) {
            ASSERT_EQ(a[r].size(), b[r].size()) << sql;
            for (size_t c = 0; c < a[r].size(); ++c) EXPECT_EQ(a[r].at(c), b[r].at(c)) << sql << " row " << r;
        }
    }
}

class BulkInsertTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        single_ = test::TestStore::Open(GetParam());
        if (!single_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        bulk_ = test::TestStore::Open(GetParam());
        place_ = MakePlace(*single_);
        const Place other = MakePlace(*bulk_);
        ASSERT_EQ(other.enterprise, place_.enterprise);  // fresh stores: the same ids
    }

    std::unique_ptr<test::TestStore> single_, bulk_;
    Place place_;
};

TEST_P(BulkInsertTest, HazardInsertManyEqualsSingleInserts) {
    // One row first, so the bulk continues a sequence that is already moving.
    const std::vector<HazardRecord> first = RandomHazards(place_, 1, 7);
    const std::vector<HazardRecord> hs = RandomHazards(place_, kRows, 11);
    std::vector<int64_t> single_ids, bulk_ids;
    ASSERT_TRUE(single_->db().Transact(true, [&](Connection& conn) -> Status {
        HazardRepository repo(conn);
        for (const auto& h : first) SG_TRY(repo.Insert(h));
        for (const auto& h : hs) {
            SG_ASSIGN_OR_RETURN(int64_t id, repo.Insert(h));
            single_ids.push_back(id);
        }
        return repo.Insert(first[0]).has_value() ? Status{} : Internal("insert after");
    }));
    ASSERT_TRUE(bulk_->db().Transact(true, [&](Connection& conn) -> Status {
        HazardRepository repo(conn);
        HazardCounterDelta counters;
        SG_ASSIGN_OR_RETURN(auto none, repo.InsertMany({}, counters));
        if (!none.empty()) return Internal("ids for no rows");
        SG_TRY(repo.InsertMany(first, counters));
        SG_ASSIGN_OR_RETURN(bulk_ids, repo.InsertMany(hs, counters));
        SG_TRY(counters.Apply(conn));
        // A single insert after the bulk takes the next id: the sequence is where it would be.
        return repo.Insert(first[0]).has_value() ? Status{} : Internal("insert after");
    }));
    ASSERT_EQ(single_ids.size(), kRows);
    EXPECT_EQ(bulk_ids, single_ids);
    EXPECT_EQ(bulk_ids.front() + static_cast<int64_t>(kRows) - 1, bulk_ids.back());
    ExpectSameTables(*single_, *bulk_);
    EXPECT_EQ(bulk_->QueryInt("SELECT MAX(id) FROM hazards"), bulk_ids.back() + 1);
}

TEST_P(BulkInsertTest, InspectionsAndItemsInBulkEqualSingleInserts) {
    std::vector<InspectionRecord> records;
    for (size_t i = 0; i < kRows; ++i) {
        InspectionRecord r;
        r.path = {place_.town, place_.village, i % 2 ? place_.grid : place_.grid2};
        r.enterprise_id = place_.enterprise;
        r.checklist_id = "fire-small-venue";
        r.checklist_version = 1 + static_cast<int64_t>(i % 3);
        r.kind = i % 4 == 0 ? "campaign" : "routine";
        if (i % 3) r.inspector_id = 4;
        r.inspector_name = "检查员 " + std::to_string(i);
        r.at = r.created_at = kNow - static_cast<int64_t>(i) * 3600;
        r.passed = static_cast<int64_t>(i % 9);
        r.failed = static_cast<int64_t>(i % 2);
        if (i % 5 == 0) r.lat = 30.2, r.lng = 121.3;
        records.push_back(std::move(r));
    }
    auto items_of = [&](const std::vector<int64_t>& ids) {
        std::vector<InspectionItemRecord> items;
        for (size_t i = 0; i < ids.size(); ++i) {
            for (int64_t pos = 0; pos < 3; ++pos) {
                InspectionItemRecord item;
                item.inspection_id = ids[i];
                item.town_id = place_.town;
                item.position = pos;
                item.item_id = "FS-" + std::to_string(pos);
                item.result = pos == 0 && i % 2 ? "fail" : "pass";
                item.note = pos == 0 ? "楼梯间 \"堆物\"" : "";
                if (i % 7 == 0) item.attachments = {1, 2};
                if (item.result == "fail") item.hazard_id = static_cast<int64_t>(i) + 100;
                items.push_back(std::move(item));
            }
        }
        return items;
    };
    std::vector<int64_t> single_ids, bulk_ids;
    ASSERT_TRUE(single_->db().Transact(true, [&](Connection& conn) -> Status {
        InspectionRepository repo(conn);
        for (const auto& r : records) {
            SG_ASSIGN_OR_RETURN(int64_t id, repo.Insert(r));
            single_ids.push_back(id);
        }
        for (const auto& item : items_of(single_ids)) SG_TRY(repo.InsertItem(item));
        return {};
    }));
    ASSERT_TRUE(bulk_->db().Transact(true, [&](Connection& conn) -> Status {
        InspectionRepository repo(conn);
        SG_ASSIGN_OR_RETURN(bulk_ids, repo.InsertMany(records));
        return repo.InsertItems(items_of(bulk_ids));
    }));
    EXPECT_EQ(bulk_ids, single_ids);
    ExpectSameTables(*single_, *bulk_);
    EXPECT_EQ(bulk_->QueryInt("SELECT COUNT(*) FROM inspection_items"), static_cast<int64_t>(3 * kRows));
}

TEST_P(BulkInsertTest, InsertRowsRejectsValuesThatAreNotWholeRows) {
    const std::vector<Value> values = {int64_t{1}, int64_t{2}, int64_t{3}};
    auto st = bulk_->db().Transact(true, [&](Connection& conn) {
        return InsertRows(conn, "INSERT INTO inspection_items (inspection_id, town_id)", 2, values);
    });
    ASSERT_FALSE(st);
    EXPECT_EQ(bulk_->QueryInt("SELECT COUNT(*) FROM inspection_items"), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, BulkInsertTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
