#include "services/notification_service.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "services/notification_text.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::NotificationRepository;
using storage::Recipient;

// The body: the deadline (the town's calendar day) and, when the actor wrote one, their comment.
std::string Body(const HazardRecord& h, const std::optional<std::string>& comment, UnixSeconds now,
                 const TimeZone& zone) {
    std::string body = DeadlineLine(h.due_at, now, zone);
    if (comment && !comment->empty()) body += (body.empty() ? "" : "；") + std::string("说明：") + *comment;
    return body;
}

constexpr const char* kPublicReportKind = "public_report";

// A citizen's report goes to the staff of the place it belongs to, the narrowest one known: the
// grid's inspectors when it names an enterprise, the village's officers when it was placed in a
// village, else the town's office.
unsigned PublicReportAudience(const HazardRecord& h) {
    if (h.enterprise_id && h.path.grid_id) return kGridInspectors;
    if (h.path.village_id) return kVillageOfficers;
    return kTownUsers;
}

struct EventRule {
    unsigned audience = 0;
    NotificationText text;
};

// Who hears of an event and what they read (the table in the header). Empty audience: nobody.
// Every title names the enterprise and the hazard (see notification_text.hpp).
EventRule RuleFor(const HazardEventInfo& info, const HazardSubject& s, UnixSeconds now, const TimeZone& zone) {
    const HazardRecord& h = info.hazard;
    const std::string zh = SubjectZh(s);
    const std::string en = SubjectEn(s);
    const std::string body = Body(h, info.event.comment, now, zone);
    const std::string deadline = DeadlineLine(h.due_at, now, zone);
    const std::string& a = info.event.action;
    if (a == "create") {
        // Historic rows (imports of closed or rejected hazards) are not news.
        if (h.status == HazardStatus::kClosed || h.status == HazardStatus::kRejected) return {};
        const Text report{"群众举报" + zh, "Public report: " + en};
        if (h.source == "public") return {PublicReportAudience(h), {kPublicReportKind, report, body}};
        if (!h.enterprise_id) return {kTownUsers, {"public_report", report, body}};
        return {kEnterpriseUsers | kGridInspectors, {"hazard_created", {"新" + zh, "New: " + en}, body}};
    }
    if (a == "confirm") {
        return {kEnterpriseUsers | kGridInspectors,
                {"hazard_confirmed", {zh + "已确认，请按期整改", en + " confirmed: rectify by the deadline"}, body}};
    }
    if (a == "submit") {
        return {kGridInspectors | (h.severity == Severity::kMajor ? kTownUsers : 0u),
                {"hazard_submitted", {zh + "已提交整改，请复查", en + ": rectification submitted for review"}, body}};
    }
    if (a == "approve") {
        return {kEnterpriseUsers, {"hazard_approved", {zh + "已销号", en + " closed"}, body}};
    }
    if (a == "return") {
        return {kEnterpriseUsers,
                {"hazard_returned",
                 {zh + "整改未通过复查，请继续整改", en + ": rectification returned, rectify again"},
                 body}};
    }
    if (a == "reject") {
        return {kEnterpriseUsers, {"hazard_rejected", {zh + "上报未被采纳", en + ": report rejected"}, body}};
    }
    if (a == "extend") {
        return {kEnterpriseUsers, {"deadline_extended", {zh + "整改期限已延长", en + ": deadline extended"}, body}};
    }
    if (a == "assign") {
        return {kEnterpriseUsers | kGridInspectors,
                {"hazard_assigned", {zh + "已指派给企业", en + " assigned to the enterprise"}, body}};
    }
    if (a == "list") {
        const std::string no = h.listing_no.value_or("");
        return {kTownUsers,
                {"supervised",
                 {SubjectZh(s, "重大隐患") + "挂牌督办（" + no + "）",
                  SubjectEn(s, "Major hazard") + " listed for supervision (" + no + ")"},
                 deadline}};
    }
    if (a == "escalate" && h.escalation_level == 1) {
        return {kVillageOfficers, {"overdue_village", {zh + "逾期未整改", en + " overdue"}, deadline}};
    }
    if (a == "escalate" && h.escalation_level >= 2) {
        return {kTownUsers,
                {"overdue_town", {zh + "逾期三天以上仍未整改", en + " overdue for more than three days"}, deadline}};
    }
    return {};  // link (a rejected duplicate) and anything new: nobody
}

// The escalation notifications use the deadline job's keys, so a level reached again after an
// extension (a new due_at) notifies again while a repeat for the same deadline does not.
std::string DedupePrefix(const HazardEventInfo& info) {
    const HazardRecord& h = info.hazard;
    if (info.event.action == "escalate") {
        return "overdue" + std::to_string(std::min<int64_t>(h.escalation_level, 2)) + ":" + std::to_string(h.id) + ":" +
               std::to_string(h.due_at.value_or(0));
    }
    return "event:" + std::to_string(info.event.id);
}

