#include "core/hazard/state_machine.hpp"

#include <string_view>

#include "core/text/trim.hpp"

namespace safegrid {
namespace {

// A set of roles as bits, so a table row reads like the contract's "who" column.
using RoleSet = unsigned;
constexpr RoleSet Bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr RoleSet kTown = Bit(Role::kTown);
constexpr RoleSet kVillage = Bit(Role::kVillage);
constexpr RoleSet kInspector = Bit(Role::kInspector);
constexpr RoleSet kEnterprise = Bit(Role::kEnterprise);

struct Rule {
    HazardAction action;
    HazardStatus from;
    HazardStatus to;
    RoleSet who_general;    // who may, when the hazard is general
    RoleSet who_major;      // who may, when the hazard is major
    bool not_by_submitter;  // refused to the last submitter: 409 same_person
    RoleSet primary_for;    // the roles expected to take it next (PrimaryAction)
};
constexpr RoleSet kStaff = kTown | kVillage | kInspector;
constexpr bool kSignOff = true;  // who rectifies never signs off

// CONTRACT.md's table. Admin is not listed: it is treated as town (see AsTableRole).
constexpr Rule kRules[] = {
    //  action                 from                      to                         who (general)  who (major)
    //  not_by_submitter  primary_for
    {HazardAction::kConfirm, HazardStatus::kReported, HazardStatus::kRectifying, kStaff, kStaff, false, kStaff},
    {HazardAction::kReject, HazardStatus::kReported, HazardStatus::kRejected, kStaff, kStaff, false, 0},
    {HazardAction::kSubmit, HazardStatus::kRectifying, HazardStatus::kSubmitted, kEnterprise | kInspector,
     kEnterprise | kInspector, false, kEnterprise},
    {HazardAction::kApprove, HazardStatus::kSubmitted, HazardStatus::kClosed, kStaff, kTown, kSignOff, kStaff},
    {HazardAction::kReturn, HazardStatus::kSubmitted, HazardStatus::kRectifying, kStaff, kTown, kSignOff, 0},
    {HazardAction::kExtend, HazardStatus::kRectifying, HazardStatus::kRectifying, kTown | kVillage, kTown | kVillage,
     false, 0},
    {HazardAction::kAssign, HazardStatus::kReported, HazardStatus::kReported, kTown | kVillage, kTown | kVillage, false,
     kTown | kVillage},
};

const Rule* FindRule(HazardAction action) {
    for (const Rule& r : kRules)
        if (r.action == action) return &r;
    return nullptr;
}

// Admin may do everything town may.
Role AsTableRole(Role role) { return role == Role::kAdmin ? Role::kTown : role; }

bool RoleMay(const Rule& rule, Severity severity, Role role) {
    const RoleSet who = severity == Severity::kMajor ? rule.who_major : rule.who_general;
    return (who & Bit(AsTableRole(role))) != 0;
}

bool IsLastSubmitter(const HazardFacts& facts, int64_t actor_id) {
    return facts.last_submitter_id && *facts.last_submitter_id == actor_id;
}

const Text kCommentRequired{"请填写说明", "A comment is required"};
const Text kDueRequired{"请填写整改期限", "A deadline (due_at) is required"};
const Text kDueInPast{"整改期限不能早于当前时间", "The deadline may not be in the past"};

void CheckNewDeadline(Validation& v, const std::optional<UnixSeconds>& due, UnixSeconds now) {
    if (!due) {
        v.Add("due_at", kDueRequired);
    } else if (*due < now) {
        v.Add("due_at", kDueInPast);
    }
}

tl::unexpected<Error> InvalidTransition(HazardStatus from, HazardAction action) {
    Error e{Code::kConflict,
            "invalid_transition",
            {std::string("当前状态“") + std::string(HazardStatusLabelZh(from)) + "”不能执行此操作",
             std::string("Action '") + std::string(HazardActionName(action)) + "' is not possible from status '" +
                 std::string(HazardStatusName(from)) + "'"},
            {},
            std::string(HazardActionName(action)) + " from " + std::string(HazardStatusName(from))};
    return Fail(std::move(e));
}

tl::unexpected<Error> SamePerson() {
    return Fail(Error{Code::kConflict,
                      "same_person",
                      {"整改提交人不能验收或退回自己的整改", "Whoever submitted the rectification may not sign it off"},
                      {},
                      {}});
}

tl::unexpected<Error> RoleForbidden(Text why) {
    return Fail(Error{Code::kForbidden, "forbidden", std::move(why), {}, {}});
}

}  // namespace

bool HasText(const std::optional<std::string>& text) { return text && !TrimWhitespace(*text).empty(); }

Result<Transition> Decide(const HazardFacts& facts, Role role, const ActionInput& input, UnixSeconds now) {
    // (1) known action
    const std::optional<HazardAction> action = ParseHazardAction(input.action);
    if (!action) {
        return Invalid("action", {"操作必须是 confirm、reject、submit、approve、return、extend、assign 之一",
                                  "action must be one of confirm, reject, submit, approve, return, extend, assign"});
    }
    const Rule* rule = FindRule(*action);
    if (rule == nullptr) return Internal("no rule for a known action");

    // (2) valid from this status
    if (rule->from != facts.status) return InvalidTransition(facts.status, *action);

    // (3) role
    if (!RoleMay(*rule, facts.severity, AsTableRole(role))) {
        if (facts.severity == Severity::kMajor && RoleMay(*rule, Severity::kGeneral, role)) {
            return RoleForbidden({"重大隐患须由镇级验收", "Only the town may verify a major hazard"});
        }
        return RoleForbidden({"无权执行此操作", "You are not allowed to do this"});
    }
    const bool downgrade =
        *action == HazardAction::kConfirm && facts.severity == Severity::kMajor && input.severity == Severity::kGeneral;
    if (downgrade && AsTableRole(role) != Role::kTown) {
        return RoleForbidden({"重大隐患只能由镇级降级", "Only the town may downgrade a major hazard"});
    }

    // (3b) who rectifies never signs off
    if (rule->not_by_submitter && IsLastSubmitter(facts, input.actor_id)) return SamePerson();

    // (4) fields
    Transition t;
    t.action = *action;
    t.from = facts.status;
    t.to = rule->to;
    t.severity_before = t.severity_after = facts.severity;
    t.due_before = t.due_after = facts.due_at;
    t.enterprise_before = t.enterprise_after = facts.enterprise_id;
    if (HasText(input.comment)) t.comment = std::string(TrimWhitespace(*input.comment));

    Validation v;
    switch (*action) {
        case HazardAction::kConfirm:
            CheckNewDeadline(v, input.due_at, now);
            if (!facts.enterprise_id) {
                v.Add("enterprise_id", {"确认前须先指派企业（assign）", "Assign an enterprise before confirming"});
            }
            if (input.severity) t.severity_after = *input.severity;
            t.due_after = input.due_at;
            break;
        case HazardAction::kReject:
            if (!t.comment) v.Add("comment", kCommentRequired);
            break;
        case HazardAction::kReturn:
            if (!t.comment) v.Add("comment", kCommentRequired);
            if (ReturnNeedsDueAt(facts, now)) {
                CheckNewDeadline(v, input.due_at, now);
            } else if (input.due_at && facts.due_at && *input.due_at <= *facts.due_at) {
                v.Add("due_at", {"新的整改期限须晚于原期限", "The new deadline must be later than the current one"});
            }
            if (input.due_at) t.due_after = input.due_at;
            break;
        case HazardAction::kSubmit:
            if (!t.comment && input.attachment_count == 0) {
                const Text why{"请填写整改说明或上传整改照片", "Add a comment or attach evidence"};
                v.Add("comment", why);
                v.Add("attachments", why);
            }
            break;
        case HazardAction::kApprove:
            break;
        case HazardAction::kExtend:
            if (!t.comment) v.Add("comment", kCommentRequired);
            if (!input.due_at) {
                v.Add("due_at", kDueRequired);
            } else if (facts.due_at && *input.due_at <= *facts.due_at) {
                v.Add("due_at", {"新的整改期限须晚于原期限", "The new deadline must be later than the current one"});
            } else if (*input.due_at < now) {
                v.Add("due_at", kDueInPast);
            }
            t.due_after = input.due_at;
            break;
        case HazardAction::kAssign:
            if (!input.enterprise_id) {
                v.Add("enterprise_id", {"请选择企业", "enterprise_id is required"});
            } else if (*input.enterprise_id <= 0) {
                v.Add("enterprise_id", {"企业编号无效", "enterprise_id is not a valid id"});
            }
            t.enterprise_after = input.enterprise_id;
            break;
    }
    if (!v.Ok()) return v.Fail();
    return t;
}

namespace {

std::vector<const Rule*> AllowedRules(const HazardFacts& facts, Role role, int64_t actor_id) {
    std::vector<const Rule*> out;
    for (const Rule& r : kRules) {
        if (r.from != facts.status || !RoleMay(r, facts.severity, role)) continue;
        if (r.not_by_submitter && IsLastSubmitter(facts, actor_id)) continue;
        // confirm without an enterprise always fails Decide's field check: `assign` comes first.
        if (r.action == HazardAction::kConfirm && !facts.enterprise_id) continue;
        out.push_back(&r);
    }
    return out;
}

}  // namespace

std::optional<HazardAction> PrimaryAction(const HazardFacts& facts, Role role, int64_t actor_id) {
    for (const Rule* r : AllowedRules(facts, role, actor_id))
        if ((r->primary_for & Bit(AsTableRole(role))) != 0) return r->action;
    return std::nullopt;
}

std::vector<HazardAction> AllowedActions(const HazardFacts& facts, Role role, int64_t actor_id) {
    const std::optional<HazardAction> primary = PrimaryAction(facts, role, actor_id);
    std::vector<HazardAction> out;
    if (primary) out.push_back(*primary);
    for (const Rule* r : AllowedRules(facts, role, actor_id))
        if (r->action != primary) out.push_back(r->action);
    return out;
}

bool WordsEditable(HazardStatus status) {
    return status == HazardStatus::kReported || status == HazardStatus::kRectifying;
}

bool RoleMayEditWords(Role role) {
    return role == Role::kAdmin || role == Role::kTown || role == Role::kVillage || role == Role::kInspector;
}

bool ReturnNeedsDueAt(const HazardFacts& facts, UnixSeconds now) {
    return !facts.due_at || *facts.due_at - now < kReturnMinimumTimeLeft;
}

Result<NewHazardState> DecideCreate(Role role, std::optional<UnixSeconds> due_at, UnixSeconds now) {
    if (role == Role::kEnterprise) return NewHazardState{HazardStatus::kReported, std::nullopt};
    Validation v;
    CheckNewDeadline(v, due_at, now);
    if (!v.Ok()) return v.Fail();
    return NewHazardState{HazardStatus::kRectifying, due_at};
}

}  // namespace safegrid
