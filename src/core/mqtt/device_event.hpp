// What an MQTT device sends (docs/mqtt.md, CONTRACT "Devices and alarms"): the topic it publishes on
// and the JSON payload, read into the inbox's SIGNALS (services/device_inbox.hpp). Pure: the
// listener (app/mqtt_listener) brings the bytes, the ingest service (services/mqtt_ingest) looks the
// serial up and stores; this file only says what a well-formed message is and why one is refused.
//
// TOPIC    safegrid/devices/{serial}/events, {serial} a valid device serial (core/device: 1..64 code
//          points, no control characters, no / + #).
// PAYLOAD  at most kMaxPayloadBytes of UTF-8, one JSON object (RFC 8259, no trailing text):
//   "ts"      when the device saw it: RFC 3339 ("2026-12-06T02:00:00Z", an offset or fraction is
//             fine; the fraction is dropped) or a JSON integer of Unix seconds; 0..kMaxTs
//   "event"   "fire" | "fault" | "clear" | "heartbeat"
//   "detail"  optional text, at most kMaxDetailCodePoints code points (null = absent)
//   other keys are ignored (a newer firmware may send more); a key given twice is refused.
//
// Every refusal has a Refusal reason whose RefusalName is the label of the listener's metrics.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace safegrid::mqtt {

inline constexpr std::string_view kTopicPrefix = "safegrid/devices/";
inline constexpr std::string_view kTopicSuffix = "/events";
// What the listener subscribes to: every device's events topic.
inline constexpr std::string_view kSubscription = "safegrid/devices/+/events";
inline constexpr size_t kMaxPayloadBytes = 8 * 1024;
inline constexpr size_t kMaxDetailCodePoints = 500;
// 9999-12-31T23:59:59Z: the last second RFC 3339 can write.
inline constexpr UnixSeconds kMaxTs = 253'402'300'799;
// Nesting allowed inside an ignored value (keeps the recursive skip bounded on hostile input).
inline constexpr int kMaxJsonDepth = 16;

inline constexpr std::array<std::string_view, 4> kEvents = {"fire", "fault", "clear", "heartbeat"};

enum class Refusal {
    kBadTopic,       // not safegrid/devices/{serial}/events or the serial is not a valid serial
    kTooLarge,       // payload over kMaxPayloadBytes
    kBadJson,        // not UTF-8, not JSON, not one object, or a key repeated
    kBadTs,          // "ts" missing, of the wrong type, unparseable or out of range
    kBadEvent,       // "event" missing or not in kEvents
    kBadDetail,      // "detail" not a string or longer than kMaxDetailCodePoints
    kUnknownDevice,  // (the ingest service) no MQTT device has this serial
    kStoreFailed,    // (the ingest service) the inbox could not store it
};
// snake_case, stable: used as a metrics label and in logs.
std::string_view RefusalName(Refusal r);

struct DeviceEvent {
    UnixSeconds ts = 0;
    std::string event;
    std::optional<std::string> detail;
};

// The serial out of an events topic, or nullopt (Refusal::kBadTopic).
std::optional<std::string> SerialFromTopic(std::string_view topic);

// The payload read and checked, or the reason it is refused.
tl::expected<DeviceEvent, Refusal> ParseDeviceEvent(std::string_view payload);

// The inbox SIGNALS array of one event: [{"event":..., "at":ts, "detail"?:...}].
std::string SignalsJson(const DeviceEvent& e);

// The inbox dedupe key: "<ts>:<sha256 prefix>", the prefix given by the caller (core does no
// hashing): the first 16 hex digits of the SHA-256 of the raw payload, so a QoS 1 redelivery of
// the same bytes is one row and two different messages in one second are two.
std::string DedupeKey(const DeviceEvent& e, std::string_view sha256_hex);

// JSON string literal of UTF-8 text (quotes included); control characters as \u00XX.
std::string JsonQuote(std::string_view utf8);

}  // namespace safegrid::mqtt
