#include "core/hazard/state_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace safegrid {
namespace {

// CONTRACT.md's action table, transcribed by hand with strings only, so that this test does not
// share a single line with the implementation's table.
struct ContractRow {
    std::string action, from, to;
    std::set<std::string> who;        // general hazards
    std::set<std::string> who_major;  // major hazards
};
const std::vector<ContractRow> kContract = {
    {"confirm", "reported", "rectifying", {"town", "village", "inspector"}, {"town", "village", "inspector"}},
    {"reject", "reported", "rejected", {"town", "village", "inspector"}, {"town", "village", "inspector"}},
    {"submit", "rectifying", "submitted", {"enterprise", "inspector"}, {"enterprise", "inspector"}},
    {"approve", "submitted", "closed", {"town", "village", "inspector"}, {"town"}},
    {"return", "submitted", "rectifying", {"town", "village", "inspector"}, {"town"}},
    {"extend", "rectifying", "rectifying", {"town", "village"}, {"town", "village"}},
    {"assign", "reported", "reported", {"town", "village"}, {"town", "village"}},
};
const std::vector<std::string> kStatuses = {"reported", "rectifying", "submitted", "closed", "rejected"};
const std::vector<std::string> kRoles = {"admin", "town", "village", "inspector", "enterprise"};
const std::vector<std::string> kSeverities = {"general", "major"};

constexpr UnixSeconds kNow = 1795951874;  // 2026-11-29T11:31:14Z
constexpr UnixSeconds kOldDue = kNow + 3600;
constexpr int64_t kSubmitter = 11;  // made the last submit in Facts()
constexpr int64_t kReviewer = 12;   // someone else

// Admin may do everything town may (state_machine.hpp).
bool ContractAllows(const ContractRow& row, const std::string& role, const std::string& severity) {
    const std::string as = role == "admin" ? "town" : role;
    return (severity == "major" ? row.who_major : row.who).count(as) > 0;
}

// A body that satisfies the "needs" column of the row.
ActionInput ValidInput(const std::string& action) {
    ActionInput in;
    in.action = action;
    if (action == "confirm") in.due_at = kNow + 7 * 86400;
    if (action == "reject" || action == "return" || action == "submit") in.comment = "说明";
    if (action == "extend") {
        in.due_at = kOldDue + 86400;
        in.comment = "企业申请延期";
    }
    if (action == "assign") in.enterprise_id = 7;
    if (action == "return") in.due_at = kNow + 7 * 86400;  // the old one (kOldDue) is under 3 days away
    in.actor_id = kReviewer;
    return in;
}

HazardFacts Facts(const std::string& status, const std::string& severity) {
    HazardFacts f;
    f.status = *ParseHazardStatus(status);
    f.severity = *ParseSeverity(severity);
    f.due_at = kOldDue;
    f.enterprise_id = 5;
    f.last_submitter_id = kSubmitter;
    return f;
}

TEST(HazardStateMachine, EveryActionStatusRoleAndSeverityMatchesTheContract) {
    int checked = 0;
    for (const ContractRow& row : kContract) {
        for (const std::string& status : kStatuses) {
            for (const std::string& role_name : kRoles) {
                for (const std::string& severity : kSeverities) {
                    SCOPED_TRACE(row.action + " from " + status + " by " + role_name + " on " + severity);
                    const Role role = *ParseRole(role_name);
                    const HazardFacts facts = Facts(status, severity);
                    auto with_fields = Decide(facts, role, ValidInput(row.action), kNow);
                    ActionInput bare;
                    bare.action = row.action;
                    auto without_fields = Decide(facts, role, bare, kNow);
                    ++checked;
                    if (status != row.from) {
                        ASSERT_FALSE(with_fields);
                        EXPECT_EQ(with_fields.error().code, Code::kConflict);
                        EXPECT_EQ(with_fields.error().id, "invalid_transition");
                        ASSERT_FALSE(without_fields);  // (2) comes before (4)
                        EXPECT_EQ(without_fields.error().code, Code::kConflict);
                        continue;
                    }
                    if (!ContractAllows(row, role_name, severity)) {
                        ASSERT_FALSE(with_fields);
                        EXPECT_EQ(with_fields.error().code, Code::kForbidden);
                        ASSERT_FALSE(without_fields);  // (3) comes before (4)
                        EXPECT_EQ(without_fields.error().code, Code::kForbidden);
                        continue;
                    }
                    ASSERT_TRUE(with_fields) << with_fields.error().id;
                    EXPECT_EQ(HazardStatusName(with_fields->from), row.from);
                    EXPECT_EQ(HazardStatusName(with_fields->to), row.to);
                    EXPECT_EQ(HazardActionName(with_fields->action), row.action);
                    EXPECT_EQ(SeverityName(with_fields->severity_after), severity);
                    EXPECT_EQ(with_fields->due_before, kOldDue);
                    if (row.action == "approve") {
                        EXPECT_TRUE(without_fields);  // approve needs nothing
                    } else {
                        ASSERT_FALSE(without_fields);
                        EXPECT_EQ(without_fields.error().code, Code::kValidation);
                        EXPECT_FALSE(without_fields.error().fields.empty());
                    }
                }
            }
        }
    }
    EXPECT_EQ(checked, 7 * 5 * 5 * 2);
}

TEST(HazardStateMachine, UnknownActionIsCheckedFirst) {
    for (const std::string& status : kStatuses) {
        for (const std::string& role : kRoles) {
            for (const char* bad : {"", "CONFIRM", "close", "approve ", "销号"}) {
                ActionInput in;
                in.action = bad;
                auto r = Decide(Facts(status, "major"), *ParseRole(role), in, kNow);
                ASSERT_FALSE(r);
                EXPECT_EQ(r.error().code, Code::kValidation);
                EXPECT_EQ(r.error().fields.count("action"), 1u);
            }
        }
    }
}

TEST(HazardStateMachine, AllowedActionsAgreeWithDecide) {
    for (const std::string& status : kStatuses) {
        for (const std::string& role : kRoles) {
            for (const std::string& severity : kSeverities) {
                const HazardFacts facts = Facts(status, severity);
                std::set<HazardAction> allowed;
                for (HazardAction a : AllowedActions(facts, *ParseRole(role), kReviewer)) allowed.insert(a);
                for (HazardAction a : kAllHazardActions) {
                    const bool ok =
                        Decide(facts, *ParseRole(role), ValidInput(std::string(HazardActionName(a))), kNow).has_value();
                    EXPECT_EQ(ok, allowed.count(a) > 0) << HazardActionName(a) << " " << status << " " << role;
                }
            }
        }
    }
}

// A public report without an enterprise cannot be confirmed (Decide answers 422 on enterprise_id),
// so the button must not be offered: the web app shows exactly these actions.
TEST(HazardStateMachine, ConfirmIsNotOfferedWithoutAnEnterprise) {
    for (const std::string& role : {"town", "village", "inspector", "admin"}) {
        HazardFacts facts = Facts("reported", "general");
        facts.enterprise_id = std::nullopt;
        const auto without = AllowedActions(facts, *ParseRole(role), kReviewer);
        EXPECT_EQ(std::count(without.begin(), without.end(), HazardAction::kConfirm), 0) << role;
        EXPECT_GT(std::count(without.begin(), without.end(), HazardAction::kReject), 0) << role;
        facts.enterprise_id = 5;
        const auto with = AllowedActions(facts, *ParseRole(role), kReviewer);
        EXPECT_EQ(std::count(with.begin(), with.end(), HazardAction::kConfirm), 1) << role;
    }
}

Result<Transition> Act(const std::string& status, Role role, ActionInput in, std::optional<int64_t> enterprise = 5,
                       const std::string& severity = "general") {
    HazardFacts f = Facts(status, severity);
    f.enterprise_id = enterprise;
    return Decide(f, role, in, kNow);
}

std::set<std::string> Fields(const Result<Transition>& r) {
    std::set<std::string> out;
    if (!r) {
        for (const auto& [k, v] : r.error().fields) out.insert(k);
    }
    return out;
}

TEST(HazardStateMachine, ConfirmNeedsADeadlineNotInThePastAndAnEnterprise) {
    ActionInput in{.action = "confirm"};
    EXPECT_EQ(Fields(Act("reported", Role::kVillage, in)), (std::set<std::string>{"due_at"}));
    in.due_at = kNow - 1;
    EXPECT_EQ(Fields(Act("reported", Role::kVillage, in)), (std::set<std::string>{"due_at"}));
    in.due_at = kNow;  // not in the past
    auto ok = Act("reported", Role::kVillage, in);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->due_after, kNow);
    EXPECT_EQ(ok->due_before, kOldDue);
    // A public report has no enterprise: assign first.
    EXPECT_EQ(Fields(Act("reported", Role::kTown, in, std::nullopt)), (std::set<std::string>{"enterprise_id"}));
    in.due_at.reset();
    EXPECT_EQ(Fields(Act("reported", Role::kTown, in, std::nullopt)),
              (std::set<std::string>{"due_at", "enterprise_id"}));
}

