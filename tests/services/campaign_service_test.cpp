#include "services/campaign_service.hpp"

#include <gtest/gtest.h>

#include "services/inspection_world.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

// The fake clock reads 2026-11-29 in China.
class CampaignServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        campaigns_ = std::make_unique<CampaignService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit);
    }

    CampaignInput Input(std::vector<int64_t> regions, std::vector<std::string> tags = {},
                        std::string starts = "2026-11-01", std::string ends = "2026-11-30") {
        CampaignInput in;
        in.name = "三合一场所专项整治";
        in.starts_on = std::move(starts);
        in.ends_on = std::move(ends);
        in.region_ids = std::move(regions);
        in.tags = std::move(tags);
        in.categories = std::vector<std::string>{"three_in_one", "evacuation"};
        return in;
    }

    int64_t Make(CampaignInput in) {
        auto c = campaigns_->Create(&w_->r->town_officer, in);
        EXPECT_TRUE(c) << (c ? "" : c.error().id + " " + c.error().internal);
        return c ? c->campaign.id : 0;
    }

    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }

    NewInspection Campaign(int64_t enterprise, std::optional<int64_t> campaign, std::string kind = "campaign") {
        NewInspection in;
        in.enterprise_id = enterprise;
        in.checklist_id = "fire-small-workshop";
        in.kind = std::move(kind);
        in.campaign_id = campaign;
        in.items = {{"FS-EVA-03", "fail", "", {}, std::nullopt}, {"FS-ELE-01", "pass", "", {}, std::nullopt}};
        return in;
    }

    storage::HazardRecord Hazard(int64_t id) {
        auto h =
            w_->r->store->db().Read([&](storage::Connection& c) { return storage::HazardRepository(c).FindById(id); });
        return h && *h ? **h : storage::HazardRecord{};
    }

    std::unique_ptr<InspectionWorld> w_;
    std::unique_ptr<CampaignService> campaigns_;
};

TEST_P(CampaignServiceTest, TheTownCreatesACampaignStoredWithItsScopeAndAudited) {
    auto c = campaigns_->Create(&w_->r->town_officer, Input({w_->r->village1}, {"three_in_one"}));
    ASSERT_TRUE(c) << c.error().id;
    EXPECT_EQ(c->campaign.town_id, w_->r->town);
    EXPECT_EQ(c->campaign.region_ids, std::vector<int64_t>{w_->r->village1});
    EXPECT_EQ(c->campaign.categories, (std::vector<std::string>{"evacuation", "three_in_one"}));
    ASSERT_TRUE(c->progress);
    EXPECT_EQ(c->progress->in_scope, 1);  // only 宏达 of 高家村 is three_in_one
    EXPECT_EQ(w_->r->AuditCount("campaign"), 1);
}

TEST_P(CampaignServiceTest, OnlyTheTownAndTheAdminCreateOrEdit) {
    for (const Principal* p : {&w_->r->village_officer, &w_->r->inspector, &w_->r->enterprise_user}) {
        auto c = campaigns_->Create(p, Input({w_->r->village1}));
        ASSERT_FALSE(c);
        EXPECT_EQ(c.error().code, Code::kForbidden) << p->username;
    }
    const int64_t id = Make(Input({w_->r->village1}));
    CampaignInput rename;
    rename.name = "新名";
    auto u = campaigns_->Update(w_->r->village_officer, id, 1, rename);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, Code::kForbidden);
    EXPECT_FALSE(campaigns_->List(w_->r->enterprise_user, {}));
}

