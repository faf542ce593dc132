// Who the client of a request is, for logs and every per-address limit.
//
// Without a configured proxy the peer address of the socket is the client: X-Forwarded-For is
// client-written text and would let anyone claim any address and dodge the limits. When the peer
// is one of `http.trusted_proxies` (addresses or CIDR networks), X-Forwarded-For is read from the
// right: each trusted hop is skipped, and the right-most address that is not a trusted proxy is
// the client (what our own proxy saw; entries further left are the client's word).
//
// Thread-safety: TrustedProxies is immutable after Parse; the functions are pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace safegrid::http {

class TrustedProxies {
  public:
    // "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". Fails (kValidation) naming the bad entry.
    static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
    // Loopback only (127.0.0.0/8 and ::1): a reverse proxy on the same machine.
    static TrustedProxies Loopback();
    [[nodiscard]] bool Contains(std::string_view address) const;
    [[nodiscard]] bool empty() const { return networks_.empty(); }

  private:
    struct Network {
        std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 0;                         // in bits of the 128
    };
    std::vector<Network> networks_;
};

// The normal text form of an address ("::ffff:1.2.3.4" → "1.2.3.4"); nullopt when unparsable.
// Accepts "1.2.3.4:5678" and "[v6]:port" as some proxies write them.
std::optional<std::string> NormalAddress(std::string_view text);

// The client address of a request that came from `peer` with this X-Forwarded-For (if any).
std::string ClientAddress(const std::string& peer, const std::optional<std::string>& forwarded_for,
                          const TrustedProxies& proxies);

}  // namespace safegrid::http
