// PostgreSQL backup and restore by running pg_dump / pg_restore (see storage/backup.hpp).
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// Runs argv[0] with argv (no shell, so nothing in the arguments is interpreted), stdin from
// /dev/null, capturing stdout and stderr. `password` is passed as PGPASSWORD.
Result<Outcome> Run(const std::vector<std::string>& argv, const std::string& password) {
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

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return Internal("cannot run " + argv[0] + ": " + std::generic_category().message(rc));
    out_w.Close();
    err_w.Close();

    Outcome outcome;
    pollfd fds[2] = {{out_r.fd, POLLIN, 0}, {err_r.fd, POLLIN, 0}};
    std::string* sinks[2] = {&outcome.out, &outcome.err};
    int open_fds = 2;
    char buf[4096];
    while (open_fds > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
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

Status PgBackup(const DbUrl& url, const std::string& out_path) {
    SG_ASSIGN_OR_RETURN(std::string pg_dump, FindTool("pg_dump"));
    const fs::path parent = fs::path(out_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    // Written under a temporary name and renamed: `out_path` is never a half-written dump.
    const std::string tmp = out_path + ".tmp-" + platform::HexEncode(platform::RandomBytes(6));
    SG_ASSIGN_OR_RETURN(Outcome r,
                        Run({pg_dump, "--format=custom", "--file=" + tmp, "--dbname=" + url.redacted}, url.password));
    if (r.exit_code != 0) {
        fs::remove(tmp, ec);
        return Internal("pg_dump failed (exit " + std::to_string(r.exit_code) + "): " + TrimText(r.err));
    }
    fs::rename(tmp, out_path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return Internal("rename " + tmp + " → " + out_path + ": " + ec.message());
    }
    return {};
}

Status PgRestore(const std::string& in_path, const DbUrl& url) {
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
    SG_ASSIGN_OR_RETURN(Outcome r, Run({pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                        "--dbname=" + url.redacted, in_path},
                                       url.password));
    if (r.exit_code != 0) {
        return Internal("pg_restore failed (exit " + std::to_string(r.exit_code) + "): " + TrimText(r.err));
    }
    return {};
}

}  // namespace safegrid::storage::detail
