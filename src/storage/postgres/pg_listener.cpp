#include "storage/postgres/pg_listener.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <memory>

namespace safegrid::storage {
namespace {

struct ConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;

Conn Connect(const std::string& url, const std::string& channel) {
    const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "safegrid-listen", url.c_str(), nullptr};
    Conn conn(PQconnectdbParams(keys, values, 1));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        spdlog::warn("postgres listener: cannot connect: {}", conn ? PQerrorMessage(conn.get()) : "out of memory");
        return nullptr;
    }
    char* quoted = PQescapeIdentifier(conn.get(), channel.c_str(), channel.size());
    if (quoted == nullptr) return nullptr;
    const std::string sql = std::string("LISTEN ") + quoted;
    PQfreemem(quoted);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        spdlog::warn("postgres listener: LISTEN failed: {}", PQerrorMessage(conn.get()));
        return nullptr;
    }
    return conn;
}

}  // namespace

PgListener::PgListener(std::string url, std::string channel, std::function<void()> on_notify,
                       std::chrono::milliseconds retry)
    : url_(std::move(url)), channel_(std::move(channel)), on_notify_(std::move(on_notify)), retry_(retry) {}

PgListener::~PgListener() { Stop(); }

Status PgListener::Start() {
    if (thread_.joinable()) return {};
    if (pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) return Internal("postgres listener: pipe failed");
    stop_ = false;
    thread_ = std::thread([this] { Run(); });
    return {};
}

void PgListener::Stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    const char byte = 1;
    (void)!write(stop_pipe_[1], &byte, 1);
    thread_.join();
    close(stop_pipe_[0]);
    close(stop_pipe_[1]);
    stop_pipe_[0] = stop_pipe_[1] = -1;
}

void PgListener::Run() {
    Conn conn;
    bool was_connected = false;
    while (!stop_) {
        if (!conn) {
            conn = Connect(url_, channel_);
            connected_ = conn != nullptr;
            if (conn) {
                if (was_connected) spdlog::info("postgres listener: reconnected");
                was_connected = true;
                on_notify_();  // anything sent while it was away
            }
        }
        pollfd fds[2] = {{stop_pipe_[0], POLLIN, 0}, {conn ? PQsocket(conn.get()) : -1, POLLIN, 0}};
        const int timeout = conn ? -1 : static_cast<int>(retry_.count());
        if (poll(fds, conn ? 2 : 1, timeout) < 0) continue;  // EINTR
        if (stop_ || (fds[0].revents & POLLIN) != 0) break;
        if (!conn || fds[1].revents == 0) continue;
        if (PQconsumeInput(conn.get()) == 0 || PQstatus(conn.get()) != CONNECTION_OK) {
            spdlog::warn("postgres listener: connection lost: {}", PQerrorMessage(conn.get()));
            conn.reset();
            connected_ = false;
            continue;
        }
        int64_t got = 0;
        while (PGnotify* n = PQnotifies(conn.get())) {
            ++got;
            PQfreemem(n);
        }
        if (got > 0) {
            notified_ += got;
            on_notify_();
        }
    }
    connected_ = false;
}

}  // namespace safegrid::storage
