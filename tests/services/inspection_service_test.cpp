#include "services/inspection_service.hpp"

#include <gtest/gtest.h>

#include "core/region/text.hpp"
#include "services/inspection_world.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

using test::InspectionWorld;

constexpr const char* kFire = "fire-small-workshop";
constexpr const char* kMem10 = "mem10-2023";

InspectionAnswer Answer(std::string item, std::string result, std::string note = "") {
    return {std::move(item), std::move(result), std::move(note), {}, std::nullopt};
}

class InspectionServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    NewInspection Routine(int64_t enterprise, std::vector<InspectionAnswer> items, std::string checklist = kFire) {
        NewInspection in;
        in.enterprise_id = enterprise;
        in.checklist_id = std::move(checklist);
        in.items = std::move(items);
        return in;
    }

    storage::HazardRecord Hazard(int64_t id) {
        auto h =
            w_->r->store->db().Read([&](storage::Connection& c) { return storage::HazardRepository(c).FindById(id); });
        EXPECT_TRUE(h && *h) << id;
        return h && *h ? **h : storage::HazardRecord{};
    }

    // Nothing of a refused inspection may remain.
    void ExpectNothingWritten() {
        EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspections"), 0);
        EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspection_items"), 0);
        EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
        EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM audit_log WHERE entity IN ('inspection', 'hazard')"), 0);
    }

    std::unique_ptr<InspectionWorld> w_;
};

TEST_P(InspectionServiceTest, FailsOpenRectifyingHazardsWithTheDefaultDeadlineOfTheirGrade) {
    const UnixSeconds now = w_->r->clock.Now();
    NewInspection in =
        Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail", "  安全出口被成品堵塞 "), Answer("FS-ELE-01", "pass"),
                               Answer("FS-MGT-04", "fail"), Answer("FS-EXT-01", "na")});
    in.lat = 30.17;
    in.lng = 121.33;
    auto d = w_->inspections->Create(w_->r->inspector, in);
    ASSERT_TRUE(d) << d.error().id << " " << d.error().internal;
    const InspectionRecord& r = d->inspection;
    EXPECT_EQ(r.kind, "routine");
    EXPECT_EQ(r.checklist_version, 1);
    EXPECT_EQ(r.path.grid_id, w_->r->grid1a);
    EXPECT_EQ(r.inspector_id, w_->r->inspector.user_id);
    EXPECT_EQ(r.passed, 1);
    EXPECT_EQ(r.failed, 2);
    EXPECT_EQ(r.not_applicable, 1);
    ASSERT_EQ(d->hazard_ids.size(), 2u);
    ASSERT_EQ(d->items.size(), 4u);
    EXPECT_EQ(d->items[0].answer.hazard_id, d->hazard_ids[0]);
    EXPECT_FALSE(d->items[1].answer.hazard_id);
    ASSERT_NE(d->items[0].item, nullptr);
    EXPECT_EQ(d->items[0].item->id, "FS-EVA-03");

    const auto general = Hazard(d->hazard_ids[0]);
    EXPECT_EQ(general.status, HazardStatus::kRectifying);
    EXPECT_EQ(general.severity, Severity::kGeneral);
    EXPECT_EQ(general.source, "inspection");
    EXPECT_EQ(general.inspection_id, r.id);
    EXPECT_EQ(general.checklist_item, "FS-EVA-03");
    // Titled with what is wrong, not with the question asked; the inspector's note describes it.
    EXPECT_EQ(general.title, "常闭式防火门未处于关闭状态，或防火卷帘下堆放物品影响使用");
    EXPECT_EQ(general.title, w_->checklists->Current(kFire)->FindItem("FS-EVA-03")->finding);
    EXPECT_EQ(general.description, "安全出口被成品堵塞");
    EXPECT_EQ(general.category, "evacuation");
    EXPECT_EQ(general.due_at, DefaultDeadline(Severity::kGeneral, now));
    EXPECT_EQ(general.enterprise_id, w_->r->ent1a);
    EXPECT_EQ(general.lat, 30.17);

    // The standard names FS-MGT-04 a major accident hazard: major, with why, for 30 days, and listed.
    const auto major = Hazard(d->hazard_ids[1]);
    EXPECT_EQ(major.severity, Severity::kMajor);
    EXPECT_FALSE(major.major_reason.empty());
    EXPECT_EQ(major.title.find("是否"), std::string::npos) << major.title;
    // No note: the description names the item and its basis.
    EXPECT_EQ(major.description, "检查项 FS-MGT-04 不合格；依据：" + major.legal_basis);
    EXPECT_FALSE(major.legal_basis.empty());
    EXPECT_EQ(major.due_at, DefaultDeadline(Severity::kMajor, now));
    EXPECT_TRUE(major.listing_no);

    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspection_items WHERE inspection_id = ?", {r.id}), 4);
    EXPECT_EQ(w_->r->AuditCount("inspection"), 1);
    EXPECT_EQ(w_->r->AuditCount("hazard"), 2);
    // The open major hazard paints the enterprise red.
    EXPECT_EQ(w_->r->enterprises->Get(w_->r->admin, w_->r->ent1a)->risk_level, RiskLevel::kRed);
}