std::string HazardLink(int64_t hazard_id) { return "/hazards/" + std::to_string(hazard_id); }

// What the outbound channel receives for one notification.
std::string Payload(const NotificationRecord& n, const Recipient& to) {
    bj::object o;
    o["id"] = n.id;
    o["user_id"] = n.user_id;
    o["username"] = to.username;
    if (!to.phone.empty()) o["phone"] = to.phone;
    o["kind"] = n.kind;
    o["title"] = n.title;
    o["title_en"] = n.title_en;
    o["body"] = n.body;
    o["link"] = n.link;
    o["hazard_id"] = n.hazard_id ? bj::value(*n.hazard_id) : bj::value(nullptr);
    o["created_at"] = FormatRfc3339(n.created_at);
    return bj::serialize(o);
}

}  // namespace

NotificationService::NotificationService(std::shared_ptr<storage::Database> db, const Clock& clock,
                                         NotificationOptions options)
    : db_(std::move(db)), clock_(clock), options_(options) {}

Result<std::vector<Recipient>> NotificationService::Recipients(storage::Connection& conn, const HazardRecord& h,
                                                               unsigned audience) {
    NotificationRepository repo(conn);
    const int64_t town = h.path.town_id;
    std::vector<Recipient> out;
    auto add = [&](std::vector<Recipient> more) { out.insert(out.end(), more.begin(), more.end()); };
    if ((audience & kEnterpriseUsers) && h.enterprise_id) {
        SG_ASSIGN_OR_RETURN(auto users, repo.Users(town, "enterprise", std::nullopt, h.enterprise_id));
        add(std::move(users));
    }
    if ((audience & kGridInspectors) && h.path.grid_id) {
        SG_ASSIGN_OR_RETURN(auto users, repo.Users(town, "inspector", h.path.grid_id, std::nullopt));
        add(std::move(users));
    }
    if ((audience & kVillageOfficers) && h.path.village_id) {
        SG_ASSIGN_OR_RETURN(auto users, repo.Users(town, "village", h.path.village_id, std::nullopt));
        add(std::move(users));
        SG_ASSIGN_OR_RETURN(auto responsible, repo.ResponsibleUser(*h.path.village_id));
        if (responsible) out.push_back(*responsible);
    }
    if (audience & kTownUsers) {
        SG_ASSIGN_OR_RETURN(auto users, repo.Users(town, "town", std::nullopt, std::nullopt));
        add(std::move(users));
    }
    return out;
}

Result<int64_t> NotificationService::NotifyHazard(storage::Connection& conn, const HazardRecord& h, unsigned audience,
                                                  const NotificationText& text, const std::string& dedupe_prefix,
                                                  std::optional<int64_t> except_user) {
    SG_ASSIGN_OR_RETURN(auto recipients, Recipients(conn, h, audience));
    return Write(conn, h.path.town_id, h.id, HazardLink(h.id), recipients, text, dedupe_prefix, except_user,
                 std::nullopt);
}

Result<int64_t> NotificationService::NotifyPublicReport(storage::Connection& conn, const HazardRecord& h,
                                                        const NotificationText& text,
                                                        const std::string& dedupe_prefix) {
    unsigned audience = PublicReportAudience(h);
    SG_ASSIGN_OR_RETURN(auto recipients, Recipients(conn, h, audience));
    if (recipients.empty() && audience != kTownUsers) {
        // Nobody staffs that grid or village (yet): the town's office must still hear of it.
        audience = kTownUsers;
        SG_ASSIGN_OR_RETURN(recipients, Recipients(conn, h, audience));
    }
    if (recipients.empty()) return int64_t{0};
    // One phone rings, not the whole office: the place's responsible person
    // (regions.responsible_user_id) when they are among the recipients, else the first of them.
    const int64_t region = audience == kGridInspectors    ? h.path.grid_id.value_or(0)
                           : audience == kVillageOfficers ? h.path.village_id.value_or(0)
                                                          : h.path.town_id;
    int64_t outbound_to = recipients.front().id;
    SG_ASSIGN_OR_RETURN(auto responsible, NotificationRepository(conn).ResponsibleUser(region));
    if (responsible && std::any_of(recipients.begin(), recipients.end(),
                                   [&](const Recipient& r) { return r.id == responsible->id; })) {
        outbound_to = responsible->id;
    }
    return Write(conn, h.path.town_id, h.id, HazardLink(h.id), recipients, text, dedupe_prefix, std::nullopt,
                 outbound_to);
}

