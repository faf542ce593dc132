#include "http/message.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/authority_view.hpp>
#include <boost/url/decode_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url_view.hpp>

namespace safegrid::http {
namespace {

namespace urls = boost::urls;

// A target is at most header_limit bytes, but one with thousands of tiny pairs costs a
// vector entry each; no client of ours sends more than a few dozen.
constexpr size_t kMaxQueryParams = 256;

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// RFC 3986 forbids some bytes in a request target that real clients send anyway: browsers leave
// `"<>\^`{|}` and raw UTF-8 (typed in the address bar) unencoded, and axios leaves "[]" in query
// strings. Those are %-encoded here so that Boost.URL's strict origin-form grammar can read them
// and they decode to what the client meant. Control characters, spaces and DEL are never sent by
// a working client (Beast refuses most of them already): nullopt, answered with 400.
std::optional<std::string> EscapeLenientBytes(std::string_view target) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(target.size());
    for (char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F) return std::nullopt;
        if (c >= 0x80 || std::string_view(R"("<>[\]^`{|})").find(ch) != std::string_view::npos) {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        } else {
            out += ch;
        }
    }
    return out;
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
    auto valid = urls::make_pct_string_view(in);
    if (!valid) return std::nullopt;  // "%", "%4", "%zz"
    urls::encoding_opts opts;
    opts.space_as_plus = plus_is_space;
    urls::decode_view decoded(*valid, opts);
    std::string out(decoded.begin(), decoded.end());
    // A NUL would cut the string short in every C API below us (file names, SQLite text).
    if (out.find('\0') != std::string::npos) return std::nullopt;
    return out;
}

bool ParseTarget(std::string_view target, Request& request) {
    std::string_view rest = target;
    // Absolute-form is legal HTTP/1.1 (RFC 9112 §3.2.2): the authority must be a valid one, then
    // it is dropped; what follows is read as the origin-form.
    if (StartsWithNoCase(rest, "http://") || StartsWithNoCase(rest, "https://")) {
        rest.remove_prefix(rest.find("//") + 2);
        const size_t end = rest.find_first_of("/?#");
        if (!urls::parse_authority(rest.substr(0, end))) return false;
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        if (rest.empty() || rest.front() != '/') return ParseTarget("/" + std::string(rest), request);
    }
    if (rest.empty() || rest.front() != '/') return false;
    // The fragment is never sent by browsers; if a client sends one, it is not part of the target.
    rest = rest.substr(0, rest.find('#'));

    const std::optional<std::string> origin_form = EscapeLenientBytes(rest);
    if (!origin_form) return false;
    auto parsed = urls::parse_origin_form(*origin_form);  // refuses bad %-escapes
    if (!parsed) return false;

    std::string path = parsed->path();
    if (path.find('\0') != std::string::npos) return false;
    std::vector<std::pair<std::string, std::string>> query;
    // params() decodes each key and value once, '+' as a space, in order, repeated keys kept.
    for (const urls::param& p : parsed->params()) {
        if (p.key.empty() && !p.has_value) continue;  // "a=1&&b=2"
        if (query.size() >= kMaxQueryParams) return false;
        if (p.key.find('\0') != std::string::npos || p.value.find('\0') != std::string::npos) return false;
        query.emplace_back(p.key, p.value);
    }
    request.path = std::move(path);
    request.query = std::move(query);
    return true;
}

}  // namespace safegrid::http