TEST_P(InspectionServiceTest, MajorByTheStandardCannotBeGradedDownButOthersCanBeGradedUp) {
    NewInspection in = Routine(w_->r->ent1b, {Answer("MEM10-A03-01", "fail"), Answer("MEM10-A03-02", "fail")}, kMem10);
    in.items[0].severity = "general";
    auto d = w_->inspections->Create(w_->r->village_officer, in);
    ASSERT_TRUE(d) << d.error().id;
    EXPECT_EQ(Hazard(d->hazard_ids[0]).severity, Severity::kMajor);
    EXPECT_EQ(Hazard(d->hazard_ids[1]).severity, Severity::kMajor);

    NewInspection up = Routine(w_->r->ent1b, {Answer("FS-EVA-03", "fail")});
    up.items[0].severity = "major";
    auto e = w_->inspections->Create(w_->r->village_officer, up);
    ASSERT_TRUE(e) << e.error().id;
    const auto h = Hazard(e->hazard_ids[0]);
    EXPECT_EQ(h.severity, Severity::kMajor);
    EXPECT_TRUE(h.major_reason.empty());  // the inspector's grade, not the standard's
}

TEST_P(InspectionServiceTest, SelfCheckOpensReportedHazardsWithoutDeadline) {
    NewInspection in = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail"), Answer("FS-ELE-01", "pass")});
    in.enterprise_id.reset();  // an enterprise checks itself
    auto d = w_->inspections->Create(w_->r->enterprise_user, in);
    ASSERT_TRUE(d) << d.error().id;
    EXPECT_EQ(d->inspection.kind, "self_check");
    EXPECT_EQ(d->inspection.enterprise_id, w_->r->ent1a);
    const auto h = Hazard(d->hazard_ids.at(0));
    EXPECT_EQ(h.status, HazardStatus::kReported);
    EXPECT_FALSE(h.due_at);
    EXPECT_FALSE(h.listing_no);
}

TEST_P(InspectionServiceTest, EnterpriseMayOnlySelfCheckItself) {
    NewInspection routine = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    routine.kind = "routine";
    auto forbidden = w_->inspections->Create(w_->r->enterprise_user, routine);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, Code::kForbidden);
    auto other = w_->inspections->Create(w_->r->enterprise_user, Routine(w_->r->ent1b, {Answer("FS-EVA-03", "fail")}));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, Code::kValidation);
    EXPECT_TRUE(other.error().fields.count("enterprise_id"));
    ExpectNothingWritten();
}

