// `safegrid simulate-devices`: simulated monitoring devices for demos, load tests and the kill
// test. The GB/T 26875.3 half: N units, each its own TCP connection to the gateway, sending R state
// events per second in total (mostly normal states, now and then a fire or a fault and the clear
// after it), answering the centre's commands, and behaving as a real unit about confirms: a frame
// not confirmed within --resend-after seconds is sent again byte for byte (same serial, same time
// label), and after a reconnect everything unconfirmed is sent again. Serials keep counting across
// reconnects, so a serial and time label never name two different events.
// The MQTT half (--mqtt URL) is RunMqttSimulator in simulate_mqtt.hpp (the MQTT part of issue 9).
#pragma once

#include <string>

#include "app/config.hpp"

namespace safegrid::app {

struct SimulateOptions {
    std::string gb26875;  // HOST:PORT of the gateway; empty: no GB26875 units
    std::string mqtt;     // broker URL for the MQTT half; empty: none
    int units = 10;
    double rate = 10;           // state events per second, all units together
    double duration = 0;        // seconds of sending; 0 = until SIGINT/SIGTERM
    double resend_after = 10;   // GB26875.md §1: a unit waits at most 10 s for the confirm
    double drain = 15;          // after the duration, how long to wait for the last confirms
    std::string db;             // read the registered gb26875 unit addresses from this store
    std::string confirmed_log;  // append "ADDRESS DEDUPE_KEY" per confirmed event (the kill test reads it)
    unsigned seed = 1;
};

int SimulateDevicesCommand(const SimulateOptions& options);

}  // namespace safegrid::app
