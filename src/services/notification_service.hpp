// Notifications: the in-app inbox (GET /api/v1/notifications, mark read) and the writer every
// notification goes through (hazard transitions via HazardService::on_event, deadline reminders and
// escalations via EscalationJob).
//
// ONE TRANSACTION (the transactional outbox): a notification is written in the transaction of the
// change it reports, through the connection it is given. A crash before commit loses both, a crash
// after keeps both; nothing is sent from here. When an outbound channel is configured, each
// notification also gets its outbox row in that transaction; OutboxSender delivers it after commit.
//
// ONCE ONLY: every notification has a dedupe_key (UNIQUE in the store): "event:<hazard event id>:<user>"
// for transitions, "<kind key>:<hazard>:<due_at>:<user>" for the deadline job (reminder3, due,
// overdue1, overdue2), so a job that runs twice or again after a restart writes nothing new, and an
// extended deadline (a new due_at) reminds again.
//
// Who is told (the actor is never told of their own action):
//   create/confirm → the enterprise's users and the grid's inspectors (a hazard without an enterprise:
//                    the town's users); created already closed/rejected (history): nobody;
//   create of a public report (source "public") → once, the staff of its place: the grid's
//                    inspectors when it names an enterprise, else the village's officers when it lies
//                    in a village, else the town's office users (role town); an empty grid or village
//                    falls back to the town. In-app to each of them, but the outbound channel (SMS,
//                    webhook) to ONE person only: the place's responsible user, else the first;
//   submit         → the grid's inspectors, and the town's users for a major hazard;
//   approve/return/reject/extend → the enterprise's users; assign → enterprise users and inspectors;
//   list (挂牌督办) → the town's users; escalate → level 1: the village officers and the village's
//   responsible person (regions.responsible_user_id), level 2: the town's users.
// "Users" are enabled users of the hazard's town: role enterprise with its enterprise_id, role
// inspector with region_id = the grid, role village with region_id = the village, role town.
//
// Marking read is the reader's own inbox state, not a change to the town's data: it is not audited.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/hazard_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {

using storage::NotificationRecord;

struct NotificationOptions {
    bool outbound = false;  // write an outbox row with every notification (a webhook is configured)
    TimeZone zone;          // config `time_zone`: the day a deadline is printed as
};

// Who a hazard notification goes to; combine with |.
enum Audience : unsigned {
    kEnterpriseUsers = 1,
    kGridInspectors = 2,
    kVillageOfficers = 4,  // role village of the hazard's village, plus the village's responsible user
    kTownUsers = 8,
};

// What a notification says. The body is Chinese only (one column); titles are in both languages.
struct NotificationText {
    std::string kind;  // hazard_created, reminder, overdue_village, ...
    Text title;
    std::string body;
};

struct NotificationQuery {
    bool unread_only = false;
    int64_t offset = 0;
    int64_t limit = 20;  // clamped to 1..200
};

struct NotificationPage {
    std::vector<NotificationRecord> items;  // newest first
    int64_t total = 0;                      // under the query's filter
    int64_t unread = 0;                     // the caller's unread count, whatever the filter
};

class NotificationService {
  public:
    NotificationService(std::shared_ptr<storage::Database> db, const Clock& clock, NotificationOptions options = {});

    // HazardService::on_event: writes the notifications of one hazard event (rules above) inside the
    // transition's transaction. On "extend" it also puts the escalation ladder back to level 0.
    Status OnHazardEvent(storage::Connection& conn, const HazardEventInfo& info);

    // Writes `text` about `hazard` to every user of `audience` except `except_user`, with dedupe key
    // "<dedupe_prefix>:<user id>" (and its outbox row when outbound). Returns how many were new.
    Result<int64_t> NotifyHazard(storage::Connection& conn, const HazardRecord& hazard, unsigned audience,
                                 const NotificationText& text, const std::string& dedupe_prefix,
                                 std::optional<int64_t> except_user = std::nullopt);

    // A notification that is not about a hazard (a device alarm, services/alarm_notifier.hpp): `text`
    // with `link` to each recipient once, dedupe key "<dedupe_prefix>:<user id>", its outbox row
    // when outbound; hazard_id stays NULL. Returns how many were new.
    Result<int64_t> NotifyUsers(storage::Connection& conn, int64_t town_id,
                                const std::vector<storage::Recipient>& recipients, const NotificationText& text,
                                const std::string& link, const std::string& dedupe_prefix);

    // GET /api/v1/notifications: the caller's own only.
    Result<NotificationPage> List(const Principal& caller, const NotificationQuery& query);
    // POST /api/v1/notifications/{id}/read: sets read_at once (a second call keeps the first time);
    // someone else's or a missing id → 404.
    Result<NotificationRecord> MarkRead(const Principal& caller, int64_t id);
    // POST /api/v1/notifications/read-all: how many were unread.
    Result<int64_t> MarkAllRead(const Principal& caller);

  private:
    // A citizen's report (source "public"): in-app to the staff of its place, the outbound channel
    // (SMS/webhook) to one of them only. See the header's "Who is told".
    Result<int64_t> NotifyPublicReport(storage::Connection& conn, const HazardRecord& hazard,
                                       const NotificationText& text, const std::string& dedupe_prefix);
    // Writes one notification per recipient (skipping `except_user` and repeats); the outbox row
    // for every one of them, or only for `only_outbound_to` when given.
    // `hazard_id` and `link` say what it is about (a hazard, or an alarm with no hazard).
    Result<int64_t> Write(storage::Connection& conn, int64_t town_id, std::optional<int64_t> hazard_id,
                          const std::string& link, const std::vector<storage::Recipient>& recipients,
                          const NotificationText& text, const std::string& dedupe_prefix,
                          std::optional<int64_t> except_user, std::optional<int64_t> only_outbound_to);
    Result<std::vector<storage::Recipient>> Recipients(storage::Connection& conn, const HazardRecord& h,
                                                       unsigned audience);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    NotificationOptions options_;
};

}  // namespace safegrid::services
