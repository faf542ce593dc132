#include "services/hazard_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "services/hazard_world.hpp"

namespace safegrid::services {
namespace {

using test::HazardWorld;

class HazardServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    HazardDetail Read(int64_t id) {
        auto h = w_->hazards->Get(w_->r->admin, id);
        EXPECT_TRUE(h);
        return h ? *h : HazardDetail{};
    }
    RiskLevel Risk(int64_t enterprise) { return w_->r->enterprises->Get(w_->r->admin, enterprise)->risk_level; }
    int64_t Total(const Principal& who, HazardFilter f) {
        auto page = w_->hazards->List(who, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        return page ? page->total : -1;
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

    std::unique_ptr<HazardWorld> w_;
};

TEST_P(HazardServiceTest, StaffCreateStartsRectifyingWithHistoryAuditAndCounters) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    HazardDetail h = Read(id);
    EXPECT_EQ(h.hazard.status, HazardStatus::kRectifying);
    EXPECT_EQ(h.hazard.source, "staff");
    EXPECT_EQ(h.hazard.path.grid_id, r.grid1a);
    EXPECT_EQ(h.hazard.due_at, w_->Tomorrow());
    EXPECT_EQ(h.hazard.reporter_id, r.inspector.user_id);
    EXPECT_EQ(h.enterprise_name, "慈溪市宏达服饰有限公司");
    ASSERT_EQ(h.history.size(), 1u);
    EXPECT_EQ(h.history[0].action, "create");
    EXPECT_EQ(h.history[0].actor_name, r.inspector.username);
    EXPECT_EQ(h.history[0].to, HazardStatus::kRectifying);
    EXPECT_FALSE(h.hazard.listing_no);
    EXPECT_EQ(r.AuditCount("hazard"), 1);
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
    auto mine = w_->hazards->Get(r.inspector, id);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->allowed_actions, (std::vector<HazardAction>{HazardAction::kSubmit}));
}

TEST_P(HazardServiceTest, EnterpriseSelfReportStartsReportedWithoutDeadline) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.enterprise_user, r.ent1a);
    HazardDetail h = Read(id);
    EXPECT_EQ(h.hazard.status, HazardStatus::kReported);
    EXPECT_EQ(h.hazard.source, "enterprise");
    EXPECT_FALSE(h.hazard.due_at);
    // Confirmed by the inspector, it enters the loop.
    auto confirmed = w_->Act(r.inspector, id, "confirm", std::nullopt, w_->Tomorrow());
    ASSERT_TRUE(confirmed) << confirmed.error().id;
    EXPECT_EQ(confirmed->hazard.status, HazardStatus::kRectifying);
    EXPECT_EQ(confirmed->history.back().due_after, w_->Tomorrow());
}

TEST_P(HazardServiceTest, CreateValidatesEveryField) {
    auto& r = *w_->r;
    NewHazard in;
    in.enterprise_id = r.ent1a;
    in.title = "  ";
    in.severity = "huge";
    in.category = "nonsense";
    in.lat = 91;
    auto bad = w_->hazards->Create(r.inspector, in);
    ASSERT_FALSE(bad);
    for (const char* f : {"title", "severity", "category", "lat", "due_at"})
        EXPECT_TRUE(bad.error().fields.count(f)) << f;
    in = NewHazard{r.ent1a, "通道堵塞", "", "general", "", w_->r->clock.Now() - 1};
    ExpectError(w_->hazards->Create(r.inspector, in), Code::kValidation, "due_at");
    in.due_at = w_->Tomorrow();
    in.enterprise_id = r.ent1b;  // another grid
    ExpectError(w_->hazards->Create(r.inspector, in), Code::kValidation, "enterprise_id");
    ExpectError(w_->hazards->Create(r.enterprise_user, in), Code::kValidation, "enterprise_id");
    in.enterprise_id = 999999;
    ExpectError(w_->hazards->Create(r.admin, in), Code::kValidation, "enterprise_id");
    in.enterprise_id = r.ent1a;
    in.attachments = {12345};
    ExpectError(w_->hazards->Create(r.inspector, in), Code::kValidation, "attachments");
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazard_counts WHERE n <> 0"), 0);
}

