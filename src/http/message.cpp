#include "http/message.hpp"

#include <boost/json/serialize.hpp>

namespace safegrid::http {
namespace {

// A target is at most header_limit bytes, but one with thousands of tiny pairs costs a
// vector entry each; no client of ours sends more than a few dozen.
constexpr size_t kMaxQueryParams = 256;

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace

std::optional<std::string> Request::Query(const std::string& name) const {
    // The first occurrence wins, so "?page=1&page=9" reads as page 1 everywhere.
    for (const auto& [key, value] : query) {
        if (key == name) return value;
    }
    return std::nullopt;
}

std::optional<std::string> Request::Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

Response Json(int status, const boost::json::value& body) {
    Response response;
    response.status = status;
    response.body = boost::json::serialize(body);
    return response;
}

std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;  // truncated escape: "%4"
            int hi = HexValue(in[i + 1]);
            int lo = HexValue(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        // A NUL would cut the string short in every C API below us (file names, SQLite text).
        if (c == '\0') return std::nullopt;
        out.push_back(c);
    }
    return out;
}

bool ParseTarget(std::string_view target, Request& request) {
    std::string_view rest = target;
    // Absolute-form is legal HTTP/1.1 (RFC 9112 §3.2.2); drop scheme and authority.
    if (StartsWithNoCase(rest, "http://") || StartsWithNoCase(rest, "https://")) {
        rest.remove_prefix(rest.find("//") + 2);
        size_t end = rest.find_first_of("/?");
        rest = end == std::string_view::npos ? std::string_view("/") : rest.substr(end);
        if (!rest.empty() && rest.front() == '?') {
            // "http://host?x" has an empty path; treat as "/".
            return ParseTarget("/" + std::string(rest), request);
        }
    }
    if (rest.empty() || rest.front() != '/') return false;
    // The fragment is never sent by browsers; if a client sends one, it is not part of the path.
    rest = rest.substr(0, rest.find('#'));

    size_t qpos = rest.find('?');
    auto path = PercentDecode(rest.substr(0, qpos), /*plus_is_space=*/false);
    if (!path) return false;
    std::vector<std::pair<std::string, std::string>> query;
    if (qpos != std::string_view::npos) {
        std::string_view qs = rest.substr(qpos + 1);
        while (!qs.empty()) {
            size_t amp = qs.find('&');
            std::string_view pair = qs.substr(0, amp);
            qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
            if (pair.empty()) continue;  // "a=1&&b=2"
            if (query.size() >= kMaxQueryParams) return false;
            size_t eq = pair.find('=');
            auto key = PercentDecode(pair.substr(0, eq), true);
            auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
            if (!key || !value) return false;
            query.emplace_back(std::move(*key), std::move(*value));
        }
    }
    request.path = std::move(*path);
    request.query = std::move(query);
    return true;
}

}  // namespace safegrid::http
