// SQL for the in-app inbox (notifications), the outbound deliveries (outbox), the scheduler's
// job_runs and the two reads the deadline job needs (who to tell, which hazards cross a deadline
// threshold), all from 0003_hazards.sql. Stateless: each method runs on the connection it is given,
// inside the caller's transaction.
//
// ONCE ONLY: notifications.dedupe_key is UNIQUE and Insert is "ON CONFLICT DO NOTHING RETURNING id",
// so a job that runs twice, or again after a crash, inserts nothing the second time (and, on
// PostgreSQL, does not abort the transaction it runs in).
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct NotificationRecord {
    int64_t id = 0;
    int64_t town_id = 0;
    int64_t user_id = 0;
    std::string kind;
    std::optional<int64_t> hazard_id;
    std::string title;  // zh
    std::string title_en;
    std::string body;
    std::string link;
    std::string dedupe_key;
    UnixSeconds created_at = 0;
    std::optional<UnixSeconds> read_at;
};

// A user a notification goes to (what the outbound payload needs).
struct Recipient {
    int64_t id = 0;
    std::string username;
    std::string phone;
};

struct OutboxRow {
    int64_t id = 0;
    int64_t notification_id = 0;
    std::string payload;
    int64_t attempts = 0;
};

// A rectifying hazard whose deadline falls in a scanned range, as the job pages through them.
struct DueHazard {
    int64_t id = 0;
    UnixSeconds due_at = 0;
};

class NotificationRepository {
  public:
    explicit NotificationRepository(Connection& conn) : conn_(conn) {}

    // The new id, or nullopt when a notification with the same dedupe_key exists (nothing written).
    Result<std::optional<int64_t>> Insert(const NotificationRecord& n);
    // The caller's page, newest first (index notifications_user).
    // The inbox reads take the user's town (TownLimit::Of): a town user's notifications all carry
    // it, so each statement stays on that town's shard; an admin's inbox is TownLimit::Any().
    Result<std::vector<NotificationRecord>> ListForUser(int64_t user_id, bool unread_only, int64_t offset,
                                                        int64_t limit, const TownLimit& town = TownLimit::Any());
    Result<int64_t> CountForUser(int64_t user_id, bool unread_only, const TownLimit& town = TownLimit::Any());
    // Only the user's own: someone else's id reads as missing.
    Result<std::optional<NotificationRecord>> FindForUser(int64_t id, int64_t user_id,
                                                          const TownLimit& town = TownLimit::Any());
    // Sets read_at when unset; false when the row is not the user's or was read already.
    Result<bool> MarkRead(int64_t id, int64_t user_id, UnixSeconds at, const TownLimit& town = TownLimit::Any());
    Result<int64_t> MarkAllRead(int64_t user_id, UnixSeconds at, const TownLimit& town = TownLimit::Any());

    // Enabled users of `town_id` with `role`; narrowed to region_id or enterprise_id when given.
    Result<std::vector<Recipient>> Users(int64_t town_id, const std::string& role, std::optional<int64_t> region_id,
                                         std::optional<int64_t> enterprise_id);
    // The user named as the region's responsible person (regions.responsible_user_id), if enabled.
    Result<std::optional<Recipient>> ResponsibleUser(int64_t region_id);

    // Rectifying hazards with from < due_at <= to, ordered by (due_at, id), after the cursor
    // (after_due, after_id): a keyset page on the hazards_due (status, due_at) index.
    Result<std::vector<DueHazard>> RectifyingDue(UnixSeconds from, UnixSeconds to, UnixSeconds after_due,
                                                 int64_t after_id, int64_t limit);
    // Puts a hazard back to escalation level 0 (its deadline was extended: the ladder starts over).
    Status ResetEscalation(int64_t hazard_id);

    // Outbox.
    Status InsertOutbox(int64_t town_id, int64_t notification_id, const std::string& payload, UnixSeconds at);
    // Unsent rows due at `now` with attempts < max_attempts, oldest due first (index outbox_pending).
    Result<std::vector<OutboxRow>> DueOutbox(UnixSeconds now, int64_t max_attempts, int64_t limit);
    // Takes the row for one attempt: attempts + 1 and next_attempt_at pushed to lease_until, only if
    // it is still unsent and due. False when another sender took it first.
    Result<bool> ClaimOutbox(int64_t id, UnixSeconds now, UnixSeconds lease_until);
    Status MarkOutboxSent(int64_t id, UnixSeconds at);
    Status MarkOutboxFailed(int64_t id, UnixSeconds next_attempt_at, const std::string& error);

    // job_runs.
    Status RecordJobRun(const std::string& job, UnixSeconds at, const std::string& result);
    Result<std::optional<UnixSeconds>> LastJobRun(const std::string& job);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