TEST_P(HazardServiceTest, AttachmentsOfTheCallerAreLinkedBeforeAndAfter) {
    auto& r = *w_->r;
    auto upload = [&](int64_t user) {
        w_->store().Exec(
            "INSERT INTO attachments (town_id, sha256, size, content_type, uploader_id, created_at) "
            "VALUES (?, 'abc', 10, 'image/jpeg', ?, 0)",
            {r.town, user});
        return w_->store().QueryInt("SELECT MAX(id) FROM attachments");
    };
    const int64_t before = upload(r.inspector.user_id);
    const int64_t foreign = upload(r.town_officer.user_id);
    NewHazard in{r.ent1a, "通道堵塞", "", "general", "evacuation", w_->Tomorrow(), {before, before}};
    auto h = w_->hazards->Create(r.inspector, in);
    ASSERT_TRUE(h) << h.error().id;
    ASSERT_EQ(h->attachments.size(), 1u);
    EXPECT_EQ(h->attachments[0].role, "before");
    const int64_t after = upload(r.enterprise_user.user_id);
    ActionInput submit{"submit"};
    ExpectError(w_->hazards->Act(r.enterprise_user, h->hazard.id, submit, {foreign}, std::nullopt), Code::kValidation,
                "attachments");
    auto done = w_->hazards->Act(r.enterprise_user, h->hazard.id, submit, {after}, std::nullopt);
    ASSERT_TRUE(done) << done.error().id;
    ASSERT_EQ(done->attachments.size(), 2u);
    EXPECT_EQ(done->attachments[1].role, "after");
    EXPECT_EQ(done->history.back().attachments, (std::vector<int64_t>{after}));
}

TEST_P(HazardServiceTest, FullLoopWithReturnAndApproval) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已清理通道"));
    ExpectError(w_->Act(r.inspector, id, "return"), Code::kValidation, "comment");
    ASSERT_TRUE(w_->Act(r.inspector, id, "return", "仍有杂物", w_->Tomorrow() + 6 * 86400));
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已全部清理"));
    w_->r->clock.Advance(3600);
    auto closed = w_->Act(r.village_officer, id, "approve");
    ASSERT_TRUE(closed) << closed.error().id;
    EXPECT_EQ(closed->hazard.status, HazardStatus::kClosed);
    EXPECT_EQ(closed->hazard.closed_at, w_->r->clock.Now());
    EXPECT_EQ(closed->hazard.closed_on_time, true);
    EXPECT_EQ(closed->hazard.version, 5);
    std::vector<std::string> actions;
    for (const auto& e : closed->history) actions.push_back(e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "return", "submit", "approve"}));
    EXPECT_EQ(closed->history[2].comment, "仍有杂物");
    EXPECT_EQ(closed->history[2].from, HazardStatus::kSubmitted);
    EXPECT_EQ(closed->history[2].to, HazardStatus::kRectifying);
    EXPECT_TRUE(closed->allowed_actions.empty());
    EXPECT_EQ(r.AuditCount("hazard"), 5);
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
    EXPECT_EQ(w_->StoredMonths(), w_->RecountMonths());
}

// CONTRACT.md: approve and return by the user who made the last submit → 409 same_person; the
// last submitter is read from the history, so a later submit by someone else lifts it.
TEST_P(HazardServiceTest, WhoRectifiesNeverSignsOff) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    auto found = w_->hazards->Get(r.inspector, id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->allowed_actions, (std::vector<HazardAction>{HazardAction::kSubmit}));
    EXPECT_EQ(found->primary_action, std::nullopt);  // the enterprise's move, not the inspector's
    ASSERT_TRUE(w_->Act(r.inspector, id, "submit", "当场整改"));
    ExpectError(w_->Act(r.inspector, id, "approve"), Code::kConflict, "same_person");
    ExpectError(w_->Act(r.inspector, id, "return", "再看看", w_->Tomorrow() + 6 * 86400), Code::kConflict,
                "same_person");
    auto own = w_->hazards->Get(r.inspector, id);
    ASSERT_TRUE(own);
    EXPECT_TRUE(own->allowed_actions.empty());
    EXPECT_EQ(own->primary_action, std::nullopt);
    auto other = w_->hazards->Get(r.village_officer, id);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->allowed_actions, (std::vector<HazardAction>{HazardAction::kApprove, HazardAction::kReturn}));
    EXPECT_EQ(other->primary_action, HazardAction::kApprove);
    EXPECT_EQ(Read(id).history.size(), 2u);  // the refusals wrote nothing
    // The village returns it; the enterprise submits; now the inspector may sign off.
    ASSERT_TRUE(w_->Act(r.village_officer, id, "return", "照片不清", w_->Tomorrow() + 6 * 86400));
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已重新整改"));
    ExpectError(w_->Act(r.enterprise_user, id, "approve"), Code::kForbidden, "forbidden");
    auto closed = w_->Act(r.inspector, id, "approve");
    ASSERT_TRUE(closed) << closed.error().id;
    EXPECT_EQ(closed->hazard.status, HazardStatus::kClosed);
}

