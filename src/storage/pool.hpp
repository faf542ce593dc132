// The connection pool shared by both adapters (internal to storage/).
//
// Connections are opened lazily up to `max_size` and handed out as Database::Lease. Acquire
// waits at most `wait` for a free one, then fails with kUnavailable: under overload a request
// should get a quick 503 instead of queueing forever. A lease that outlives its pool simply
// closes its connection (the release callback holds a weak reference).
//
// Thread-safety: Acquire and lease release may run on any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage::detail {

// What the pool needs from an adapter's connection on top of Connection.
class PooledConnection : public Connection {
  public:
    // Called before an idle connection is lent out. Returns false when it is broken beyond
    // repair (the pool then discards it and opens another). May reconnect in place.
    virtual bool Revive() { return true; }
    // Called when a lease ends. Rolls back a transaction left open by a careless caller so the
    // next borrower starts clean. Returns false when the connection must be discarded.
    virtual bool Recycle() = 0;
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
  public:
    using Factory = std::function<Result<std::shared_ptr<PooledConnection>>()>;

    static std::shared_ptr<ConnectionPool> Create(std::string backend, size_t max_size, std::chrono::milliseconds wait,
                                                  Factory factory);
    ConnectionPool(std::string backend, size_t max_size, std::chrono::milliseconds wait, Factory factory);

    Result<Database::Lease> Acquire();
    // Opens one connection now and keeps it idle, so a bad URL or a down server fails at start-up.
    Status Warm();
    // Closes idle connections; leased ones close when returned.
    void Close();

  private:
    void Release(std::shared_ptr<Connection> conn) noexcept;

    const std::string backend_;
    const size_t max_size_;
    const std::chrono::milliseconds wait_;
    const Factory factory_;

    std::mutex mu_;
    std::condition_variable freed_;
    std::vector<std::shared_ptr<PooledConnection>> idle_;
    size_t open_ = 0;  // idle + leased + being opened
    bool closed_ = false;
};

// Runs f() and turns an escaping exception (bad_alloc, in practice) into kInternal: the
// adapters promise errors as values, and callers only check Result.
template <class F>
auto NoThrow(const char* backend, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const std::exception& e) {
        return Internal(std::string(backend) + " adapter: " + e.what());
    }
}

// Measures a store operation for the metrics (safegrid_store_duration_seconds).
class StoreTimer {
  public:
    StoreTimer(const char* backend, const char* op)
        : backend_(backend), op_(op), start_(std::chrono::steady_clock::now()) {}
    ~StoreTimer();
    StoreTimer(const StoreTimer&) = delete;
    StoreTimer& operator=(const StoreTimer&) = delete;

  private:
    const char* backend_;
    const char* op_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace safegrid::storage::detail
