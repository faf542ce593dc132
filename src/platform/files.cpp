#include "platform/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "platform/crypto.hpp"

namespace safegrid::platform {
namespace {

namespace fs = std::filesystem;

std::string Errno(const std::string& what, const std::string& path, int err) {
    return what + " " + path + ": " + std::generic_category().message(err);
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return Internal(Errno("write", path, errno));
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

Status SyncDirectory(const std::string& dir) {
    Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd < 0) return Internal(Errno("open directory", dir, errno));
    if (::fsync(d.fd) != 0) return Internal(Errno("fsync directory", dir, errno));
    return {};
}

std::string DirectoryOf(const std::string& path) {
    const fs::path target(path);
    return target.parent_path().empty() ? "." : target.parent_path().string();
}

// Creates `path`'s directory and writes `content` to a new temporary file beside `path`, fsynced;
// returns the temporary file's name (the caller renames or links it into place).
Result<std::string> WriteTempBeside(const std::string& path, std::string_view content, mode_t mode) {
    const std::string dir = DirectoryOf(path);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Internal("cannot create directory " + dir + ": " + ec.message());
    std::string temp = path + ".tmp-" + HexEncode(RandomBytes(6));
    Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)};
    if (f.fd < 0) return Internal(Errno("create", temp, errno));
    Status written = WriteAll(f.fd, content, temp);
    if (written && ::fsync(f.fd) != 0) written = Internal(Errno("fsync", temp, errno));
    if (!written) {
        ::unlink(temp.c_str());
        return tl::unexpected(written.error());
    }
    return temp;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode) {
    SG_ASSIGN_OR_RETURN(const std::string temp, WriteTempBeside(path, content, mode));
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return Internal(Errno("rename to", path, err));
    }
    return SyncDirectory(DirectoryOf(path));
}

Result<bool> CreateFileIfMissing(const std::string& path, std::string_view content, mode_t mode) {
    // Written whole under a temporary name, then link()ed: link fails with EEXIST instead of replacing,
    // so a reader never sees a half-written file and the first creator wins.
    SG_ASSIGN_OR_RETURN(const std::string temp, WriteTempBeside(path, content, mode));
    const int rc = ::link(temp.c_str(), path.c_str());
    const int err = errno;
    ::unlink(temp.c_str());
    if (rc != 0) {
        if (err == EEXIST) return false;
        return Internal(Errno("link to", path, err));
    }
    SG_TRY(SyncDirectory(DirectoryOf(path)));
    return true;
}

Result<std::optional<std::string>> ReadFileIfExists(const std::string& path, size_t max_bytes) {
    Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return Internal(Errno("open", path, errno));
    }
    std::string content;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(f.fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Internal(Errno("read", path, errno));
        }
        if (n == 0) break;
        content.append(buf, static_cast<size_t>(n));
        if (content.size() > max_bytes)
            return Internal(path + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
    return std::optional<std::string>(std::move(content));
}

}  // namespace safegrid::platform
