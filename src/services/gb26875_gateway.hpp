// The GB/T 26875.3 monitoring-centre gateway (`safegrid serve --gb26875-listen HOST:PORT`;
// docs/gb26875.md "The gateway"). Units (用户信息传输装置) connect over TCP; one session per
// connection runs the codec's framer over the byte stream and answers every frame:
//   - a valid upload from a registered unit → an inbox message (issue9-shared.md) through the batch
//     writer; only after its commit, confirm (cmd 3) with the frame's serial. A repeat (same serial
//     and time label) is confirmed again and stored once;
//   - an unknown unit address → deny (cmd 6), logged once per unit per minute;
//   - a bad frame that could be delimited (checksum, reserved command, objects that do not fill the
//     ADU, a reserved type) → deny with its serial; the session goes on (the framer resyncs);
//   - bytes that are not frames are dropped; more than junk_limit of them since the last valid frame
//     and the connection is closed, as is one with no valid frame for idle_timeout.
// A heartbeat (a frame with no state objects) is stored at most once per heartbeat_store_interval
// per unit; the others are confirmed without a store write, so idle units do not flood the inbox.
// Commands the centre originates: clock sync (type 90) after a unit's first valid frame and every
// clock_sync_period, and patrol checks on request; each waits command_timeout for the unit's confirm
// and is sent again (same serial) up to command_retries times on silence or a deny.
// Everything refused or failed is counted in /metrics (gb26875_* counters, docs/gb26875.md).
//
// Threads: one network thread runs every session (they only parse and queue); the batch writer's
// thread does the store work. Thread-safety: Start/Stop from one thread; PatrolCheck/SyncClock from
// any thread but the gateway's own.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/device_inbox.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct Gb26875GatewayOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 9300;  // 0: any free port (tests)
    uint64_t centre_address = 0;
    std::chrono::milliseconds idle_timeout{60'000};  // 2–3 heartbeat periods (GB26875.md §10: 20–30 s)
    std::size_t max_connections = 20'000;
    std::size_t junk_limit = 64 * 1024;  // bytes refused since the last valid frame
    std::size_t max_in_flight = 256;     // frames of one session awaiting the store; more are dropped
    std::chrono::microseconds batch_window{5000};
    std::size_t batch_max = 1000;
    std::chrono::milliseconds command_timeout{10'000};  // GB26875.md §1: "should not exceed 10 s"
    int command_retries = 3;                            // "should be 3"
    std::chrono::seconds clock_sync_period{86'400};
    int64_t heartbeat_store_interval_s = 60;
};

class Gb26875Gateway {
  public:
    Gb26875Gateway(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, const Clock& clock,
                   Gb26875GatewayOptions options);
    ~Gb26875Gateway();  // Stop()

    Result<uint16_t> Start();  // binds and runs; returns the port
    void Stop();               // closes every session; queued messages are written, not confirmed

    // Sends the command to the connected unit with this address; false when none is connected.
    bool PatrolCheck(uint64_t unit_address, uint8_t answer_timeout_minutes);
    bool SyncClock(uint64_t unit_address);
    [[nodiscard]] std::size_t Connections() const;

    struct Impl;  // public so the sessions (gb26875_gateway.cpp) can name it; defined there only

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace safegrid::services