TEST(HazardStateMachine, ConfirmGradesButOnlyTownMayDowngradeAMajorHazard) {
    ActionInput in{.action = "confirm", .due_at = kNow + 86400, .severity = Severity::kMajor};
    auto up = Act("reported", Role::kInspector, in);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->severity_before, Severity::kGeneral);
    EXPECT_EQ(up->severity_after, Severity::kMajor);

    in.severity = Severity::kGeneral;
    for (Role r : {Role::kVillage, Role::kInspector}) {
        auto down = Act("reported", r, in, 5, "major");
        ASSERT_FALSE(down);
        EXPECT_EQ(down.error().code, Code::kForbidden);
    }
    for (Role r : {Role::kTown, Role::kAdmin}) {
        auto down = Act("reported", r, in, 5, "major");
        ASSERT_TRUE(down);
        EXPECT_EQ(down->severity_after, Severity::kGeneral);
    }
    // Without a severity the grade stays.
    in.severity.reset();
    EXPECT_EQ(Act("reported", Role::kVillage, in, 5, "major")->severity_after, Severity::kMajor);
}

TEST(HazardStateMachine, BlankCommentsDoNotCount) {
    // U+00A0 (pasted from a web page) is as blank as U+3000: one trim rule (core/text/trim.hpp).
    for (const char* blank : {"", " ", "\t\n", "\xE3\x80\x80", " \xE3\x80\x80 ", "\xC2\xA0", "\xEF\xBB\xBF "}) {
        ActionInput in{.action = "reject", .comment = blank};
        EXPECT_EQ(Fields(Act("reported", Role::kTown, in)), (std::set<std::string>{"comment"})) << blank;
        in.action = "return";
        in.due_at = kNow + 7 * 86400;
        EXPECT_EQ(Fields(Act("submitted", Role::kTown, in)), (std::set<std::string>{"comment"})) << blank;
        in.due_at.reset();
    }
    ActionInput in{.action = "reject", .comment = " \xE3\x80\x80不是隐患 "};
    auto r = Act("reported", Role::kTown, in);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->comment, "不是隐患");
}

