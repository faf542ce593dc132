#include "services/gb26875_gateway.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <deque>
#include <future>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/gb26875/encoder.hpp"
#include "core/gb26875/framer.hpp"
#include "core/gb26875/signals.hpp"
#include "platform/metrics.hpp"
#include "services/gb26875_batch_writer.hpp"

namespace safegrid::services {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace gb = gb26875;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

void Count(const std::string& name) { platform::Metrics::Global().Increment(name); }

std::string SignalsJson(const std::vector<gb::Signal>& signals) {
    boost::json::array out;
    for (const gb::Signal& s : signals) {
        boost::json::object o;
        o["event"] = s.event;
        o["at"] = s.at;
        if (s.component) {
            o["component"] = {{"system_type", s.component->system_type},
                              {"system_address", s.component->system_address},
                              {"component_type", s.component->component_type},
                              {"component_address", s.component->component_address}};
        }
        if (!s.detail.empty()) o["detail"] = s.detail;
        out.push_back(std::move(o));
    }
    return boost::json::serialize(out);
}

// Logs at most once a minute per key (a unit address or a peer), so a misbehaving unit cannot
// flood the log. Network thread only.
class LogLimiter {
  public:
    bool Allow(const std::string& key) {
        const auto now = std::chrono::steady_clock::now();
        auto [it, fresh] = last_.try_emplace(key, now);
        if (!fresh && now - it->second < std::chrono::minutes(1)) return false;
        it->second = now;
        if (last_.size() > 100'000) last_.clear();  // bounded: a scan of random addresses
        return true;
    }

  private:
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_;
};

}  // namespace

class Gb26875Session;

struct Gb26875Gateway::Impl {
    Impl(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, const Clock& clock_in,
         Gb26875GatewayOptions options_in)
        : clock(clock_in),
          options(std::move(options_in)),
          writer(std::move(db), inbox, BatchOptions{options.batch_window, options.batch_max}),
          acceptor(ioc) {}

    asio::awaitable<void> AcceptLoop();
    // Runs `fn(session)` on the network thread for the unit's session; false when none.
    bool WithUnit(uint64_t unit, std::function<void(Gb26875Session&)> fn);

    const Clock& clock;
    Gb26875GatewayOptions options;
    Gb26875BatchWriter writer;
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor;
    std::thread thread;
    std::atomic<std::size_t> connections{0};
    // Network thread only.
    std::unordered_map<Gb26875Session*, std::weak_ptr<Gb26875Session>> sessions;
    std::unordered_map<uint64_t, std::weak_ptr<Gb26875Session>> by_unit;
    LogLimiter log_limiter;
    bool started = false;
};

class Gb26875Session : public std::enable_shared_from_this<Gb26875Session> {
  public:
    Gb26875Session(Gb26875Gateway::Impl& gw, tcp::socket socket)
        : gw_(gw), socket_(std::move(socket)), idle_(socket_.get_executor()), sync_(socket_.get_executor()) {
        boost::system::error_code ec;
        auto peer = socket_.remote_endpoint(ec);
        peer_ = ec ? std::string("?") : fmt::format("{}:{}", peer.address().to_string(), peer.port());
    }

