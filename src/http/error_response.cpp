// THE one table from core Code to HTTP status, and the contract's error body. Every error a
// client sees passes through here, so the shape {"error":{"code","message","fields"}} cannot drift.
#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/message.hpp"

namespace safegrid::http {
namespace {

// What a client waits before retrying a 429 when the handler did not say (login throttling
// and the public report limit both work on a one-minute window).
constexpr const char* kDefaultRetryAfterSeconds = "60";
// A 503 is transient (the store is busy, or between a primary's loss and a replica's promotion):
// clients come back soon rather than give up. Failover takes seconds, not minutes.
constexpr int64_t kUnavailableRetryAfterSeconds = 2;

const std::string& Pick(const Text& text, Locale locale) {
    // Fall back to the other language rather than send an empty message.
    if (locale == Locale::kEn) return text.en.empty() ? text.zh : text.en;
    return text.zh.empty() ? text.en : text.zh;
}

}  // namespace

int HttpStatus(Code code) {
    switch (code) {
        case Code::kMalformed:
            return 400;
        case Code::kUnauthenticated:
            return 401;
        case Code::kForbidden:
            return 403;
        case Code::kNotFound:
            return 404;
        case Code::kMethodNotAllowed:
            return 405;
        case Code::kConflict:
            return 409;
        case Code::kTooLarge:
            return 413;
        case Code::kUnsupportedMedia:
            return 415;
        case Code::kValidation:
            return 422;
        case Code::kRateLimited:
            return 429;
        case Code::kInternal:
            return 500;
        case Code::kUnavailable:
            return 503;
    }
    return 500;  // an enumerator added without a row here is a bug: be loud, not wrong
}

Response ErrorResponse(const Error& error, Locale locale) {
    boost::json::object fields;
    for (const auto& [name, why] : error.fields) fields[name] = Pick(why, locale);
    boost::json::object inner;
    // Errors built by hand (Error{}) may lack a public id; the code's own name is still snake_case.
    inner["code"] = error.id.empty() ? std::string(CodeName(error.code)) : error.id;
    inner["message"] = Pick(error.message, locale);
    inner["fields"] = std::move(fields);
    if (error.code == Code::kUnavailable) inner["retry_after"] = kUnavailableRetryAfterSeconds;
    boost::json::object body;
    body["error"] = std::move(inner);
    Response response = Json(HttpStatus(error.code), body);
    if (error.code == Code::kRateLimited) response.headers.emplace_back("Retry-After", kDefaultRetryAfterSeconds);
    if (error.code == Code::kUnavailable) {
        response.headers.emplace_back("Retry-After", std::to_string(kUnavailableRetryAfterSeconds));
    }
    return response;
}

Response RateLimitedResponse(const Error& error, int64_t retry_after, Locale locale) {
    Response r = ErrorResponse(error, locale);
    retry_after = std::max<int64_t>(retry_after, 1);
    for (auto& [name, value] : r.headers) {
        if (name == "Retry-After") value = std::to_string(retry_after);
    }
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(r.body, ec);
    if (!ec && body.is_object() && body.as_object()["error"].is_object()) {
        body.as_object()["error"].as_object()["retry_after"] = retry_after;
        r.body = boost::json::serialize(body);
    }
    return r;
}

}  // namespace safegrid::http
