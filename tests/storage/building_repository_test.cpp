#include "storage/repositories/building_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class BuildingRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grid_ = store_->AddGrid(town_, village_);
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& c) { return fn(BuildingRepository(c)); });
    }

    int64_t Add(const std::string& name, const std::string& address) {
        Building b;
        b.path = {town_, village_, grid_};
        b.name = name;
        b.address = address;
        b.floors = 3;
        b.area_m2 = 1500.25;
        b.created_at = b.updated_at = 7;
        auto id = Tx([&](BuildingRepository repo) { return repo.Insert(b); });
        EXPECT_TRUE(id);
        return id ? *id : 0;
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_ = 0;
};

TEST_P(BuildingRepositoryTest, RoundTripsEveryColumn) {
    int64_t id = Add("王家厂房", "高家村东路1号");
    auto b = Tx([&](BuildingRepository repo) { return repo.FindById(id); });
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->path.grid_id, grid_);
    EXPECT_EQ((*b)->floors, 3);
    EXPECT_EQ((*b)->area_m2, 1500.25);
    EXPECT_EQ((*b)->version, 1);
    Building edit = **b;
    edit.floors.reset();
    edit.landlord_phone = "13600000000";
    EXPECT_EQ(Tx([&](BuildingRepository repo) { return repo.Update(edit, 1); }), true);
    EXPECT_EQ(Tx([&](BuildingRepository repo) { return repo.Update(edit, 1); }), false);
    auto again = Tx([&](BuildingRepository repo) { return repo.FindById(id); });
    EXPECT_FALSE((*again)->floors);
    EXPECT_EQ((*again)->version, 2);
}

TEST_P(BuildingRepositoryTest, RoundTripsTheSleepingFacts) {
    int64_t id = Add("王家厂房", "高家村东路1号");
    auto b = Tx([&](BuildingRepository repo) { return repo.FindById(id); });
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->people_sleeping, 0);  // the default
    EXPECT_FALSE((*b)->sleeping_separated);
    EXPECT_FALSE((*b)->height_m);
    EXPECT_FALSE((*b)->sandwich_panels);
    Building edit = **b;
    edit.people_sleeping = 23;
    edit.sleeping_separated = true;
    edit.height_m = 16.5;
    edit.sandwich_panels = true;
    EXPECT_EQ(Tx([&](BuildingRepository repo) { return repo.Update(edit, 1); }), true);
    auto again = Tx([&](BuildingRepository repo) { return repo.FindById(id); });
    EXPECT_EQ((*again)->people_sleeping, 23);
    EXPECT_TRUE((*again)->sleeping_separated);
    EXPECT_EQ((*again)->height_m, 16.5);
    EXPECT_TRUE((*again)->sandwich_panels);
}

TEST_P(BuildingRepositoryTest, TenantFactsCountTenantsAndHazardousChemicals) {
    int64_t a = Add("王家厂房", "高家村东路1号");
    int64_t b = Add("李家厂房", "高家村西路2号");
    store_->Exec(
        "INSERT INTO enterprises (town_id, village_id, grid_id, building_id, name, credit_code, tags, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'x', 'c1', 'hazardous_chemicals,dust', 1, 1), "
        "(?, ?, ?, ?, 'y', 'c2', 'dust', 1, 1), (?, ?, ?, ?, 'z', 'c3', '', 1, 1)",
        {town_, village_, grid_, a, town_, village_, grid_, a, town_, village_, grid_, b});
    auto facts = Tx([&](BuildingRepository repo) { return repo.TenantFacts({a, b}); });
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->at(a).count, 2);
    EXPECT_EQ(facts->at(a).hazardous_chemicals, 1);
    EXPECT_EQ(facts->at(b).count, 1);
    EXPECT_EQ(facts->at(b).hazardous_chemicals, 0);
    auto ids = Tx([&](BuildingRepository repo) { return repo.TenantIds(a); });
    ASSERT_TRUE(ids);
    EXPECT_EQ(ids->size(), 2u);
}

TEST_P(BuildingRepositoryTest, ListsSearchesAndCountsTenants) {
    int64_t a = Add("王家厂房", "高家村东路1号");
    int64_t b = Add("标准厂房100%", "倡隆村");
    store_->Exec(
        "INSERT INTO enterprises (town_id, village_id, grid_id, building_id, name, credit_code, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'x', 'c1', 1, 1), (?, ?, ?, ?, 'y', 'c2', 1, 1)",
        {town_, village_, grid_, a, town_, village_, grid_, a});
    auto page =
        Tx([&](BuildingRepository repo) { return repo.List({{PathFilter::Subtree(RegionKind::kGrid, grid_)}}); });
    ASSERT_TRUE(page);
    EXPECT_EQ(page->second, 2);
    BuildingQuery q;
    q.q = "100%";
    auto found = Tx([&](BuildingRepository repo) { return repo.List(q); });
    ASSERT_EQ(found->first.size(), 1u);
    EXPECT_EQ(found->first[0].id, b);
    q.q = "%";
    EXPECT_EQ(Tx([&](BuildingRepository repo) { return repo.List(q); })->second, 1);
    q.q = "东路";
    EXPECT_EQ(Tx([&](BuildingRepository repo) { return repo.List(q); })->first[0].id, a);
    auto counts = Tx([&](BuildingRepository repo) { return repo.TenantFacts({a, b}); });
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->at(a).count, 2);
    EXPECT_FALSE(counts->count(b));
    EXPECT_TRUE(Tx([&](BuildingRepository repo) { return repo.TenantFacts({}); })->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, BuildingRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