    asio::awaitable<void> Run() {
        auto self = shared_from_this();
        asio::co_spawn(socket_.get_executor(), Watchdog(), asio::detached);
        std::array<char, 4096> buffer{};
        while (!closed_) {
            auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer), kTuple);
            if (ec) break;
            Handle(std::string_view(buffer.data(), n));
        }
        Close(closed_ ? nullptr : "peer");
    }

    void Close(const char* reason) {
        if (reason != nullptr) Count(fmt::format("gb26875_sessions_closed_total{{reason=\"{}\"}}", reason));
        if (closed_) return;
        closed_ = true;
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        idle_.cancel();
        sync_.cancel();
        for (auto& [serial, command] : commands_) command.timer->cancel();
        gw_.sessions.erase(this);
        if (unit_) {
            auto it = gw_.by_unit.find(*unit_);
            if (it != gw_.by_unit.end() && it->second.lock().get() == this) gw_.by_unit.erase(it);
        }
        gw_.connections--;
    }

    // A centre command (cmd 1) with its own serial, confirmed or retried (GB26875.md §1, §3.1).
    void StartCommand(std::string kind, std::function<std::string(const gb::Origin&)> build) {
        if (closed_ || !unit_) return;
        asio::co_spawn(socket_.get_executor(), Command(std::move(kind), std::move(build)), asio::detached);
    }

  private:
    struct PendingCommand {
        std::shared_ptr<asio::steady_timer> timer;
        std::optional<bool> confirmed;  // the unit's answer: true confirm, false deny
    };

    gb::TimeLabel Now() const { return gb::UnixToLabel(gw_.clock.Now()); }

    void Send(std::string bytes) {
        if (closed_) return;
        out_.push_back(std::move(bytes));
        if (!writing_) asio::co_spawn(socket_.get_executor(), WriteLoop(), asio::detached);
    }

    asio::awaitable<void> WriteLoop() {
        auto self = shared_from_this();
        writing_ = true;
        while (!out_.empty() && !closed_) {
            auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(out_.front()), kTuple);
            if (ec) break;
            out_.pop_front();
        }
        writing_ = false;
    }

    asio::awaitable<void> Watchdog() {
        auto self = shared_from_this();
        deadline_ = std::chrono::steady_clock::now() + gw_.options.idle_timeout;
        while (!closed_) {
            idle_.expires_at(deadline_);
            co_await idle_.async_wait(kTuple);
            if (closed_) break;
            if (std::chrono::steady_clock::now() >= deadline_) {
                if (gw_.log_limiter.Allow("idle " + peer_))
                    spdlog::info("gb26875: {} sent no valid frame for {} ms; closing", peer_,
                                 gw_.options.idle_timeout.count());
                Close("idle");
            }
        }
    }

    void Deny(const gb::Header& header, std::string_view reason) {
        Count(fmt::format("gb26875_frames_denied_total{{reason=\"{}\"}}", reason));
        if (gw_.log_limiter.Allow(fmt::format("deny {} {}", peer_, reason)))
            spdlog::warn("gb26875: denied a frame from {} (unit {}): {}", peer_, header.source.Value(), reason);
        Send(gb::EncodeDeny(header, Now()));
    }

    void Handle(std::string_view bytes) {
        gb::FramerOutput out = framer_.Feed(bytes);
        for (const gb::Rejected& r : out.rejected) {
            junk_ += r.bytes;
            // Only a frame whose "##" sits where its length says was delimited: its header (and so
            // its serial) is the unit's. L > 1024 or a missing "##" is as likely a stray "@@" inside
            // junk, whose "serial" is noise; answering it would confuse the unit (GB26875.md §15.2).
            const bool delimited =
                r.fault == gb::FrameFault::kBadChecksum || r.fault == gb::FrameFault::kUnknownCommand;
            if (delimited && r.header) {
                Deny(*r.header, gb::FrameFaultName(r.fault));
            } else {
                platform::Metrics::Global().Increment(
                    fmt::format("gb26875_bytes_dropped_total{{fault=\"{}\"}}", gb::FrameFaultName(r.fault)),
                    static_cast<double>(r.bytes));
            }
        }
        for (const gb::Frame& frame : out.frames) {
            if (closed_) return;
            junk_ = 0;
            deadline_ = std::chrono::steady_clock::now() + gw_.options.idle_timeout;
            OnFrame(frame);
        }
        if (junk_ > gw_.options.junk_limit && !closed_) {
            if (gw_.log_limiter.Allow("junk " + peer_))
                spdlog::warn("gb26875: {} sent {} bytes without a valid frame; closing", peer_, junk_);
            Close("junk");
        }
    }

    void OnFrame(const gb::Frame& frame) {
        gb::Classified c = gb::Classify(frame);
        if (c.verdict == gb::Verdict::kDeny) return Deny(frame.header, c.reason);
        if (c.verdict == gb::Verdict::kReply) return OnReply(frame.header);
        const uint64_t unit = frame.header.source.Value();
        const UnixSeconds now = gw_.clock.Now();
        auto signals = gb::FrameSignals(frame, c.adu, now);
        const bool heartbeat = gb::IsHeartbeatOnly(signals);
        if (heartbeat && known_unit_ == unit && now - last_heartbeat_stored_ < gw_.options.heartbeat_store_interval_s) {
            Count("gb26875_frames_total{outcome=\"heartbeat_not_stored\"}");
            Send(gb::EncodeConfirm(frame.header, Now()));
            return;
        }
        if (in_flight_ >= gw_.options.max_in_flight) {
            // A real unit waits for each confirm; one that does not is told nothing and resends.
            Count("gb26875_frames_dropped_total{reason=\"in_flight\"}");
            return;
        }
        InboxMessage m;
        m.protocol = "gb26875";
        m.dedupe_key = gb::DedupeKey(frame.header);
        m.occurred_at = gb::OccurredAt(frame.header, now);
        m.signals = SignalsJson(signals);
        m.raw = gb::EncodeFrame(frame.header, frame.adu);
        ++in_flight_;
        if (heartbeat) last_heartbeat_stored_ = now;
        auto self = shared_from_this();
        gw_.writer.Submit(unit, std::move(m), [self, header = frame.header](GatewayWrite w, int64_t) {
            asio::post(self->socket_.get_executor(), [self, header, w] { self->Written(header, w); });
        });
    }

    void Written(const gb::Header& header, GatewayWrite w) {
        --in_flight_;
        const uint64_t unit = header.source.Value();
        switch (w) {
            case GatewayWrite::kStored:
            case GatewayWrite::kDuplicate:
                Count(w == GatewayWrite::kStored ? "gb26875_frames_total{outcome=\"stored\"}"
                                                 : "gb26875_frames_total{outcome=\"duplicate\"}");
                Send(gb::EncodeConfirm(header, Now()));
                if (known_unit_ != unit) Known(unit, header.destination);
                break;
            case GatewayWrite::kUnknownUnit:
                Count("gb26875_frames_denied_total{reason=\"unknown_unit\"}");
                if (gw_.log_limiter.Allow(fmt::format("unit {}", unit)))
                    spdlog::warn("gb26875: unit {} (from {}) is not a registered device; denied", unit, peer_);
                Send(gb::EncodeDeny(header, Now()));
                break;
            case GatewayWrite::kFailed:
                Count("gb26875_frames_total{outcome=\"store_failed\"}");
                break;
        }
    }

    // The first confirmed frame of a unit: it is reachable by address, and its clock is set now and
    // every clock_sync_period.
    void Known(uint64_t unit, const gb::Address& centre) {
        known_unit_ = unit;
        unit_ = unit;
        uitd_ = gb::Address::FromValue(unit);
        centre_ = gw_.options.centre_address != 0 ? gb::Address::FromValue(gw_.options.centre_address) : centre;
        gw_.by_unit[unit] = weak_from_this();
        asio::co_spawn(socket_.get_executor(), ClockSyncLoop(), asio::detached);
    }

    asio::awaitable<void> ClockSyncLoop() {
        auto self = shared_from_this();
        while (!closed_) {
            StartCommand("clock_sync", [](const gb::Origin& o) { return gb::EncodeClockSync(o, o.now); });
            sync_.expires_after(gw_.options.clock_sync_period);
            co_await sync_.async_wait(kTuple);
        }
    }

    void OnReply(const gb::Header& header) {
        auto it = commands_.find(header.serial);
        if (it == commands_.end()) {
            Count("gb26875_frames_total{outcome=\"unmatched_reply\"}");
            return;
        }
        it->second.confirmed = header.command == static_cast<uint8_t>(gb::Command::kConfirm);
        it->second.timer->cancel();
    }

    asio::awaitable<void> Command(std::string kind, std::function<std::string(const gb::Origin&)> build) {
        auto self = shared_from_this();
        const uint16_t serial = next_serial_++;
        auto timer = std::make_shared<asio::steady_timer>(socket_.get_executor());
        commands_[serial] = PendingCommand{timer, std::nullopt};
        std::string outcome = "failed";
        for (int attempt = 0; attempt <= gw_.options.command_retries && !closed_; ++attempt) {
            if (attempt > 0) Count(fmt::format("gb26875_commands_total{{command=\"{}\",outcome=\"retried\"}}", kind));
            commands_[serial].confirmed.reset();
            Send(build(gb::Origin{serial, centre_, uitd_, Now()}));
            timer->expires_after(gw_.options.command_timeout);
            co_await timer->async_wait(kTuple);
            if (closed_) {
                outcome = "aborted";
                break;
            }
            auto answer = commands_[serial].confirmed;
            if (answer && *answer) {
                outcome = "confirmed";
                break;
            }
        }
        commands_.erase(serial);
        Count(fmt::format("gb26875_commands_total{{command=\"{}\",outcome=\"{}\"}}", kind, outcome));
        if (outcome == "failed" && gw_.log_limiter.Allow(fmt::format("command {}", known_unit_)))
            spdlog::warn("gb26875: unit {} did not confirm {} after {} tries", known_unit_, kind,
                         gw_.options.command_retries + 1);
    }

    Gb26875Gateway::Impl& gw_;
    tcp::socket socket_;
    std::string peer_;
    gb::Framer framer_;
    asio::steady_timer idle_;
    asio::steady_timer sync_;
    std::chrono::steady_clock::time_point deadline_;
    std::deque<std::string> out_;
    bool writing_ = false;
    bool closed_ = false;
    std::size_t junk_ = 0;
    std::size_t in_flight_ = 0;
    std::optional<uint64_t> unit_;
    uint64_t known_unit_ = UINT64_MAX;
    gb::Address uitd_;
    gb::Address centre_;
    UnixSeconds last_heartbeat_stored_ = INT64_MIN / 2;
    uint16_t next_serial_ = 0;  // the centre's own serial space on this connection (§3.1)
    std::map<uint16_t, PendingCommand> commands_;
};

