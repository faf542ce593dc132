// Re-check rounds (回头看), the stored progress counters, the not-yet-inspected list and the export
// (CampaignService::Recheck / Enterprises / ExportXlsx, campaign_counts), on both stores.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "core/campaign/recurrence.hpp"
#include "services/campaign_service.hpp"
#include "services/inspection_world.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

// The fake clock reads 2026-11-29 in China.
class CampaignRoundsTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        campaigns_ = std::make_unique<CampaignService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit);
    }

    int64_t Make(std::vector<int64_t> regions) {
        CampaignInput in;
        in.name = "冬季消防安全专项检查";
        in.starts_on = "2026-11-01";
        in.ends_on = "2026-12-31";
        in.region_ids = std::move(regions);
        auto c = campaigns_->Create(&w_->r->town_officer, in);
        EXPECT_TRUE(c) << (c ? "" : c.error().id);
        return c ? c->campaign.id : 0;
    }

    RecheckInput Period(std::string starts = "2026-11-29", std::string ends = "2026-12-31") {
        return {std::nullopt, std::move(starts), std::move(ends)};
    }

    // An inspection for `campaign` by the town officer (ent1a: the hazards that grid 1a's inspector submits): FS-EVA-03
    // and FS-ELE-01 pass or fail.
    Result<InspectionDetail> Inspect(int64_t enterprise, int64_t campaign, bool evac_fails, bool elec_fails = false) {
        NewInspection in;
        in.enterprise_id = enterprise;
        in.checklist_id = "fire-small-workshop";
        in.kind = "campaign";
        in.campaign_id = campaign;
        in.items = {{"FS-EVA-03", evac_fails ? "fail" : "pass", "", {}, std::nullopt},
                    {"FS-ELE-01", elec_fails ? "fail" : "pass", "", {}, std::nullopt}};
        return w_->inspections->Create(w_->r->town_officer, in);
    }

    Status Close(int64_t hazard) {
        ActionInput submit;
        submit.action = "submit";
        submit.comment = "已整改";
        SG_TRY(w_->hazards->Act(w_->r->inspector, hazard, submit, {}, std::nullopt));  // grid 1a's inspector
        ActionInput approve;
        approve.action = "approve";
        SG_TRY(w_->hazards->Act(w_->r->town_officer, hazard, approve, {}, std::nullopt));
        return {};
    }

    storage::Rows Query(const std::string& sql) {
        auto rows = w_->r->store->db().Read([&](storage::Connection& conn) { return conn.Query(sql); });
        EXPECT_TRUE(rows) << sql << ": " << (rows ? "" : rows.error().internal);
        return rows ? *rows : storage::Rows{};
    }

    // (campaign, village|0, grid|0) → (inspected, hazards, closed, recurred), zero rows left out.
    using Counts = std::map<std::tuple<int64_t, int64_t, int64_t>, std::array<int64_t, 4>>;
    Counts Stored() {
        Counts out;
        for (const auto& row : Query("SELECT campaign_id, village_id, grid_id, inspected, hazards, closed, recurred "
                                     "FROM campaign_counts")
                                   .rows) {
            const std::array<int64_t, 4> v = {row.Int(3), row.Int(4), row.Int(5), row.Int(6)};
            if (v != std::array<int64_t, 4>{}) out[{row.Int(0), row.Int(1), row.Int(2)}] = v;
        }
        return out;
    }
    // The same figures recounted from the rows: an enterprise counts as inspected at the place of its
    // first inspection for the campaign; recurred from the core rule, not from the stored column.
    Counts Recount() {
        Counts out;
        for (const auto& row :
             Query("SELECT i.campaign_id, COALESCE(i.village_id, 0), COALESCE(i.grid_id, 0), COUNT(*) FROM "
                   "inspections i WHERE i.campaign_id IS NOT NULL AND i.id = (SELECT MIN(j.id) FROM inspections j "
                   "WHERE j.campaign_id = i.campaign_id AND j.enterprise_id = i.enterprise_id) GROUP BY "
                   "i.campaign_id, COALESCE(i.village_id, 0), COALESCE(i.grid_id, 0)")
                 .rows) {
            out[{row.Int(0), row.Int(1), row.Int(2)}][0] = row.Int(3);
        }
        const auto hazards = Query(
            "SELECT h.id, h.campaign_id, COALESCE(h.village_id, 0), COALESCE(h.grid_id, 0), h.status, "
            "h.enterprise_id, h.checklist_item, h.found_at, h.closed_at, c.parent_id FROM hazards h JOIN campaigns c "
            "ON c.id = h.campaign_id ORDER BY h.id");
        for (const auto& row : hazards.rows) {
            auto& v = out[{row.Int(1), row.Int(2), row.Int(3)}];
            v[1]++;
            if (row.Text(4) == "closed") v[2]++;
            if (row.IsNull(9)) continue;
            std::vector<campaign::ParentHazard> parent;
            for (const auto& p : hazards.rows) {
                if (p.Int(1) == row.Int(9) && p.Int(5) == row.Int(5)) {
                    parent.push_back({p.Int(0), p.OptText(6).value_or(""), p.Text(4) == "closed", p.OptInt(8)});
                }
            }
            if (campaign::FindRecurrence(parent, row.OptText(6).value_or(""), row.Int(7))) v[3]++;
        }
        return out;
    }

    std::unique_ptr<InspectionWorld> w_;
    std::unique_ptr<CampaignService> campaigns_;
};

