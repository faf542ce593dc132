#include "services/hazard_edit_service.hpp"

#include <gtest/gtest.h>

#include "services/hazard_world.hpp"

namespace safegrid::services {
namespace {

using test::HazardWorld;

class HazardEditServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        edits_ = std::make_unique<HazardEditService>(w_->store().shared(), w_->r->clock, *w_->r->audit, *w_->hazards);
    }

    static HazardEdit Title(const std::string& title) {
        HazardEdit e;
        e.title = title;
        return e;
    }
    static void ExpectError(const Result<HazardDetail>& r, Code code, const std::string& id_or_field) {
        ASSERT_FALSE(r) << "expected " << id_or_field;
        EXPECT_EQ(r.error().code, code) << r.error().id;
        if (code == Code::kValidation) {
            EXPECT_TRUE(r.error().fields.count(id_or_field)) << id_or_field;
        } else {
            EXPECT_EQ(r.error().id, id_or_field);
        }
    }
    int64_t EditAudits() const {
        return w_->r->store->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'hazard' AND action = 'edit'");
    }

    std::unique_ptr<HazardWorld> w_;
    std::unique_ptr<HazardEditService> edits_;
};

TEST_P(HazardEditServiceTest, StaffRewordAReportWithHistoryAuditAndANewVersion) {
    auto& r = *w_->r;
    const int64_t id = w_->PublicReport(r.town);
    r.clock.Advance(300);
    HazardEdit edit;
    edit.title = "  Fire lane blocked by lorries  ";
    edit.description = "Lorries park across the fire lane behind workshop 2";
    edit.category = "fire_lane";
    auto edited = edits_->Edit(r.town_officer, id, edit, 1);
    ASSERT_TRUE(edited) << edited.error().id;
    EXPECT_EQ(edited->hazard.title, "Fire lane blocked by lorries");  // trimmed, as creation does
    EXPECT_EQ(edited->hazard.description, "Lorries park across the fire lane behind workshop 2");
    EXPECT_EQ(edited->hazard.category, "fire_lane");
    EXPECT_EQ(edited->hazard.status, HazardStatus::kReported);
    EXPECT_EQ(edited->hazard.version, 2);
    EXPECT_EQ(edited->hazard.updated_at, r.clock.Now());
    ASSERT_EQ(edited->history.size(), 2u);
    const HazardEvent& e = edited->history.back();
    EXPECT_EQ(e.action, "edit");
    EXPECT_EQ(e.from, HazardStatus::kReported);
    EXPECT_EQ(e.to, HazardStatus::kReported);
    EXPECT_EQ(e.actor_id, r.town_officer.user_id);
    EXPECT_EQ(e.comment, "修改标题、描述、类别");
    // The audit entry keeps both wordings.
    EXPECT_EQ(r.store->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'hazard' AND entity_id = ? AND "
                                "action = 'edit' AND actor_id = ? AND before_json LIKE ? AND after_json LIKE ?",
                                {id, r.town_officer.user_id, std::string("%\"category\":\"other\"%"),
                                 std::string("%\"title\":\"Fire lane blocked by lorries\"%")}),
              1);
    // What a later reader sees.
    auto read = w_->hazards->Get(r.admin, id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->hazard.title, "Fire lane blocked by lorries");
    EXPECT_EQ(read->hazard.version, 2);
}

TEST_P(HazardEditServiceTest, RectifyingHazardsMayBeEditedByTheirGridStaff) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    for (const Principal* who : {&r.inspector, &r.village_officer, &r.town_officer, &r.admin}) {
        auto edited = edits_->Edit(*who, id, Title("Exit blocked by " + who->username), std::nullopt);
        ASSERT_TRUE(edited) << who->username << " " << edited.error().id;
        EXPECT_EQ(edited->hazard.title, "Exit blocked by " + who->username);
        EXPECT_EQ(edited->hazard.status, HazardStatus::kRectifying);
    }
    EXPECT_EQ(EditAudits(), 4);
}

