#include "storage/repositories/region_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class RegionRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& c) { return fn(RegionRepository(c)); });
    }

    Region Make(const std::string& name, RegionKind kind, const std::optional<Region>& parent) {
        Region r;
        r.name = name;
        r.kind = kind;
        r.code = "C-" + name;
        if (parent) {
            r.parent_id = parent->id;
            r.path = parent->path;
        }
        r.responsible = {"张三", "13800000000", std::nullopt};
        r.created_at = r.updated_at = 100;
        auto id = Tx([&](RegionRepository repo) { return repo.Insert(r); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        auto back = Tx([&](RegionRepository repo) { return repo.FindById(*id); });
        EXPECT_TRUE(back && *back);
        return **back;
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(RegionRepositoryTest, InsertStoresTheOwnIdAtTheOwnLevel) {
    Region town = Make("镇", RegionKind::kTown, std::nullopt);
    EXPECT_EQ(town.path.town_id, town.id);
    EXPECT_FALSE(town.path.village_id);
    Region village = Make("村", RegionKind::kVillage, town);
    EXPECT_EQ(village.path.town_id, town.id);
    EXPECT_EQ(village.path.village_id, village.id);
    EXPECT_FALSE(village.path.grid_id);
    Region grid = Make("格", RegionKind::kGrid, village);
    EXPECT_EQ(grid.path.village_id, village.id);
    EXPECT_EQ(grid.path.grid_id, grid.id);
    EXPECT_EQ(grid.parent_id, village.id);
    EXPECT_EQ(grid.kind, RegionKind::kGrid);
    EXPECT_EQ(grid.code, "C-格");
    EXPECT_EQ(grid.responsible.phone, "13800000000");
    EXPECT_EQ(grid.version, 1);
}

TEST_P(RegionRepositoryTest, ListAppliesEveryFilter) {
    Region town = Make("镇", RegionKind::kTown, std::nullopt);
    Region v1 = Make("村1", RegionKind::kVillage, town);
    Region g1 = Make("格1", RegionKind::kGrid, v1);
    Region v2 = Make("村2", RegionKind::kVillage, town);
    Region other = Make("别镇", RegionKind::kTown, std::nullopt);
    auto ids = [&](std::vector<PathFilter> filters) {
        std::vector<int64_t> out;
        auto list = Tx([&](RegionRepository repo) { return repo.List(filters); });
        EXPECT_TRUE(list);
        for (const auto& r : *list) out.push_back(r.id);
        return out;
    };
    EXPECT_EQ(ids({PathFilter::Any()}), (std::vector<int64_t>{town.id, v1.id, g1.id, v2.id, other.id}));
    EXPECT_EQ(ids({PathFilter::Subtree(RegionKind::kTown, town.id)}),
              (std::vector<int64_t>{town.id, v1.id, g1.id, v2.id}));
    EXPECT_EQ(ids({PathFilter::Subtree(RegionKind::kVillage, v1.id)}), (std::vector<int64_t>{v1.id, g1.id}));
    EXPECT_EQ(ids({PathFilter::Subtree(RegionKind::kGrid, g1.id)}), (std::vector<int64_t>{g1.id}));
    EXPECT_EQ(ids({PathFilter::Id(v2.id)}), (std::vector<int64_t>{v2.id}));
    EXPECT_TRUE(ids({PathFilter::Nothing()}).empty());
    EXPECT_EQ(
        ids({PathFilter::FromScope({Scope::Level::kTown, town.id}), PathFilter::Subtree(RegionKind::kVillage, v2.id)}),
        (std::vector<int64_t>{v2.id}));
    EXPECT_TRUE(ids({PathFilter::FromScope({Scope::Level::kEnterprise, 1})}).empty());
}

TEST_P(RegionRepositoryTest, ACountyFilterIsItsTownsSubtreesAndItself) {
    Region county = Make("县", RegionKind::kCounty, std::nullopt);
    EXPECT_EQ(county.path.town_id, county.id);
    Region town = Make("镇", RegionKind::kTown, county);
    EXPECT_EQ(town.path.town_id, town.id);
    EXPECT_EQ(town.parent_id, county.id);
    Region village = Make("村", RegionKind::kVillage, town);
    Region grid = Make("格", RegionKind::kGrid, village);
    Region town2 = Make("镇2", RegionKind::kTown, county);
    Region outside = Make("别镇", RegionKind::kTown, std::nullopt);
    Region outside_village = Make("别村", RegionKind::kVillage, outside);
    Region county2 = Make("别县", RegionKind::kCounty, std::nullopt);
    auto ids = [&](std::vector<PathFilter> filters) {
        std::vector<int64_t> out;
        auto list = Tx([&](RegionRepository repo) { return repo.List(filters); });
        EXPECT_TRUE(list) << (list ? "" : list.error().internal);
        if (list)
            for (const auto& r : *list) out.push_back(r.id);
        return out;
    };
    const std::vector<int64_t> mine = {county.id, town.id, village.id, grid.id, town2.id};
    EXPECT_EQ(ids({PathFilter::Subtree(RegionKind::kCounty, county.id)}), mine);
    EXPECT_EQ(ids({PathFilter::FromScope(Scope::County(county.id, {town.id, town2.id}))}), mine);
    // Joined with a narrower filter, and with a town outside it.
    EXPECT_EQ(
        ids({PathFilter::Subtree(RegionKind::kCounty, county.id), PathFilter::Subtree(RegionKind::kTown, town.id)}),
        (std::vector<int64_t>{town.id, village.id, grid.id}));
    EXPECT_TRUE(
        ids({PathFilter::Subtree(RegionKind::kCounty, county.id), PathFilter::Subtree(RegionKind::kTown, outside.id)})
            .empty());
    EXPECT_EQ(ids({PathFilter::Subtree(RegionKind::kCounty, county2.id)}), (std::vector<int64_t>{county2.id}));
    (void)outside_village;
}

TEST_P(RegionRepositoryTest, UpdateIsGuardedByVersion) {
    Region town = Make("镇", RegionKind::kTown, std::nullopt);
    Region edit = town;
    edit.name = "新镇";
    edit.responsible.user_id = 42;
    edit.updated_at = 200;
    EXPECT_EQ(Tx([&](RegionRepository repo) { return repo.Update(edit, 2); }), false);
    EXPECT_EQ(Tx([&](RegionRepository repo) { return repo.Update(edit, 1); }), true);
    auto back = Tx([&](RegionRepository repo) { return repo.FindById(town.id); });
    ASSERT_TRUE(back && *back);
    EXPECT_EQ((*back)->name, "新镇");
    EXPECT_EQ((*back)->version, 2);
    EXPECT_EQ((*back)->updated_at, 200);
    EXPECT_EQ((*back)->responsible.user_id, 42);
    EXPECT_EQ(Tx([&](RegionRepository repo) { return repo.Update(edit, 1); }), false);
}

TEST_P(RegionRepositoryTest, FindsNothingForUnknownIds) {
    auto none = Tx([&](RegionRepository repo) { return repo.FindById(12345); });
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto user = Tx([&](RegionRepository repo) { return repo.UserTown(12345); });
    ASSERT_TRUE(user);
    EXPECT_FALSE(*user);
}

TEST(LikeContains, EscapesWildcards) {
    EXPECT_EQ(LikeContains("a%b_c\\d"), "%a\\%b\\_c\\\\d%");
    EXPECT_EQ(LikeContains("宏达"), "%宏达%");
}

// docs/scale.md: a village or grid scope names its town first, so on a store distributed by town the
// statement runs on that town's shard; a scope that does not know its town keeps the old filter.
TEST(PathFilter, VillageAndGridScopesNameTheirTownFirst) {
    std::string where;
    std::vector<Value> params;
    AppendPathFilters({PathFilter::FromScope(Scope{Scope::Level::kVillage, 12, 3})}, where, params);
    EXPECT_EQ(where, " AND town_id = ? AND village_id = ?");
    EXPECT_EQ(params, (std::vector<Value>{int64_t{3}, int64_t{12}}));

    where.clear();
    params.clear();
    AppendPathFilters(
        {PathFilter::Subtree(RegionKind::kGrid, 40, 3), PathFilter::FromScope(Scope{Scope::Level::kTown, 3})}, where,
        params);
    EXPECT_EQ(where, " AND town_id = ? AND grid_id = ? AND town_id = ?");

    where.clear();
    params.clear();
    AppendPathFilters({PathFilter::FromScope(Scope{Scope::Level::kGrid, 40})}, where, params);
    EXPECT_EQ(where, " AND grid_id = ?");
    EXPECT_EQ(params, (std::vector<Value>{int64_t{40}}));
}

INSTANTIATE_TEST_SUITE_P(Stores, RegionRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
