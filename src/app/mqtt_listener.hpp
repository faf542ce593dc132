// `serve --mqtt mqtt://HOST:PORT`: the MQTT half of device ingest (docs/mqtt.md). A libmosquitto
// client subscribes with QoS 1 to safegrid/devices/+/events in a persistent session (clean session
// off, a fixed client id), so what devices publish while SafeGrid is down waits at the broker and
// arrives after the reconnect. Messages go through services::MqttIngest into the device inbox.
//
// THREADS: one network thread runs the client (mosquitto_loop, reconnecting with exponential
// back-off 1 s … 60 s); one writer thread stores what arrived, in batches: while a commit runs the
// next messages queue up and go into the next commit together (group commit), so one fsync carries
// many messages under load and a lone message is stored at once.
//
// WHAT IS GUARANTEED: libmosquitto 2.0 sends the PUBACK of a QoS 1 message before it hands the
// message to on_message (lib/handle_publish.c), so the store cannot come before the ack. The network
// thread stops reading (and so acking) while kMaxUncommitted messages are waiting for the store;
// a process killed outright loses at most those; SIGTERM (Stop) stores everything received first.
// A redelivery of a message already stored is a duplicate in the inbox (dedupe key) and applied once.
//
// Thread-safety: Start/Stop from one thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "services/mqtt_ingest.hpp"

struct mosquitto;
struct mosquitto_message;

namespace safegrid::app {

// mqtt://[USER[:PASSWORD]@]HOST[:PORT] (port 1883 by default), read with Boost.URL.
struct MqttUrl {
    std::string host;
    uint16_t port = 1883;
    std::string username;
    std::string password;
};
Result<MqttUrl> ParseMqttUrl(const std::string& url);

// "safegrid-<host name>": one fixed id per server, so its persistent session is found again.
std::string DefaultMqttClientId();

struct MqttListenerOptions {
    std::string url;
    std::string client_id;  // empty: DefaultMqttClientId()
    int keepalive_seconds = 30;
    int reconnect_min_seconds = 1;
    int reconnect_max_seconds = 60;
};

class MqttListener {
  public:
    static constexpr size_t kMaxBatch = 500;
    static constexpr size_t kMaxUncommitted = 1000;

    MqttListener(MqttListenerOptions options, services::MqttIngest& ingest);
    ~MqttListener();
    MqttListener(const MqttListener&) = delete;
    MqttListener& operator=(const MqttListener&) = delete;

    // Checks the URL and starts both threads; the connection itself is made (and remade) in the
    // background, so a broker that is down at start is not an error.
    Status Start();
    // Disconnects, then stores what was received. Idempotent.
    void Stop();

  private:
    static void OnConnect(mosquitto* mosq, void* self, int rc);
    static void OnDisconnect(mosquitto* mosq, void* self, int rc);
    static void OnMessage(mosquitto* mosq, void* self, const mosquitto_message* message);
    void NetworkLoop();
    void WriterLoop();
    // Waits up to `seconds` unless Stop is called; false when stopping.
    bool Pause(int seconds);

    MqttListenerOptions options_;
    MqttUrl url_;
    services::MqttIngest& ingest_;
    mosquitto* mosq_ = nullptr;
    std::thread network_;
    std::thread writer_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopping_ = false;     // the network thread ends
    bool writer_done_ = false;  // the writer ends once the queue is empty
    std::deque<services::MqttMessage> queue_;
    size_t uncommitted_ = 0;  // queued plus in the writer's current batch
    int failures_ = 0;        // connection attempts since the last success (back-off)
};

}  // namespace safegrid::app
