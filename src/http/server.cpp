// Listener, threads and the staged shutdown (Beast's advanced_server_flex_awaitable idea, at our
// Boost): stop accepting → close idle keep-alive connections → wait up to shutdown_grace for
// in-flight requests → close whatever is left → stop the io_context → join io threads and pool.
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <thread>

#include "http/session.hpp"
#include "http/static_files.hpp"
#include "services/login_throttle.hpp"

namespace safegrid::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// Out of file descriptors (EMFILE) makes accept fail at once; pause instead of spinning.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);
// After the grace period we close sockets; sessions then unwind within this.
constexpr auto kForceCloseWait = std::chrono::seconds(2);

void CancelIfIdle(Connection& connection) {
    if (connection.idle) connection.Tcp().cancel();
}

void CloseNow(Connection& connection) { connection.Tcp().close(); }

// The per-address cap's key: the peer's address as every rate limit keys it (IPv6 by /64); empty
// for a trusted proxy, whose clients would otherwise share one small cap.
std::string ConnectionKey(const tcp::socket& socket, const TrustedProxies& proxies) {
    boost::system::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "invalid";
    auto address = NormalAddress(endpoint.address().to_string());
    if (!address) return "invalid";
    if (proxies.Contains(*address)) return {};
    return services::ClientAddressKey(*address);
}

// A flood would write one warning per refused connection; one per address and minute is enough.
void LogAddressFull(const std::string& key, size_t cap) {
    static std::mutex mutex;
    static std::string last_key;
    static auto last_time = std::chrono::steady_clock::time_point{};
    std::lock_guard lock(mutex);
    auto now = std::chrono::steady_clock::now();
    if (key == last_key && now - last_time < std::chrono::minutes(1)) return;
    last_key = key;
    last_time = now;
    spdlog::warn("address {} has {} connections open (the per-address cap); closing new ones", key, cap);
}

}  // namespace

struct Server::Impl {
    Impl(const Router& router_in, Hooks hooks_in, ServerOptions options_in)
        : router(router_in),
          hooks(std::move(hooks_in)),
          options(std::move(options_in)),
          web(options.web_dir),
          pool(static_cast<size_t>(std::max(1, options.worker_threads))),
          ioc(std::max(1, options.io_threads)),
          acceptor(asio::make_strand(ioc)),
          context{router, hooks, options, web, pool, registry, stopping} {}

    asio::awaitable<void> AcceptLoop();

    // Declaration order is destruction order in reverse: the registry and the shared state must
    // outlive the io_context, whose destructor destroys any session coroutine still suspended.
    const Router& router;
    Hooks hooks;
    ServerOptions options;
    StaticFiles web;
    ConnectionRegistry registry;
    std::atomic<bool> stopping{false};
    asio::thread_pool pool;
    asio::io_context ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor;
    SessionContext context;
    std::vector<std::thread> threads;

    enum class State { kNew, kRunning, kStopping, kStopped };
    std::mutex state_mutex;
    std::condition_variable state_changed;
    State state = State::kNew;
};

asio::awaitable<void> Server::Impl::AcceptLoop() {
    for (;;) {
        auto strand = asio::make_strand(ioc);  // named: no temporaries with destructors in co_await (GCC 12)
        auto [ec, socket] = co_await acceptor.async_accept(strand, kTuple);
        if (stopping || !acceptor.is_open()) co_return;
        if (ec) {
            spdlog::warn("accept failed: {}", ec.message());
            asio::steady_timer pause(acceptor.get_executor(), kAcceptBackoff);
            co_await pause.async_wait(kTuple);
            continue;
        }
        auto connection = std::make_shared<Connection>(std::move(socket), options.tls.get());
        connection->address_key = ConnectionKey(connection->Tcp().socket(), options.trusted_proxies);
        auto admission = registry.Add(connection, options.max_connections, options.max_connections_per_address);
        if (admission != ConnectionRegistry::Admission::kAdmitted) {
            // Closed at once, no answer: writing one would let the flood hold the socket longer.
            if (admission == ConnectionRegistry::Admission::kServerFull) {
                spdlog::warn("connection limit {} reached; closing a new connection", options.max_connections);
            } else {
                LogAddressFull(connection->address_key, options.max_connections_per_address);
            }
            boost::system::error_code ignored;
            connection->Tcp().socket().close(ignored);
            continue;
        }
        asio::co_spawn(connection->Tcp().get_executor(), RunSession(connection, context), [](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                spdlog::error("session ended by exception: {}", ex.what());
            } catch (...) {
                spdlog::error("session ended by a non-standard exception");
            }
        });
    }
}

