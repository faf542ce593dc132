// The real clock, for production wiring. Tests use tests/support/fake_clock.hpp.
#pragma once

#include <chrono>

#include "core/ports/clock.hpp"

namespace safegrid::app {

class SystemClock final : public Clock {
  public:
    [[nodiscard]] UnixSeconds Now() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

}  // namespace safegrid::app
