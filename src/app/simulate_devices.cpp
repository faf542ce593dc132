#include "app/simulate_devices.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "app/simulate_mqtt.hpp"
#include "core/gb26875/framer.hpp"
#include "core/gb26875/signals.hpp"
#include "core/gb26875/upload.hpp"
#include "storage/db.hpp"

namespace safegrid::app {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace gb = gb26875;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

UnixSeconds WallNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Totals {
    uint64_t sent = 0, confirmed = 0, denied = 0, resent = 0, commands = 0;
};

struct Shared {
    asio::io_context& ioc;
    tcp::endpoint endpoint;
    double resend_after;
    Totals totals;
    std::ofstream confirmed_log;
    bool stopping = false;
};

class SimUnit : public std::enable_shared_from_this<SimUnit> {
  public:
    SimUnit(Shared& shared, uint64_t address, unsigned seed)
        : shared_(shared), address_(address), socket_(shared.ioc), rng_(seed) {}

    asio::awaitable<void> Run() {
        auto self = shared_from_this();
        while (!shared_.stopping) {
            socket_ = tcp::socket(shared_.ioc);
            auto [ec] = co_await socket_.async_connect(shared_.endpoint, kTuple);
            if (ec) {
                asio::steady_timer pause(shared_.ioc, std::chrono::milliseconds(500));
                co_await pause.async_wait(kTuple);
                continue;
            }
            connected_ = true;
            framer_ = gb::Framer();
            for (auto& [serial, u] : unconfirmed_) Resend(u);  // what the old connection left unconfirmed
            co_await Read();
            connected_ = false;
            writing_ = false;
            out_.clear();
        }
    }

    // One new state event (only while connected: a unit offline keeps its events to itself here).
    void Event() {
        if (!connected_) return;
        const uint32_t component = std::uniform_int_distribution<uint32_t>(1, 8)(rng_);
        const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
        uint16_t state = 0x0001;  // normal running
        auto& alarm = alarm_[component];
        if (alarm) {
            alarm = false;  // the clear after a fire or fault
        } else if (roll < 0.01) {
            state |= 0x0002, alarm = true;
        } else if (roll < 0.03) {
            state |= 0x0004, alarm = true;
        }
        gb::ComponentState cs;
        cs.system_type = 1;
        cs.system_address = 1;
        cs.component_type = 42;
        for (int i = 0; i < 4; ++i) cs.component_address.bytes[i] = static_cast<uint8_t>(component >> (8 * i));
        cs.state = state;
        cs.description = std::string(31, ' ');
        const gb::TimeLabel now = gb::UnixToLabel(WallNow());
        cs.time = now;
        const uint16_t serial = serial_++;
        auto bytes = gb::EncodeUpload({serial, gb::Address::FromValue(address_), gb::Address::FromValue(1), now},
                                      gb::adu_type::kComponentState, {cs});
        if (!bytes) return;
        auto& u = unconfirmed_[serial];
        u = {std::move(*bytes), gb::DedupeKey(HeaderOf(serial, now)), Clock::now()};
        Send(u.bytes);
        ++shared_.totals.sent;
    }

    void ResendOverdue() {
        if (!connected_) return;
        const auto limit = std::chrono::duration<double>(shared_.resend_after);
        for (auto& [serial, u] : unconfirmed_)
            if (Clock::now() - u.sent_at >= limit) Resend(u);
    }

    void Close() {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }
    [[nodiscard]] std::size_t Unconfirmed() const { return unconfirmed_.size(); }

  private:
    using Header = gb::Header;
    struct Pending {
        std::string bytes;
        std::string dedupe_key;
        Clock::time_point sent_at;
    };

    static Header HeaderOf(uint16_t serial, const gb::TimeLabel& t) {
        Header h;
        h.serial = serial;
        h.time = t;
        return h;
    }

    void Resend(Pending& u) {
        u.sent_at = Clock::now();
        ++shared_.totals.resent;
        Send(u.bytes);
    }

    void Send(std::string bytes) {
        if (!connected_) return;
        out_.push_back(std::move(bytes));
        if (!writing_) asio::co_spawn(shared_.ioc, WriteLoop(), asio::detached);
    }