// CONTRACT.md: approve and return by the user who made the last submit → 409 same_person. Every
// role and severity: same_person comes after (2) and (3) and before (4), and AllowedActions agrees.
TEST(HazardStateMachine, WhoRectifiesNeverSignsOff) {
    for (const std::string& role_name : kRoles) {
        for (const std::string& severity : kSeverities) {
            for (const std::string& action : {"approve", "return"}) {
                SCOPED_TRACE(action + " by " + role_name + " on " + severity);
                const Role role = *ParseRole(role_name);
                const HazardFacts facts = Facts("submitted", severity);
                ActionInput own = ValidInput(action);
                own.actor_id = kSubmitter;
                const auto by_other = Decide(facts, role, ValidInput(action), kNow);
                const auto by_self = Decide(facts, role, own, kNow);
                const auto allowed = AllowedActions(facts, role, kSubmitter);
                EXPECT_EQ(std::count(allowed.begin(), allowed.end(), *ParseHazardAction(action)), 0);
                if (!by_other) {  // (3) the role may not: 403 for everyone, submitter or not
                    ASSERT_FALSE(by_self);
                    EXPECT_EQ(by_self.error().code, by_other.error().code);
                    continue;
                }
                ASSERT_FALSE(by_self);
                EXPECT_EQ(by_self.error().code, Code::kConflict);
                EXPECT_EQ(by_self.error().id, "same_person");
                ActionInput bare{.action = action, .actor_id = kSubmitter};
                const auto bare_self = Decide(facts, role, bare, kNow);  // (3b) comes before (4)
                ASSERT_FALSE(bare_self);
                EXPECT_EQ(bare_self.error().id, "same_person");
            }
        }
    }
    // Not submitted yet (a stale screen): invalid_transition first.
    ActionInput own = ValidInput("approve");
    own.actor_id = kSubmitter;
    EXPECT_EQ(Decide(Facts("rectifying", "general"), Role::kInspector, own, kNow).error().id, "invalid_transition");
    // Without a submit in the history nobody is refused.
    HazardFacts none = Facts("submitted", "general");
    none.last_submitter_id.reset();
    EXPECT_TRUE(Decide(none, Role::kInspector, own, kNow));
}