// CONTRACT.md: return needs a new due_at when the old one is less than 3 days away or past; the
// hazard says so (return_needs_due_at) and the new deadline is stored.
TEST_P(HazardServiceTest, ReturnSetsANewDeadlineWhenTheOldIsNearOrGone) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);  // due tomorrow
    EXPECT_FALSE(Read(id).return_needs_due_at);           // not submitted: no return to make
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已整改"));
    EXPECT_TRUE(Read(id).return_needs_due_at);
    ExpectError(w_->Act(r.village_officer, id, "return", "仍有杂物"), Code::kValidation, "due_at");
    ExpectError(w_->Act(r.village_officer, id, "return", "仍有杂物", w_->r->clock.Now() - 1), Code::kValidation,
                "due_at");
    const UnixSeconds new_due = w_->r->clock.Now() + 10 * 86400;
    auto back = w_->Act(r.village_officer, id, "return", "仍有杂物", new_due);
    ASSERT_TRUE(back) << back.error().id;
    EXPECT_EQ(back->hazard.due_at, new_due);
    EXPECT_FALSE(back->overdue);
    EXPECT_EQ(back->history.back().due_after, new_due);
    // Ten days away: the next return keeps the deadline when none is given.
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已清理"));
    EXPECT_FALSE(Read(id).return_needs_due_at);
    auto kept = w_->Act(r.village_officer, id, "return", "还差一处");
    ASSERT_TRUE(kept) << kept.error().id;
    EXPECT_EQ(kept->hazard.due_at, new_due);
}

// The re-check (复查) takes photos: approve with attachments links them and lists them in history.
TEST_P(HazardServiceTest, ApprovalKeepsTheRecheckPhotos) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已整改"));
    w_->store().Exec(
        "INSERT INTO attachments (town_id, sha256, size, content_type, uploader_id, created_at) "
        "VALUES (?, 'abc', 10, 'image/jpeg', ?, 0)",
        {r.town, r.village_officer.user_id});
    const int64_t photo = w_->store().QueryInt("SELECT MAX(id) FROM attachments");
    auto closed = w_->hazards->Act(r.village_officer, id, ActionInput{"approve"}, {photo}, std::nullopt);
    ASSERT_TRUE(closed) << closed.error().id;
    EXPECT_EQ(closed->history.back().action, "approve");
    EXPECT_EQ(closed->history.back().attachments, (std::vector<int64_t>{photo}));
    ASSERT_EQ(closed->attachments.size(), 1u);
    EXPECT_EQ(closed->attachments[0].attachment_id, photo);
}

TEST_P(HazardServiceTest, LateApprovalIsNotOnTime) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "done"));
    w_->r->clock.Advance(3 * 86400);
    auto closed = w_->Act(r.inspector, id, "approve");
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->hazard.closed_on_time, false);
}

TEST_P(HazardServiceTest, StateMachineAnswersInItsDocumentedOrder) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ExpectError(w_->Act(r.inspector, id, "explode"), Code::kValidation, "action");
    ExpectError(w_->Act(r.inspector, id, "approve"), Code::kConflict, "invalid_transition");
    ExpectError(w_->Act(r.inspector, id, "extend", "more time", w_->Tomorrow() + 86400), Code::kForbidden, "forbidden");
    ExpectError(w_->Act(r.village_officer, id, "extend", "more time", w_->Tomorrow()), Code::kValidation, "due_at");
    ExpectError(w_->Act(r.village_officer, id, "extend", std::nullopt, w_->Tomorrow() + 86400), Code::kValidation,
                "comment");
    ExpectError(w_->Act(r.enterprise_user, id, "submit", "  \u3000 "), Code::kValidation, "comment");
    auto extended = w_->Act(r.village_officer, id, "extend", "设备采购中", w_->Tomorrow() + 86400);
    ASSERT_TRUE(extended);
    EXPECT_EQ(extended->hazard.due_at, w_->Tomorrow() + 86400);
    EXPECT_EQ(extended->history.back().due_before, w_->Tomorrow());
    EXPECT_EQ(extended->history.back().due_after, w_->Tomorrow() + 86400);
    // Nothing of the failures was written.
    EXPECT_EQ(r.AuditCount("hazard"), 2);
    EXPECT_EQ(extended->history.size(), 2u);
}

