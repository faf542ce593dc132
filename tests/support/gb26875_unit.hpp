// A simulated GB/T 26875.3 unit for tests: a blocking loopback TCP client that sends frames and
// reads the centre's answers through the codec's framer. Not thread-safe: one thread per unit.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/framer.hpp"
#include "core/gb26875/upload.hpp"

namespace safegrid::test {

class Gb26875Unit {
  public:
    Gb26875Unit(uint16_t port, uint64_t address);
    ~Gb26875Unit();
    Gb26875Unit(const Gb26875Unit&) = delete;
    Gb26875Unit& operator=(const Gb26875Unit&) = delete;

    [[nodiscard]] bool Connected() const { return fd_ >= 0; }
    // False when the centre has closed the connection (or it never opened).
    bool Send(const std::string& bytes);
    // The next frame from the centre within `timeout_ms`; nullopt on timeout or when closed.
    std::optional<gb26875::Frame> Read(int timeout_ms = 5000);
    // True when the centre closed the connection within `timeout_ms` (frames before it are dropped).
    bool WaitClosed(int timeout_ms);

    // A component state upload: fire when `fire`, else normal, of component `component`.
    std::string StateFrame(uint16_t serial, bool fire, uint32_t component, const gb26875::TimeLabel& at) const;
    uint64_t address() const { return address_; }

  private:
    int fd_ = -1;
    uint64_t address_;
    gb26875::Framer framer_;
    std::deque<gb26875::Frame> frames_;
    bool closed_ = false;
};

}  // namespace safegrid::test
