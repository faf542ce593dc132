// The GB26875 gateway's one writer: messages from every session are collected for up to a few
// milliseconds (or up to a batch size), their units resolved to devices, and written with ONE
// DeviceInbox::Append (one commit, one fsync) before any of them is confirmed. At 10,000 units a
// commit per frame would cap the gateway at the store's fsync rate; a batch amortises it.
//
// Each Submit names a unit address and a message (device_id unset) and a callback run on the writer
// thread after the commit with the outcome; the gateway posts it back to the session's executor.
// Unit addresses are cached (registered: 60 s, unknown: 10 s) so a flood from an unknown unit does
// not become a flood of queries.
//
// Thread-safety: Submit from any thread; the callbacks run on the writer's own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "services/device_inbox.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

enum class GatewayWrite {
    kStored,       // committed: confirm
    kDuplicate,    // already stored: confirm again, apply nothing
    kUnknownUnit,  // no gb26875 device has this unit address: deny
    kFailed,       // the store failed: send nothing, the unit resends after its timeout
};

struct BatchOptions {
    std::chrono::microseconds window{5000};
    std::size_t max_messages = 1000;
};

class Gb26875BatchWriter {
  public:
    using Done = std::function<void(GatewayWrite, int64_t device_id)>;

    Gb26875BatchWriter(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, BatchOptions options);
    ~Gb26875BatchWriter();  // Stop()

    void Submit(uint64_t unit_address, InboxMessage message, Done done);
    // Writes what is queued, then stops the thread; later Submits answer kFailed at once.
    void Stop();

  private:
    struct Item {
        uint64_t unit = 0;
        InboxMessage message;
        Done done;
    };
    struct Known {
        std::optional<int64_t> device_id;
        std::chrono::steady_clock::time_point expires;
    };

    void Loop();
    void Write(std::deque<Item>& batch);
    // Device ids for the batch's units: the cache, then one read transaction for the misses.
    bool Resolve(std::deque<Item>& batch);

    std::shared_ptr<storage::Database> db_;
    DeviceInbox& inbox_;
    BatchOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    std::unordered_map<uint64_t, Known> units_;  // writer thread only
    std::thread thread_;
};

}  // namespace safegrid::services
