// Transport-neutral request and response as handlers see them. The session (session.cpp)
// builds a Request from Beast's message and writes the Response back; handlers never see
// sockets or Beast types, so they are plain functions that tests call directly.
//
// Thread-safety: plain values; one request is handled by one thread at a time.
#pragma once

#include <boost/json/value.hpp>
#include <map>
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

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ETag, ...)
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