TEST_P(HazardServiceTest, MajorHazardsAreListedAndOnlyTheTownApproves) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.village_officer, r.ent1a, "major");
    HazardDetail h = Read(id);
    EXPECT_EQ(h.hazard.listing_no, "匡安督〔2026〕1号");
    EXPECT_EQ(h.hazard.listed_at, w_->r->clock.Now());
    EXPECT_EQ(h.history.back().action, "list");
    EXPECT_EQ(Risk(r.ent1a), RiskLevel::kRed);
    // Confirming a self-reported hazard as major lists it too, with the next number.
    const int64_t reported = w_->Create(r.enterprise_user, r.ent1a);
    ActionInput confirm{"confirm", std::nullopt, w_->Tomorrow(), std::nullopt, Severity::kMajor};
    auto confirmed = w_->hazards->Act(r.inspector, reported, confirm, {}, std::nullopt);
    ASSERT_TRUE(confirmed) << confirmed.error().id;
    EXPECT_EQ(confirmed->hazard.listing_no, "匡安督〔2026〕2号");
    HazardFilter supervised;
    supervised.supervised = true;
    EXPECT_EQ(Total(r.town_officer, supervised), 2);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazard_documents WHERE kind = 'listing'"), 2);

    ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "已停产整改"));
    ExpectError(w_->Act(r.village_officer, id, "approve"), Code::kForbidden, "forbidden");
    ExpectError(w_->Act(r.inspector, id, "return", "no"), Code::kForbidden, "forbidden");
    ASSERT_TRUE(w_->Act(r.town_officer, id, "approve"));
    ASSERT_TRUE(w_->Act(r.enterprise_user, reported, "submit", "ok"));
    ASSERT_TRUE(w_->Act(r.admin, reported, "approve"));
    // Nothing open any more: back to the registry's own grade (three_in_one + group_rented).
    EXPECT_EQ(Risk(r.ent1a), RiskLevel::kOrange);
}

TEST_P(HazardServiceTest, OverdueHazardsRaiseTheGradeAfterTheDailyRefresh) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.village_officer, r.ent1b);
    EXPECT_EQ(Risk(r.ent1b), RiskLevel::kYellow);  // 63 of unknown industry and head count + 18 of the open hazard
    w_->r->clock.Advance(2 * 86400);
    EXPECT_TRUE(Read(id).overdue);
    auto changed = w_->hazards->RefreshAllRiskLevels();
    ASSERT_TRUE(changed);
    EXPECT_EQ(*changed, 1);
    EXPECT_EQ(Risk(r.ent1b), RiskLevel::kOrange);
    HazardFilter overdue;
    overdue.overdue = true;
    EXPECT_EQ(Total(r.village_officer, overdue), 1);
    EXPECT_EQ(Total(r.inspector, overdue), 0);
}

TEST_P(HazardServiceTest, EscalationIsRecordedOnceAndLeavesTheVersion) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    auto escalate = [&](int64_t hazard, int64_t level) {
        auto done = w_->store().db().Transact(
            true, [&](storage::Connection& c) { return w_->hazards->Escalate(c, hazard, level, "逾期未整改"); });
        EXPECT_TRUE(done);
        return done && *done;
    };
    EXPECT_TRUE(escalate(id, 1));
    EXPECT_FALSE(escalate(id, 1));
    EXPECT_TRUE(escalate(id, 2));
    EXPECT_FALSE(escalate(id, 1));
    EXPECT_FALSE(escalate(999999, 1));
    HazardDetail h = Read(id);
    EXPECT_EQ(h.hazard.escalation_level, 2);
    EXPECT_EQ(h.hazard.version, 1);
    EXPECT_EQ(h.history.back().action, "escalate");
    EXPECT_EQ(h.history.back().comment, "逾期未整改");
    EXPECT_EQ(r.AuditCount("hazard"), 3);
    EXPECT_TRUE(w_->Act(r.enterprise_user, id, "submit", "done"));  // its version 1 is still current
}