TEST(HazardStateMachine, ThePrimaryActionFollowsRoleAndStateAndComesFirst) {
    struct Case {
        std::string status;
        Role role;
        int64_t actor;
        std::optional<HazardAction> primary;
    };
    const std::vector<Case> cases = {
        {"reported", Role::kInspector, kReviewer, HazardAction::kConfirm},
        {"rectifying", Role::kEnterprise, kReviewer, HazardAction::kSubmit},
        {"rectifying", Role::kInspector, kReviewer, std::nullopt},  // the enterprise's move, not his
        {"rectifying", Role::kTown, kReviewer, std::nullopt},       // extend is the exception
        {"submitted", Role::kInspector, kReviewer, HazardAction::kApprove},
        {"submitted", Role::kInspector, kSubmitter, std::nullopt},  // nothing left for him
        {"submitted", Role::kAdmin, kReviewer, HazardAction::kApprove},
        {"closed", Role::kTown, kReviewer, std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.status + " " + std::string(RoleName(c.role)));
        const HazardFacts facts = Facts(c.status, "general");
        EXPECT_EQ(PrimaryAction(facts, c.role, c.actor), c.primary);
        const auto allowed = AllowedActions(facts, c.role, c.actor);
        if (c.primary) {
            ASSERT_FALSE(allowed.empty());
            EXPECT_EQ(allowed.front(), *c.primary);
        }
    }
    // An inspector on a rectifying hazard may still submit a fix made on the spot.
    EXPECT_EQ(AllowedActions(Facts("rectifying", "general"), Role::kInspector, kReviewer),
              (std::vector<HazardAction>{HazardAction::kSubmit}));
    // A report without an enterprise: town assigns first, before rejecting.
    HazardFacts report = Facts("reported", "general");
    report.enterprise_id.reset();
    EXPECT_EQ(AllowedActions(report, Role::kTown, kReviewer),
              (std::vector<HazardAction>{HazardAction::kAssign, HazardAction::kReject}));
}

TEST(HazardStateMachine, ReturnAsksANewDeadlineWhenTheOldIsUnderThreeDaysAway) {
    HazardFacts f = Facts("submitted", "general");
    ActionInput in{.action = "return", .comment = "照片看不清", .actor_id = kReviewer};
    for (UnixSeconds old : {kNow - 86400, kNow, kNow + 3 * 86400 - 1}) {
        f.due_at = old;
        EXPECT_TRUE(ReturnNeedsDueAt(f, kNow));
        in.due_at.reset();
        EXPECT_EQ(Fields(Decide(f, Role::kTown, in, kNow)), (std::set<std::string>{"due_at"}));
        in.due_at = kNow - 1;  // a deadline already gone is not a new one
        EXPECT_EQ(Fields(Decide(f, Role::kTown, in, kNow)), (std::set<std::string>{"due_at"}));
        in.due_at = kNow + 5 * 86400;
        auto ok = Decide(f, Role::kTown, in, kNow);
        ASSERT_TRUE(ok);
        EXPECT_EQ(ok->due_before, old);
        EXPECT_EQ(ok->due_after, kNow + 5 * 86400);
    }
    f.due_at.reset();  // no deadline at all: one is needed to go back to rectifying
    EXPECT_TRUE(ReturnNeedsDueAt(f, kNow));
    // Three days or more away: the old deadline stays; a new one must be later.
    f.due_at = kNow + 3 * 86400;
    EXPECT_FALSE(ReturnNeedsDueAt(f, kNow));
    in.due_at.reset();
    auto keep = Decide(f, Role::kTown, in, kNow);
    ASSERT_TRUE(keep);
    EXPECT_EQ(keep->due_after, kNow + 3 * 86400);
    in.due_at = kNow + 86400;
    EXPECT_EQ(Fields(Decide(f, Role::kTown, in, kNow)), (std::set<std::string>{"due_at"}));
    in.due_at = kNow + 10 * 86400;
    EXPECT_EQ(Decide(f, Role::kTown, in, kNow)->due_after, kNow + 10 * 86400);
}

TEST(HazardStateMachine, SubmitNeedsACommentOrAttachments) {
    ActionInput in{.action = "submit"};
    EXPECT_EQ(Fields(Act("rectifying", Role::kEnterprise, in)), (std::set<std::string>{"comment", "attachments"}));
    in.attachment_count = 2;
    EXPECT_TRUE(Act("rectifying", Role::kEnterprise, in));
    in.attachment_count = 0;
    in.comment = "已清理通道";
    EXPECT_TRUE(Act("rectifying", Role::kInspector, in));
}