TEST_P(InspectionServiceTest, ValidationNamesTheFieldAndWritesNothing) {
    struct Case {
        NewInspection in;
        std::string field;
    };
    std::vector<Case> cases;
    cases.push_back({Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")}, "no-such-list"), "checklist_id"});
    cases.push_back(
        {Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail"), Answer("MEM10-A03-01", "fail")}), "items[1].item_id"});
    cases.push_back(
        {Routine(w_->r->ent1a, {Answer("FS-EVA-03", "pass"), Answer("FS-ELE-01", "na"), Answer("FS-EVA-03", "fail")}),
         "items[2].item_id"});
    cases.push_back({Routine(w_->r->ent1a, {Answer("FS-EVA-03", "broken")}), "items[0].result"});
    cases.push_back({Routine(w_->r->ent1a, {}), "items"});
    cases.push_back({Routine(w_->r->ent1a, std::vector<InspectionAnswer>(501, Answer("FS-EVA-03", "pass"))), "items"});
    NewInspection kind = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    kind.kind = "audit";
    cases.push_back({kind, "kind"});
    NewInspection no_enterprise = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    no_enterprise.enterprise_id.reset();
    cases.push_back({no_enterprise, "enterprise_id"});
    NewInspection version = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    version.checklist_version = 9;
    cases.push_back({version, "checklist_version"});
    NewInspection half_gps = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    half_gps.lat = 30.1;
    cases.push_back({half_gps, "lng"});
    NewInspection grade = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")});
    grade.items[0].severity = "critical";
    cases.push_back({grade, "items[0].severity"});
    NewInspection evidence = Routine(w_->r->ent1a, {Answer("FS-ELE-01", "pass"), Answer("FS-EVA-03", "fail")});
    evidence.items[1].attachments = {424242};
    cases.push_back({evidence, "items[1].attachments"});
    for (const auto& c : cases) {
        auto d = w_->inspections->Create(w_->r->town_officer, c.in);
        ASSERT_FALSE(d) << c.field;
        EXPECT_EQ(d.error().code, Code::kValidation) << c.field;
        EXPECT_TRUE(d.error().fields.count(c.field)) << c.field << ": " << d.error().fields.begin()->first;
    }
    ExpectNothingWritten();
}

TEST_P(InspectionServiceTest, EnterpriseOutsideScopeIs422LikeHazardCreate) {
    auto in = Routine(w_->r->ent1b, {Answer("FS-EVA-03", "fail")});
    for (const Principal* who : {&w_->r->inspector, &w_->r->other_town_officer, &w_->r->other_village_officer}) {
        auto d = w_->inspections->Create(*who, in);
        ASSERT_FALSE(d) << who->username;
        EXPECT_TRUE(d.error().fields.count("enterprise_id")) << who->username;
    }
    in.enterprise_id = 999999;
    EXPECT_FALSE(w_->inspections->Create(w_->r->admin, in));
    ExpectNothingWritten();
}

TEST_P(InspectionServiceTest, ReadsFollowTheScope) {
    auto a = w_->inspections->Create(w_->r->inspector, Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")}));
    auto b = w_->inspections->Create(w_->r->village_officer, Routine(w_->r->ent1b, {Answer("FS-ELE-01", "pass")}));
    auto c = w_->inspections->Create(w_->r->town_officer, Routine(w_->r->ent2a, {Answer("FS-ELE-01", "pass")}));
    auto o = w_->inspections->Create(w_->r->other_town_officer, Routine(w_->r->ent_other, {Answer("FS-ELE-01", "na")}));
    ASSERT_TRUE(a && b && c && o);
    auto ids = [&](const Principal& who, InspectionFilter f = {}) {
        std::vector<int64_t> out;
        auto page = w_->inspections->List(who, f);
        EXPECT_TRUE(page) << who.username;
        if (page)
            for (const auto& v : page->items) out.push_back(v.inspection.id);
        return out;
    };
    const int64_t ia = a->inspection.id, ib = b->inspection.id, ic = c->inspection.id, io = o->inspection.id;
    EXPECT_EQ(ids(w_->r->admin), (std::vector<int64_t>{io, ic, ib, ia}));
    EXPECT_EQ(ids(w_->r->town_officer), (std::vector<int64_t>{ic, ib, ia}));
    EXPECT_EQ(ids(w_->r->village_officer), (std::vector<int64_t>{ib, ia}));
    EXPECT_EQ(ids(w_->r->inspector), (std::vector<int64_t>{ia}));
    EXPECT_EQ(ids(w_->r->enterprise_user), (std::vector<int64_t>{ia}));
    EXPECT_EQ(ids(w_->r->enterprise_user, {.enterprise_id = w_->r->ent1b}), std::vector<int64_t>{});
    EXPECT_EQ(ids(w_->r->town_officer, {.enterprise_id = w_->r->ent1b}), (std::vector<int64_t>{ib}));
    EXPECT_EQ(ids(w_->r->town_officer, {.region_id = w_->r->village2}), (std::vector<int64_t>{ic}));
    auto hidden = w_->inspections->List(w_->r->inspector, {.region_id = w_->r->village2});
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);

    auto listed = w_->inspections->List(w_->r->town_officer, {.limit = 1});
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->total, 3);
    EXPECT_EQ(listed->items.size(), 1u);
    auto first = w_->inspections->List(w_->r->inspector, {});
    ASSERT_TRUE(first);
    EXPECT_EQ(first->items.at(0).hazard_ids, a->hazard_ids);
    EXPECT_EQ(first->items.at(0).enterprise_name, "慈溪市宏达服饰有限公司");
    EXPECT_FALSE(first->items.at(0).checklist_title.empty());

    EXPECT_TRUE(w_->inspections->Get(w_->r->enterprise_user, ia));
    for (const Principal* who : {&w_->r->other_inspector, &w_->r->other_enterprise_user, &w_->r->other_town_officer}) {
        auto d = w_->inspections->Get(*who, ia);
        ASSERT_FALSE(d) << who->username;
        EXPECT_EQ(d.error().code, Code::kNotFound);
    }
    EXPECT_EQ(w_->inspections->Get(w_->r->admin, 987654).error().code, Code::kNotFound);
}

TEST_P(InspectionServiceTest, AnInspectionKeepsTheChecklistVersionItWasAnsweredAgainst) {
    auto before = w_->inspections->Create(w_->r->inspector, Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")}));
    ASSERT_TRUE(before);
    const std::string old_text = w_->checklists->Current(kFire)->FindItem("FS-EVA-03")->text;

    // The standards change: the item is reworded.
    std::vector<checklist::Template> changed;
    for (const auto& t : w_->checklists->List()) changed.push_back(*t);
    for (auto& t : changed)
        for (auto& item : t.items)
            if (t.id == kFire && item.id == "FS-EVA-03") {
                item.text = "疏散通道是否畅通（2026年修订）";
                item.finding = "疏散通道不畅通（2026年修订）";
            }
    auto synced = w_->checklists->Sync(changed);
    ASSERT_TRUE(synced);
    EXPECT_EQ(synced->new_versions, 1);
    EXPECT_EQ(w_->checklists->Current(kFire)->version, 2);

    auto again = w_->inspections->Get(w_->r->inspector, before->inspection.id);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->inspection.checklist_version, 1);
    EXPECT_EQ(again->items.at(0).item->text, old_text);

    auto after = w_->inspections->Create(w_->r->inspector, Routine(w_->r->ent1a, {Answer("FS-EVA-03", "fail")}));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->inspection.checklist_version, 2);
    EXPECT_EQ(Hazard(after->hazard_ids.at(0)).title, "疏散通道不畅通（2026年修订）");

    // A phone still holding version 1 is answered against version 1.
    NewInspection offline = Routine(w_->r->ent1a, {Answer("FS-EVA-03", "pass")});
    offline.checklist_version = 1;
    auto old = w_->inspections->Create(w_->r->inspector, offline);
    ASSERT_TRUE(old) << old.error().id;
    EXPECT_EQ(old->inspection.checklist_version, 1);
}

TEST_P(InspectionServiceTest, A10ItemsFailWithTheirOwnStatementAsTitle) {
    auto d = w_->inspections->Create(w_->r->village_officer,
                                     Routine(w_->r->ent1b, {Answer("MEM10-A03-01", "fail", "无安全管理机构")}, kMem10));
    ASSERT_TRUE(d) << d.error().id;
    const auto h = Hazard(d->hazard_ids.at(0));
    EXPECT_EQ(h.title, HazardTitleFor(w_->checklists->Current(kMem10)->FindItem("MEM10-A03-01")->text));
    EXPECT_EQ(h.description, "无安全管理机构");
}

TEST(HazardTitleFor, CutsLongTextsOnACharacterBoundary) {
    EXPECT_EQ(HazardTitleFor("  短标题 "), "短标题");
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "隐";
    const std::string title = HazardTitleFor(long_text);
    EXPECT_EQ(CodePointCount(title), kMaxHazardTitle);
    EXPECT_TRUE(title.ends_with("…"));
}

INSTANTIATE_TEST_SUITE_P(Stores, InspectionServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
