#include "services/mqtt_ingest.hpp"

#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/crypto.hpp"
#include "platform/logging.hpp"
#include "platform/metrics.hpp"
#include "storage/repositories/device_repository.hpp"

namespace safegrid::services {
namespace {

constexpr UnixSeconds kLogEverySeconds = 60;
// Beyond this many remembered keys the log limiter starts afresh (a flood of made-up serials must
// not grow memory); at worst a key is then logged twice in a minute.
constexpr size_t kMaxLoggedKeys = 10'000;

void Count(std::string_view outcome, int64_t n) {
    if (n > 0)
        platform::Metrics::Global().Increment("safegrid_mqtt_messages_total{outcome=\"" + std::string(outcome) + "\"}",
                                              static_cast<double>(n));
}

}  // namespace

MqttIngest::MqttIngest(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, const Clock& clock)
    : db_(std::move(db)), inbox_(inbox), clock_(clock) {}

void MqttIngest::Refuse(mqtt::Refusal why, std::string_view serial, std::string_view detail) {
    const std::string_view reason = mqtt::RefusalName(why);
    platform::Metrics::Global().Increment("safegrid_mqtt_refused_total{reason=\"" + std::string(reason) + "\"}");
    const std::string key = serial.empty() ? "reason:" + std::string(reason) : "serial:" + std::string(serial);
    const UnixSeconds now = clock_.Now();
    {
        std::lock_guard lock(log_mutex_);
        if (last_logged_.size() >= kMaxLoggedKeys) last_logged_.clear();
        auto [it, fresh] = last_logged_.try_emplace(key, now);
        if (!fresh && now - it->second < kLogEverySeconds) return;
        it->second = now;
    }
    // The serial is the device's own text: logged quoted, at most its 64 code points (topic check).
    spdlog::warn("mqtt: message refused ({}){}{}{} (logged once a minute per {})", reason,
                 serial.empty() ? "" : " from serial \"", serial, serial.empty() ? "" : "\"",
                 serial.empty() ? "reason" : "serial");
    if (!detail.empty()) spdlog::debug("mqtt: {}", detail);
}

std::vector<MqttIngest::Parsed> MqttIngest::Read(std::span<const MqttMessage> batch, MqttIngestCounts& counts) {
    std::vector<Parsed> parsed;
    parsed.reserve(batch.size());
    int64_t refused = 0;
    for (const MqttMessage& m : batch) {
        auto serial = mqtt::SerialFromTopic(m.topic);
        if (!serial) {
            Refuse(mqtt::Refusal::kBadTopic, "", "topic of " + std::to_string(m.topic.size()) + " bytes");
            ++refused;
            continue;
        }
        auto event = mqtt::ParseDeviceEvent(m.payload);
        if (!event) {
            Refuse(event.error(), *serial, "");
            ++refused;
            continue;
        }
        parsed.push_back({std::move(*serial), std::move(*event), m.payload});
    }
    Count("refused", refused);
    counts.refused += refused;
    return parsed;
}

Result<MqttIngestCounts> MqttIngest::Store(std::span<const Parsed> batch) {
    MqttIngestCounts counts;
    if (batch.empty()) return counts;
    // The devices of this batch, each serial looked up once.
    std::unordered_map<std::string, std::optional<int64_t>> devices;
    for (const Parsed& p : batch) devices.try_emplace(p.serial);
    SG_TRY(db_->Read([&](storage::Connection& conn) -> Status {
        storage::DeviceRepository repo(conn);
        for (auto& [serial, id] : devices) {
            SG_ASSIGN_OR_RETURN(auto device, repo.FindMqttBySerial(serial));
            if (device) id = device->id;
        }
        return {};
    }));

    std::vector<InboxMessage> messages;
    std::vector<const Parsed*> unknown;
    messages.reserve(batch.size());
    for (const Parsed& p : batch) {
        const std::optional<int64_t>& id = devices[p.serial];
        if (!id) {
            unknown.push_back(&p);
            continue;
        }
        messages.push_back({*id, "mqtt", mqtt::DedupeKey(p.event, platform::Sha256Hex(p.payload)), p.event.ts,
                            mqtt::SignalsJson(p.event), p.payload});
    }
    SG_ASSIGN_OR_RETURN(std::vector<InboxOutcome> outcomes, inbox_.Append(messages));
    for (InboxOutcome o : outcomes) ++(o == InboxOutcome::kStored ? counts.stored : counts.duplicates);
    for (const Parsed* p : unknown) Refuse(mqtt::Refusal::kUnknownDevice, p->serial, "");
    counts.refused = static_cast<int64_t>(unknown.size());
    Count("stored", counts.stored);
    Count("duplicate", counts.duplicates);
    Count("refused", counts.refused);
    return counts;
}

MqttIngestCounts MqttIngest::Ingest(std::span<const MqttMessage> batch) {
    MqttIngestCounts counts;
    const std::vector<Parsed> parsed = Read(batch, counts);
    auto stored = Store(parsed);
    if (!stored) {
        spdlog::error("mqtt: storing {} message(s) failed: {}", parsed.size(), stored.error().internal);
        for (const Parsed& p : parsed) Refuse(mqtt::Refusal::kStoreFailed, p.serial, "");
        Count("refused", static_cast<int64_t>(parsed.size()));
        counts.refused += static_cast<int64_t>(parsed.size());
        return counts;
    }
    counts.stored += stored->stored;
    counts.duplicates += stored->duplicates;
    counts.refused += stored->refused;
    return counts;
}

}  // namespace safegrid::services