TEST_P(CampaignRoundsTest, ARecheckTargetsTheParentsEnterprisesThatHadHazardsAndKeepsThatScope) {
    auto& r = *w_->r;
    const int64_t parent = Make({r.village1, r.village2});
    ASSERT_TRUE(Inspect(r.ent1a, parent, true));
    ASSERT_TRUE(Inspect(r.ent1b, parent, false));  // inspected, nothing found
    auto round = campaigns_->Recheck(&r.town_officer, parent, Period());
    ASSERT_TRUE(round) << round.error().id;
    EXPECT_EQ(round->campaign.parent_id, parent);
    EXPECT_EQ(round->campaign.name, "冬季消防安全专项检查（回头看）");
    EXPECT_EQ(round->progress->in_scope, 1);
    EXPECT_EQ(r.AuditCount("campaign"), 2);
    // Later hazards of the parent do not move the round's scope; only ent1a may be inspected for it.
    ASSERT_TRUE(Inspect(r.ent1b, parent, true));
    auto again = campaigns_->Get(r.town_officer, round->campaign.id);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->progress->in_scope, 1);
    auto outside = Inspect(r.ent1b, round->campaign.id, true);
    ASSERT_FALSE(outside);
    EXPECT_TRUE(outside.error().fields.contains("campaign_id"));
    EXPECT_TRUE(Inspect(r.ent1a, round->campaign.id, false));
    // The parent lists its round.
    auto with_rounds = campaigns_->Get(r.town_officer, parent);
    ASSERT_TRUE(with_rounds);
    ASSERT_EQ(with_rounds->rounds.size(), 1u);
    EXPECT_EQ(with_rounds->rounds[0].progress->inspected, 1);
}

TEST_P(CampaignRoundsTest, AHazardOnTheSameItemAsAClosedParentHazardRecurs) {
    auto& r = *w_->r;
    const int64_t parent = Make({r.village1});
    auto first = Inspect(r.ent1a, parent, true);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->hazard_ids.size(), 1u);
    ASSERT_TRUE(Close(first->hazard_ids[0]));
    auto round = campaigns_->Recheck(&r.town_officer, parent, Period());
    ASSERT_TRUE(round);
    w_->r->clock.Advance(600);
    auto back = Inspect(r.ent1a, round->campaign.id, true, true);  // the exit again, and the wiring (new)
    ASSERT_TRUE(back) << back.error().id;
    ASSERT_EQ(back->hazard_ids.size(), 2u);
    auto view = campaigns_->Get(r.town_officer, round->campaign.id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->progress->hazards, 2);
    EXPECT_EQ(view->progress->recurred, 1);
    EXPECT_EQ(view->progress->inspected, 1);
    ASSERT_EQ(view->by_region.size(), 1u);
    EXPECT_EQ(view->by_region[0].counts.recurred, 1);
    auto parent_view = campaigns_->Get(r.town_officer, parent);
    ASSERT_TRUE(parent_view);
    EXPECT_EQ(parent_view->progress->closed, 1);
    EXPECT_EQ(parent_view->progress->recurred, 0);
    EXPECT_EQ(Stored(), Recount());
}

TEST_P(CampaignRoundsTest, AnOpenParentHazardDoesNotRecur) {
    auto& r = *w_->r;
    const int64_t parent = Make({r.village1});
    ASSERT_TRUE(Inspect(r.ent1a, parent, true));
    auto round = campaigns_->Recheck(&r.town_officer, parent, Period());
    ASSERT_TRUE(round);
    ASSERT_TRUE(Inspect(r.ent1a, round->campaign.id, true));
    auto view = campaigns_->Get(r.town_officer, round->campaign.id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->progress->hazards, 1);
    EXPECT_EQ(view->progress->recurred, 0);
}

TEST_P(CampaignRoundsTest, BadRecheckInputNamesTheFieldAndWritesNothing) {
    auto& r = *w_->r;
    const int64_t parent = Make({r.village1});
    const int64_t before = w_->Count("SELECT COUNT(*) FROM campaigns");
    auto backwards = campaigns_->Recheck(&r.town_officer, parent, Period("2026-12-10", "2026-12-01"));
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().code, Code::kValidation);
    EXPECT_TRUE(backwards.error().fields.contains("ends_on"));
    auto no_start = campaigns_->Recheck(&r.town_officer, parent, {std::nullopt, std::nullopt, "2026-12-01"});
    ASSERT_FALSE(no_start);
    EXPECT_TRUE(no_start.error().fields.contains("starts_on"));
    for (const Principal* p : {&r.village_officer, &r.inspector, &r.enterprise_user}) {
        auto refused = campaigns_->Recheck(p, parent, Period());
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, Code::kForbidden) << p->username;
    }
    for (const auto& [who, id] :
         {std::pair{&r.other_town_officer, parent}, std::pair{&r.town_officer, int64_t{99999}}}) {
        auto missing = campaigns_->Recheck(who, id, Period());
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, Code::kNotFound);
    }
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM campaigns"), before);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM campaign_enterprises"), 0);
}