Result<int64_t> NotificationService::NotifyUsers(storage::Connection& conn, int64_t town_id,
                                                 const std::vector<Recipient>& recipients, const NotificationText& text,
                                                 const std::string& link, const std::string& dedupe_prefix) {
    return Write(conn, town_id, std::nullopt, link, recipients, text, dedupe_prefix, std::nullopt, std::nullopt);
}

Result<int64_t> NotificationService::Write(storage::Connection& conn, int64_t town_id, std::optional<int64_t> hazard_id,
                                           const std::string& link, const std::vector<Recipient>& recipients,
                                           const NotificationText& text, const std::string& dedupe_prefix,
                                           std::optional<int64_t> except_user,
                                           std::optional<int64_t> only_outbound_to) {
    NotificationRepository repo(conn);
    const UnixSeconds now = clock_.Now();
    std::set<int64_t> told;  // a user in two audiences (the responsible person is also an officer) once
    int64_t written = 0;
    for (const Recipient& to : recipients) {
        if (to.id == except_user || !told.insert(to.id).second) continue;
        NotificationRecord n;
        n.town_id = town_id;
        n.user_id = to.id;
        n.kind = text.kind;
        n.hazard_id = hazard_id;
        n.title = text.title.zh;
        n.title_en = text.title.en;
        n.body = text.body;
        n.link = link;
        n.dedupe_key = dedupe_prefix + ":" + std::to_string(to.id);
        n.created_at = now;
        SG_ASSIGN_OR_RETURN(auto id, repo.Insert(n));
        if (!id) continue;  // told already (a job that ran twice)
        n.id = *id;
        ++written;
        if (options_.outbound && (!only_outbound_to || *only_outbound_to == to.id))
            SG_TRY(repo.InsertOutbox(n.town_id, n.id, Payload(n, to), now));
    }
    return written;
}

Status NotificationService::OnHazardEvent(storage::Connection& conn, const HazardEventInfo& info) {
    // A new deadline starts the ladder again (the job's keys carry due_at, so it notifies again).
    if (info.event.action == "extend") SG_TRY(NotificationRepository(conn).ResetEscalation(info.hazard.id));
    SG_ASSIGN_OR_RETURN(const HazardSubject subject, SubjectOf(conn, info.hazard));
    const EventRule rule = RuleFor(info, subject, clock_.Now(), options_.zone);
    if (rule.audience == 0) return {};
    if (rule.text.kind == kPublicReportKind && info.hazard.source == "public") {
        SG_TRY(NotifyPublicReport(conn, info.hazard, rule.text, DedupePrefix(info)));
        return {};
    }
    std::optional<int64_t> actor;
    if (info.actor) actor = info.actor->user_id;
    SG_TRY(NotifyHazard(conn, info.hazard, rule.audience, rule.text, DedupePrefix(info), actor));
    return {};
}

Result<NotificationPage> NotificationService::List(const Principal& caller, const NotificationQuery& query) {
    // A town user's notifications all carry its town: the inbox stays on that town's shard.
    const storage::TownLimit inbox = storage::TownLimit::Of(caller);
    const int64_t limit = std::clamp<int64_t>(query.limit, 1, 200);
    const int64_t offset = std::max<int64_t>(0, query.offset);
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<NotificationPage> {
        NotificationRepository repo(conn);
        NotificationPage page;
        SG_ASSIGN_OR_RETURN(page.items, repo.ListForUser(caller.user_id, query.unread_only, offset, limit, inbox));
        SG_ASSIGN_OR_RETURN(page.unread, repo.CountForUser(caller.user_id, true, inbox));
        if (query.unread_only) {
            page.total = page.unread;
        } else {
            SG_ASSIGN_OR_RETURN(page.total, repo.CountForUser(caller.user_id, false, inbox));
        }
        return page;
    });
}

Result<NotificationRecord> NotificationService::MarkRead(const Principal& caller, int64_t id) {
    const storage::TownLimit inbox = storage::TownLimit::Of(caller);
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<NotificationRecord> {
        NotificationRepository repo(conn);
        SG_TRY(repo.MarkRead(id, caller.user_id, clock_.Now(), inbox));
        SG_ASSIGN_OR_RETURN(auto n, repo.FindForUser(id, caller.user_id, inbox));
        if (!n) return NotFound();
        return *n;
    });
}

Result<int64_t> NotificationService::MarkAllRead(const Principal& caller) {
    const storage::TownLimit inbox = storage::TownLimit::Of(caller);
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
        return NotificationRepository(conn).MarkAllRead(caller.user_id, clock_.Now(), inbox);
    });
}

}  // namespace safegrid::services
