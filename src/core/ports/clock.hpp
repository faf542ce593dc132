// The one way code reads the time, so tests can move it (tests/support/fake_clock.hpp).
#pragma once

#include "core/time.hpp"

namespace safegrid {

class Clock {
  public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual UnixSeconds Now() const = 0;
};

}  // namespace safegrid