    asio::awaitable<void> WriteLoop() {
        auto self = shared_from_this();
        writing_ = true;
        while (!out_.empty() && connected_) {
            std::string bytes = std::move(out_.front());
            out_.pop_front();
            auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(bytes), kTuple);
            if (ec) break;
        }
        writing_ = false;
    }

    asio::awaitable<void> Read() {
        std::array<char, 4096> buffer{};
        for (;;) {
            auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer), kTuple);
            if (ec) co_return;
            for (const gb::Frame& f : framer_.Feed(std::string_view(buffer.data(), n)).frames) OnFrame(f);
        }
    }

    void OnFrame(const gb::Frame& f) {
        const auto command = static_cast<gb::Command>(f.header.command);
        if (command == gb::Command::kControl || command == gb::Command::kRequest) {
            ++shared_.totals.commands;
            Send(gb::EncodeUnitConfirm(f.header, gb::UnixToLabel(WallNow())));
            return;
        }
        auto it = unconfirmed_.find(f.header.serial);
        if (it == unconfirmed_.end()) return;  // a confirm of a resend already confirmed
        if (command == gb::Command::kConfirm) {
            ++shared_.totals.confirmed;
            if (shared_.confirmed_log.is_open())
                shared_.confirmed_log << address_ << ' ' << it->second.dedupe_key << '\n';
            unconfirmed_.erase(it);
        } else if (command == gb::Command::kDeny) {
            // Denied: not registered or refused as malformed; resending the same bytes would be denied again.
            ++shared_.totals.denied;
            unconfirmed_.erase(it);
        }
    }

    Shared& shared_;
    uint64_t address_;
    tcp::socket socket_;
    gb::Framer framer_;
    std::mt19937 rng_;
    bool connected_ = false;
    bool writing_ = false;
    std::deque<std::string> out_;
    uint16_t serial_ = 0;
    std::map<uint16_t, Pending> unconfirmed_;
    std::map<uint32_t, bool> alarm_;
};

Result<std::vector<uint64_t>> Addresses(const SimulateOptions& o) {
    std::vector<uint64_t> out;
    if (o.db.empty()) {
        for (int i = 1; i <= o.units; ++i) out.push_back(static_cast<uint64_t>(i));
        return out;
    }
    SG_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(o.db));
    const std::array<storage::Value, 1> params = {int64_t{o.units}};
    SG_ASSIGN_OR_RETURN(auto rows, db->Read([&](storage::Connection& c) {
        return c.Query(
            "SELECT unit_address FROM devices WHERE protocol = 'gb26875' AND unit_address IS NOT NULL ORDER BY id "
            "LIMIT ?",
            params);
    }));
    for (const auto& r : rows.rows) out.push_back(static_cast<uint64_t>(r.Int(0)));
    return out;
}

asio::awaitable<void> Drive(Shared& shared, std::vector<std::shared_ptr<SimUnit>>& units, const SimulateOptions& o,
                            std::atomic<bool>& interrupted) {
    const auto start = Clock::now();
    const auto tick = std::chrono::milliseconds(10);
    asio::steady_timer timer(shared.ioc);
    double owed = 0;
    std::size_t next = 0;
    auto next_report = start + std::chrono::seconds(1);
    auto next_resend = start + std::chrono::seconds(1);
    Totals last;
    bool sending = true;
    Clock::time_point drain_until{};
    for (int second = 1;;) {
        timer.expires_after(tick);
        co_await timer.async_wait(kTuple);
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (sending && (interrupted || (o.duration > 0 && elapsed >= o.duration))) {
            sending = false;
            drain_until = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(o.drain * 1000));
        }
        if (sending) {
            owed += o.rate * std::chrono::duration<double>(tick).count();
            for (; owed >= 1 && !units.empty(); owed -= 1) units[next++ % units.size()]->Event();
        }
        if (Clock::now() >= next_resend) {
            next_resend += std::chrono::seconds(1);
            for (auto& u : units) u->ResendOverdue();
        }
        std::size_t open = 0;
        for (auto& u : units) open += u->Unconfirmed();
        if (Clock::now() >= next_report) {
            next_report += std::chrono::seconds(1);
            const Totals& t = shared.totals;
            fmt::print("t={}s sent={} confirmed={} denied={} resent={} unconfirmed={}\n", second++, t.sent - last.sent,
                       t.confirmed - last.confirmed, t.denied - last.denied, t.resent - last.resent, open);
            std::fflush(stdout);
            if (shared.confirmed_log.is_open()) shared.confirmed_log.flush();
            last = t;
        }
        if (!sending && (open == 0 || Clock::now() >= drain_until || interrupted)) break;
    }
    shared.stopping = true;
    for (auto& u : units) u->Close();
}

}  // namespace