TEST_P(HazardServiceTest, StaleVersionIs409AndWritesNothing) {
    auto& r = *w_->r;
    const int64_t id = w_->Create(r.inspector, r.ent1a);
    ActionInput submit{"submit", std::string("done")};
    auto stale = w_->hazards->Act(r.enterprise_user, id, submit, {}, 7);
    ExpectError(stale, Code::kConflict, "version_conflict");
    ASSERT_TRUE(w_->hazards->Act(r.enterprise_user, id, submit, {}, 1));
    EXPECT_EQ(Read(id).hazard.version, 2);
}

TEST_P(HazardServiceTest, TwoActorsOnTheSameVersionExactlyOneWins) {
    auto& r = *w_->r;
    for (bool with_version : {true, false}) {
        const int64_t id = w_->Create(r.inspector, r.ent1a);
        ASSERT_TRUE(w_->Act(r.enterprise_user, id, "submit", "done"));
        std::atomic<int> ok{0}, conflict{0}, other{0};
        auto act = [&](const Principal* who, const char* action) {
            ActionInput in{action, std::string("意见")};
            in.due_at = w_->Tomorrow() + 6 * 86400;  // return: the old deadline is a day away
            auto res = w_->hazards->Act(*who, id, in, {}, with_version ? std::optional<int64_t>(2) : std::nullopt);
            if (res) {
                ++ok;
            } else if (res.error().code == Code::kConflict) {
                ++conflict;
            } else {
                ++other;
                ADD_FAILURE() << res.error().id << " " << res.error().internal;
            }
        };
        std::thread a(act, &r.inspector, "approve");
        std::thread b(act, &r.village_officer, "return");
        a.join();
        b.join();
        EXPECT_EQ(ok.load(), 1);
        EXPECT_EQ(conflict.load(), 1);
        EXPECT_EQ(Read(id).history.size(), 3u);
    }
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
}

TEST_P(HazardServiceTest, EveryRoleSeesOnlyItsScope) {
    auto& r = *w_->r;
    const int64_t h1a = w_->Create(r.inspector, r.ent1a);
    const int64_t h1b = w_->Create(r.town_officer, r.ent1b);
    const int64_t h2a = w_->Create(r.town_officer, r.ent2a);
    const int64_t hother = w_->Create(r.admin, r.ent_other);
    const int64_t pub = w_->PublicReport(r.town);
    struct Case {
        const Principal* who;
        std::vector<int64_t> visible;
    };
    for (const Case& c :
         {Case{&r.admin, {h1a, h1b, h2a, hother, pub}}, Case{&r.town_officer, {h1a, h1b, h2a, pub}},
          Case{&r.village_officer, {h1a, h1b}}, Case{&r.inspector, {h1a}}, Case{&r.enterprise_user, {h1a}},
          Case{&r.other_town_officer, {hother}}, Case{&r.other_village_officer, {h2a}}, Case{&r.other_inspector, {h1b}},
          Case{&r.other_enterprise_user, {h1b}}}) {
        for (int64_t id : {h1a, h1b, h2a, hother, pub, int64_t{999999}}) {
            const bool visible = std::find(c.visible.begin(), c.visible.end(), id) != c.visible.end();
            auto got = w_->hazards->Get(*c.who, id);
            EXPECT_EQ(static_cast<bool>(got), visible) << c.who->username << " " << id;
            if (!visible) {
                EXPECT_EQ(got.error().code, Code::kNotFound);
                // Acting outside the scope reads as missing too, before anything else.
                ExpectError(w_->Act(*c.who, id, "approve"), Code::kNotFound, "not_found");
            }
        }
        EXPECT_EQ(Total(*c.who, {}), static_cast<int64_t>(c.visible.size())) << c.who->username;
    }
}

