// A Clock that tests set and move by hand, so expiry and throttle windows are tested without
// sleeping. Starts at 2026-11-29T11:31:14Z unless told otherwise.
//
// Thread-safety: Now/Set/Advance are thread-safe (atomic).
#pragma once

#include <atomic>

#include "core/ports/clock.hpp"

namespace safegrid::test {

class FakeClock : public Clock {
  public:
    static constexpr UnixSeconds kDefaultStart = 1795951874;

    explicit FakeClock(UnixSeconds start = kDefaultStart) : now_(start) {}
    [[nodiscard]] UnixSeconds Now() const override { return now_.load(); }
    void Set(UnixSeconds t) { now_.store(t); }
    void Advance(UnixSeconds seconds) { now_.fetch_add(seconds); }

  private:
    std::atomic<UnixSeconds> now_;
};

}  // namespace safegrid::test
