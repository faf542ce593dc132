#include "storage/repositories/notification_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, user_id, kind, hazard_id, title, title_en, body, link, dedupe_key, created_at, read_at";

NotificationRecord FromRow(const Row& r) {
    NotificationRecord n;
    n.id = r.Int(0);
    n.town_id = r.Int(1);
    n.user_id = r.Int(2);
    n.kind = r.Text(3);
    n.hazard_id = r.OptInt(4);
    n.title = r.Text(5);
    n.title_en = r.Text(6);
    n.body = r.Text(7);
    n.link = r.Text(8);
    n.dedupe_key = r.Text(9);
    n.created_at = r.Int(10);
    n.read_at = r.OptInt(11);
    return n;
}

}  // namespace

Result<std::optional<int64_t>> NotificationRepository::Insert(const NotificationRecord& n) {
    const std::array<Value, 10> params = {n.town_id,  n.user_id, n.kind, Nullable(n.hazard_id), n.title,
                                          n.title_en, n.body,    n.link, n.dedupe_key,          n.created_at};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO notifications (town_id, user_id, kind, hazard_id, title, "
                                               "title_en, body, link, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, "
                                               "?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                                               params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::vector<NotificationRecord>> NotificationRepository::ListForUser(int64_t user_id, bool unread_only,
                                                                            int64_t offset, int64_t limit,
                                                                            const TownLimit& town) {
    std::vector<Value> params = {user_id};
    const std::string sql = std::string("SELECT ")
                                .append(kColumns)
                                .append(" FROM notifications WHERE user_id = ?")
                                .append(TownCondition(town, "", params))
                                .append(unread_only ? " AND read_at IS NULL" : "")
                                .append(" ORDER BY id DESC LIMIT ? OFFSET ?");
    params.emplace_back(limit);
    params.emplace_back(offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<NotificationRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back(FromRow(r));
    return out;
}

Result<int64_t> NotificationRepository::CountForUser(int64_t user_id, bool unread_only, const TownLimit& town) {
    std::vector<Value> params = {user_id};
    const std::string sql = "SELECT COUNT(*) FROM notifications WHERE user_id = ?" + TownCondition(town, "", params) +
                            (unread_only ? " AND read_at IS NULL" : "");
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    return rows.rows.empty() ? 0 : rows.rows.front().Int(0);
}

Result<std::optional<NotificationRecord>> NotificationRepository::FindForUser(int64_t id, int64_t user_id,
                                                                              const TownLimit& town) {
    std::vector<Value> params = {id, user_id};
    const std::string sql = std::string("SELECT ")
                                .append(kColumns)
                                .append(" FROM notifications WHERE id = ? AND user_id = ?")
                                .append(TownCondition(town, "", params));
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    if (rows.rows.empty()) return std::optional<NotificationRecord>();
    return std::optional<NotificationRecord>(FromRow(rows.rows.front()));
}

Result<bool> NotificationRepository::MarkRead(int64_t id, int64_t user_id, UnixSeconds at, const TownLimit& town) {
    std::vector<Value> params = {at, id, user_id};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(int64_t changed, conn_.Execute("UPDATE notifications SET read_at = ? WHERE id = ? AND "
                                                       "user_id = ? AND read_at IS NULL" +
                                                           limit,
                                                       params));
    return changed > 0;
}

Result<int64_t> NotificationRepository::MarkAllRead(int64_t user_id, UnixSeconds at, const TownLimit& town) {
    std::vector<Value> params = {at, user_id};
    const std::string limit = TownCondition(town, "", params);
    return conn_.Execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL" + limit, params);
}

Result<std::vector<Recipient>> NotificationRepository::Users(int64_t town_id, const std::string& role,
                                                             std::optional<int64_t> region_id,
                                                             std::optional<int64_t> enterprise_id) {
    // town_id first: the users_town (town_id, id) index; a town has few users.
    const std::array<Value, 6> params = {
        town_id, role, Nullable(region_id), Nullable(region_id), Nullable(enterprise_id), Nullable(enterprise_id)};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT id, username, phone FROM users WHERE town_id = ? AND role = ? AND "
                                    "disabled = 0 AND (CAST(? AS BIGINT) IS NULL OR region_id = ?) AND "
                                    "(CAST(? AS BIGINT) IS NULL OR enterprise_id = ?) ORDER BY id",
                                    params));
    std::vector<Recipient> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
    return out;
}

