#include "services/checklist_service.hpp"

#include <gtest/gtest.h>

#include "services/inspection_world.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

class ChecklistServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    std::vector<checklist::Template> CurrentCopies() {
        std::vector<checklist::Template> out;
        for (const auto& t : w_->checklists->List()) out.push_back(*t);
        return out;
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(ChecklistServiceTest, FirstStartStoresVersionOneOfEveryTemplate) {
    const auto list = w_->checklists->List();
    ASSERT_EQ(list.size(), 3u);
    for (const auto& t : list) EXPECT_EQ(t->version, 1) << t->id;
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM checklist_templates"), 3);
    EXPECT_EQ(w_->r->AuditCount("checklist_template"), 3);
    ASSERT_TRUE(w_->checklists->Current("mem10-2023"));
    EXPECT_EQ(w_->checklists->Current("mem10-2023")->items.size(), 64u);
    EXPECT_EQ(w_->checklists->Current("nope"), nullptr);
}

TEST_P(ChecklistServiceTest, UnchangedStandardsKeepTheirVersion) {
    auto again = w_->checklists->Sync(CurrentCopies());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->new_versions, 0);
    EXPECT_EQ(again->templates, 3);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM checklist_templates"), 3);
}

TEST_P(ChecklistServiceTest, ChangedStandardsGetTheNextVersionAndOldOnesStayReadable) {
    auto changed = CurrentCopies();
    for (auto& t : changed)
        if (t.id == "three-in-one") t.items.back().legal_basis += "（2026 修订）";
    auto synced = w_->checklists->Sync(changed);
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->new_versions, 1);
    EXPECT_EQ(w_->checklists->Current("three-in-one")->version, 2);
    EXPECT_EQ(w_->checklists->Current("fire-small-workshop")->version, 1);
    EXPECT_EQ(w_->r->AuditCount("checklist_template"), 4);
    auto v1 =
        w_->r->store->db().Read([&](storage::Connection& c) { return w_->checklists->Version(c, "three-in-one", 1); });
    ASSERT_TRUE(v1 && *v1);
    EXPECT_EQ((*v1)->version, 1);
    EXPECT_FALSE((*v1)->items.back().legal_basis.ends_with("（2026 修订）"));
    auto missing =
        w_->r->store->db().Read([&](storage::Connection& c) { return w_->checklists->Version(c, "three-in-one", 7); });
    ASSERT_TRUE(missing);
    EXPECT_EQ(*missing, nullptr);
}

TEST_P(ChecklistServiceTest, WithoutTheFilesTheStoredVersionsAreServed) {
    ChecklistService fresh(w_->r->store->shared(), w_->r->clock, *w_->r->audit);
    auto loaded = fresh.LoadFromDirectory("/nonexistent/standards");
    ASSERT_TRUE(loaded) << loaded.error().id;
    EXPECT_TRUE(loaded->from_store);
    EXPECT_EQ(loaded->templates, 3);
    const auto stored = fresh.Current("fire-small-workshop");
    const auto original = w_->checklists->Current("fire-small-workshop");
    ASSERT_TRUE(stored && original);
    ASSERT_EQ(stored->items.size(), original->items.size());
    EXPECT_EQ(ChecklistBodyJson(*stored), ChecklistBodyJson(*original));
}

TEST_P(ChecklistServiceTest, WithoutFilesOrStoredVersionsStartUpFails) {
    auto empty = test::TestStore::Open(GetParam());
    ASSERT_TRUE(empty);
    ChecklistService fresh(empty->shared(), w_->r->clock, *w_->r->audit);
    auto loaded = fresh.LoadFromDirectory("/nonexistent/standards");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().id, "checklist_data_missing");
}

TEST(ChecklistBody, RoundTripsEveryField) {
    checklist::Template t;
    t.id = "demo";
    t.title_zh = "演示";
    t.title_en = "Demo";
    t.effective_date = "2025-11-01";
    t.sections = {{"evacuation", "疏散"}};
    checklist::Item item;
    item.id = "D-01";
    item.text = "安全出口是否畅通";
    item.text_en = "Exits clear";
    item.finding = "安全出口不畅通";
    item.finding_en = "Exits blocked";
    item.category = checklist::Category::kExits;
    item.source_category = "evacuation";
    item.section = "evacuation";
    item.severity = Severity::kMajor;
    item.source_severity = "major";
    item.legal_basis = "《消防法》第28条";
    item.article = "第28条";
    item.effective_date = "2021-04-29";
    item.effective_date_inherited = true;
    item.major_reason = Text{"依据……判定为重大事故隐患", "A major hazard under …"};
    item.relevance = "direct";
    item.note = "check the 2025 edition";
    item.from_general_knowledge = true;
    t.items = {item};
    auto back = ChecklistFromBodyJson(ChecklistBodyJson(t), 4);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->version, 4);
    EXPECT_EQ(ChecklistBodyJson(*back), ChecklistBodyJson(t));
    ASSERT_TRUE(back->items.at(0).major_reason);
    EXPECT_EQ(back->items.at(0).major_reason->en, "A major hazard under …");
    EXPECT_EQ(back->items.at(0).category, checklist::Category::kExits);
    EXPECT_EQ(back->items.at(0).finding, "安全出口不畅通");
    EXPECT_EQ(back->items.at(0).finding_en, "Exits blocked");
}

// A version stored before items had findings still reads, its text standing for the finding (as
// it titled hazards then).
TEST(ChecklistBody, AnOlderBodyWithoutFindingsReadsItsTextAsTheFinding) {
    auto t = ChecklistFromBodyJson(
        R"({"id":"x","sections":[],"items":[{"id":"a","text":"是否畅通","text_en":"Clear?"}]})", 1);
    ASSERT_TRUE(t) << t.error().internal;
    EXPECT_EQ(t->items.at(0).finding, "是否畅通");
    EXPECT_EQ(t->items.at(0).finding_en, "Clear?");
}

TEST(ChecklistBody, UnreadableBodiesAreInternalErrors) {
    for (const char* body : {"", "[]", "{\"id\":\"x\"}", "{\"id\":\"x\",\"sections\":[],\"items\":[{\"id\":5}]}",
                             "{\"id\":\"x\",\"sections\":[],\"items\":[{\"id\":\"a\",\"text\":[]}]}"}) {
        auto t = ChecklistFromBodyJson(body, 1);
        ASSERT_FALSE(t) << body;
        EXPECT_EQ(t.error().id, "checklist_body_unreadable") << body;
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, ChecklistServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
