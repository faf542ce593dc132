#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "support/source_tree.hpp"

namespace safegrid::testing {

std::string SafegridBinary() {
    if (const char* b = std::getenv("SAFEGRID_BINARY"); b && *b) return b;
#ifdef SAFEGRID_BUILT_BINARY
    return SAFEGRID_BUILT_BINARY;
#else
    return "build/safegrid";
#endif
}

std::string SourceDir() { return test::SourceTreeDir().string(); }

namespace {

std::vector<char*> Argv(const std::string& bin, std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

}  // namespace

CommandResult RunSafegrid(const std::vector<std::string>& args_in, const std::string& stdin_text) {
    std::vector<std::string> args = args_in;
    const std::string bin = SafegridBinary();
    int in_pipe[2], out_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(out_pipe[1], 2);
        close(in_pipe[1]);
        close(out_pipe[0]);
        auto argv = Argv(bin, args);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    // Write stdin from a thread so a chatty child cannot deadlock us.
    std::thread writer([fd = in_pipe[1], stdin_text] {
        size_t off = 0;
        while (off < stdin_text.size()) {
            const ssize_t n = write(fd, stdin_text.data() + off, stdin_text.size() - off);
            if (n <= 0) break;
            off += static_cast<size_t>(n);
        }
        close(fd);
    });
    CommandResult result;
    char buf[4096];
    ssize_t n;
    while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) result.output.append(buf, static_cast<size_t>(n));
    close(out_pipe[0]);
    writer.join();
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

ServerProcess::ServerProcess(std::vector<std::string> args) : args_(std::move(args)) {
    bool has_listen = false;
    for (const auto& a : args_) has_listen = has_listen || a == "--listen";
    args_.insert(args_.begin(), "serve");
    if (!has_listen) {
        args_.push_back("--listen");
        args_.push_back("127.0.0.1:0");
    }
}

ServerProcess::~ServerProcess() {
    if (Running()) Stop(SIGKILL);
    if (!log_path_.empty()) unlink(log_path_.c_str());
}

bool ServerProcess::Start(std::chrono::seconds timeout) {
    // The child logs to a file, not a pipe: a busy server writes an access line per request, and a
    // pipe nobody drains would fill and stall it.
    // In $TMPDIR (temp_directory_path), not a fixed /tmp.
    std::string path = (std::filesystem::temp_directory_path() / "safegrid-server-log-XXXXXX").string();
    const int log_fd = mkstemp(path.data());
    if (log_fd < 0) return false;
    log_path_ = path;
    const std::string bin = SafegridBinary();
    pid_ = fork();
    if (pid_ == 0) {
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        auto argv = Argv(bin, args_);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    close(log_fd);
    static const std::regex kListening(R"(listening on [^\s]+:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        Drain();
        std::smatch m;
        if (std::regex_search(log_, m, kListening)) {
            port_ = static_cast<uint16_t>(std::stoi(m[1]));
            return true;
        }
        if (!Running()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void ServerProcess::Drain() {
    std::ifstream in(log_path_, std::ios::binary);
    log_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool ServerProcess::Running() const {
    if (pid_ <= 0) return false;
    int status;
    return waitpid(pid_, &status, WNOHANG) == 0;
}

int ServerProcess::Stop(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) return -1;
    Drain();
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace safegrid::testing
