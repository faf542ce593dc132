// GET /api/v1/events: Server-Sent Events for the caller's scope (CONTRACT "Devices and alarms",
// docs/live-events.md). `retry: 3000` first, then every event after Last-Event-ID (the header, or
// ?last_event_id= because EventSource cannot set headers on its first connect; without either the
// stream starts at the newest event), then new events as they are recorded, `: keep-alive` after
// 15 s of silence. Each event: `id: <live_events.id>`, `event: <type>`, `data: <json>`.
// The session token is re-checked every minute; a stream ends when it no longer authenticates.
// More than the per-user cap of open streams → 429 too_many_streams. See services/live_feed.hpp.
//
// Thread-safety: handlers are reentrant; the feed is shared.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "http/router.hpp"
#include "services/live_feed.hpp"

namespace safegrid::http {

struct EventRouteOptions {
    std::chrono::milliseconds keep_alive{15000};
    std::chrono::milliseconds recheck{60000};
    int retry_ms = 3000;  // the client's reconnect delay (the SSE "retry:" field)
};

// `authenticate` is the pipeline's own (Hooks::authenticate): the stream re-checks its token with it.
void RegisterEventRoutes(Router& router, services::LiveFeed& feed,
                         std::function<Result<Principal>(std::string_view token)> authenticate,
                         EventRouteOptions options = {});

// One event in the SSE wire format, ending with the blank line. A data value with line breaks
// (never from our JSON) is split into several data: lines, as the format requires.
std::string SseEventText(const services::StreamedEvent& event);

}  // namespace safegrid::http