Result<std::optional<Recipient>> NotificationRepository::ResponsibleUser(int64_t region_id) {
    const std::array<Value, 1> params = {region_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT u.id, u.username, u.phone FROM regions r JOIN users u ON "
                                               "u.id = r.responsible_user_id WHERE r.id = ? AND u.disabled = 0",
                                               params));
    if (rows.rows.empty()) return std::optional<Recipient>();
    const Row& r = rows.rows.front();
    return std::optional<Recipient>(Recipient{r.Int(0), r.Text(1), r.Text(2)});
}

Result<std::vector<DueHazard>> NotificationRepository::RectifyingDue(UnixSeconds from, UnixSeconds to,
                                                                     UnixSeconds after_due, int64_t after_id,
                                                                     int64_t limit) {
    // A range of the hazards_due (status, due_at) index; the cursor keeps every page as cheap as the
    // first however many hazards fall in the range.
    const std::array<Value, 6> params = {from, to, after_due, after_due, after_id, limit};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, due_at FROM hazards WHERE status = 'rectifying' AND "
                                               "due_at > ? AND due_at <= ? AND (due_at > ? OR (due_at = ? AND id > ?)) "
                                               "ORDER BY due_at, id LIMIT ?",
                                               params));
    std::vector<DueHazard> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Int(1)});
    return out;
}

Status NotificationRepository::ResetEscalation(int64_t hazard_id) {
    const std::array<Value, 1> params = {hazard_id};
    SG_TRY(conn_.Execute("UPDATE hazards SET escalation_level = 0 WHERE id = ? AND escalation_level <> 0", params));
    return {};
}

Status NotificationRepository::InsertOutbox(int64_t town_id, int64_t notification_id, const std::string& payload,
                                            UnixSeconds at) {
    const std::array<Value, 4> params = {town_id, notification_id, payload, at};
    SG_TRY(
        conn_.Execute("INSERT INTO outbox (town_id, notification_id, payload, next_attempt_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (notification_id) DO NOTHING",
                      params));
    return {};
}

Result<std::vector<OutboxRow>> NotificationRepository::DueOutbox(UnixSeconds now, int64_t max_attempts, int64_t limit) {
    const std::array<Value, 3> params = {now, max_attempts, limit};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, notification_id, payload, attempts FROM outbox WHERE "
                                               "sent_at IS NULL AND next_attempt_at <= ? AND attempts < ? "
                                               "ORDER BY next_attempt_at, id LIMIT ?",
                                               params));
    std::vector<OutboxRow> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3)});
    return out;
}

Result<bool> NotificationRepository::ClaimOutbox(int64_t id, UnixSeconds now, UnixSeconds lease_until) {
    const std::array<Value, 3> params = {lease_until, id, now};
    SG_ASSIGN_OR_RETURN(int64_t changed, conn_.Execute("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? "
                                                       "WHERE id = ? AND sent_at IS NULL AND next_attempt_at <= ?",
                                                       params));
    return changed > 0;
}

Status NotificationRepository::MarkOutboxSent(int64_t id, UnixSeconds at) {
    const std::array<Value, 2> params = {at, id};
    SG_TRY(conn_.Execute("UPDATE outbox SET sent_at = ?, last_error = '' WHERE id = ? AND sent_at IS NULL", params));
    return {};
}

Status NotificationRepository::MarkOutboxFailed(int64_t id, UnixSeconds next_attempt_at, const std::string& error) {
    const std::array<Value, 3> params = {next_attempt_at, error, id};
    SG_TRY(conn_.Execute("UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL",
                         params));
    return {};
}

Status NotificationRepository::RecordJobRun(const std::string& job, UnixSeconds at, const std::string& result) {
    const std::array<Value, 3> params = {job, at, result};
    SG_TRY(
        conn_.Execute("INSERT INTO job_runs (job, last_run_at, last_result) VALUES (?, ?, ?) ON CONFLICT (job) "
                      "DO UPDATE SET last_run_at = excluded.last_run_at, last_result = excluded.last_result",
                      params));
    return {};
}

Result<std::optional<UnixSeconds>> NotificationRepository::LastJobRun(const std::string& job) {
    const std::array<Value, 1> params = {job};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT last_run_at FROM job_runs WHERE job = ?", params));
    if (rows.rows.empty()) return std::optional<UnixSeconds>();
    return std::optional<UnixSeconds>(rows.rows.front().Int(0));
}

}  // namespace safegrid::storage