TEST(HazardStateMachine, ExtendNeedsALaterDeadlineNotInThePastAndAComment) {
    ActionInput in{.action = "extend"};
    EXPECT_EQ(Fields(Act("rectifying", Role::kTown, in)), (std::set<std::string>{"comment", "due_at"}));
    in.comment = "延期";
    in.due_at = kOldDue;  // not later
    EXPECT_EQ(Fields(Act("rectifying", Role::kTown, in)), (std::set<std::string>{"due_at"}));
    in.due_at = kOldDue - 10;
    EXPECT_EQ(Fields(Act("rectifying", Role::kTown, in)), (std::set<std::string>{"due_at"}));
    in.due_at = kOldDue + 1;
    auto ok = Act("rectifying", Role::kVillage, in);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->from, HazardStatus::kRectifying);
    EXPECT_EQ(ok->to, HazardStatus::kRectifying);
    EXPECT_EQ(ok->due_before, kOldDue);
    EXPECT_EQ(ok->due_after, kOldDue + 1);

    // Overdue hazard: later than the old deadline but still in the past is refused.
    HazardFacts overdue = Facts("rectifying", "general");
    overdue.due_at = kNow - 10 * 86400;
    in.due_at = kNow - 86400;
    auto past = Decide(overdue, Role::kTown, in, kNow);
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().fields.count("due_at"), 1u);
    in.due_at = kNow + 86400;
    EXPECT_TRUE(Decide(overdue, Role::kTown, in, kNow));
}

TEST(HazardStateMachine, AssignNeedsAnEnterpriseAndSetsIt) {
    ActionInput in{.action = "assign"};
    EXPECT_EQ(Fields(Act("reported", Role::kTown, in, std::nullopt)), (std::set<std::string>{"enterprise_id"}));
    in.enterprise_id = 0;
    EXPECT_EQ(Fields(Act("reported", Role::kTown, in, std::nullopt)), (std::set<std::string>{"enterprise_id"}));
    in.enterprise_id = 42;
    auto ok = Act("reported", Role::kVillage, in, std::nullopt);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->enterprise_before, std::nullopt);
    EXPECT_EQ(ok->enterprise_after, 42);
    EXPECT_EQ(ok->to, HazardStatus::kReported);
}

TEST(HazardStateMachine, MajorApprovalTellsWhyItIsForbidden) {
    auto r = Act("submitted", Role::kVillage, ActionInput{.action = "approve"}, 5, "major");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kForbidden);
    EXPECT_NE(r.error().message.zh.find("镇"), std::string::npos);
}

TEST(HazardWords, StaffRewordWhileReportedOrRectifyingOnly) {
    for (Role role : {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector}) {
        EXPECT_TRUE(MayEditWords(HazardStatus::kReported, role));
        EXPECT_TRUE(MayEditWords(HazardStatus::kRectifying, role));
        EXPECT_FALSE(MayEditWords(HazardStatus::kSubmitted, role));
        EXPECT_FALSE(MayEditWords(HazardStatus::kClosed, role));
        EXPECT_FALSE(MayEditWords(HazardStatus::kRejected, role));
    }
    EXPECT_FALSE(MayEditWords(HazardStatus::kReported, Role::kEnterprise));
    EXPECT_TRUE(WordsEditable(HazardStatus::kReported));
    EXPECT_FALSE(RoleMayEditWords(Role::kEnterprise));
}

TEST(HazardCreate, StaffCreateRectifyingWithADeadlineEnterprisesReport) {
    for (Role r : {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector}) {
        auto ok = DecideCreate(r, kNow + 60, kNow);
        ASSERT_TRUE(ok);
        EXPECT_EQ(ok->status, HazardStatus::kRectifying);
        EXPECT_EQ(ok->due_at, kNow + 60);
        auto missing = DecideCreate(r, std::nullopt, kNow);
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().fields.count("due_at"), 1u);
        EXPECT_FALSE(DecideCreate(r, kNow - 1, kNow));
    }
    auto e = DecideCreate(Role::kEnterprise, kNow + 60, kNow);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, HazardStatus::kReported);
    EXPECT_EQ(e->due_at, std::nullopt);
}

}  // namespace
}  // namespace safegrid
