// The HTTP webhook, the outbound channel of notifications (services/outbox_sender.hpp): POST <url>
// with Content-Type application/json and the payload
// {"id","user_id","username","phone"?,"kind","title","title_en","body","link","hazard_id","created_at"};
// the header X-SafeGrid-Delivery carries the notification id, on which receivers dedupe. An SMS
// gateway or a chat bot can sit behind it. Only http:// URLs (host[:port][/path]); https needs a TLS
// terminator in front (e.g. a local proxy), which keeps OpenSSL out of the binary. Connect, write
// and read share one timeout; one connection per delivery.
//
// Thread-safety: the channel is reentrant (each delivery has its own io_context).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "services/outbox_sender.hpp"

namespace safegrid::http {

struct WebhookTarget {
    std::string host;
    std::string port = "80";
    std::string target = "/";  // path and query
};

// "http://host[:port][/path]" → parts; 422 on field `field` for anything else (https included).
Result<WebhookTarget> ParseWebhookUrl(std::string_view url, const std::string& field = "webhook_url");

// An OutboundChannel that POSTs to `target`; success means the receiver answered 2xx.
services::OutboundChannel MakeWebhookChannel(WebhookTarget target,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace safegrid::http