TEST_P(CampaignRoundsTest, TheNotYetInspectedListFollowsTheCallersScope) {
    auto& r = *w_->r;
    const int64_t id = Make({r.village1, r.village2});
    ASSERT_TRUE(Inspect(r.ent1a, id, false));
    auto ids = [&](const Principal& p, bool inspected) {
        std::vector<int64_t> out;
        auto page = campaigns_->Enterprises(p, id, inspected, 0, 50);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        if (page)
            for (const auto& e : page->first) out.push_back(e.id);
        return out;
    };
    EXPECT_EQ(ids(r.town_officer, false), (std::vector<int64_t>{r.ent1b, r.ent2a}));
    EXPECT_EQ(ids(r.town_officer, true), std::vector<int64_t>{r.ent1a});
    EXPECT_EQ(ids(r.village_officer, false), std::vector<int64_t>{r.ent1b});
    EXPECT_TRUE(ids(r.inspector, false).empty());  // grid 1a: only 宏达, inspected
    auto page = campaigns_->Enterprises(r.town_officer, id, false, 1, 1);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->second, 2);
    ASSERT_EQ(page->first.size(), 1u);
    EXPECT_EQ(page->first[0].id, r.ent2a);
    auto hidden = campaigns_->Enterprises(r.other_town_officer, id, false, 0, 50);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
    EXPECT_FALSE(campaigns_->Enterprises(r.enterprise_user, id, false, 0, 50));
}

TEST_P(CampaignRoundsTest, TheExportIsAWorkbook) {
    auto& r = *w_->r;
    const int64_t id = Make({r.village1});
    ASSERT_TRUE(Inspect(r.ent1a, id, true));
    auto bytes = campaigns_->ExportXlsx(r.town_officer, id);
    ASSERT_TRUE(bytes) << bytes.error().internal;
    ASSERT_GT(bytes->size(), 1000u);
    EXPECT_EQ(bytes->substr(0, 2), "PK");  // a zip container
    auto hidden = campaigns_->ExportXlsx(r.other_town_officer, id);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
}

TEST_P(CampaignRoundsTest, CountersEqualARecountAfterRandomInspectionsAndTransitions) {
    auto& r = *w_->r;
    std::mt19937 rng(GetParam() == test::Backend::kSqlite ? 7 : 11);
    const int64_t parent = Make({r.village1, r.village2});
    std::vector<int64_t> campaign_ids = {parent};
    const std::vector<int64_t> enterprises = {r.ent1a, r.ent1b, r.ent2a};
    const std::vector<const char*> actions = {"submit", "approve", "return", "submit", "approve"};
    std::vector<int64_t> hazards;
    for (int step = 0; step < 120; ++step) {
        w_->r->clock.Advance(60);
        if (step == 60) {
            auto round = campaigns_->Recheck(&r.town_officer, parent, Period());
            ASSERT_TRUE(round);
            campaign_ids.push_back(round->campaign.id);
        }
        if (rng() % 2 == 0 || hazards.empty()) {
            const int64_t campaign = campaign_ids[rng() % campaign_ids.size()];
            auto d = Inspect(enterprises[rng() % enterprises.size()], campaign, rng() % 2 == 0, rng() % 3 == 0);
            if (d) hazards.insert(hazards.end(), d->hazard_ids.begin(), d->hazard_ids.end());
        } else {
            // Usually an action the actor may take now (so hazards do get closed), sometimes any.
            const std::vector<const Principal*> actors = {&r.inspector, &r.enterprise_user, &r.town_officer,
                                                          &r.village_officer};
            const Principal& who = *actors[rng() % actors.size()];
            const int64_t hazard = hazards[rng() % hazards.size()];
            ActionInput in;
            in.action = actions[rng() % actions.size()];
            if (rng() % 5 != 0) {
                auto seen = w_->hazards->Get(who, hazard);
                if (seen && !seen->allowed_actions.empty()) {
                    in.action = HazardActionName(seen->allowed_actions[rng() % seen->allowed_actions.size()]);
                }
            }
            in.comment = "说明";
            in.due_at = w_->r->clock.Now() + 86400 * 3;
            (void)w_->hazards->Act(who, hazard, in, {}, std::nullopt);
        }
    }
    EXPECT_GT(w_->Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed'"), 0);
    EXPECT_EQ(Stored(), Recount());
    // The progress figures are those counters, summed.
    auto view = campaigns_->Get(r.town_officer, parent);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->progress->hazards, w_->Count("SELECT COUNT(*) FROM hazards WHERE campaign_id = ?", {parent}));
}

INSTANTIATE_TEST_SUITE_P(Stores, CampaignRoundsTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
