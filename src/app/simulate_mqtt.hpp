// The MQTT half of `safegrid simulate-devices` (the command itself lives with the GB26875 half):
// N devices publish QoS 1 events to safegrid/devices/{serial}/events at R messages a second in all,
// mostly heartbeats with a fire, fault or clear now and then; every payload is unique (a "seq" key
// the server ignores), so none is a duplicate. Prints sent/acked once a second.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "core/error.hpp"

namespace safegrid::app {

struct MqttSimulatorResult {
    int64_t sent = 0;
    int64_t acked = 0;  // PUBACKs received from the broker
};

// Serials: the first `units` MQTT devices of `db` when it is given, else SIM-0001, SIM-0002 ...
// Sends for `duration`, or until `stop` turns true (when given).
Result<MqttSimulatorResult> RunMqttSimulator(const std::string& url, int units, double rate,
                                             std::chrono::seconds duration, const std::string& db = "",
                                             std::ostream* out = nullptr, const std::atomic<bool>* stop = nullptr);

}  // namespace safegrid::app
