#include "services/retention_job.hpp"

#include <optional>

namespace safegrid::services {

Result<RetentionReport> RetentionJob::Run() {
    RetentionReport report;
    std::optional<Error> first_error;
    auto keep = [&](const Error& e) {
        if (!first_error) first_error = e;
    };
    if (auto n = auth_.PurgeEndedSessions()) {
        report.sessions = *n;
    } else {
        keep(n.error());
    }
    if (auto n = idempotency_.PurgeExpired()) {
        report.idempotency_keys = *n;
    } else {
        keep(n.error());
    }
    if (auto purged = attachments_.PurgeOrphans()) {
        report.attachments = *purged;
    } else {
        keep(purged.error());
    }
    if (auto n = auth_.PurgeRateWindows()) {
        report.rate_windows = *n;
    } else {
        keep(n.error());
    }
    if (live_ != nullptr) {
        if (auto n = live_->PurgeOld()) {
            report.live_events = *n;
        } else {
            keep(n.error());
        }
    }
    if (inbox_ != nullptr) {
        if (auto n = inbox_->PurgeProcessed(inbox_max_age_)) {
            report.device_inbox = *n;
        } else {
            keep(n.error());
        }
    }
    if (first_error) return tl::unexpected(*first_error);
    return report;
}

std::string RetentionJob::Summary(const RetentionReport& r) {
    return "sessions=" + std::to_string(r.sessions) + " idempotency_keys=" + std::to_string(r.idempotency_keys) +
           " attachments=" + std::to_string(r.attachments.rows) + " files=" + std::to_string(r.attachments.files) +
           " live_events=" + std::to_string(r.live_events) + " device_inbox=" + std::to_string(r.device_inbox) +
           " rate_windows=" + std::to_string(r.rate_windows);
}

}  // namespace safegrid::services