TEST_P(HazardEditServiceTest, OutsideScopeIs404AndTheEnterpriseIs403) {
    auto& r = *w_->r;
    const int64_t report = w_->PublicReport(r.town);  // town level: the village and grid do not see it
    for (const Principal* who : {&r.village_officer, &r.inspector, &r.other_town_officer, &r.enterprise_user}) {
        ExpectError(edits_->Edit(*who, report, Title("x"), std::nullopt), Code::kNotFound, "not_found");
    }
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    for (const Principal* who : {&r.other_inspector, &r.other_village_officer, &r.other_enterprise_user}) {
        ExpectError(edits_->Edit(*who, id, Title("x"), std::nullopt), Code::kNotFound, "not_found");
    }
    ExpectError(edits_->Edit(r.enterprise_user, id, Title("Ours now"), std::nullopt), Code::kForbidden, "forbidden");
    ExpectError(edits_->Edit(r.town_officer, 999999, Title("x"), std::nullopt), Code::kNotFound, "not_found");
    EXPECT_EQ(EditAudits(), 0);
    EXPECT_EQ(w_->hazards->Get(r.admin, id)->hazard.title, "疏散通道堵塞");
}

TEST_P(HazardEditServiceTest, StaleVersionIs409AndWritesNothing) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ASSERT_TRUE(edits_->Edit(r.inspector, id, Title("First wording"), 1));
    ExpectError(edits_->Edit(r.town_officer, id, Title("Second wording"), 1), Code::kConflict, "version_conflict");
    auto h = w_->hazards->Get(r.admin, id);
    EXPECT_EQ(h->hazard.title, "First wording");
    EXPECT_EQ(h->hazard.version, 2);
    EXPECT_EQ(EditAudits(), 1);
    EXPECT_TRUE(edits_->Edit(r.town_officer, id, Title("Second wording"), 2));
}

TEST_P(HazardEditServiceTest, OnlyReportedOrRectifyingHazardsAreEdited) {
    auto& r = *w_->r;
    const int64_t rejected = w_->PublicReport(r.town);
    ASSERT_TRUE(w_->Act(r.town_officer, rejected, "reject", "不属实"));
    ExpectError(edits_->Edit(r.town_officer, rejected, Title("x"), std::nullopt), Code::kConflict,
                "invalid_transition");
    const int64_t submitted = w_->Create(r.inspector, r.ent1a);
    ASSERT_TRUE(w_->Act(r.enterprise_user, submitted, "submit", "已清理"));
    ExpectError(edits_->Edit(r.town_officer, submitted, Title("x"), std::nullopt), Code::kConflict,
                "invalid_transition");
    ASSERT_TRUE(w_->Act(r.inspector, submitted, "approve"));
    ExpectError(edits_->Edit(r.town_officer, submitted, Title("x"), std::nullopt), Code::kConflict,
                "invalid_transition");
    EXPECT_EQ(EditAudits(), 0);
}

TEST_P(HazardEditServiceTest, ValidatesLikeCreationAndWritesNothing) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ExpectError(edits_->Edit(r.inspector, id, Title("   "), std::nullopt), Code::kValidation, "title");
    ExpectError(edits_->Edit(r.inspector, id, Title(std::string(201, 'x')), std::nullopt), Code::kValidation, "title");
    ExpectError(edits_->Edit(r.inspector, id, Title("a\x01"), std::nullopt), Code::kValidation, "title");
    HazardEdit long_description;
    long_description.description = std::string(2001, 'x');
    ExpectError(edits_->Edit(r.inspector, id, long_description, std::nullopt), Code::kValidation, "description");
    for (const char* bad : {"no_such_category", ""}) {
        HazardEdit category;
        category.category = bad;
        ExpectError(edits_->Edit(r.inspector, id, category, std::nullopt), Code::kValidation, "category");
    }
    // Every bad field at once.
    HazardEdit all;
    all.title = "";
    all.category = "nope";
    auto both = edits_->Edit(r.inspector, id, all, std::nullopt);
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().fields.size(), 2u);
    // A 200-code-point Chinese title is fine.
    std::string longest;
    for (int i = 0; i < 200; ++i) longest += "堵";
    EXPECT_TRUE(edits_->Edit(r.inspector, id, Title(longest), std::nullopt));
    EXPECT_EQ(EditAudits(), 1);
}

TEST_P(HazardEditServiceTest, APatchThatChangesNothingWritesNothing) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    auto same = edits_->Edit(r.inspector, id, Title("疏散通道堵塞"), 1);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->hazard.version, 1);
    EXPECT_EQ(same->history.size(), 1u);
    auto empty = edits_->Edit(r.inspector, id, HazardEdit{}, std::nullopt);
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->hazard.version, 1);
    EXPECT_EQ(EditAudits(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardEditServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
