#include "http/webhook_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace safegrid::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// A receiver's answer is read only for its status; a huge body is its problem, not our memory's.
constexpr size_t kMaxResponseBody = 64 * 1024;

const Text kBadUrl{"应为 http://主机[:端口][/路径]", "Expected http://host[:port][/path]"};

// The outcome of one delivery, filled by the coroutine.
struct Outcome {
    bool done = false;
    int status = 0;
    std::string error;
};

// Parameters by value: a coroutine outlives the full-expression that started it.
asio::awaitable<void> Post(WebhookTarget t, std::string body, int64_t delivery_id, std::chrono::milliseconds timeout,
                           Outcome* out) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    beast::tcp_stream stream(executor);
    auto [rec, endpoints] = co_await resolver.async_resolve(t.host, t.port, kTuple);
    if (rec) {
        out->error = "resolve: " + rec.message();
        out->done = true;
        co_return;
    }
    stream.expires_after(timeout);
    auto [cec, endpoint] = co_await stream.async_connect(endpoints, kTuple);
    if (cec) {
        out->error = "connect: " + cec.message();
        out->done = true;
        co_return;
    }
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, t.target, 11};
    const std::string host = t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
    req.set(bhttp::field::host, t.port == "80" ? host : host + ":" + t.port);
    req.set(bhttp::field::user_agent, "SafeGrid-Notifier/1");
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    req.set("X-SafeGrid-Delivery", std::to_string(delivery_id));
    req.keep_alive(false);
    req.body() = std::move(body);
    req.prepare_payload();
    auto [wec, written] = co_await bhttp::async_write(stream, req, kTuple);
    (void)written;
    if (wec) {
        out->error = "write: " + wec.message();
        out->done = true;
        co_return;
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    auto [rdec, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
    (void)read;
    if (rdec) {
        out->error = "read: " + rdec.message();
        out->done = true;
        co_return;
    }
    out->status = static_cast<int>(parser.get().result_int());
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    out->done = true;
}

Status Deliver(const WebhookTarget& target, const std::string& payload, int64_t delivery_id,
               std::chrono::milliseconds timeout) {
    asio::io_context ioc;
    Outcome out;
    asio::co_spawn(ioc, Post(target, payload, delivery_id, timeout, &out), [&out](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            out.error = ex.what();
            out.done = true;
        }
    });
    // The stream's timer covers connect/write/read; this bounds name resolution as well.
    ioc.run_for(timeout + std::chrono::seconds(1));
    if (!out.done) return Unavailable("webhook: timed out");
    if (!out.error.empty()) return Unavailable("webhook: " + out.error);
    if (out.status < 200 || out.status > 299) return Unavailable("webhook: HTTP " + std::to_string(out.status));
    return {};
}

}  // namespace

Result<WebhookTarget> ParseWebhookUrl(std::string_view url, const std::string& field) {
    // Boost.URL checks the grammar (escapes, IP literals, port digits); what is left are our rules:
    // plain http, a host, no userinfo (it would be sent nowhere and leak into logs), a port in
    // range, and a path before any query.
    auto parsed = urls::parse_uri(url);
    if (!parsed) return Invalid(field, kBadUrl);
    const urls::url_view& u = *parsed;
    if (u.scheme_id() != urls::scheme::http || !u.has_authority() || u.has_userinfo()) return Invalid(field, kBadUrl);
    // Boost.URL 1.81 reads "http://h:8x/" as port "8" and a path "x/"; after an authority, RFC 3986
    // allows only an empty path or one that starts with '/'.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/') return Invalid(field, kBadUrl);
    WebhookTarget t;
    switch (u.host_type()) {
        case urls::host_type::ipv4:
            t.host = u.host_ipv4_address().to_string();
            break;
        case urls::host_type::ipv6:
            t.host = u.host_ipv6_address().to_string();
            break;
        case urls::host_type::name:
            t.host = u.host_name();
            for (char c : t.host) {
                const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_';
                if (!ok) return Invalid(field, kBadUrl);
            }
            break;
        default:
            return Invalid(field, kBadUrl);
    }
    if (t.host.empty()) return Invalid(field, kBadUrl);
    if (u.has_port()) {
        const std::string_view port = u.port();
        unsigned value = 0;
        auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535) {
            return Invalid(field, kBadUrl);
        }
        t.port = std::to_string(value);
    }
    // The target goes out as written (still %-encoded); a fragment is never sent (RFC 9110 §7.1).
    if (u.encoded_path().empty() && u.has_query()) return Invalid(field, kBadUrl);
    if (!u.encoded_path().empty()) t.target = std::string(u.encoded_path());
    if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
    return t;
}

services::OutboundChannel MakeWebhookChannel(WebhookTarget target, std::chrono::milliseconds timeout) {
    return [target = std::move(target), timeout](const std::string& payload, int64_t delivery_id) {
        return Deliver(target, payload, delivery_id, timeout);
    };
}

}  // namespace safegrid::http
