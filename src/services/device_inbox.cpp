#include "services/device_inbox.hpp"

#include <array>
#include <utility>

namespace safegrid::services {

DeviceInbox::DeviceInbox(std::shared_ptr<storage::Database> db, const Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

Result<std::vector<InboxOutcome>> DeviceInbox::Append(std::span<const InboxMessage> batch) {
    if (batch.empty()) return std::vector<InboxOutcome>{};
    const UnixSeconds now = clock_.Now();
    SG_ASSIGN_OR_RETURN(
        std::vector<InboxOutcome> outcomes,
        db_->Transact(true, [&](storage::Connection& conn) -> Result<std::vector<InboxOutcome>> {
            std::vector<InboxOutcome> out;
            out.reserve(batch.size());
            for (const InboxMessage& m : batch) {
                const std::array<storage::Value, 7> params = {m.device_id,   m.protocol, m.dedupe_key,        now,
                                                              m.occurred_at, m.signals,  storage::Blob{m.raw}};
                SG_ASSIGN_OR_RETURN(
                    storage::Rows rows,
                    conn.Query("INSERT INTO device_inbox (device_id, protocol, dedupe_key, received_at, occurred_at, "
                               "signals, raw) VALUES (?, ?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (device_id, dedupe_key) DO NOTHING RETURNING id",
                               params));
                out.push_back(rows.rows.empty() ? InboxOutcome::kDuplicate : InboxOutcome::kStored);
            }
            return out;
        }));
    bool stored = false;
    for (InboxOutcome o : outcomes) stored = stored || o == InboxOutcome::kStored;
    if (stored) {
        std::function<void()> wake;
        {
            std::lock_guard lock(wake_mutex_);
            wake = wake_;
        }
        if (wake) wake();
    }
    return outcomes;
}

Result<std::vector<InboxRow>> DeviceInbox::Pending(storage::Connection& conn, int64_t limit) {
    const std::array<storage::Value, 1> params = {limit};
    SG_ASSIGN_OR_RETURN(
        storage::Rows rows,
        conn.Query("SELECT id, device_id, protocol, received_at, occurred_at, signals FROM device_inbox "
                   "WHERE processed_at IS NULL ORDER BY id LIMIT ?",
                   params));
    std::vector<InboxRow> out;
    out.reserve(rows.rows.size());
    for (const storage::Row& r : rows.rows)
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5)});
    return out;
}

Status DeviceInbox::MarkProcessed(storage::Connection& conn, std::span<const int64_t> ids, UnixSeconds at) {
    for (int64_t id : ids) {
        const std::array<storage::Value, 2> params = {at, id};
        SG_TRY(conn.Execute("UPDATE device_inbox SET processed_at = ? WHERE id = ?", params));
    }
    return {};
}

void DeviceInbox::OnStored(std::function<void()> wake) {
    std::lock_guard lock(wake_mutex_);
    wake_ = std::move(wake);
}

Result<int64_t> DeviceInbox::PurgeProcessed(int64_t max_age_seconds, int64_t batch) {
    const UnixSeconds cutoff = clock_.Now() - max_age_seconds;
    int64_t deleted = 0;
    for (;;) {
        // The subquery keeps each transaction short on a large backlog (and is the same SQL on both stores).
        const std::array<storage::Value, 2> params = {cutoff, batch};
        SG_ASSIGN_OR_RETURN(int64_t n, db_->Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
            return conn.Execute(
                "DELETE FROM device_inbox WHERE id IN (SELECT id FROM device_inbox WHERE processed_at IS NOT NULL "
                "AND received_at < ? ORDER BY id LIMIT ?)",
                params);
        }));
        deleted += n;
        if (n < batch) return deleted;
    }
}

}  // namespace safegrid::services
