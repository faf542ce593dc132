// The retention job (daily, in the in-process scheduler): what must not stay, deleted on schedule.
//   - sessions that expired or were revoked more than a day ago (AuthService::PurgeEndedSessions);
//   - idempotency records older than their retention (config idempotency_retention_days, 30 days
//     by default; IdempotencyService::PurgeExpired): their stored answers hold names and phone
//     numbers, and a replay after the retention is not promised anyway;
//   - orphan uploads, row and file (AttachmentService::PurgeOrphans): a citizen's upload that no
//     report claimed within a day (public_orphan_hours), a staff upload linked to nothing after
//     staff_orphan_days (30, as long as an offline phone's queue may still name it);
//   - live events (the SSE log, live_feed.hpp) older than 7 days: a client offline longer resumes
//     from the oldest kept and re-reads the lists anyway.
//   - rate limit counters whose window ended (rate_windows, AuthService::PurgeRateWindows);
//   - processed device inbox rows, the raw GB26875 frames and MQTT payloads kept for audit, after
//     device_inbox.retention_days (90 by default; DeviceInbox::PurgeProcessed), when the job is
//     given the inbox (KeepDeviceInbox).
// Each part is its own short transaction (batches for the attachments); a part that fails does
// not stop the others, and the job's result names the failure (the scheduler records it and tries
// again at its next tick). Everything it deletes is deleted by age, so running it twice is harmless.
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "services/attachment_service.hpp"
#include "services/auth_service.hpp"
#include "services/device_inbox.hpp"
#include "services/idempotency_service.hpp"
#include "services/live_feed.hpp"

namespace safegrid::services {

struct RetentionReport {
    int64_t sessions = 0;          // session rows deleted
    int64_t idempotency_keys = 0;  // idempotency records deleted
    OrphanPurge attachments;       // orphan uploads deleted (rows, files)
    int64_t live_events = 0;       // live_events rows past their retention deleted
    int64_t device_inbox = 0;      // processed inbox rows (raw frames) deleted
    int64_t rate_windows = 0;      // rate limit counters that expired (login_throttle.hpp)
};

class RetentionJob {
  public:
    static constexpr const char* kName = "retention";
    static constexpr int64_t kPeriodSeconds = 86400;

    // `live` null: no live events to purge (tools that never serve).
    RetentionJob(AuthService& auth, IdempotencyService& idempotency, AttachmentService& attachments,
                 LiveFeed* live = nullptr)
        : auth_(auth), idempotency_(idempotency), attachments_(attachments), live_(live) {}

    // Also purge processed device inbox rows older than `max_age_seconds`.
    void KeepDeviceInbox(DeviceInbox& inbox, int64_t max_age_seconds) {
        inbox_ = &inbox;
        inbox_max_age_ = max_age_seconds;
    }

    // One pass; the first error (after every part was tried) if any part failed.
    Result<RetentionReport> Run();
    // "sessions=… idempotency_keys=… attachments=…/files=…" for job_runs.
    static std::string Summary(const RetentionReport& report);

  private:
    AuthService& auth_;
    IdempotencyService& idempotency_;
    AttachmentService& attachments_;
    LiveFeed* live_;
    DeviceInbox* inbox_ = nullptr;
    int64_t inbox_max_age_ = 0;
};

}  // namespace safegrid::services