asio::awaitable<void> Gb26875Gateway::Impl::AcceptLoop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(kTuple);
        if (!acceptor.is_open()) co_return;
        if (ec) {
            asio::steady_timer pause(ioc, std::chrono::milliseconds(50));  // EMFILE: do not spin
            co_await pause.async_wait(kTuple);
            continue;
        }
        if (connections.load() >= options.max_connections) {
            Count("gb26875_sessions_closed_total{reason=\"max_connections\"}");
            if (log_limiter.Allow("max_connections"))
                spdlog::warn("gb26875: {} units connected (the limit); closing new connections",
                             options.max_connections);
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        ++connections;
        Count("gb26875_sessions_opened_total");
        auto session = std::make_shared<Gb26875Session>(*this, std::move(socket));
        sessions[session.get()] = session;
        asio::co_spawn(ioc, session->Run(), [](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                spdlog::error("gb26875: session ended by exception: {}", ex.what());
            }
        });
    }
}

bool Gb26875Gateway::Impl::WithUnit(uint64_t unit, std::function<void(Gb26875Session&)> fn) {
    std::promise<bool> found;
    auto answer = found.get_future();
    asio::post(ioc, [&] {
        auto it = by_unit.find(unit);
        auto session = it == by_unit.end() ? nullptr : it->second.lock();
        if (session) fn(*session);
        found.set_value(session != nullptr);
    });
    return answer.get();
}