TEST_P(HazardServiceTest, AssignMovesAPublicReportToTheEnterpriseGrid) {
    auto& r = *w_->r;
    const int64_t pub = w_->PublicReport(r.town);
    ExpectError(w_->Act(r.town_officer, pub, "confirm", std::nullopt, w_->Tomorrow()), Code::kValidation,
                "enterprise_id");
    ActionInput assign{"assign"};
    assign.enterprise_id = r.ent_other;
    ExpectError(w_->hazards->Act(r.town_officer, pub, assign, {}, std::nullopt), Code::kValidation, "enterprise_id");
    ExpectError(w_->hazards->Act(r.admin, pub, assign, {}, std::nullopt), Code::kValidation, "enterprise_id");
    assign.enterprise_id = r.ent2a;
    auto moved = w_->hazards->Act(r.town_officer, pub, assign, {}, std::nullopt);
    ASSERT_TRUE(moved) << moved.error().id;
    EXPECT_EQ(moved->hazard.enterprise_id, r.ent2a);
    EXPECT_EQ(moved->hazard.path.grid_id, r.grid2a);
    EXPECT_EQ(moved->hazard.path.village_id, r.village2);
    EXPECT_EQ(moved->enterprise_name, "慈溪市永盛针织厂");
    EXPECT_TRUE(w_->hazards->Get(r.other_village_officer, pub));
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
    ASSERT_TRUE(w_->Act(r.other_village_officer, pub, "confirm", std::nullopt, w_->Tomorrow()));
}

TEST_P(HazardServiceTest, LinkDuplicateRejectsTheRepeatWithAReason) {
    auto& r = *w_->r;
    const int64_t original = w_->Create(r.town_officer, r.ent1a);
    const int64_t pub = w_->PublicReport(r.town);
    auto self = w_->hazards->LinkDuplicate(r.town_officer, pub, pub, std::nullopt);
    ExpectError(self, Code::kValidation, "duplicate_of");
    const int64_t hidden = w_->Create(r.admin, r.ent_other);
    ExpectError(w_->hazards->LinkDuplicate(r.town_officer, pub, hidden, std::nullopt), Code::kValidation,
                "duplicate_of");
    ExpectError(w_->hazards->LinkDuplicate(r.village_officer, pub, original, std::nullopt), Code::kNotFound,
                "not_found");
    auto linked = w_->hazards->LinkDuplicate(r.town_officer, pub, original, std::nullopt);
    ASSERT_TRUE(linked) << linked.error().id;
    EXPECT_EQ(linked->hazard.status, HazardStatus::kRejected);
    EXPECT_EQ(linked->hazard.duplicate_of, original);
    EXPECT_EQ(linked->history.back().action, "link");
    EXPECT_EQ(linked->history.back().comment, "重复上报，已并入隐患 #" + std::to_string(original));
    ExpectError(w_->hazards->LinkDuplicate(r.town_officer, pub, original, std::nullopt), Code::kConflict,
                "invalid_transition");
    ExpectError(w_->hazards->LinkDuplicate(r.town_officer, original, pub, std::nullopt), Code::kConflict,
                "invalid_transition");
}

TEST_P(HazardServiceTest, OnEventSeesEveryEventAndItsFailureRollsBack) {
    auto& r = *w_->r;
    std::vector<std::string> seen;
    bool fail = false;
    w_->hazards->on_event = [&](storage::Connection&, const HazardEventInfo& info) -> Status {
        seen.push_back(info.event.action + ":" + std::string(HazardStatusName(info.hazard.status)));
        if (fail) return Internal("hook failed");
        return {};
    };
    const int64_t id = w_->Create(r.town_officer, r.ent1a, "major");
    EXPECT_EQ(seen, (std::vector<std::string>{"create:rectifying", "list:rectifying"}));
    fail = true;
    EXPECT_FALSE(w_->Act(r.enterprise_user, id, "submit", "done"));
    EXPECT_EQ(Read(id).hazard.status, HazardStatus::kRectifying);
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
}

