#include "support/gb26875_unit.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace safegrid::test {

Gb26875Unit::Gb26875Unit(uint16_t port, uint64_t address) : address_(address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
        return;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Gb26875Unit::~Gb26875Unit() {
    if (fd_ >= 0) ::close(fd_);
}

bool Gb26875Unit::Send(const std::string& bytes) {
    std::size_t at = 0;
    while (fd_ >= 0 && at < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
}

std::optional<gb26875::Frame> Gb26875Unit::Read(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (frames_.empty()) {
        if (fd_ < 0 || closed_) return std::nullopt;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return std::nullopt;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            closed_ = true;
            return std::nullopt;
        }
        auto out = framer_.Feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        for (auto& f : out.frames) frames_.push_back(std::move(f));
    }
    auto f = std::move(frames_.front());
    frames_.pop_front();
    return f;
}

bool Gb26875Unit::WaitClosed(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!closed_ && std::chrono::steady_clock::now() < deadline) {
        frames_.clear();
        Read(50);
    }
    return closed_;
}

std::string Gb26875Unit::StateFrame(uint16_t serial, bool fire, uint32_t component,
                                    const gb26875::TimeLabel& at) const {
    gb26875::ComponentState state;
    state.system_type = 1;
    state.system_address = 1;
    state.component_type = 42;
    for (std::size_t i = 0; i < 4; ++i) state.component_address.bytes[i] = static_cast<uint8_t>(component >> (8 * i));
    state.state = fire ? 0x0002 : 0x0001;
    state.description = std::string(31, ' ');
    state.time = at;
    gb26875::UnitOrigin origin{serial, gb26875::Address::FromValue(address_), gb26875::Address::FromValue(1), at};
    auto frame = gb26875::EncodeUpload(origin, gb26875::adu_type::kComponentState, {state});
    return frame ? *frame : std::string();
}

}  // namespace safegrid::test
