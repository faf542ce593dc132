#include "storage/repositories/campaign_repository.hpp"

#include <gtest/gtest.h>

#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {

// Found by argument-dependent lookup, so it lives in the struct's own namespace.
bool operator==(const CampaignTarget& a, const CampaignTarget& b) {
    return a.enterprise_id == b.enterprise_id && a.campaign_id == b.campaign_id;
}

namespace {

// 镇 → 村1 (网格 1a, 1b), 村2 (网格 2a); one enterprise per grid plus a tagged one in 1a.
class CampaignRepositoryTest : public ::testing::TestWithParam<test::Backend> {
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
        e1a_ = store_->AddEnterprise(town_, village1_, grid1a_, "甲");
        e1a_tagged_ = store_->AddEnterprise(town_, village1_, grid1a_, "乙");
        store_->Exec("UPDATE enterprises SET tags = 'three_in_one,dust' WHERE id = ?", {e1a_tagged_});
        e1b_ = store_->AddEnterprise(town_, village1_, grid1b_, "丙");
        e2a_ = store_->AddEnterprise(town_, village2_, grid2a_, "丁");
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& c) { return fn(c); });
    }

    int64_t Add(std::vector<int64_t> regions, std::vector<std::string> tags, std::string starts = "2026-12-01",
                std::string ends = "2026-12-31") {
        CampaignRecord c;
        c.town_id = town_;
        c.name = "三合一场所专项整治";
        c.starts_on = std::move(starts);
        c.ends_on = std::move(ends);
        c.region_ids = std::move(regions);
        c.tags = std::move(tags);
        c.categories = {"three_in_one"};
        c.created_at = c.updated_at = 5;
        auto id = Tx([&](Connection& conn) { return CampaignRepository(conn).Insert(c); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : 0;
    }

    RegionPath PathOf(int64_t enterprise) {
        RegionPath p;
        p.town_id = store_->QueryInt("SELECT town_id FROM enterprises WHERE id = ?", {enterprise});
        p.village_id = store_->QueryInt("SELECT village_id FROM enterprises WHERE id = ?", {enterprise});
        p.grid_id = store_->QueryInt("SELECT grid_id FROM enterprises WHERE id = ?", {enterprise});
        return p;
    }

    // As InspectionService writes one, so the campaign's inspected counter moves as in production.
    void Inspect(int64_t enterprise, std::optional<int64_t> campaign) {
        InspectionRecord r;
        r.path = PathOf(enterprise);
        r.enterprise_id = enterprise;
        r.checklist_id = "fire";
        r.kind = campaign ? "campaign" : "routine";
        r.at = r.created_at = 1;
        r.campaign_id = campaign;
        auto id = Tx([&](Connection& conn) -> Result<int64_t> {
            SG_ASSIGN_OR_RETURN(int64_t made, InspectionRepository(conn).Insert(r));
            if (campaign) SG_TRY(CountCampaignInspection(conn, *campaign, enterprise, r.path));
            return made;
        });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
    }

    int64_t AddHazard(int64_t enterprise, int64_t campaign, HazardStatus status) {
        HazardRecord h;
        h.path = PathOf(enterprise);
        h.enterprise_id = enterprise;
        h.source = "inspection";
        h.title = "t";
        h.status = status;
        h.found_at = h.created_at = h.updated_at = 1;
        if (status == HazardStatus::kClosed) h.closed_at = 1;
        h.campaign_id = campaign;
        auto id = Tx([&](Connection& conn) { return HazardRepository(conn).Insert(h); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : 0;
    }

    std::vector<CampaignTarget> Targets(const std::string& date, std::vector<int64_t> grids) {
        auto t = Tx([&](Connection& conn) { return OpenCampaignTargets(conn, date, grids); });
        EXPECT_TRUE(t) << (t ? "" : t.error().internal);
        return t ? *t : std::vector<CampaignTarget>{};
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village1_ = 0, grid1a_ = 0, grid1b_ = 0, village2_ = 0, grid2a_ = 0;
    int64_t e1a_ = 0, e1a_tagged_ = 0, e1b_ = 0, e2a_ = 0;
};

TEST_P(CampaignRepositoryTest, RoundTripsTheCampaignAndItsNormalisedScope) {
    const int64_t id = Add({village2_, village1_}, {"three_in_one"});
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM campaign_regions WHERE campaign_id = ?", {id}), 2);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM campaign_tags WHERE campaign_id = ?", {id}), 1);
    // The scope rows carry the campaign's town (0031): the shard key they are read by.
    EXPECT_EQ(
        store_->QueryInt("SELECT COUNT(*) FROM campaign_regions WHERE campaign_id = ? AND town_id = ?", {id, town_}),
        2);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM campaign_categories WHERE town_id <> ?", {town_}), 0);
    auto c = Tx([&](Connection& conn) { return CampaignRepository(conn).FindById(id); });
    ASSERT_TRUE(c && *c);
    EXPECT_EQ((*c)->region_ids, (std::vector<int64_t>{village1_, village2_}));
    // Read with its own town it is found; with another town it is not (outside scope = not found).
    auto own = Tx([&](Connection& conn) { return CampaignRepository(conn).FindById(id, TownLimit::Town(town_)); });
    ASSERT_TRUE(own && *own);
    EXPECT_EQ((*own)->tags, std::vector<std::string>{"three_in_one"});
    auto other =
        Tx([&](Connection& conn) { return CampaignRepository(conn).FindById(id, TownLimit::Town(town_ + 999)); });
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
    EXPECT_EQ((*c)->tags, std::vector<std::string>{"three_in_one"});
    EXPECT_EQ((*c)->categories, std::vector<std::string>{"three_in_one"});
    EXPECT_EQ((*c)->starts_on, "2026-12-01");

    CampaignRecord edit = **c;
    edit.region_ids = {grid1b_};
    edit.tags.clear();
    EXPECT_EQ(Tx([&](Connection& conn) { return CampaignRepository(conn).Update(edit, 1); }), true);
    EXPECT_EQ(Tx([&](Connection& conn) { return CampaignRepository(conn).Update(edit, 1); }), false);  // stale
    auto again = Tx([&](Connection& conn) { return CampaignRepository(conn).FindById(id); });
    EXPECT_EQ((*again)->region_ids, std::vector<int64_t>{grid1b_});
    EXPECT_TRUE((*again)->tags.empty());
    EXPECT_EQ((*again)->version, 2);
}

TEST_P(CampaignRepositoryTest, ScopeIsTheRegionsSubtreesWithEveryListedTag) {
    const int64_t tagged = Add({village1_}, {"three_in_one", "dust"});
    const int64_t all_of_town = Add({town_}, {});
    auto covers = [&](int64_t c, int64_t e) {
        auto r = Tx([&](Connection& conn) { return CampaignRepository(conn).Covers(c, e); });
        EXPECT_TRUE(r);
        return r && *r;
    };
    EXPECT_TRUE(covers(tagged, e1a_tagged_));
    EXPECT_FALSE(covers(tagged, e1a_));  // lacks the tags
    EXPECT_FALSE(covers(tagged, e2a_));  // another village
    EXPECT_TRUE(covers(all_of_town, e2a_));
    EXPECT_TRUE(covers(all_of_town, e1b_));
    const int64_t only_dust_and_key = Add({village1_}, {"dust", "key_unit"});
    EXPECT_FALSE(covers(only_dust_and_key, e1a_tagged_));  // every tag, not any
}

TEST_P(CampaignRepositoryTest, OpenCampaignTargetsAreTheUninspectedEnterprisesOfOpenCampaignsInTheGrids) {
    const int64_t village_drive = Add({village1_}, {});
    const int64_t tagged = Add({grid1a_}, {"three_in_one"});
    const int64_t finished = Add({town_}, {}, "2026-09-01", "2026-09-30");
    (void)finished;
    Inspect(e1b_, village_drive);  // done for this campaign
    Inspect(e1a_, std::nullopt);   // a routine inspection does not count

    EXPECT_EQ(
        Targets("2026-12-06", {grid1a_, grid1b_}),
        (std::vector<CampaignTarget>{{e1a_, village_drive}, {e1a_tagged_, village_drive}, {e1a_tagged_, tagged}}));
    EXPECT_EQ(Targets("2026-12-06", {grid2a_}), std::vector<CampaignTarget>{});
    // Both ends of the period are inside it; the day after is not.
    EXPECT_EQ(Targets("2026-12-31", {grid1b_}), std::vector<CampaignTarget>{});
    EXPECT_EQ(Targets("2026-12-01", {grid1a_}).size(), 3u);
    EXPECT_EQ(Targets("2027-01-01", {grid1a_}).size(), 0u);
    EXPECT_EQ(Targets("2026-09-15", {grid2a_}), (std::vector<CampaignTarget>{{e2a_, finished}}));
    // A town listed with one of its villages still gives one target per (enterprise, campaign).
    const int64_t overlapping = Add({town_, village2_}, {}, "2026-10-01", "2026-10-31");
    EXPECT_EQ(Targets("2026-10-10", {grid2a_}), (std::vector<CampaignTarget>{{e2a_, overlapping}}));
    EXPECT_TRUE(Targets("2026-12-06", {}).empty());
}

TEST_P(CampaignRepositoryTest, ListShowsCampaignsWhoseRegionsMeetTheCallersSubtree) {
    const int64_t v1 = Add({village1_}, {});
    const int64_t g2 = Add({grid2a_}, {}, "2026-09-01", "2026-09-30");
    const int64_t town_wide = Add({town_}, {});
    auto list = [&](CampaignQuery q) {
        auto page = Tx([&](Connection& conn) { return CampaignRepository(conn).List(q); });
        EXPECT_TRUE(page) << (page ? "" : page.error().internal);
        std::vector<int64_t> ids;
        if (page)
            for (const auto& c : page->first) ids.push_back(c.id);
        return ids;
    };
    EXPECT_EQ(list({}), (std::vector<int64_t>{town_wide, g2, v1}));
    // A village officer of 村2: its grid's campaign and the town-wide one, not 村1's.
    CampaignQuery village2;
    village2.subtree = {PathFilter::Column::kVillage, village2_};
    village2.ancestors = {town_, village2_};
    EXPECT_EQ(list(village2), (std::vector<int64_t>{town_wide, g2}));
    village2.open_on = "2026-12-06";
    EXPECT_EQ(list(village2), (std::vector<int64_t>{town_wide}));
    CampaignQuery grid1a;
    grid1a.subtree = {PathFilter::Column::kGrid, grid1a_};
    grid1a.ancestors = {town_, village1_, grid1a_};
    EXPECT_EQ(list(grid1a), (std::vector<int64_t>{town_wide, v1}));
}

TEST_P(CampaignRepositoryTest, ProgressCountsEnterprisesInspectionsAndHazardsByPlace) {
    const int64_t c = Add({village1_, village2_}, {});
    Inspect(e1a_, c);
    Inspect(e1a_, c);  // twice: still one enterprise inspected
    AddHazard(e1a_, c, HazardStatus::kClosed);
    AddHazard(e1a_, c, HazardStatus::kRectifying);
    auto rows = Tx([&](Connection& conn) {
        return CampaignRepository(conn).Progress(c, PathFilter::Column::kVillage, {PathFilter::Any()});
    });
    ASSERT_TRUE(rows) << rows.error().internal;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].region_id, village1_);
    EXPECT_EQ((*rows)[0].in_scope, 3);
    EXPECT_EQ((*rows)[0].inspected, 1);
    EXPECT_EQ((*rows)[0].hazards, 2);
    EXPECT_EQ((*rows)[0].closed, 1);
    EXPECT_EQ((*rows)[1].region_id, village2_);
    EXPECT_EQ((*rows)[1].in_scope, 1);
    EXPECT_EQ((*rows)[1].inspected, 0);
    auto grid_rows = Tx([&](Connection& conn) {
        return CampaignRepository(conn).Progress(c, PathFilter::Column::kGrid,
                                                 {{PathFilter::Column::kVillage, village1_}});
    });
    ASSERT_TRUE(grid_rows);
    ASSERT_EQ(grid_rows->size(), 2u);  // 网格 1a and 1b
    EXPECT_EQ((*grid_rows)[0].region_id, grid1a_);
    EXPECT_EQ((*grid_rows)[0].in_scope, 2);
    EXPECT_EQ((*grid_rows)[0].hazards, 2);
}