int SimulateDevicesCommand(const SimulateOptions& o) {
    if (o.gb26875.empty() && o.mqtt.empty()) {
        std::cerr << "simulate-devices: give --gb26875 HOST:PORT and/or --mqtt mqtt://HOST:PORT\n";
        return 2;
    }
    // SIGINT/SIGTERM end the sending; the confirms still owed are waited for (--drain).
    static std::atomic<bool> interrupted{false};
    signal(SIGINT, [](int) { interrupted = true; });
    signal(SIGTERM, [](int) { interrupted = true; });
    signal(SIGPIPE, SIG_IGN);
    // The MQTT half runs beside the GB26875 half, at the same rate and for the same time.
    const auto mqtt_for = std::chrono::seconds(o.duration > 0 ? static_cast<int64_t>(o.duration) : int64_t{1} << 40);
    std::optional<Result<MqttSimulatorResult>> mqtt_result;
    std::jthread mqtt;
    if (!o.mqtt.empty()) {
        mqtt = std::jthread(
            [&] { mqtt_result = RunMqttSimulator(o.mqtt, o.units, o.rate, mqtt_for, o.db, &std::cout, &interrupted); });
    }
    auto mqtt_exit = [&]() -> int {
        if (mqtt.joinable()) mqtt.join();
        if (mqtt_result && !*mqtt_result) {
            std::cerr << "simulate-devices: mqtt: " << mqtt_result->error().internal << "\n";
            return 1;
        }
        return 0;
    };
    if (o.gb26875.empty()) return mqtt_exit();
    const int gb = [&]() -> int {
        auto listen = ParseListen(o.gb26875);
        boost::system::error_code ec;
        auto address = listen ? asio::ip::make_address(listen->first, ec) : asio::ip::address();
        if (!listen || ec) {
            std::cerr << "simulate-devices: --gb26875 must be IP:PORT, e.g. 127.0.0.1:9300\n";
            return 2;
        }
        auto addresses = Addresses(o);
        if (!addresses) {
            std::cerr << "simulate-devices: " << addresses.error().message.en << " " << addresses.error().internal
                      << "\n";
            return 1;
        }
        if (addresses->empty()) {
            std::cerr << "simulate-devices: no gb26875 devices with a unit address in " << o.db << "\n";
            return 1;
        }
        asio::io_context ioc(1);
        Shared shared{ioc, tcp::endpoint(address, listen->second), o.resend_after, {}, {}, false};
        if (!o.confirmed_log.empty()) shared.confirmed_log.open(o.confirmed_log, std::ios::app);
        std::vector<std::shared_ptr<SimUnit>> units;
        for (std::size_t i = 0; i < addresses->size(); ++i) {
            units.push_back(
                std::make_shared<SimUnit>(shared, (*addresses)[i], o.seed * 7919U + static_cast<unsigned>(i)));
            asio::co_spawn(ioc, units.back()->Run(), asio::detached);
        }
        fmt::print("simulating {} gb26875 units against {} at {} events/s\n", units.size(), o.gb26875, o.rate);
        asio::co_spawn(ioc, Drive(shared, units, o, interrupted), [&](std::exception_ptr) { ioc.stop(); });
        ioc.run();
        const Totals& t = shared.totals;
        fmt::print("total sent={} confirmed={} denied={} resent={}\n", t.sent, t.confirmed, t.denied, t.resent);
        shared.confirmed_log.close();
        return 0;
    }();
    if (gb != 0) interrupted = true;  // a bad --gb26875 ends the MQTT half too
    const int m = mqtt_exit();
    return gb != 0 ? gb : m;
}

}  // namespace safegrid::app
