// The outbound channel: notifications leave the process through the outbox table (written in the
// same transaction as the notification, see notification_service.hpp) and a channel such as the
// HTTP webhook that an SMS gateway or a chat bot can sit behind.
//
// OutboxSender::RunOnce (a scheduler job) takes the due rows one at a time: it CLAIMS the row in a
// short transaction (attempts + 1, next_attempt_at pushed out by a lease, only if still unsent and
// due, so two senders never take the same row), sends it with no transaction open, then marks it
// sent (2xx) or schedules the retry: 30 s, 60 s, 120 s ... capped at an hour, at most max_attempts
// attempts, after which the row is parked (next_attempt_at far in the future, last_error says why).
// A row marked sent is never sent again. A crash between the send and the mark sends that one row
// again after its lease (at least once): receivers dedupe on the payload "id" (the notification id),
// also sent as the header X-SafeGrid-Delivery.
//
// The channel that carries a payload out is a parameter (OutboundChannel): the HTTP webhook lives in
// the http layer (http/webhook_client.hpp) and the app wires it in; tests pass their own.
//
// Thread-safety: OutboxSender::RunOnce from one thread at a time; channels are reentrant.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

// Delivers one payload; success means the receiver answered 2xx. `delivery_id` is the notification id.
using OutboundChannel = std::function<Status(const std::string& payload, int64_t delivery_id)>;

struct OutboxOptions {
    int64_t max_attempts = 10;
    int64_t batch = 100;         // rows per RunOnce
    int64_t first_backoff = 30;  // seconds after the first failure, doubled each time
    int64_t max_backoff = 3600;
    int64_t lease = 300;  // a claimed row is not retried before this (a send in flight)
};

struct OutboxReport {
    int64_t sent = 0;
    int64_t failed = 0;  // retried later or parked
};

class OutboxSender {
  public:
    // When a row gives up: far enough that it never comes due again.
    static constexpr UnixSeconds kParked = 253402300799;  // 9999-12-31T23:59:59Z

    OutboxSender(std::shared_ptr<storage::Database> db, const Clock& clock, OutboundChannel channel,
                 OutboxOptions options = {});

    // Sends the rows due now (at most options.batch). Errors of single deliveries are recorded on
    // their rows; only store errors fail the run.
    Result<OutboxReport> RunOnce();

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    OutboundChannel channel_;
    OutboxOptions options_;
};

}  // namespace safegrid::services