TEST_P(CampaignRepositoryTest, ARecheckRoundsScopeIsFrozenToTheParentsEnterprisesWithHazards) {
    const int64_t parent = Add({village1_, village2_}, {});
    AddHazard(e1a_, parent, HazardStatus::kClosed);
    AddHazard(e1a_, parent, HazardStatus::kRectifying);
    CampaignRecord round;
    round.town_id = town_;
    round.name = "回头看";
    round.starts_on = "2026-12-01";
    round.ends_on = "2026-12-31";
    round.parent_id = parent;
    round.region_ids = {village1_, village2_};
    auto id = Tx([&](Connection& conn) -> Result<int64_t> {
        CampaignRepository repo(conn);
        SG_ASSIGN_OR_RETURN(int64_t made, repo.Insert(round));
        SG_TRY(repo.FreezeRecheckScope(made, parent));
        return made;
    });
    ASSERT_TRUE(id) << id.error().internal;
    AddHazard(e2a_, parent, HazardStatus::kRectifying);  // after the round began: not in its scope
    auto covers = [&](int64_t e) {
        auto r = Tx([&](Connection& conn) { return CampaignRepository(conn).Covers(*id, e); });
        return r && *r;
    };
    EXPECT_TRUE(covers(e1a_));
    EXPECT_FALSE(covers(e2a_));
    EXPECT_TRUE(Tx([&](Connection& conn) { return CampaignRepository(conn).Covers(parent, e2a_); }).value_or(false));
    auto pending = Tx(
        [&](Connection& conn) { return CampaignRepository(conn).Enterprises(*id, false, {PathFilter::Any()}, 0, 10); });
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->second, 1);
    // The plan offers the round's one enterprise only (the parent, open the same days, both of grid 1a).
    std::vector<CampaignTarget> want = {{e1a_, parent}, {e1a_, *id}, {e1a_tagged_, parent}};
    EXPECT_EQ(Targets("2026-12-05", {grid1a_}), want);
    // The counters: two hazards of the parent, one closed; the rounds' rows untouched.
    EXPECT_EQ(store_->QueryInt("SELECT SUM(hazards) FROM campaign_counts WHERE campaign_id = ?", {parent}), 3);
    EXPECT_EQ(store_->QueryInt("SELECT SUM(closed) FROM campaign_counts WHERE campaign_id = ?", {parent}), 1);
    EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM campaign_counts WHERE campaign_id = ?", {*id}), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, CampaignRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
