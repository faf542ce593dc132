#include "services/outbox_sender.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {

OutboxSender::OutboxSender(std::shared_ptr<storage::Database> db, const Clock& clock, OutboundChannel channel,
                           OutboxOptions options)
    : db_(std::move(db)), clock_(clock), channel_(std::move(channel)), options_(options) {}

Result<OutboxReport> OutboxSender::RunOnce() {
    const UnixSeconds now = clock_.Now();
    SG_ASSIGN_OR_RETURN(auto rows, db_->Transact(false, [&](storage::Connection& conn) {
        return storage::NotificationRepository(conn).DueOutbox(now, options_.max_attempts, options_.batch);
    }));
    OutboxReport report;
    for (const auto& row : rows) {
        SG_ASSIGN_OR_RETURN(bool mine, db_->Transact(true, [&](storage::Connection& conn) {
            return storage::NotificationRepository(conn).ClaimOutbox(row.id, now, now + options_.lease);
        }));
        if (!mine) continue;  // another sender has it
        const int64_t attempt = row.attempts + 1;
        Status sent = Internal("no channel");
        try {
            if (channel_) sent = channel_(row.payload, row.notification_id);
        } catch (const std::exception& e) {
            sent = Internal(e.what());
        }
        const UnixSeconds done = clock_.Now();
        if (sent) {
            SG_TRY(db_->Transact(true, [&](storage::Connection& conn) {
                return storage::NotificationRepository(conn).MarkOutboxSent(row.id, done);
            }));
            ++report.sent;
            continue;
        }
        ++report.failed;
        UnixSeconds next = kParked;
        std::string why = sent.error().internal.empty() ? sent.error().id : sent.error().internal;
        if (attempt < options_.max_attempts) {
            const int64_t shift = std::min<int64_t>(attempt - 1, 20);
            next = done + std::min(options_.max_backoff, options_.first_backoff << shift);
        } else {
            why = fmt::format("gave up after {} attempts: {}", attempt, why);
        }
        spdlog::warn("outbox {}: attempt {} failed: {}", row.id, attempt, why);
        SG_TRY(db_->Transact(true, [&](storage::Connection& conn) {
            return storage::NotificationRepository(conn).MarkOutboxFailed(row.id, next, why.substr(0, 500));
        }));
    }
    return report;
}

}  // namespace safegrid::services
