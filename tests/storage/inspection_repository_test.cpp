#include "storage/repositories/inspection_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class InspectionRepositoryTest : public ::testing::TestWithParam<test::Backend> {
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
        other_grid_ = store_->AddGrid(town_, village_);
        ent_ = store_->AddEnterprise(town_, village_, grid_, "宏达服饰");
        other_ent_ = store_->AddEnterprise(town_, village_, other_grid_, "锦绣制衣");
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& c) { return fn(InspectionRepository(c)); });
    }

    InspectionRecord Make(int64_t enterprise, int64_t grid, UnixSeconds at) {
        InspectionRecord r;
        r.path = {town_, village_, grid};
        r.enterprise_id = enterprise;
        r.checklist_id = "fire-small-workshop";
        r.checklist_version = 3;
        r.kind = "campaign";
        r.inspector_id = 7;
        r.inspector_name = "inspector1";
        r.at = r.created_at = at;
        r.passed = 2;
        r.failed = 1;
        r.note = "回头看";
        r.lat = 30.17;
        r.lng = 121.33;
        return r;
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_ = 0, other_grid_ = 0, ent_ = 0, other_ent_ = 0;
};

TEST_P(InspectionRepositoryTest, InsertsAndReadsBackAnInspectionWithItsAnswers) {
    auto id = Tx([&](InspectionRepository repo) -> Result<int64_t> {
        SG_ASSIGN_OR_RETURN(int64_t id, repo.Insert(Make(ent_, grid_, 1000)));
        SG_TRY(repo.InsertItem({id, town_, 1, "FS-ELE-01", "pass", "", {}, std::nullopt}));
        SG_TRY(repo.InsertItem({id, town_, 0, "FS-EVA-03", "fail", "堵塞", {4, 9}, 77}));
        return id;
    });
    ASSERT_TRUE(id) << id.error().internal;
    auto read = Tx([&](InspectionRepository repo) { return repo.FindById(*id); });
    ASSERT_TRUE(read && *read);
    const InspectionRecord& r = **read;
    EXPECT_EQ(r.path.grid_id, grid_);
    EXPECT_EQ(r.checklist_version, 3);
    EXPECT_EQ(r.kind, "campaign");
    EXPECT_EQ(r.inspector_id, 7);
    EXPECT_EQ(r.passed, 2);
    EXPECT_EQ(r.lat, 30.17);
    EXPECT_EQ(r.note, "回头看");
    auto items = Tx([&](InspectionRepository repo) { return repo.Items(*id); });
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 2u);
    EXPECT_EQ((*items)[0].item_id, "FS-EVA-03");  // by position
    EXPECT_EQ((*items)[0].attachments, (std::vector<int64_t>{4, 9}));
    EXPECT_EQ((*items)[0].hazard_id, 77);
    EXPECT_FALSE((*items)[1].hazard_id);
    auto hazards = Tx([&](InspectionRepository repo) { return repo.HazardIds({*id, 12345}); });
    ASSERT_TRUE(hazards);
    EXPECT_EQ(hazards->size(), 1u);
    EXPECT_EQ(hazards->at(*id), std::vector<int64_t>{77});
    auto missing = Tx([&](InspectionRepository repo) { return repo.FindById(*id + 100); });
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
}

TEST_P(InspectionRepositoryTest, ListsNewestFirstUnderPathFiltersWithTheTotal) {
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        auto id = Tx([&](InspectionRepository repo) {
            return repo.Insert(Make(i % 2 ? other_ent_ : ent_, i % 2 ? other_grid_ : grid_, 1000 + i));
        });
        ASSERT_TRUE(id);
        ids.push_back(*id);
    }
    InspectionQuery q;
    q.filters = {PathFilter{PathFilter::Column::kGrid, grid_}};
    q.limit = 2;
    auto page = Tx([&](InspectionRepository repo) { return repo.List(q); });
    ASSERT_TRUE(page);
    EXPECT_EQ(page->second, 3);
    ASSERT_EQ(page->first.size(), 2u);
    EXPECT_EQ(page->first[0].id, ids[4]);
    EXPECT_EQ(page->first[1].id, ids[2]);
    q.filters = {PathFilter::FromScope({Scope::Level::kTown, town_})};
    q.enterprise_id = other_ent_;
    q.limit = 20;
    auto theirs = Tx([&](InspectionRepository repo) { return repo.List(q); });
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->second, 2);
    q.filters = {PathFilter::Nothing()};
    auto none = Tx([&](InspectionRepository repo) { return repo.List(q); });
    ASSERT_TRUE(none);
    EXPECT_EQ(none->second, 0);
}

