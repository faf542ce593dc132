// MQTT device messages → the device inbox (services/device_inbox.hpp). The listener (app/mqtt_listener,
// libmosquitto) hands over what arrived on safegrid/devices/+/events; this reads each message
// (core/mqtt/device_event), finds its device (DeviceRepository::FindMqttBySerial) and stores the
// good ones in one inbox transaction. Refusals are counted in /metrics by reason
// (safegrid_mqtt_refused_total{reason}) and logged once per serial, or per reason when there is no
// serial, per minute, so a chatty broken device cannot flood the log.
//
// Metrics: safegrid_mqtt_messages_total{outcome="stored|duplicate|refused"}, safegrid_mqtt_refused_total{reason}.
//
// Thread-safety: Ingest may be called from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/mqtt/device_event.hpp"
#include "core/ports/clock.hpp"
#include "services/device_inbox.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct MqttMessage {
    std::string topic;
    std::string payload;
};

struct MqttIngestCounts {
    int64_t stored = 0;
    int64_t duplicates = 0;  // a QoS 1 redelivery or a device's own repeat: applied once already
    int64_t refused = 0;     // bad topic or payload, unknown device, or the store failed
};

class MqttIngest {
  public:
    MqttIngest(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, const Clock& clock);

    // A message read and checked: its serial and event, and the payload it came in.
    struct Parsed {
        std::string serial;
        mqtt::DeviceEvent event;
        std::string payload;
    };
    // Reads every message; the refused ones are counted and logged here, once, and left out.
    std::vector<Parsed> Read(std::span<const MqttMessage> batch, MqttIngestCounts& counts);
    // One look-up transaction and one inbox transaction for the whole batch. On a store error
    // nothing is counted and the caller may try the same batch again (the dedupe key makes a
    // repeat harmless).
    Result<MqttIngestCounts> Store(std::span<const Parsed> batch);
    // Read and Store; a store error counts the batch as refused (reason store_failed). For tests.
    MqttIngestCounts Ingest(std::span<const MqttMessage> batch);

  private:
    void Refuse(mqtt::Refusal why, std::string_view serial, std::string_view detail);

    std::shared_ptr<storage::Database> db_;
    DeviceInbox& inbox_;
    const Clock& clock_;
    std::mutex log_mutex_;
    std::map<std::string, UnixSeconds> last_logged_;  // serial or reason → when it was last logged
};

}  // namespace safegrid::services
