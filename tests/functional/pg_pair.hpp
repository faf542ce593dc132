// A PostgreSQL primary and a streaming replica of it, each a throw-away cluster on a free
// loopback port, driven through scripts/pg-replica.sh (which runs them as user postgres when the
// tests run as root). Stopped and deleted in the destructor, also when a test fails half-way.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdlib>
#include <ctime>
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace safegrid::testing::pg_pair {

struct Shell {
    int code = -1;
    std::string out;
};

inline Shell Run(const std::string& command) {
    Shell r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
    return r;
}

inline std::string Quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline uint16_t FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

class Pair {
  public:
    Pair() : script_(SourceDir() + "/scripts/pg-replica.sh") {
        available_ = Run(Quote(script_) + " bindir").code == 0;
        if (!available_) return;
        // Under /tmp and world-searchable: the clusters run as user postgres.
        char base[] = "/tmp/safegrid-replica-XXXXXX";
        if (::mkdtemp(base) == nullptr) {
            available_ = false;
            return;
        }
        base_ = base;
        ::chmod(base, 0755);
        primary_port_ = FreePort();
        replica_port_ = FreePort();
        while (replica_port_ == primary_port_) replica_port_ = FreePort();
    }
    ~Pair() {
        if (base_.empty()) return;
        Run(Quote(script_) + " stop " + Quote(base_ + "/primary"));
        Run(Quote(script_) + " stop " + Quote(base_ + "/replica"));
        Run("rm -rf " + Quote(base_));
    }
    Pair(const Pair&) = delete;
    Pair& operator=(const Pair&) = delete;

    [[nodiscard]] bool available() const { return available_; }
    Shell Script(const std::string& args) const { return Run(Quote(script_) + " " + args); }
    Shell StartPrimary() const { return Script("primary " + Quote(base_ + "/primary") + " " + Port(primary_port_)); }
    Shell StartReplica() const {
        return Script("replica " + Quote(base_ + "/replica") + " " + Port(replica_port_) + " " + Port(primary_port_));
    }
    Shell Sql(bool on_replica, const std::string& sql) const {
        return Script("sql " + Port(on_replica ? replica_port_ : primary_port_) + " " + Quote(sql));
    }
    [[nodiscard]] std::string PrimaryUrl() const { return Url(primary_port_); }
    [[nodiscard]] std::string ReplicaUrl() const { return Url(replica_port_); }
    // Both hosts; libpq connects to whichever accepts writes (docs/replicas.md).
    [[nodiscard]] std::string FailoverUrl() const {
        return "postgresql://postgres@127.0.0.1:" + Port(primary_port_) + ",127.0.0.1:" + Port(replica_port_) +
               "/safegrid?target_session_attrs=read-write&connect_timeout=3";
    }
    [[nodiscard]] const std::string& base() const { return base_; }
    [[nodiscard]] uint16_t primary_port() const { return primary_port_; }

  private:
    static std::string Port(uint16_t p) { return std::to_string(p); }
    static std::string Url(uint16_t p) { return "postgresql://postgres@127.0.0.1:" + Port(p) + "/safegrid"; }

    std::string script_;
    bool available_ = false;
    std::string base_;
    uint16_t primary_port_ = 0;
    uint16_t replica_port_ = 0;
};

// The value of one sample line of /metrics ("name{labels} value"), 0 when absent.
inline double Metric(HttpClient& client, const std::string& sample) {
    const std::string text = client.Get("/metrics").body;
    const size_t at = text.find(sample + " ");
    if (at == std::string::npos || (at > 0 && text[at - 1] != '\n')) return 0;
    return std::atof(text.c_str() + at + sample.size() + 1);
}

inline std::string InAWeek() {
    const std::time_t t = std::time(nullptr) + 7 * 86400;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A new hazard on `enterprise_id` through the API, as the client's user.
inline HttpResult PostHazard(HttpClient& client, int64_t enterprise_id, const std::string& title) {
    boost::json::object body{{"enterprise_id", enterprise_id},
                             {"title", title},
                             {"severity", "general"},
                             {"category", "exits"},
                             {"due_at", InAWeek()}};
    return client.Post("/api/v1/hazards", body);
}

}  // namespace safegrid::testing::pg_pair
