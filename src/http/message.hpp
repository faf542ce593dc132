// Transport-neutral request and response as handlers see them. The session (session.cpp)
// builds a Request from Beast's message and writes the Response back; handlers never see
// sockets or Beast types, so they are plain functions that tests call directly.
//
// Thread-safety: plain values; one request is handled by one thread at a time.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"

namespace safegrid::http {

enum class Method { kGet, kPost, kPatch, kPut, kDelete, kHead, kOptions, kOther };
enum class Locale { kZh, kEn };

struct Request {
    Method method = Method::kGet;
    std::string path;                                        // percent-decoded path, no query string
    std::string target;                                      // raw request target as received
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::map<std::string, std::string> path_params;          // from {name} segments of the route
    std::map<std::string, std::string> headers;              // lower-cased names
    std::string body;
    std::string client_ip;
    std::string request_id;
    Locale locale = Locale::kZh;
    std::optional<Principal> principal;  // set by the auth step for authenticated routes

    [[nodiscard]] std::optional<std::string> Query(const std::string& name) const;
    [[nodiscard]] std::optional<std::string> Header(const std::string& lower_name) const;
};

// A streamed answer (Server-Sent Events, GET /api/v1/events). The session writes the Response's
// status and headers without a length (the body ends with the connection), then `first`, then
// whatever Take() gives each time the notify callback fires, ": keep-alive" after `keep_alive` of
// silence, and re-checks StillAuthorized() every `recheck`. It ends when the client closes, on
// Server::Stop(), when Take() reports the end, or when the session is no longer valid. An idle
// stream holds no thread: only its socket, a timer and what the source buffers.
class EventStream {
  public:
    virtual ~EventStream() = default;
    // Called once, before anything is sent. `notify` may be called from any thread, must not
    // block, and is never called after Close() returns.
    virtual void SetNotify(std::function<void()> notify) = 0;
    // The wire text to send now ("" when none); `ended` once the source gave up on this stream.
    virtual std::string Take(bool& ended) = 0;
    // Blocks on the store (the session runs it on the worker pool): false once the caller's
    // session has ended (logout, expiry, a disabled account).
    virtual bool StillAuthorized() = 0;
    // Called once by the session when the stream ends for any reason.
    virtual void Close() = 0;

    std::string first;
    std::chrono::milliseconds keep_alive{15000};
    std::chrono::milliseconds recheck{60000};
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ETag, ...)
    std::shared_ptr<EventStream> stream;                       // set: a streamed answer (see above)
};

// A JSON response with `status`.
Response Json(int status, const boost::json::value& body);
// The contract's error body {"error":{"code","message","fields"}} with the status mapped
// from error.code by the single table in error_response.cpp.
Response ErrorResponse(const Error& error, Locale locale);
// A 429 that says exactly when to come back: Retry-After (header and error.retry_after) set to
// `retry_after` seconds (at least 1) instead of the generic minute.
Response RateLimitedResponse(const Error& error, int64_t retry_after, Locale locale);
int HttpStatus(Code code);

// Splits a raw request target (origin-form "/p?q", or absolute-form "http://h/p?q") into
// request.path (percent-decoded) and request.query (decoded, '+' = space, in order, repeated keys
// kept), by Boost.URL's RFC 3986 grammar. Bytes browsers send unencoded ("[]|{}^`", raw UTF-8)
// are accepted as if %-encoded. Returns false for targets no client should send (bad %-escape,
// %00, a control character or space, an invalid absolute-form authority, not a path): answer 400.
// Dispatch() and the fuzzers use exactly this function.
bool ParseTarget(std::string_view target, Request& request);

// Percent-decodes `in` (Boost.URL); `plus_is_space` for query components. nullopt on a bad escape
// or a NUL.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

}  // namespace safegrid::http