TEST_P(InspectionRepositoryTest, StoresTemplateVersionsOnce) {
    auto first = Tx([&](InspectionRepository repo) {
        return repo.InsertTemplate({"t", 1, "表", "{}", "2025-11-01", 5});
    });
    ASSERT_TRUE(first);
    EXPECT_TRUE(*first);
    auto repeat = Tx([&](InspectionRepository repo) {
        return repo.InsertTemplate({"t", 1, "表", "{\"x\":1}", "", 6});
    });
    ASSERT_TRUE(repeat);
    EXPECT_FALSE(*repeat);
    ASSERT_TRUE(Tx([&](InspectionRepository repo) {
        return repo.InsertTemplate({"t", 2, "表二", "{\"v\":2}", "", 7});
    }));
    ASSERT_TRUE(Tx([&](InspectionRepository repo) { return repo.InsertTemplate({"u", 1, "另一张", "{}", "", 7}); }));
    auto latest = Tx([&](InspectionRepository repo) { return repo.LatestTemplate("t"); });
    ASSERT_TRUE(latest && *latest);
    EXPECT_EQ((*latest)->version, 2);
    EXPECT_EQ((*latest)->body_json, "{\"v\":2}");
    auto v1 = Tx([&](InspectionRepository repo) { return repo.TemplateVersion("t", 1); });
    ASSERT_TRUE(v1 && *v1);
    EXPECT_EQ((*v1)->body_json, "{}");
    EXPECT_EQ((*v1)->effective_date, "2025-11-01");
    auto all = Tx([&](InspectionRepository repo) { return repo.LatestTemplates(); });
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, "t");
    EXPECT_EQ((*all)[0].version, 2);
    EXPECT_EQ((*all)[1].id, "u");
}

TEST_P(InspectionRepositoryTest, ImportLookups) {
    auto keys = Tx([&](InspectionRepository repo) {
        return repo.EnterpriseKeys({PathFilter{PathFilter::Column::kGrid, other_grid_}});
    });
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->size(), 1u);
    EXPECT_EQ((*keys)[0].id, other_ent_);
    EXPECT_EQ((*keys)[0].name, "锦绣制衣");
    EXPECT_EQ((*keys)[0].path.grid_id, other_grid_);
    ASSERT_TRUE(Tx([&](InspectionRepository repo) { return repo.InsertImportRef(town_, "H-1", 11); }));
    ASSERT_TRUE(Tx([&](InspectionRepository repo) { return repo.InsertImportRef(town_ + 1, "H-2", 12); }));
    std::vector<std::string> refs;
    for (int i = 0; i < 1200; ++i) refs.push_back("X-" + std::to_string(i));  // more than one IN chunk
    refs.push_back("H-1");
    refs.push_back("H-2");
    auto found = Tx([&](InspectionRepository repo) { return repo.ImportedRefs(town_, refs); });
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, (std::map<std::string, int64_t>{{"H-1", 11}}));
}

TEST(InspectionIds, JsonRoundTrip) {
    EXPECT_EQ(IdsToJson({}), "[]");
    EXPECT_EQ(IdsToJson({1, 22, 333}), "[1,22,333]");
    EXPECT_EQ(IdsFromJson("[1,22,333]"), (std::vector<int64_t>{1, 22, 333}));
    EXPECT_EQ(IdsFromJson(" [ 4 , x, 5 ] "), (std::vector<int64_t>{4, 5}));
    EXPECT_TRUE(IdsFromJson("").empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, InspectionRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
