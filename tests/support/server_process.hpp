// Starts the real `safegrid` binary (SAFEGRID_BINARY) as a child process for functional tests,
// on an ephemeral port, and stops it with SIGTERM or SIGKILL. The server announces its port in
// its log ("listening on HOST:PORT"), which Start() waits for. The log goes to a temp file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace safegrid::testing {

std::string SafegridBinary();  // from env SAFEGRID_BINARY, else build/safegrid next to the tests
std::string SourceDir();       // the source tree (support/source_tree.hpp)

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr interleaved
};
// Runs `safegrid args...` to completion, feeding `stdin_text`.
CommandResult RunSafegrid(const std::vector<std::string>& args, const std::string& stdin_text = "");

class ServerProcess {
  public:
    // `args` follow "serve"; --listen 127.0.0.1:0 is added unless given.
    explicit ServerProcess(std::vector<std::string> args);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts and waits until the port is announced (or the process dies / timeout).
    bool Start(std::chrono::seconds timeout = std::chrono::seconds(30));
    uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    // Sends `signal` and waits for exit; returns the exit status (or 128+signal).
    int Stop(int signal);
    bool Running() const;
    const std::string& Log() {
        Drain();
        return log_;
    }

  private:
    void Drain();
    std::vector<std::string> args_;
    pid_t pid_ = -1;
    std::string log_path_;
    uint16_t port_ = 0;
    std::string log_;
};

}  // namespace safegrid::testing
