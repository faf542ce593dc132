// Record + Wake → the event read by an SSE client (GET /api/v1/events), with many streams open.
// A real Server on loopback and a fresh SQLite store; SSE_BENCH_STREAMS raw clients (default
// 1,000, each its own user so the per-user cap does not apply) read on one epoll thread while a
// publisher records SSE_BENCH_RATE events/s (default 200) for SSE_BENCH_SECONDS (default 5). Every
// event's data carries its steady-clock send time; each read at each client is one latency
// sample. Prints p50/p99/max (target p99 < 100 ms) and how many deliveries arrived.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/system_clock.hpp"
#include "http/handlers/events.hpp"
#include "http/server.hpp"
#include "services/live_events.hpp"
#include "services/live_feed.hpp"
#include "storage/db.hpp"

namespace {

using namespace safegrid;
using SteadyClock = std::chrono::steady_clock;

int EnvInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

int64_t NowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count();
}

int Connect(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS: finished by epoll
    return fd;
}

struct Stream {
    std::string buffer;
    bool sent = false;
    bool ready = false;  // has the retry line: subscribed
    int user = 0;
};

void BM_SseLatency(benchmark::State& state) {
    const int streams = EnvInt("SSE_BENCH_STREAMS", 1000);
    const int rate = std::max(1, EnvInt("SSE_BENCH_RATE", 200));
    const int seconds = std::max(1, EnvInt("SSE_BENCH_SECONDS", 5));
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);

    for (auto _ : state) {
        const auto dir = std::filesystem::temp_directory_path() / ("sse_bench_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        auto db = storage::OpenDatabase("sqlite:" + (dir / "bench.db").string());
        if (!db || !storage::Migrate(**db)) {
            state.SkipWithError("cannot open the store");
            return;
        }
        app::SystemClock clock;
        services::LiveEvents live(clock);
        services::LiveFeed feed(*db, live, clock);
        if (!feed.Start()) {
            state.SkipWithError("feed did not start");
            return;
        }
        http::Router router;
        auto authenticate = [](std::string_view token) -> Result<Principal> {
            Principal p;
            p.user_id = std::stoll(std::string(token));
            p.role = Role::kTown;
            p.scope = {Scope::Level::kTown, 1};
            return p;
        };
        http::RegisterEventRoutes(router, feed, authenticate);
        http::Hooks hooks;
        hooks.authenticate = authenticate;
        http::ServerOptions options;
        options.port = 0;
        options.max_connections = static_cast<size_t>(streams) + 100;
        options.max_connections_per_address = static_cast<size_t>(streams) + 100;
        options.read_timeout = std::chrono::seconds(60);
        http::Server server(router, hooks, options);
        auto port = server.Start();
        if (!port) {
            state.SkipWithError("server did not start");
            return;
        }

        int ep = ::epoll_create1(0);
        std::unordered_map<int, Stream> clients;
        for (int i = 0; i < streams; ++i) {
            int fd = Connect(*port);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.fd = fd;
            ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
            clients[fd].user = i + 1;
        }
        std::vector<int64_t> latencies;
        latencies.reserve(static_cast<size_t>(streams) * static_cast<size_t>(rate) * static_cast<size_t>(seconds));
        int ready = 0;
        std::atomic<bool> publishing{false}, done{false};
        int64_t recorded = 0;
        std::vector<int64_t> commits;  // Record's transaction alone, to tell the store from the fan-out

        auto pump = [&](int timeout_ms) {
            epoll_event events[256];
            int n = ::epoll_wait(ep, events, 256, timeout_ms);
            const int64_t now = NowNs();
            for (int i = 0; i < n; ++i) {
                int fd = events[i].data.fd;
                Stream& s = clients[fd];
                if ((events[i].events & EPOLLOUT) && !s.sent) {
                    std::string req = "GET /api/v1/events HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " +
                                      std::to_string(s.user) + "\r\n\r\n";
                    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
                        s.sent = true;
                        epoll_event ev{};
                        ev.events = EPOLLIN;
                        ev.data.fd = fd;
                        ::epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                    }
                }
                if (!(events[i].events & EPOLLIN)) continue;
                char buf[16384];
                ssize_t got = ::recv(fd, buf, sizeof buf, 0);
                if (got <= 0) continue;
                s.buffer.append(buf, static_cast<size_t>(got));
                if (!s.ready && s.buffer.find("retry: 3000\n\n") != std::string::npos) {
                    s.ready = true;
                    ++ready;
                }
                size_t at = 0;
                while ((at = s.buffer.find("data: {\"t\":", at)) != std::string::npos) {
                    size_t end = s.buffer.find('}', at);
                    if (end == std::string::npos) break;
                    latencies.push_back(now - std::stoll(s.buffer.substr(at + 11, end - at - 11)));
                    at = end;
                }
                // Keep only an unfinished tail.
                size_t keep = s.buffer.rfind("\n\n");
                if (keep != std::string::npos && s.ready) s.buffer.erase(0, keep + 2);
            }
        };

        const auto connect_until = SteadyClock::now() + std::chrono::seconds(60);
        while (ready < streams && SteadyClock::now() < connect_until) pump(50);

        std::thread publisher([&] {
            publishing = true;
            const auto interval = std::chrono::nanoseconds(1'000'000'000LL / rate);
            auto next = SteadyClock::now();
            const auto until = next + std::chrono::seconds(seconds);
            while (SteadyClock::now() < until) {
                const int64_t sent = NowNs();
                services::LiveEvent e{"alarm.raised", {1, 2, 3}, 4, "{\"t\":" + std::to_string(sent) + "}"};
                auto id = (*db)->Transact(true, [&](storage::Connection& c) { return live.Record(c, e); });
                live.Wake();
                commits.push_back(NowNs() - sent);
                if (id) ++recorded;
                next += interval;
                std::this_thread::sleep_until(next);
            }
            done = true;
        });
        const auto drain_until = SteadyClock::now() + std::chrono::seconds(seconds + 5);
        while (SteadyClock::now() < drain_until) {
            pump(20);
            if (done && latencies.size() >= static_cast<size_t>(recorded) * static_cast<size_t>(ready)) break;
        }
        publisher.join();

        std::sort(latencies.begin(), latencies.end());
        std::sort(commits.begin(), commits.end());
        auto pct_of = [](const std::vector<int64_t>& v, double p) {
            if (v.empty()) return 0.0;
            size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
            return static_cast<double>(v[i]) / 1e6;
        };
        auto pct = [&](double p) { return pct_of(latencies, p); };
        std::printf("sse: %d streams (%d subscribed), %lld events at %d/s, %zu deliveries of %lld expected\n", streams,
                    ready, static_cast<long long>(recorded), rate, latencies.size(),
                    static_cast<long long>(recorded) * ready);
        std::printf("sse: record+wake -> client read: p50 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 < 100 ms)\n",
                    pct(0.50), pct(0.99), latencies.empty() ? 0.0 : static_cast<double>(latencies.back()) / 1e6);
        std::printf("sse: of which the Record transaction (commit included): p50 %.2f ms, p99 %.2f ms\n",
                    pct_of(commits, 0.50), pct_of(commits, 0.99));
        state.counters["streams"] = ready;
        state.counters["p50_ms"] = pct(0.50);
        state.counters["p99_ms"] = pct(0.99);
        state.counters["deliveries"] = static_cast<double>(latencies.size());

        for (auto& [fd, s] : clients) ::close(fd);
        ::close(ep);
        server.Stop();
        feed.Stop();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
}
BENCHMARK(BM_SseLatency)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
