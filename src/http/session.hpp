// Internals shared by server.cpp, session.cpp and dispatch.cpp; not for handlers.
//
// A session is one coroutine per TCP connection, running on its own strand of the io_context.
// It reads a request (header first, so the body limit can depend on the route), hands it to the
// worker pool for Dispatch(), and writes the answer. The Server keeps a registry of live
// connections so Stop() can close idle keep-alive connections and, after the grace period, all.
//
// Thread-safety: ConnectionRegistry is internally locked; a Connection is touched only on its strand.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/server.hpp"
#include "http/static_files.hpp"

namespace safegrid::http {

// Exactly one of `plain` and `tls` is set, by whether the server has a TLS context. Deadlines,
// cancel and close always act on the TCP stream underneath (Tcp()).
struct Connection {
    Connection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls_context);
    boost::beast::tcp_stream& Tcp() { return tls ? tls->next_layer() : *plain; }
    std::optional<boost::beast::tcp_stream> plain;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
    bool idle = true;         // waiting for the first byte of a request; only read/written on the strand
    std::string address_key;  // per-address connection cap; empty → not capped (a trusted proxy)
};

class ConnectionRegistry {
  public:
    enum class Admission { kAdmitted, kServerFull, kAddressFull };
    // Refuses when max_connections are open, or max_per_address with the connection's address_key
    // (the caller closes the socket).
    Admission Add(const std::shared_ptr<Connection>& connection, size_t max_connections, size_t max_per_address);
    void Remove(const Connection* connection);
    // Runs `fn` on each live connection's strand (strands serialise it with the session).
    void ForEach(void (*fn)(Connection&));
    // Waits until no connection is left or `deadline` passes; true when none is left.
    bool WaitEmpty(std::chrono::steady_clock::time_point deadline);
    size_t Size();

  private:
    std::mutex mutex_;
    std::condition_variable empty_;
    std::vector<std::weak_ptr<Connection>> connections_;
    std::unordered_map<std::string, size_t> per_address_;
};

struct SessionContext {
    const Router& router;
    const Hooks& hooks;
    const ServerOptions& options;
    const StaticFiles& web;
    boost::asio::thread_pool& pool;
    ConnectionRegistry& registry;
    std::atomic<bool>& stopping;
};

// How long a body of `expected_bytes` may take to arrive (see ServerOptions::body_min_rate).
std::chrono::seconds BodyTimeout(const ServerOptions& options, size_t expected_bytes);

boost::asio::awaitable<void> RunSession(std::shared_ptr<Connection> connection, SessionContext& context);

// True on a thread running the io_context (tests prove Dispatch never runs there).
bool OnIoThread();
void MarkIoThread();

// Shared with dispatch.cpp so answers the session makes itself look the same.
std::string NewRequestId();
Locale ParseLocale(const std::optional<std::string>& accept_language);

// Metrics + one access-log line; Dispatch() calls it, and the session for answers it makes itself
// (400 bad HTTP, 413). `route` is the route pattern or a fixed label, never the raw path.
void RecordAccess(const Request& request, const Response& response, std::string_view route, double seconds);

}  // namespace safegrid::http
