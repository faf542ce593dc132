#include "app/mqtt_listener.hpp"

#include <mosquitto.h>
#include <unistd.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <chrono>
#include <vector>

#include "platform/logging.hpp"
#include "platform/metrics.hpp"

namespace safegrid::app {
namespace {

Error InvalidUrl(const std::string& why) {
    Error e;
    e.code = Code::kValidation;
    e.id = "validation_failed";
    e.message = {"MQTT 地址应为 mqtt://主机:端口", "The MQTT address must be mqtt://HOST:PORT"};
    e.fields["mqtt_url"] = {"MQTT 地址应为 mqtt://主机:端口", "mqtt://HOST:PORT expected"};
    e.internal = why;
    return e;
}

// libmosquitto keeps process-wide state (its SSL and random set-up): one init for the process.
void InitLibraryOnce() {
    static const int once = [] { return mosquitto_lib_init(); }();
    (void)once;
}

}  // namespace

Result<MqttUrl> ParseMqttUrl(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return Fail(InvalidUrl("not a URL: " + url));
    const auto& u = *parsed;
    if (u.scheme() != "mqtt") return Fail(InvalidUrl("scheme must be mqtt (TLS: put the broker on loopback)"));
    if (u.host().empty()) return Fail(InvalidUrl("no host"));
    if (!u.encoded_path().empty() && u.encoded_path() != "/") return Fail(InvalidUrl("a path is not allowed"));
    if (u.has_query() || u.has_fragment()) return Fail(InvalidUrl("a query or fragment is not allowed"));
    MqttUrl out;
    out.host =
        u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.encoded_host_address()) : std::string(u.host());
    if (!out.host.empty() && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
    if (u.has_port()) {
        if (u.port_number() == 0) return Fail(InvalidUrl("port must be 1..65535"));
        out.port = u.port_number();
    }
    if (u.has_userinfo()) {
        out.username = u.user();
        out.password = u.password();
    }
    return out;
}

std::string DefaultMqttClientId() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "safegrid";
    // MQTT 3.1.1 brokers must accept ids of 23 bytes; mosquitto takes longer ones, but keep it tidy.
    return "safegrid-" + std::string(host).substr(0, 64);
}

MqttListener::MqttListener(MqttListenerOptions options, services::MqttIngest& ingest)
    : options_(std::move(options)), ingest_(ingest) {
    if (options_.client_id.empty()) options_.client_id = DefaultMqttClientId();
}

MqttListener::~MqttListener() {
    Stop();
    if (mosq_) mosquitto_destroy(mosq_);
}

Status MqttListener::Start() {
    SG_ASSIGN_OR_RETURN(url_, ParseMqttUrl(options_.url));
    InitLibraryOnce();
    // clean_session = false: the broker keeps our subscription and queues QoS 1 messages while we
    // are away (docs/mqtt.md: the broker's persistence and max_queued_messages bound that queue).
    mosq_ = mosquitto_new(options_.client_id.c_str(), false, this);
    if (!mosq_) return Fail(Error{Code::kInternal, "internal", {}, {}, "mosquitto_new failed"});
    if (!url_.username.empty()) {
        mosquitto_username_pw_set(mosq_, url_.username.c_str(),
                                  url_.password.empty() ? nullptr : url_.password.c_str());
    }
    mosquitto_connect_callback_set(mosq_, &MqttListener::OnConnect);
    mosquitto_disconnect_callback_set(mosq_, &MqttListener::OnDisconnect);
    mosquitto_message_callback_set(mosq_, &MqttListener::OnMessage);
    writer_ = std::thread([this] { WriterLoop(); });
    network_ = std::thread([this] { NetworkLoop(); });
    spdlog::info("mqtt: listening to {}:{} as client \"{}\" (topic {}, QoS 1, persistent session)", url_.host,
                 url_.port, options_.client_id, mqtt::kSubscription);
    return {};
}

void MqttListener::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (network_.joinable()) network_.join();
    {
        std::lock_guard lock(mutex_);
        writer_done_ = true;
    }
    changed_.notify_all();
    if (writer_.joinable()) writer_.join();
}

bool MqttListener::Pause(int seconds) {
    std::unique_lock lock(mutex_);
    return !changed_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping_; });
}

