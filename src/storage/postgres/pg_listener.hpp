// One extra PostgreSQL connection that LISTENs on a channel, for several serve processes on one
// store (docs/multi-process.md): a live event written by another process wakes this
// process's event streams at that transaction's commit (the NOTIFY comes from a trigger on
// live_events, migration 0029), instead of at the next poll.
//
// A thread waits in poll() on the connection's socket (and a pipe that Stop writes to), reads the
// notifications and calls `on_notify` once per batch of them. When the connection drops it
// reconnects every `retry` and, once back, calls `on_notify` too: whatever was sent while it was
// away is not replayed by PostgreSQL, and a wake makes the reader look (its poll would find it
// anyway). Errors are logged, never fatal: the streams' own poll still delivers every row.
//
// Thread-safety: Start and Stop from one thread; Notified/Connected from any.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace safegrid::storage {

class PgListener {
  public:
    // `url`: the full postgresql:// URL (with its password); `channel`: an SQL identifier.
    PgListener(std::string url, std::string channel, std::function<void()> on_notify,
               std::chrono::milliseconds retry = std::chrono::seconds(1));
    ~PgListener();
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    // Starts the thread (it connects on its own; a server that is down now is retried).
    Status Start();
    void Stop();

    [[nodiscard]] bool Connected() const { return connected_; }
    [[nodiscard]] int64_t Notified() const { return notified_; }  // notifications received

  private:
    void Run();

    std::string url_;
    std::string channel_;
    std::function<void()> on_notify_;
    std::chrono::milliseconds retry_;
    int stop_pipe_[2] = {-1, -1};
    std::atomic<bool> stop_{false};
    std::atomic<bool> connected_{false};
    std::atomic<int64_t> notified_{0};
    std::thread thread_;
};

}  // namespace safegrid::storage
