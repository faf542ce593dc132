// PostgreSQL backup and restore by running pg_dump / pg_restore (see storage/backup.hpp).
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "core/text/trim.hpp"
#include "platform/crypto.hpp"
#include "storage/postgres/pg_db.hpp"

extern char** environ;

namespace safegrid::storage::detail {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxCapture = 64 * 1024;  // enough of a tool's stderr to explain a failure

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    void Close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

struct Outcome {
    int exit_code = -1;  // -1: did not run or died from a signal
    std::string out;
    std::string err;
};

std::string Errno(const char* what) { return std::string(what) + ": " + std::generic_category().message(errno); }

// write(2) to a pipe whose reader may be gone, without SIGPIPE killing the command: SIGPIPE is
// blocked on this thread for the write, and one it raised is taken back before unblocking.
ssize_t WriteSome(int fd, const char* data, size_t size) {
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    const ssize_t n = ::write(fd, data, size);
    const int err = errno;
    if (n < 0 && err == EPIPE) {
        const timespec zero{0, 0};
        while (sigtimedwait(&pipe_set, nullptr, &zero) == SIGPIPE) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = err;
    return n;
}

// What Run does besides capturing: feed a file to the tool's stdin, and call back while it runs.
struct RunIo {
    int stdin_fd = -1;                         // a file to feed to stdin (else /dev/null)
    std::function<void(int64_t fed)> on_tick;  // ~5 times a second and at the end: bytes fed so far
};

// Runs argv[0] with argv (no shell, so nothing in the arguments is interpreted), stdin from
// /dev/null or io.stdin_fd, capturing stdout and stderr. `password` is passed as PGPASSWORD.
Result<Outcome> Run(const std::vector<std::string>& argv, const std::string& password, const RunIo& io = {}) {
    std::vector<std::string> env_store;
    for (char** e = environ; e && *e; ++e) {
        if (std::string_view(*e).starts_with("PGPASSWORD=")) continue;
        env_store.emplace_back(*e);
    }
    if (!password.empty()) env_store.push_back("PGPASSWORD=" + password);
    std::vector<char*> envp;
    for (auto& s : env_store) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);

    // O_CLOEXEC: pipes made here must not leak into children that other threads spawn.
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return Internal(Errno("pipe"));
    Fd out_r{out_pipe[0]}, out_w{out_pipe[1]};
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Internal(Errno("pipe"));
    Fd err_r{err_pipe[0]}, err_w{err_pipe[1]};
    Fd in_r, in_w;
    if (io.stdin_fd >= 0) {
        int in_pipe[2];
        if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Internal(Errno("pipe"));
        in_r.fd = in_pipe[0];
        in_w.fd = in_pipe[1];
        // Non-blocking: a tool busy with the database must not stop us reading its stderr.
        ::fcntl(in_w.fd, F_SETFL, ::fcntl(in_w.fd, F_GETFL) | O_NONBLOCK);
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (in_r.fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return Internal("cannot run " + argv[0] + ": " + std::generic_category().message(rc));
    out_w.Close();
    err_w.Close();
    in_r.Close();

    Outcome outcome;
    pollfd fds[3] = {{out_r.fd, POLLIN, 0}, {err_r.fd, POLLIN, 0}, {in_w.fd, POLLOUT, 0}};
    std::string* sinks[2] = {&outcome.out, &outcome.err};
    int open_fds = 2;
    char buf[4096];
    std::string pending;  // read from stdin_fd, not yet taken by the tool
    size_t pending_at = 0;
    int64_t fed = 0;
    auto last_tick = std::chrono::steady_clock::now();
    while (open_fds > 0) {
        if (::poll(fds, 3, io.on_tick ? 200 : -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (io.on_tick && std::chrono::steady_clock::now() - last_tick >= std::chrono::milliseconds(200)) {
            last_tick = std::chrono::steady_clock::now();
            io.on_tick(fed);
        }
        if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            if (pending_at == pending.size()) {
                pending.resize(64 * 1024);
                const ssize_t n = ::read(io.stdin_fd, pending.data(), pending.size());
                pending.resize(n > 0 ? static_cast<size_t>(n) : 0);
                pending_at = 0;
            }
            const ssize_t w =
                pending.empty() ? -1 : WriteSome(fds[2].fd, pending.data() + pending_at, pending.size() - pending_at);
            if (w > 0) {
                pending_at += static_cast<size_t>(w);
                fed += w;
            } else if (pending.empty() || (errno != EAGAIN && errno != EINTR)) {
                in_w.Close();  // end of the file, or the tool stopped reading (it says why on stderr)
                fds[2].fd = -1;
            }
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                if (sinks[i]->size() < kMaxCapture) sinks[i]->append(buf, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[i].fd = -1;  // EOF; the Fd guards close it
                --open_fds;
            }
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return Internal(Errno("waitpid"));
    }
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (io.on_tick) io.on_tick(fed);
    return outcome;
}

bool Executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; }

// pg_dump/pg_restore of the installed major version. pg_config may belong to another
// installation, so its answer is only the first guess.
Result<std::string> FindTool(const std::string& name) {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("SAFEGRID_PG_BINDIR"); env && *env) dirs.emplace_back(env);
    for (const char* pg_config : {"/usr/bin/pg_config", "/usr/local/bin/pg_config"}) {
        if (!Executable(pg_config)) continue;
        auto r = Run({pg_config, "--bindir"}, "");
        if (r && r->exit_code == 0) {
            const std::string dir = TrimText(r->out);
            if (!dir.empty()) dirs.emplace_back(dir);
        }
        break;
    }
    dirs.emplace_back("/usr/lib/postgresql/15/bin");
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest(path);
        while (!rest.empty()) {
            const size_t colon = rest.find(':');
            if (colon != 0) dirs.emplace_back(std::string(rest.substr(0, colon)));
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    for (const auto& dir : dirs) {
        if (Executable(dir / name)) return (dir / name).string();
    }
    return Internal(name + " not found (install postgresql-client-15 or set SAFEGRID_PG_BINDIR)");
}

}  // namespace

Status PgBackup(const DbUrl& url, const std::string& out_path, int64_t estimated_bytes, const ProgressFn& progress) {
    SG_ASSIGN_OR_RETURN(std::string pg_dump, FindTool("pg_dump"));
    const fs::path parent = fs::path(out_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    // Written under a temporary name and renamed: `out_path` is never a half-written dump.
    const std::string tmp = out_path + ".tmp-" + platform::HexEncode(platform::RandomBytes(6));
    RunIo io;
    if (progress) {
        // pg_dump writes the file itself: its size so far against the database's, an estimate.
        io.on_tick = [&](int64_t) {
            std::error_code size_ec;
            const auto written = fs::file_size(tmp, size_ec);
            const int64_t done = size_ec ? 0 : static_cast<int64_t>(written);
            progress(std::min(done, estimated_bytes), estimated_bytes);
        };
    }
    SG_ASSIGN_OR_RETURN(
        Outcome r, Run({pg_dump, "--format=custom", "--file=" + tmp, "--dbname=" + url.redacted}, url.password, io));
    if (r.exit_code != 0) {
        fs::remove(tmp, ec);
        return Internal("pg_dump failed (exit " + std::to_string(r.exit_code) + "): " + TrimText(r.err));
    }
    ReportProgress(progress, estimated_bytes, estimated_bytes);  // done, whatever the estimate said
    fs::rename(tmp, out_path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return Internal("rename " + tmp + " → " + out_path + ": " + ec.message());
    }
    return {};
}

Status PgRestore(const std::string& in_path, const DbUrl& url, const ProgressFn& progress) {
    std::error_code ec;
    if (!fs::is_regular_file(in_path, ec)) {
        return Fail({Code::kMalformed,
                     "invalid_backup",
                     {"备份文件无效或不存在", "The backup file is missing or invalid"},
                     {},
                     "restore: no such file " + in_path});
    }
    SG_ASSIGN_OR_RETURN(std::string pg_restore, FindTool("pg_restore"));
    // --single-transaction: all or nothing (it implies --exit-on-error). --no-owner: the dump
    // may come from a server with other role names.
    // The file goes to pg_restore's stdin, so the bytes it has taken are the progress. A custom
    // dump restores from a pipe as from the file (sequentially; no parallel jobs here anyway).
    Fd file{::open(in_path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) return Internal(Errno(("open " + in_path).c_str()));
    const auto size = static_cast<int64_t>(fs::file_size(in_path, ec));
    RunIo io;
    io.stdin_fd = file.fd;
    if (progress) io.on_tick = [&](int64_t fed) { progress(fed, size); };
    SG_ASSIGN_OR_RETURN(Outcome r, Run({pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                        "--dbname=" + url.redacted},
                                       url.password, io));
    if (r.exit_code != 0) {
        return Internal("pg_restore failed (exit " + std::to_string(r.exit_code) + "): " + TrimText(r.err));
    }
    return {};
}

}  // namespace safegrid::storage::detail