TEST_P(HazardServiceTest, CountersMatchARecountAfterRandomServiceOperations) {
    auto& r = *w_->r;
    std::mt19937 rng(7);
    std::vector<int64_t> ids;
    const Principal* actors[] = {&r.admin, &r.town_officer, &r.village_officer, &r.inspector, &r.enterprise_user};
    for (int step = 0; step < 120; ++step) {
        w_->r->clock.Advance(static_cast<int64_t>(rng() % 40000));
        const int kind = static_cast<int>(rng() % 6);
        if (ids.empty() || kind == 0) {
            const Principal* who = actors[rng() % 5];
            // The inspector and the enterprise user only reach ent1a.
            const bool narrow = who == &r.inspector || who == &r.enterprise_user;
            ids.push_back(w_->Create(*who, narrow || rng() % 2 ? r.ent1a : r.ent1b, rng() % 4 ? "general" : "major",
                                     w_->r->clock.Now() + static_cast<int64_t>(rng() % 200000)));
            continue;
        }
        if (kind == 1) {
            ids.push_back(w_->PublicReport(r.town));
            continue;
        }
        w_->RandomAct(rng, {actors, actors + 5}, ids[rng() % ids.size()], {r.ent1a, r.ent1b, r.ent2a});
    }
    EXPECT_GE(w_->store().QueryInt("SELECT COUNT(DISTINCT status) FROM hazards"), 4);
    EXPECT_GE(w_->store().QueryInt("SELECT COUNT(*) FROM hazard_events WHERE action NOT IN ('create', 'list')"), 20);
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
    EXPECT_EQ(w_->StoredMonths(), w_->RecountMonths());
    // And the list totals (read from the counters) agree with a plain count per status.
    for (HazardStatus s : kAllHazardStatuses) {
        HazardFilter f;
        f.status = std::string(HazardStatusName(s));
        EXPECT_EQ(Total(r.town_officer, f),
                  w_->store().QueryInt("SELECT COUNT(*) FROM hazards WHERE town_id = ? AND status = ?",
                                       {r.town, std::string(HazardStatusName(s))}));
    }
}

TEST_P(HazardServiceTest, InsertManyKeepsCountersExactAndListsMajors) {
    auto& r = *w_->r;
    std::vector<HazardInsert> rows;
    for (int i = 0; i < 50; ++i) {
        HazardInsert in;
        in.enterprise_id = i % 3 == 0 ? r.ent1a : r.ent2a;
        in.source = "import";
        in.title = "历史隐患" + std::to_string(i);
        in.severity = i % 10 == 0 ? Severity::kMajor : Severity::kGeneral;
        in.status = i % 4 == 0 ? HazardStatus::kClosed : HazardStatus::kRectifying;
        in.found_at = w_->r->clock.Now() - 86400 * (100 - i);
        in.due_at = *in.found_at + 7 * 86400;
        in.closed_at = *in.found_at + (i % 8 == 0 ? 3 : 10) * 86400;
        rows.push_back(in);
    }
    auto ids = w_->hazards->InsertMany(rows);
    ASSERT_TRUE(ids) << ids.error().id << " " << ids.error().internal;
    EXPECT_EQ(ids->size(), 50u);
    EXPECT_EQ(w_->StoredCounts(), w_->Recount());
    EXPECT_EQ(w_->StoredMonths(), w_->RecountMonths());
    // Majors are rows 0, 10, 20, 30, 40; only 10 and 30 are still rectifying (the others closed).
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards WHERE listing_no IS NOT NULL"), 2);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards WHERE closed_on_time = 1"), 7);
    ASSERT_TRUE(w_->hazards->RefreshAllRiskLevels());
    EXPECT_EQ(Risk(r.ent2a), RiskLevel::kRed);
    // A bad row fails the whole batch.
    rows[3].category = "bogus";
    EXPECT_FALSE(w_->hazards->InsertMany(rows));
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards"), 50);
}

TEST_P(HazardServiceTest, ListValidatesItsFiltersAndRegion) {
    auto& r = *w_->r;
    HazardFilter f;
    f.status = "opened";  // "open" is the shorthand for every unsettled status
    f.severity = "big";
    f.category = "x";
    auto bad = w_->hazards->List(r.town_officer, f);
    ASSERT_FALSE(bad);
    for (const char* k : {"status", "severity", "category"}) EXPECT_TRUE(bad.error().fields.count(k)) << k;
    HazardFilter out;
    out.region_id = r.other_town;
    auto hidden = w_->hazards->List(r.town_officer, out);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, Code::kNotFound);
    w_->Create(r.inspector, r.ent1a);
    HazardFilter q;
    q.q = "通道";
    EXPECT_EQ(Total(r.town_officer, q), 1);
    q.q = "不存在";
    EXPECT_EQ(Total(r.town_officer, q), 0);
    HazardFilter other_enterprise;
    other_enterprise.enterprise_id = r.ent1b;
    EXPECT_EQ(Total(r.enterprise_user, other_enterprise), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
