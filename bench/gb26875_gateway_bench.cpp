// The GB26875 gateway under load (issue 9 "Measured"): N connected units on loopback (default
// 10,000; SAFEGRID_BENCH_UNITS), each sending component-state uploads and waiting for each
// confirm like a real unit (one frame in flight), for SAFEGRID_BENCH_SECONDS (default 10). Reports
// state events stored per second (target > 50,000/s on 2 cores with batch commits) and the
// process's peak RSS (target < 300 MiB; units and gateway share this process, so it is an upper
// bound for the server). The store is a temp SQLite file unless SAFEGRID_BENCH_DB names one (a
// PostgreSQL URL). The units and the gateway each run on their own thread.
// Needs 2 file descriptors per unit in this process (`ulimit -n`): the bench raises the soft limit.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/system_clock.hpp"
#include "core/gb26875/framer.hpp"
#include "core/gb26875/signals.hpp"
#include "core/gb26875/upload.hpp"
#include "services/gb26875_gateway.hpp"
#include "storage/db.hpp"
#include "storage/repositories/device_repository.hpp"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace gb = safegrid::gb26875;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr uint64_t kFirstUnit = 500000;

int Env(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

double PeakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

asio::awaitable<void> Unit(asio::io_context& ioc, tcp::endpoint at, uint64_t address, std::atomic<bool>& stop,
                           std::atomic<uint64_t>& confirmed) {
    tcp::socket s(ioc);
    auto [ec] = co_await s.async_connect(at, kTuple);
    if (ec) co_return;
    gb::Framer framer;
    std::array<char, 2048> buffer{};
    uint16_t serial = 0;
    gb::ComponentState cs{1, 1, 42, {}, 0x0001, std::string(31, ' '), {}};
    while (!stop) {
        const auto now = gb::UnixToLabel(std::time(nullptr));
        cs.time = now;
        cs.component_address.bytes[0] = static_cast<uint8_t>(serial);
        auto frame = gb::EncodeUpload({serial, gb::Address::FromValue(address), gb::Address::FromValue(1), now},
                                      gb::adu_type::kComponentState, {cs});
        auto [wec, wn] = co_await asio::async_write(s, asio::buffer(*frame), kTuple);
        if (wec) co_return;
        bool answered = false;
        while (!answered) {
            auto [rec, n] = co_await s.async_read_some(asio::buffer(buffer), kTuple);
            if (rec) co_return;
            for (const auto& f : framer.Feed(std::string_view(buffer.data(), n)).frames) {
                if (f.header.command == 1) {  // the clock sync: confirm it
                    co_await asio::async_write(s, asio::buffer(gb::EncodeUnitConfirm(f.header, now)), kTuple);
                } else if (f.header.serial == serial && f.header.command == 3) {
                    answered = true;
                    confirmed++;
                }
            }
        }
        ++serial;
    }
}

void BM_GatewayStoredEvents(benchmark::State& state) {
    const int units = Env("SAFEGRID_BENCH_UNITS", 10000);
    const int seconds = Env("SAFEGRID_BENCH_SECONDS", 10);
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    const auto dir = std::filesystem::temp_directory_path() / ("gb26875_gateway_bench_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const char* url_env = std::getenv("SAFEGRID_BENCH_DB");
    const std::string url = url_env && *url_env ? url_env : "sqlite:" + (dir / "bench.db").string();
    auto db = safegrid::storage::OpenDatabase(url);
    if (!db || !safegrid::storage::Migrate(**db)) {
        state.SkipWithError("cannot open or migrate the store");
        return;
    }
    auto inserted = (*db)->Transact(true, [&](safegrid::storage::Connection& c) -> safegrid::Status {
        safegrid::storage::DeviceRepository repo(c);
        for (int i = 0; i < units; ++i) {
            safegrid::storage::DeviceRecord d;
            d.path.town_id = 1;
            d.enterprise_id = 1;
            d.kind = "fire_panel";
            d.serial = "BENCH-" + std::to_string(kFirstUnit + i);
            d.protocol = "gb26875";
            d.unit_address = static_cast<int64_t>(kFirstUnit + i);
            SG_TRY(repo.Insert(d));
        }
        return {};
    });
    if (!inserted) {
        state.SkipWithError("cannot register the units");
        return;
    }
    safegrid::app::SystemClock clock;
    safegrid::services::DeviceInbox inbox(*db, clock);
    safegrid::services::Gb26875GatewayOptions options;
    options.port = 0;
    safegrid::services::Gb26875Gateway gateway(*db, inbox, clock, options);
    auto port = gateway.Start();
    if (!port) {
        state.SkipWithError("gateway did not start");
        return;
    }
    for (auto _ : state) {
        asio::io_context ioc(1);
        std::atomic<bool> stop{false};
        std::atomic<uint64_t> confirmed{0};
        const tcp::endpoint at(asio::ip::make_address("127.0.0.1"), *port);
        for (int i = 0; i < units; ++i)
            asio::co_spawn(ioc, Unit(ioc, at, kFirstUnit + i, stop, confirmed), asio::detached);
        std::thread client([&] { ioc.run(); });
        std::this_thread::sleep_for(std::chrono::seconds(2));  // connects and first clock syncs
        const uint64_t before = confirmed.load();
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        const uint64_t during = confirmed.load() - before;
        stop = true;
        ioc.stop();
        client.join();
        state.counters["units"] = units;
        state.counters["connected"] = static_cast<double>(gateway.Connections());
        state.counters["stored_events_per_s"] = static_cast<double>(during) / seconds;
        state.counters["peak_rss_MiB"] = PeakRssMiB();
    }
    gateway.Stop();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_GatewayStoredEvents)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
