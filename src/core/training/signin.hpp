// A training session's QR sign-in (docs/training.md "QR sign-in"): workers scan the session's poster
// and sign in on their phones without logging in; staff take the sign-ins into the attendance.
// The rules of that, once:
//
// PHONE: blanks and '-' are dropped, a leading "+86" / "86" before a mobile too; what is left must be
//   a mainland mobile 1[3-9] + 9 digits, or a fixed line with its area code: 0 + 9..11 digits
//   ("0574-63210000" → "057463210000"). The normalised digits are what is stored and compared, so
//   "138 0000 0000" and "13800000000" are one person: one phone signs in once per session.
// DAYS: sign-ins are accepted from the day before the session through the day after (the town's
//   calendar): a worker may sign in on the bus the evening before or fill it in the next morning;
//   a link kept from last month's session does not count someone twice.
// INTO ATTENDANCE: the enterprise's sign-in count becomes its attendance, but a larger count already
//   recorded is kept (staff may have counted the people who came without phones).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace safegrid {

// A worker's name: 1..50 code points (CheckText).
inline constexpr size_t kMaxSigninName = 50;

// The stored form of a phone, or nullopt when it is neither a mobile nor a fixed line.
std::optional<std::string> NormaliseSigninPhone(std::string_view phone);

// Whether a session held on `held_on` takes sign-ins on `today` (both YYYY-MM-DD): held_on − 1 day
// ≤ today ≤ held_on + 1 day. False when either is not a date.
[[nodiscard]] bool AcceptsSigninOn(std::string_view held_on, std::string_view today);

// The first and last day a session held on `held_on` takes sign-ins; nullopt when not a date.
std::optional<std::pair<std::string, std::string>> SigninDays(std::string_view held_on);

// The people to record for an enterprise with `signins` sign-ins whose attendance now holds
// `recorded` (nullopt: no row): the larger of the two.
[[nodiscard]] int64_t PeopleFromSignins(std::optional<int64_t> recorded, int64_t signins);

}  // namespace safegrid