void MqttListener::NetworkLoop() {
    bool first = true;
    bool connected = false;
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        if (!connected) {
            const int rc =
                first ? mosquitto_connect_async(mosq_, url_.host.c_str(), url_.port, options_.keepalive_seconds)
                      : mosquitto_reconnect_async(mosq_);
            first = false;
            if (rc != MOSQ_ERR_SUCCESS) {
                // Exponential back-off: min, 2·min, 4·min … max (mosquitto's own reconnect_delay rule).
                const int delay =
                    std::min(options_.reconnect_max_seconds, options_.reconnect_min_seconds << std::min(failures_, 16));
                ++failures_;
                platform::Metrics::Global().Increment("safegrid_mqtt_connect_failures_total");
                spdlog::warn("mqtt: cannot reach {}:{} ({}); next try in {} s", url_.host, url_.port,
                             mosquitto_strerror(rc), delay);
                if (!Pause(delay)) break;
                continue;
            }
            connected = true;
        }
        // Short waits keep Stop prompt; the loop also sends the keep-alive pings.
        const int rc = mosquitto_loop(mosq_, 100, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            connected = false;
            const int delay =
                std::min(options_.reconnect_max_seconds, options_.reconnect_min_seconds << std::min(failures_, 16));
            ++failures_;
            spdlog::warn("mqtt: connection to {}:{} lost ({}); reconnecting in {} s", url_.host, url_.port,
                         mosquitto_strerror(rc), delay);
            if (!Pause(delay)) break;
        }
    }
    if (connected) {
        // A clean DISCONNECT; the persistent session stays at the broker for the next start.
        mosquitto_disconnect(mosq_);
        mosquitto_loop(mosq_, 100, 1);
    }
}

void MqttListener::OnConnect(mosquitto* mosq, void* self, int rc) {
    auto* me = static_cast<MqttListener*>(self);
    if (rc != 0) {
        spdlog::warn("mqtt: broker refused the connection: {}", mosquitto_connack_string(rc));
        return;  // the broker closes the socket; NetworkLoop backs off and retries
    }
    me->failures_ = 0;
    platform::Metrics::Global().Increment("safegrid_mqtt_connects_total");
    // Subscribing again on every connect is harmless with a kept session, and needed without one
    // (a broker that lost its persistence file).
    const int sub = mosquitto_subscribe(mosq, nullptr, std::string(mqtt::kSubscription).c_str(), 1);
    spdlog::info("mqtt: connected to {}:{}; subscribe {}: {}", me->url_.host, me->url_.port, mqtt::kSubscription,
                 mosquitto_strerror(sub));
}

void MqttListener::OnDisconnect(mosquitto* /*mosq*/, void* self, int rc) {
    auto* me = static_cast<MqttListener*>(self);
    if (rc != 0) spdlog::info("mqtt: disconnected from {}:{} (code {})", me->url_.host, me->url_.port, rc);
}

void MqttListener::OnMessage(mosquitto* /*mosq*/, void* self, const mosquitto_message* message) {
    auto* me = static_cast<MqttListener*>(self);
    services::MqttMessage m;
    m.topic = message->topic ? message->topic : "";
    if (message->payload && message->payloadlen > 0) {
        // The reader refuses anything over its bound; keep one byte more so it can say too_large.
        const size_t len = std::min(static_cast<size_t>(message->payloadlen), mqtt::kMaxPayloadBytes + 1);
        m.payload.assign(static_cast<const char*>(message->payload), len);
    }
    std::unique_lock lock(me->mutex_);
    // Back-pressure: while the store is this far behind, read (and ack) nothing more.
    me->changed_.wait(lock, [me] { return me->uncommitted_ < kMaxUncommitted; });
    me->queue_.push_back(std::move(m));
    ++me->uncommitted_;
    lock.unlock();
    me->changed_.notify_all();
}

void MqttListener::WriterLoop() {
    std::vector<services::MqttMessage> batch;
    while (true) {
        batch.clear();
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return !queue_.empty() || writer_done_; });
            if (queue_.empty()) break;  // done and drained
            const size_t n = std::min(queue_.size(), kMaxBatch);
            for (size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        services::MqttIngestCounts counts;
        const auto parsed = ingest_.Read(batch, counts);
        // A store error (disk full, PostgreSQL restarting): the messages are acked already, so keep
        // them and try again; the dedupe key makes a partly applied retry harmless. At shutdown
        // give up after a few tries rather than hang.
        for (int attempt = 1;; ++attempt) {
            auto stored = ingest_.Store(parsed);
            if (stored) break;
            spdlog::error("mqtt: storing {} message(s) failed (attempt {}): {}", parsed.size(), attempt,
                          stored.error().internal);
            bool done = false;
            {
                std::unique_lock lock(mutex_);
                done = writer_done_;
            }
            if (done && attempt >= 3) {
                platform::Metrics::Global().Increment("safegrid_mqtt_refused_total{reason=\"store_failed\"}",
                                                      static_cast<double>(parsed.size()));
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5000, 100 << std::min(attempt, 6))));
        }
        {
            std::lock_guard lock(mutex_);
            uncommitted_ -= batch.size();
        }
        changed_.notify_all();
    }
}

}  // namespace safegrid::app
