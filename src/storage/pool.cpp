#include "storage/pool.hpp"

#include "platform/metrics.hpp"

namespace safegrid::storage::detail {

StoreTimer::~StoreTimer() {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    platform::Metrics::Global().ObserveStore(backend_, op_, elapsed.count());
}

std::shared_ptr<ConnectionPool> ConnectionPool::Create(std::string backend, size_t max_size,
                                                       std::chrono::milliseconds wait, Factory factory) {
    return std::make_shared<ConnectionPool>(std::move(backend), max_size, wait, std::move(factory));
}

ConnectionPool::ConnectionPool(std::string backend, size_t max_size, std::chrono::milliseconds wait, Factory factory)
    : backend_(std::move(backend)), max_size_(max_size < 1 ? 1 : max_size), wait_(wait), factory_(std::move(factory)) {}

Result<Database::Lease> ConnectionPool::Acquire() {
    StoreTimer timer(backend_.c_str(), "acquire");
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    std::unique_lock lock(mu_);
    for (;;) {
        if (closed_) return Unavailable("connection pool closed");
        std::shared_ptr<PooledConnection> conn;
        if (!idle_.empty()) {
            conn = std::move(idle_.back());
            idle_.pop_back();
            lock.unlock();
            // Revive may do network I/O (PostgreSQL reconnect): never under the pool lock.
            const bool alive = conn->Revive();
            lock.lock();
            if (!alive) {
                --open_;
                freed_.notify_one();
                continue;
            }
        } else if (open_ < max_size_) {
            ++open_;  // reserve the slot, then connect without holding the lock
            lock.unlock();
            Result<std::shared_ptr<PooledConnection>> made = Internal("connection factory threw");
            try {
                made = factory_();
            } catch (const std::exception& e) {
                made = Internal(std::string(backend_) + ": opening a connection: " + e.what());
            }
            lock.lock();
            if (!made) {
                --open_;
                freed_.notify_one();
                return Fail(std::move(made.error()));
            }
            conn = std::move(*made);
        } else {
            if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_size_) {
                return Unavailable("no free " + backend_ + " connection within the busy timeout");
            }
            continue;
        }
        std::weak_ptr<ConnectionPool> weak = weak_from_this();
        return Database::Lease(std::move(conn), [weak](std::shared_ptr<Connection> c) {
            if (auto pool = weak.lock()) pool->Release(std::move(c));
        });
    }
}

Status ConnectionPool::Warm() {
    auto lease = Acquire();
    if (!lease) return Fail(std::move(lease.error()));
    return {};
}

void ConnectionPool::Release(std::shared_ptr<Connection> conn) noexcept {
    // Runs from Lease's destructor: nothing may escape.
    auto pooled = std::static_pointer_cast<PooledConnection>(std::move(conn));
    bool keep = false;
    try {
        keep = pooled->Recycle();
    } catch (...) {
        keep = false;
    }
    std::lock_guard lock(mu_);
    if (keep && !closed_) {
        try {
            idle_.push_back(std::move(pooled));
        } catch (...) {
            --open_;  // out of memory: drop the connection rather than the count
        }
    } else {
        --open_;
    }
    freed_.notify_one();
}

void ConnectionPool::Close() {
    std::vector<std::shared_ptr<PooledConnection>> idle;
    {
        std::lock_guard lock(mu_);
        closed_ = true;
        idle.swap(idle_);
        open_ -= idle.size();
    }
    freed_.notify_all();
    // `idle` closes its connections here, outside the lock.
}

}  // namespace safegrid::storage::detail