Gb26875Gateway::Gb26875Gateway(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, const Clock& clock,
                               Gb26875GatewayOptions options)
    : impl_(std::make_unique<Impl>(std::move(db), inbox, clock, std::move(options))) {}

Gb26875Gateway::~Gb26875Gateway() { Stop(); }

Result<uint16_t> Gb26875Gateway::Start() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(impl_->options.host, ec);
    if (ec) return Invalid("gb26875_listen", {"监听地址无效", "not an IP address"});
    tcp::endpoint endpoint(address, impl_->options.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return Unavailable(
            fmt::format("cannot listen on {}:{}: {}", impl_->options.host, impl_->options.port, ec.message()));
    }
    const uint16_t port = acceptor.local_endpoint().port();
    impl_->work.emplace(impl_->ioc.get_executor());
    asio::co_spawn(impl_->ioc, impl_->AcceptLoop(), asio::detached);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
    impl_->started = true;
    spdlog::info("gb26875 gateway accepting units on {}:{}", impl_->options.host, port);
    return port;
}

void Gb26875Gateway::Stop() {
    if (!impl_ || !impl_->started) return;
    impl_->started = false;
    std::promise<void> closed;
    asio::post(impl_->ioc, [&] {
        boost::system::error_code ignored;
        impl_->acceptor.close(ignored);
        auto sessions = impl_->sessions;
        for (auto& [ptr, weak] : sessions)
            if (auto s = weak.lock()) s->Close(nullptr);
        closed.set_value();
    });
    closed.get_future().wait();
    impl_->writer.Stop();
    impl_->work.reset();
    impl_->ioc.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

bool Gb26875Gateway::PatrolCheck(uint64_t unit_address, uint8_t answer_timeout_minutes) {
    return impl_->WithUnit(unit_address, [answer_timeout_minutes](Gb26875Session& s) {
        s.StartCommand("patrol_check", [answer_timeout_minutes](const gb::Origin& o) {
            return gb::EncodePatrolCheck(o, answer_timeout_minutes);
        });
    });
}

bool Gb26875Gateway::SyncClock(uint64_t unit_address) {
    return impl_->WithUnit(unit_address, [](Gb26875Session& s) {
        s.StartCommand("clock_sync", [](const gb::Origin& o) { return gb::EncodeClockSync(o, o.now); });
    });
}

std::size_t Gb26875Gateway::Connections() const { return impl_->connections.load(); }

}  // namespace safegrid::services
