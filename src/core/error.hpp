// The error vocabulary shared by every layer.
//
// Expected failures are values: functions return Result<T> (tl::expected<T, Error>).
// Exceptions are kept for bugs and for failures that stop start-up.
//
// Which Code to pick (restating Abseil's advice in our words):
//   - kMalformed: the request cannot be read at all (bad JSON, wrong types, bad query string).
//   - kValidation: it was read, but a field breaks a rule; fill `fields` with one entry per field.
//   - kNotFound: missing OR outside the caller's scope. Never reveal that an out-of-scope id exists.
//   - kConflict: the state changed under the caller (stale version, duplicate key, invalid
//     transition). Retrying the same call fails again; re-read, then decide.
//   - kUnavailable: transient (database busy/down). Retrying the same call may succeed.
// The numeric values are stable: they are logged and may be shown to support staff.
//
// Thread-safety: plain values; safe to copy across threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace safegrid {

// A user-facing text in both languages of the product. zh-CN is the default.
struct Text {
    std::string zh;
    std::string en;
};

enum class Code : int {
    kMalformed = 1,         // 400
    kUnauthenticated = 2,   // 401
    kForbidden = 3,         // 403
    kNotFound = 4,          // 404 (also: outside scope)
    kMethodNotAllowed = 5,  // 405
    kConflict = 6,          // 409
    kTooLarge = 7,          // 413
    kUnsupportedMedia = 8,  // 415
    kValidation = 9,        // 422
    kRateLimited = 10,      // 429
    kInternal = 11,         // 500: a bug; never for bad input
    kUnavailable = 12,      // 503
};

struct Error {
    Code code = Code::kInternal;
    std::string id;                      // public snake_case code, e.g. "invalid_transition"
    Text message;                        // safe to show to the user
    std::map<std::string, Text> fields;  // per-field reasons (422)
    std::string internal;                // for logs only: SQL, ids, errno
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

// Builders for the common cases. Each returns tl::unexpected so `return NotFound();` works in any Result<T>.
tl::unexpected<Error> Malformed(Text message, std::string id = "malformed_request");
tl::unexpected<Error> Unauthenticated(std::string id = "unauthenticated");
tl::unexpected<Error> Forbidden(std::string id = "forbidden");
tl::unexpected<Error> NotFound(std::string id = "not_found");
tl::unexpected<Error> Conflict(std::string id, Text message);
tl::unexpected<Error> StaleVersion();
tl::unexpected<Error> TooLarge(Text message);
tl::unexpected<Error> UnsupportedMedia(Text message);
tl::unexpected<Error> RateLimited();
tl::unexpected<Error> Unavailable(std::string internal);
tl::unexpected<Error> Internal(std::string internal);
// A single-field validation failure.
tl::unexpected<Error> Invalid(std::string field, Text why);

// Collects per-field problems, then fails once with all of them (422 "validation_failed").
class Validation {
  public:
    void Add(std::string field, Text why) { fields_.emplace(std::move(field), std::move(why)); }
    [[nodiscard]] bool Ok() const { return fields_.empty(); }
    [[nodiscard]] tl::unexpected<Error> Fail() const;

  private:
    std::map<std::string, Text> fields_;
};

std::string_view CodeName(Code code);

}  // namespace safegrid

// Propagates an error from an expression returning Result<...>.
#define SG_TRY(expr)                                                                     \
    do {                                                                                 \
        auto sg_try_result_ = (expr);                                                    \
        if (!sg_try_result_) return ::safegrid::Fail(std::move(sg_try_result_.error())); \
    } while (0)

// Binds the value of a Result<T> expression to `lhs`, or propagates its error.
#define SG_ASSIGN_OR_RETURN(lhs, expr) SG_ASSIGN_OR_RETURN_IMPL_(SG_CONCAT_(sg_r_, __LINE__), lhs, expr)
#define SG_CONCAT_INNER_(a, b) a##b
#define SG_CONCAT_(a, b) SG_CONCAT_INNER_(a, b)
// `tmp` is a generated name and `lhs` may be a declaration ("auto x"): neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define SG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)              \
    auto tmp = (expr);                                         \
    if (!tmp) return ::safegrid::Fail(std::move(tmp.error())); \
    lhs = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)
