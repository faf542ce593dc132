// Training sessions (百万员工消防安全大培训, DOMAIN.md §2.7): the kinds, the limits of a session and an
// attendance, and the one definition of "trained in the last 12 months" that the coverage figures,
// the enterprise file and the demo use.
//
// THE WINDOW: a session counts for coverage on `today` (the town's calendar day, YYYY-MM-DD) when
//   WindowStartExclusive(today) < held_on <= today
// where WindowStartExclusive is the same month and day one year earlier. On 2026-12-06 that is
// 2025-12-07 … 2026-12-06: exactly a year of days, the day a year ago already out. The dates are
// compared as text (YYYY-MM-DD sorts as it reads), so 29 February needs no calendar arithmetic:
// "2025-02-29" is not a day, but every real day still compares on the right side of it.
//
// HELD_ON: a session may be entered ahead (a planned session, so its sign-in sheet can be printed)
// up to a year ahead (held_on <= LatestHeldOn(today)); it counts for coverage only once its day has
// come. Attendance may be recorded on a planned session (pre-registration); it counts from held_on.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/principal.hpp"

namespace safegrid {

enum class TrainingKind { kFire, kProduction, kDrill };

std::string_view TrainingKindName(TrainingKind kind);
std::optional<TrainingKind> ParseTrainingKind(std::string_view name);

inline constexpr size_t kMaxTrainingTitle = 200;
// A session's length in hours: more than 0, at most a day.
inline constexpr double kMaxTrainingHours = 24.0;
// People of one enterprise at one session: at least 1 (an enterprise that sent nobody has no
// attendance; DELETE removes one recorded by mistake), at most this.
inline constexpr int64_t kMinAttendancePeople = 1;
inline constexpr int64_t kMaxAttendancePeople = 100000;

[[nodiscard]] bool IsValidTrainingHours(double hours);
[[nodiscard]] bool IsValidAttendancePeople(int64_t people);

// The same month and day one year before `today` ("2026-12-06" → "2025-12-06"); sessions held on
// it no longer count. `today` must be YYYY-MM-DD.
std::string WindowStartExclusive(std::string_view today);
// The latest held_on a new session may carry: the same month and day a year after `today`.
std::string LatestHeldOn(std::string_view today);
// Whether a session held on `held_on` counts for coverage on `today`.
[[nodiscard]] bool CountsForCoverage(std::string_view held_on, std::string_view today);

// Whether an enterprise at `enterprise` lies in the region of a session held at `session` (its
// subtree: a village session takes that village's enterprises, a town session the whole town's).
// Attendance and sign-ins both take only these.
[[nodiscard]] bool InSessionRegion(const RegionPath& session, const RegionPath& enterprise);

// Enterprises of an area, those with at least one attendance in the window, and the people those
// attendances sent (the sum over attendances: one worker at two sessions counts twice).
struct TrainingCoverage {
    int64_t enterprises = 0;
    int64_t covered = 0;
    int64_t people = 0;
    // covered / enterprises as a fraction 0..1 (like a campaign's coverage); 0 with no enterprises.
    [[nodiscard]] double Coverage() const;
};

}  // namespace safegrid