TEST_P(CampaignServiceTest, BadInputNamesTheField) {
    auto expect_field = [&](CampaignInput in, const std::string& field) {
        auto c = campaigns_->Create(&w_->r->town_officer, in);
        ASSERT_FALSE(c) << field;
        EXPECT_EQ(c.error().code, Code::kValidation) << field;
        EXPECT_TRUE(c.error().fields.contains(field)) << field << " got " << FirstField(c.error());
    };
    expect_field(Input({w_->r->village1}, {}, "2026-11-10", "2026-11-09"), "ends_on");
    expect_field(Input({w_->r->village1}, {}, "2026-13-01"), "starts_on");
    expect_field(Input({w_->r->village1}, {"no_such_tag"}), "scope.tags");
    expect_field(Input({w_->r->other_village}), "scope.region_ids");  // another town: out of scope
    expect_field(Input({}), "scope.region_ids");
    CampaignInput bad_category = Input({w_->r->village1});
    bad_category.categories = std::vector<std::string>{"knitting"};
    expect_field(bad_category, "categories");
    CampaignInput no_name = Input({w_->r->village1});
    no_name.name = " ";
    expect_field(no_name, "name");
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM campaigns"), 0);
}

TEST_P(CampaignServiceTest, ListAndReadFollowTheCallersSubtree) {
    const int64_t village1 = Make(Input({w_->r->village1}));
    const int64_t village2 = Make(Input({w_->r->village2}, {}, "2026-10-01", "2026-10-31"));
    auto ids = [&](const Principal& p, CampaignListQuery q = {}) {
        std::vector<int64_t> out;
        auto page = campaigns_->List(p, q);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        if (page)
            for (const auto& c : page->first) out.push_back(c.id);
        return out;
    };
    EXPECT_EQ(ids(w_->r->town_officer), (std::vector<int64_t>{village2, village1}));
    EXPECT_EQ(ids(w_->r->inspector), std::vector<int64_t>{village1});  // grid 1a lies in 高家村
    EXPECT_TRUE(ids(w_->r->other_town_officer).empty());
    EXPECT_EQ(ids(w_->r->town_officer, {.open_on = "2026-11-29"}), std::vector<int64_t>{village1});
    EXPECT_EQ(ids(w_->r->town_officer, {.enterprise_id = w_->r->ent2a}), std::vector<int64_t>{village2});
    auto bad = campaigns_->List(w_->r->town_officer, {.open_on = "today"});
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().fields.contains("open_on"));

    auto hidden = campaigns_->Get(w_->r->inspector, village2);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
    EXPECT_TRUE(campaigns_->Get(w_->r->inspector, village1));
}

TEST_P(CampaignServiceTest, EditNeedsTheCurrentVersion) {
    const int64_t id = Make(Input({w_->r->village1}));
    CampaignInput patch;
    patch.ends_on = "2026-12-31";
    patch.region_ids = std::vector<int64_t>{w_->r->village1, w_->r->village2};
    auto missing = campaigns_->Update(w_->r->town_officer, id, std::nullopt, patch);
    ASSERT_FALSE(missing);
    auto u = campaigns_->Update(w_->r->town_officer, id, 1, patch);
    ASSERT_TRUE(u) << u.error().id;
    EXPECT_EQ(u->campaign.version, 2);
    EXPECT_EQ(u->campaign.ends_on, "2026-12-31");
    EXPECT_EQ(u->progress->in_scope, 3);
    auto stale = campaigns_->Update(w_->r->town_officer, id, 1, patch);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, Code::kConflict);
    CampaignInput backwards;
    backwards.starts_on = "2027-01-01";
    auto bad = campaigns_->Update(w_->r->town_officer, id, 2, backwards);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().fields.contains("ends_on"));
}

