#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "core/text/trim.hpp"

namespace safegrid::http {
namespace {

constexpr size_t kMaxAddressText = 64;
constexpr size_t kMaxForwardedHops = 32;  // a longer chain is junk; stop reading it

// 16 bytes, IPv4 as ::ffff:a.b.c.d; false when `text` is no address.
bool ToBytes(std::string_view text, std::array<unsigned char, 16>& out, bool& v4) {
    if (text.empty() || text.size() > kMaxAddressText) return false;
    const std::string s(text);
    out.fill(0);
    unsigned char four[4];
    if (inet_pton(AF_INET, s.c_str(), four) == 1) {
        out[10] = out[11] = 0xff;
        std::copy(four, four + 4, out.begin() + 12);
        v4 = true;
        return true;
    }
    if (inet_pton(AF_INET6, s.c_str(), out.data()) != 1) return false;
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    v4 = std::equal(kMapped, kMapped + 12, out.begin());
    return true;
}

std::string ToText(const std::array<unsigned char, 16>& bytes, bool v4) {
    char buf[INET6_ADDRSTRLEN];
    if (v4) return inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf) ? buf : "";
    return inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf) ? buf : "";
}

// Strips a port: "1.2.3.4:80" → "1.2.3.4", "[::1]:80" → "::1"; a bare IPv6 stays as it is.
std::string_view WithoutPort(std::string_view text) {
    if (!text.empty() && text.front() == '[') {
        size_t close = text.find(']');
        return close == std::string_view::npos ? std::string_view() : text.substr(1, close - 1);
    }
    size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
        return text.substr(0, colon);
    }
    return text;
}

}  // namespace

std::optional<std::string> NormalAddress(std::string_view text) {
    std::array<unsigned char, 16> bytes{};
    bool v4 = false;
    if (!ToBytes(WithoutPort(TrimWhitespace(text)), bytes, v4)) return std::nullopt;
    std::string out = ToText(bytes, v4);
    if (out.empty()) return std::nullopt;
    return out;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
    TrustedProxies proxies;
    for (const std::string& entry : entries) {
        auto bad = [&] {
            return Invalid("trusted_proxies",
                           {"无效的地址或网段: " + entry, "not an address or CIDR network: " + entry});
        };
        std::string_view text = TrimWhitespace(entry);
        size_t slash = text.find('/');
        Network net;
        bool v4 = false;
        if (!ToBytes(text.substr(0, slash), net.bytes, v4)) return bad();
        const int max_bits = v4 ? 32 : 128;
        int bits = max_bits;
        if (slash != std::string_view::npos) {
            std::string_view digits = text.substr(slash + 1);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
            if (ec != std::errc() || end != digits.data() + digits.size() || bits < 0 || bits > max_bits) return bad();
        }
        net.prefix = v4 ? 96 + bits : bits;
        proxies.networks_.push_back(net);
    }
    return proxies;
}

TrustedProxies TrustedProxies::Loopback() {
    auto proxies = Parse({"127.0.0.0/8", "::1"});
    return proxies ? *proxies : TrustedProxies{};
}

bool TrustedProxies::Contains(std::string_view address) const {
    std::array<unsigned char, 16> bytes{};
    bool v4 = false;
    if (!ToBytes(address, bytes, v4)) return false;
    for (const Network& net : networks_) {
        int bits = net.prefix;
        size_t i = 0;
        bool match = true;
        for (; bits >= 8 && match; bits -= 8, ++i) match = bytes[i] == net.bytes[i];
        if (match && bits > 0) {
            const auto mask = static_cast<unsigned char>(0xff << (8 - bits));
            match = (bytes[i] & mask) == (net.bytes[i] & mask);
        }
        if (match) return true;
    }
    return false;
}

std::string ClientAddress(const std::string& peer, const std::optional<std::string>& forwarded_for,
                          const TrustedProxies& proxies) {
    if (!forwarded_for || !proxies.Contains(peer)) return peer;
    std::string client = peer;
    std::string_view rest = *forwarded_for;
    for (size_t hops = 0; !rest.empty() && hops < kMaxForwardedHops; ++hops) {
        size_t comma = rest.rfind(',');
        std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        auto address = NormalAddress(entry);
        // A hop our proxies did not write sensibly: the nearest trusted hop is all we know.
        if (!address) return client;
        client = *address;
        if (!proxies.Contains(client)) return client;
    }
    return client;
}

}  // namespace safegrid::http
