// Hostile MQTT messages → the topic and payload reader the listener runs on every message
// (core/mqtt/device_event). The input is "<topic>\n<payload>" (no newline: all payload).
// Invariants: no out-of-bounds read (ASan) or undefined behaviour (UBSan); an accepted payload obeys
// every rule (event in the list, ts in range, detail valid UTF-8 within its bound), and the event
// written back as a payload with JsonQuote reads back to the same event; an accepted serial sits in
// its topic and holds no level separator or wildcard.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/mqtt/device_event.hpp"
#include "core/text/utf8.hpp"

using namespace safegrid::mqtt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t newline = input.find('\n');
    const std::string_view topic = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
    const std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);

    if (const auto serial = SerialFromTopic(topic)) {
        if (serial->empty() || serial->find_first_of("/+#") != std::string::npos) std::abort();
        if (topic != std::string(kTopicPrefix) + *serial + std::string(kTopicSuffix)) std::abort();
    }

    const auto event = ParseDeviceEvent(payload);
    if (!event) return 0;
    if (payload.size() > kMaxPayloadBytes || event->ts < 0 || event->ts > kMaxTs) std::abort();
    if (std::find(kEvents.begin(), kEvents.end(), event->event) == kEvents.end()) std::abort();
    if (event->detail &&
        (!safegrid::IsValidUtf8(*event->detail) || safegrid::CodePointCount(*event->detail) > kMaxDetailCodePoints)) {
        std::abort();
    }
    std::string again = "{\"ts\":" + std::to_string(event->ts) + ",\"event\":" + JsonQuote(event->event);
    if (event->detail) again += ",\"detail\":" + JsonQuote(*event->detail);
    again += "}";
    const auto reread = ParseDeviceEvent(again);
    if (again.size() <= kMaxPayloadBytes &&
        (!reread || reread->ts != event->ts || reread->event != event->event || reread->detail != event->detail)) {
        std::abort();
    }
    (void)SignalsJson(*event);
    return 0;
}