TEST_P(CampaignServiceTest, ACampaignInspectionCarriesItsIdToTheHazardsAndTheProgress) {
    const int64_t id = Make(Input({w_->r->village1}));
    auto d = w_->inspections->Create(w_->r->inspector, Campaign(w_->r->ent1a, id));
    ASSERT_TRUE(d) << d.error().id << " " << FirstField(d.error());
    EXPECT_EQ(d->inspection.campaign_id, id);
    ASSERT_EQ(d->hazard_ids.size(), 1u);
    EXPECT_EQ(Hazard(d->hazard_ids[0]).campaign_id, id);

    auto town_view = campaigns_->Get(w_->r->town_officer, id);
    ASSERT_TRUE(town_view);
    EXPECT_EQ(town_view->progress->in_scope, 2);
    EXPECT_EQ(town_view->progress->inspected, 1);
    EXPECT_EQ(town_view->progress->hazards, 1);
    EXPECT_EQ(town_view->progress->closed, 0);
    EXPECT_DOUBLE_EQ(town_view->progress->Coverage(), 0.5);
    ASSERT_EQ(town_view->by_region.size(), 1u);
    EXPECT_EQ(town_view->by_region[0].region_id, w_->r->village1);
    EXPECT_EQ(town_view->by_region[0].region_name, "高家村");
    // The inspector of grid 1a sees its own grid only.
    auto grid_view = campaigns_->Get(w_->r->inspector, id);
    ASSERT_TRUE(grid_view);
    EXPECT_EQ(grid_view->progress->in_scope, 1);
    ASSERT_EQ(grid_view->by_region.size(), 1u);
    EXPECT_EQ(grid_view->by_region[0].region_id, w_->r->grid1a);
    EXPECT_EQ(grid_view->by_region[0].region_kind, RegionKind::kGrid);
}

TEST_P(CampaignServiceTest, CampaignIdIsRequiredForACampaignAndRefusedForTheOtherKinds) {
    const int64_t id = Make(Input({w_->r->village1}));
    auto missing = w_->inspections->Create(w_->r->inspector, Campaign(w_->r->ent1a, std::nullopt));
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().fields.contains("campaign_id"));
    for (const char* kind : {"routine", "joint"}) {
        auto refused = w_->inspections->Create(w_->r->inspector, Campaign(w_->r->ent1a, id, kind));
        ASSERT_FALSE(refused) << kind;
        EXPECT_TRUE(refused.error().fields.contains("campaign_id")) << kind;
    }
    auto self = w_->inspections->Create(w_->r->enterprise_user, Campaign(w_->r->ent1a, id, "self_check"));
    ASSERT_FALSE(self);
    EXPECT_TRUE(self.error().fields.contains("campaign_id"));
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspections"), 0);
}

TEST_P(CampaignServiceTest, TheEnterpriseMustBeInScopeAndTodayInThePeriod) {
    const int64_t tagged = Make(Input({w_->r->village1}, {"three_in_one"}));
    const int64_t finished = Make(Input({w_->r->village1}, {}, "2026-10-01", "2026-10-31"));
    const int64_t later = Make(Input({w_->r->village1}, {}, "2026-11-30", "2026-12-31"));
    // 锦绣 (grid 1b) is not three_in_one.
    for (int64_t id : {tagged, finished, later, int64_t{999999}}) {
        auto d = w_->inspections->Create(w_->r->village_officer, Campaign(w_->r->ent1b, id));
        ASSERT_FALSE(d) << id;
        EXPECT_EQ(d.error().code, Code::kValidation);
        EXPECT_TRUE(d.error().fields.contains("campaign_id")) << id;
    }
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspections"), 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_TRUE(w_->inspections->Create(w_->r->village_officer, Campaign(w_->r->ent1a, tagged)));
}

TEST_P(CampaignServiceTest, TheEnterprisesSelfCheckOpensReportedHazardsWithoutACampaign) {
    NewInspection in = Campaign(w_->r->ent1a, std::nullopt, "");
    in.enterprise_id.reset();  // its own, by default
    auto d = w_->inspections->Create(w_->r->enterprise_user, in);
    ASSERT_TRUE(d) << d.error().id;
    EXPECT_EQ(d->inspection.kind, "self_check");
    EXPECT_FALSE(d->inspection.campaign_id);
    ASSERT_EQ(d->hazard_ids.size(), 1u);
    EXPECT_EQ(Hazard(d->hazard_ids[0]).status, HazardStatus::kReported);
    EXPECT_FALSE(Hazard(d->hazard_ids[0]).campaign_id);
}

INSTANTIATE_TEST_SUITE_P(Stores, CampaignServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