Server::Server(const Router& router, Hooks hooks, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(hooks), std::move(options))) {}

Server::~Server() { Stop(); }

Result<uint16_t> Server::Start() {
    Impl& s = *impl_;
    {
        std::lock_guard lock(s.state_mutex);
        if (s.state != Impl::State::kNew) return Internal("Server::Start called twice");
    }
    auto fail = [&](const std::string& what, const boost::system::error_code& ec) {
        return Fail({Code::kUnavailable,
                     "listen_failed",
                     {"无法监听端口", "Cannot listen on the address"},
                     {},
                     what + " " + s.options.host + ":" + std::to_string(s.options.port) + ": " + ec.message()});
    };
    boost::system::error_code ec;
    asio::ip::address address = asio::ip::make_address(s.options.host, ec);
    if (ec) {
        // A name such as "localhost": take the first address it resolves to.
        tcp::resolver resolver(s.ioc);
        auto results = resolver.resolve(s.options.host, std::to_string(s.options.port), ec);
        if (ec || results.empty()) return fail("resolve", ec);
        address = results.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, s.options.port);
    s.acceptor.open(endpoint.protocol(), ec);
    if (ec) return fail("open", ec);
    s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (s.options.reuse_port) {
        // Several serve processes on one HOST:PORT (docs/multi-process.md): the kernel spreads new
        // connections over every socket bound with SO_REUSEPORT (same user only).
        s.acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), ec);
        if (ec) return fail("reuse_port", ec);
    }
    s.acceptor.bind(endpoint, ec);
    if (ec) return fail("bind", ec);
    s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail("listen", ec);
    uint16_t port = s.acceptor.local_endpoint(ec).port();

    asio::co_spawn(s.acceptor.get_executor(), s.AcceptLoop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::error("accept loop ended by exception: {}", ex.what());
        } catch (...) {
        }
    });
    s.work.emplace(s.ioc.get_executor());
    for (int i = 0; i < std::max(1, s.options.io_threads); ++i) {
        s.threads.emplace_back([&s] {
            MarkIoThread();
            for (;;) {
                try {
                    s.ioc.run();
                    return;
                } catch (const std::exception& e) {
                    // A completion handler threw: log it and keep serving the other connections.
                    spdlog::error("io thread caught: {}", e.what());
                }
            }
        });
    }
    {
        std::lock_guard lock(s.state_mutex);
        s.state = Impl::State::kRunning;
    }
    spdlog::info("{} listening on {}:{}", s.options.tls ? "https" : "http", address.to_string(), port);
    return port;
}

void Server::Stop() {
    Impl& s = *impl_;
    {
        std::unique_lock lock(s.state_mutex);
        if (s.state == Impl::State::kNew) {
            s.state = Impl::State::kStopped;
            s.state_changed.notify_all();
            return;
        }
        if (s.state == Impl::State::kStopping) {
            s.state_changed.wait(lock, [&] { return s.state == Impl::State::kStopped; });
            return;
        }
        if (s.state == Impl::State::kStopped) return;
        s.state = Impl::State::kStopping;
    }
    s.stopping = true;
    asio::post(s.acceptor.get_executor(), [&s] {
        boost::system::error_code ec;
        s.acceptor.close(ec);
    });
    s.registry.ForEach(&CancelIfIdle);
    auto grace_end = std::chrono::steady_clock::now() + s.options.shutdown_grace;
    if (!s.registry.WaitEmpty(grace_end)) {
        spdlog::warn("{} connection(s) still busy after the shutdown grace period; closing them", s.registry.Size());
        s.registry.ForEach(&CloseNow);
        s.registry.WaitEmpty(std::chrono::steady_clock::now() + kForceCloseWait);
    }
    s.work.reset();
    s.ioc.stop();
    for (auto& thread : s.threads) thread.join();
    s.threads.clear();
    // A handler still running on the pool finishes here (it cannot be interrupted; the store's
    // own timeouts bound it). Its completion is never delivered: the io_context has stopped.
    s.pool.join();
    spdlog::info("http server stopped");
    std::lock_guard lock(s.state_mutex);
    s.state = Impl::State::kStopped;
    s.state_changed.notify_all();
}

void Server::Wait() {
    Impl& s = *impl_;
    std::unique_lock lock(s.state_mutex);
    s.state_changed.wait(lock, [&] { return s.state == Impl::State::kStopped || s.state == Impl::State::kNew; });
}

}  // namespace safegrid::http
