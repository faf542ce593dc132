#include "app/simulate_mqtt.hpp"

#include <mosquitto.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "app/mqtt_listener.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::app {
namespace {

Error Internal(const std::string& why) { return Error{Code::kInternal, "internal", {}, {}, why}; }

Result<std::vector<std::string>> Serials(int units, const std::string& db_url) {
    std::vector<std::string> serials;
    if (!db_url.empty()) {
        SG_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(db_url));
        const std::array<storage::Value, 1> params = {static_cast<int64_t>(units)};
        SG_ASSIGN_OR_RETURN(storage::Rows rows, db->Read([&](storage::Connection& c) {
            return c.Query("SELECT serial FROM devices WHERE protocol = 'mqtt' ORDER BY id LIMIT ?", params);
        }));
        for (const auto& r : rows.rows) serials.push_back(r.Text(0));
        if (serials.empty()) return Fail(Internal("no MQTT devices in " + db_url));
        return serials;
    }
    for (int i = 1; i <= units; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "SIM-%04d", i);
        serials.emplace_back(name);
    }
    return serials;
}

}  // namespace

Result<MqttSimulatorResult> RunMqttSimulator(const std::string& url, int units, double rate,
                                             std::chrono::seconds duration, const std::string& db, std::ostream* out,
                                             const std::atomic<bool>* stop) {
    if (units < 1 || rate <= 0) return Fail(Internal("units and rate must be positive"));
    SG_ASSIGN_OR_RETURN(const MqttUrl where, ParseMqttUrl(url));
    SG_ASSIGN_OR_RETURN(const std::vector<std::string> serials, Serials(units, db));
    mosquitto_lib_init();
    static std::atomic<int64_t> acked;  // the publish callback has no context of ours but userdata
    acked = 0;
    mosquitto* m = mosquitto_new(nullptr, true, nullptr);
    if (!m) return Fail(Internal("mosquitto_new failed"));
    if (!where.username.empty()) mosquitto_username_pw_set(m, where.username.c_str(), where.password.c_str());
    mosquitto_publish_callback_set(m, [](mosquitto*, void*, int) { ++acked; });
    // Many QoS 1 messages in flight at once; the default of 20 would cap the rate at 20 per round trip.
    mosquitto_max_inflight_messages_set(m, 1000);
    if (int rc = mosquitto_connect(m, where.host.c_str(), where.port, 30); rc != MOSQ_ERR_SUCCESS) {
        mosquitto_destroy(m);
        return Fail(Internal(std::string("cannot connect: ") + mosquitto_strerror(rc)));
    }
    mosquitto_loop_start(m);
    MqttSimulatorResult result;
    const auto start = std::chrono::steady_clock::now();
    const auto end = start + duration;
    auto next_report = start + std::chrono::seconds(1);
    static constexpr std::array<const char*, 4> kRare = {"fire", "clear", "fault", "clear"};
    while (std::chrono::steady_clock::now() < end && (stop == nullptr || !stop->load())) {
        const auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(result.sent) / rate));
        std::this_thread::sleep_until(due);
        const int64_t seq = result.sent;
        const std::string& serial = serials[static_cast<size_t>(seq) % serials.size()];
        const char* event = seq % 50 == 49 ? kRare[static_cast<size_t>(seq / 50) % kRare.size()] : "heartbeat";
        const auto wall =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        const std::string topic = "safegrid/devices/" + serial + "/events";
        const std::string payload =
            R"({"ts":")" + FormatRfc3339(wall) + R"(","event":")" + event + R"(","seq":)" + std::to_string(seq) + "}";
        if (mosquitto_publish(m, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, false) ==
            MOSQ_ERR_SUCCESS) {
            ++result.sent;
        }
        if (out && std::chrono::steady_clock::now() >= next_report) {
            *out << "mqtt: sent=" << result.sent << " acked=" << acked.load() << "\n";
            next_report += std::chrono::seconds(1);
        }
    }
    // Give the last acks a moment to come back.
    for (int i = 0; i < 50 && acked.load() < result.sent; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    result.acked = acked.load();
    if (out) *out << "mqtt: done, sent=" << result.sent << " acked=" << result.acked << "\n";
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    mosquitto_destroy(m);
    return result;
}

}  // namespace safegrid::app
