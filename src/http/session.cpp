// One coroutine per connection (the shape of Beast's http_server_awaitable at boost-1.81.0), with
// the defences of its advanced server: deadlines on every read and write, header and body limits,
// and expected network events (EOF, timeout, reset) handled as values, never as failures.
// The request loop is written once, over the stream type: beast::tcp_stream for HTTP, and
// beast::ssl_stream over it for HTTPS; deadlines always act on the TCP stream underneath.
#include "http/session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http/upload_routes.hpp"

namespace safegrid::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 16 * 1024;
// After an early error answer (413) we read and drop what the client is still sending, so its
// kernel does not see a reset before it has read our answer; bounded in time and bytes.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr size_t kMaxDrainBytes = 16 * 1024 * 1024;
// Our TLS close_notify is sent; a client that never answers it is not waited for longer than this.
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
// HTTPS answers tell the browser to use HTTPS only for this host for a year (RFC 6797). Sent only
// when this server speaks TLS itself; a TLS proxy in front sets its own.
constexpr const char* kHsts = "max-age=31536000";

thread_local bool tl_io_thread = false;

Method ToMethod(bhttp::verb verb) {
    switch (verb) {
        case bhttp::verb::get:
            return Method::kGet;
        case bhttp::verb::post:
            return Method::kPost;
        case bhttp::verb::patch:
            return Method::kPatch;
        case bhttp::verb::put:
            return Method::kPut;
        case bhttp::verb::delete_:
            return Method::kDelete;
        case bhttp::verb::head:
            return Method::kHead;
        case bhttp::verb::options:
            return Method::kOptions;
        default:
            return Method::kOther;
    }
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Attachments and imports carry files; everything else is a small JSON body.
bool IsUploadRoute(bhttp::verb verb, std::string_view target) {
    if (verb != bhttp::verb::post) return false;
    Request probe;
    if (!ParseTarget(target, probe)) return false;
    return IsFileBodyPath(probe.path);
}

std::string PeerAddress(const tcp::endpoint& peer) {
    auto address = peer.address();
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; rate limits must see one form.
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    }
    return address.to_string();
}

Request ToRequest(bhttp::request<bhttp::string_body>& message, const std::string& peer, const ServerOptions& options) {
    Request request;
    request.method = ToMethod(message.method());
    request.target = std::string(message.target());
    for (const auto& field : message) {
        std::string name = Lower(field.name_string());
        auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
        if (!inserted) {
            // RFC 9110 §5.3 joins repeated fields with commas; cookies use "; " (RFC 6265 §5.4).
            it->second += name == "cookie" ? "; " : ", ";
            it->second += field.value();
        }
    }
    request.body = std::move(message.body());
    request.client_ip = ClientAddress(peer, request.Header("x-forwarded-for"), options.trusted_proxies);
    return request;
}

// A header value with CR/LF (say, a file name in Content-Disposition) would split the response.
bool SafeHeader(std::string_view name, std::string_view value) {
    if (name.empty()) return false;
    for (unsigned char c : name) {
        if (!(std::isalnum(c) ||
              std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos)) {
            return false;
        }
    }
    return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bhttp::response<bhttp::string_body> ToBeast(Response& response, unsigned version, bool keep_alive, bool head) {
    bhttp::response<bhttp::string_body> out;
    out.version(version);
    int status = response.status >= 100 && response.status <= 599 ? response.status : 500;
    out.result(static_cast<unsigned>(status));
    bool bodiless = status < 200 || status == 204 || status == 304;
    if (!bodiless && !response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) {
        if (SafeHeader(name, value)) {
            out.insert(name, value);
        } else {
            spdlog::warn("dropped a response header with an invalid name or a line break ({} bytes)",
                         name.size() + value.size());
        }
    }
    out.keep_alive(keep_alive);
    if (bodiless) return out;
    if (head) {
        // HEAD announces the length the GET would send (RFC 9110 §9.3.2) but sends no body.
        out.content_length(response.body.size());
        return out;
    }
    out.body() = std::move(response.body);
    out.prepare_payload();
    return out;
}

template <class Stream>
beast::tcp_stream& Tcp(Stream& stream) {
    return beast::get_lowest_layer(stream);
}

template <class Stream>
constexpr bool kIsTls = !std::is_same_v<Stream, beast::tcp_stream>;

template <class Stream>
void AddTransportHeaders(Response& response) {
    if constexpr (kIsTls<Stream>) response.headers.emplace_back("Strict-Transport-Security", kHsts);
}

bool IsQuietReadError(const boost::system::error_code& ec) {
    // The client went away, idled out, or we cancelled it at shutdown: nothing to answer.
    return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
           ec == asio::error::operation_aborted ||
           ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category();
}

template <class Stream>
asio::awaitable<void> Drain(Stream& stream) {
    boost::system::error_code ec;
    Tcp(stream).socket().shutdown(tcp::socket::shutdown_send, ec);
    Tcp(stream).expires_after(kDrainTime);
    std::vector<char> scratch(kReadChunk);
    size_t total = 0;
    while (total < kMaxDrainBytes) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kTuple);
        if (read_ec) break;
        total += n;
    }
}

// Answers a request the session rejects itself (bad HTTP, too large) and marks the end of the
// connection: after a framing error we cannot know where the next request would start.
template <class Stream>
asio::awaitable<void> RejectAndClose(Stream& stream, const SessionContext& context, unsigned version,
                                     const Error& error, Request& request, bool drain) {
    auto started = std::chrono::steady_clock::now();
    request.request_id = NewRequestId();
    request.locale = ParseLocale(request.Header("accept-language"));
    Response response = ErrorResponse(error, request.locale);
    response.headers.emplace_back("X-Request-Id", request.request_id);
    AddSecurityHeaders(request, response);
    AddTransportHeaders<Stream>(response);
    RecordAccess(request, response, "rejected",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    auto message = ToBeast(response, version == 10 ? 10 : 11, false, false);
    Tcp(stream).expires_after(context.options.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, message, kTuple);
    if (!ec && drain) co_await Drain(stream);
}

Error BadRequest(std::string id, Text text) { return Error{Code::kMalformed, std::move(id), std::move(text), {}, {}}; }

Error BodyTooLarge() {
    return Error{Code::kTooLarge, "payload_too_large", {"请求体过大", "Request body too large"}, {}, {}};
}

}  // namespace

std::chrono::seconds BodyTimeout(const ServerOptions& options, size_t expected_bytes) {
    const auto at_min_rate = std::chrono::seconds(expected_bytes / std::max<size_t>(1, options.body_min_rate));
    return std::min(options.read_timeout + at_min_rate, options.body_timeout_max);
}

namespace {

struct Registration {
    ConnectionRegistry& registry;
    const Connection* connection;
    ~Registration() { registry.Remove(connection); }
};

}  // namespace

Connection::Connection(tcp::socket socket, asio::ssl::context* tls_context) {
    if (tls_context) {
        tls.emplace(std::move(socket), *tls_context);
    } else {
        plain.emplace(std::move(socket));
    }
}

bool OnIoThread() { return tl_io_thread; }
void MarkIoThread() { tl_io_thread = true; }

ConnectionRegistry::Admission ConnectionRegistry::Add(const std::shared_ptr<Connection>& connection,
                                                      size_t max_connections, size_t max_per_address) {
    std::lock_guard lock(mutex_);
    if (connections_.size() >= max_connections) return Admission::kServerFull;
    if (!connection->address_key.empty()) {
        size_t& open = per_address_[connection->address_key];
        if (open >= max_per_address) return Admission::kAddressFull;
        ++open;
    }
    connections_.push_back(connection);
    return Admission::kAdmitted;
}

void ConnectionRegistry::Remove(const Connection* connection) {
    std::lock_guard lock(mutex_);
    std::erase_if(connections_, [&](const std::weak_ptr<Connection>& weak) {
        auto strong = weak.lock();
        return !strong || strong.get() == connection;
    });
    if (!connection->address_key.empty()) {
        auto it = per_address_.find(connection->address_key);
        if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    }
    if (connections_.empty()) empty_.notify_all();
}

void ConnectionRegistry::ForEach(void (*fn)(Connection&)) {
    std::lock_guard lock(mutex_);
    for (const auto& weak : connections_) {
        if (auto connection = weak.lock()) {
            asio::post(connection->Tcp().get_executor(), [connection, fn] { fn(*connection); });
        }
    }
}

bool ConnectionRegistry::WaitEmpty(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return empty_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

size_t ConnectionRegistry::Size() {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

namespace {

// What a streamed answer's writer waits on: a wake from the source (posted to the connection's
// strand), the reader seeing the client leave, or the keep-alive / re-check time.
struct StreamSignal {
    explicit StreamSignal(const asio::any_io_executor& executor) : timer(executor) {}
    asio::steady_timer timer;
    bool pending = false;      // the source has text for Take()
    bool gone = false;         // the client closed, reset, or Stop() cancelled the socket
    bool reader_done = false;  // the reader coroutine has returned (the stream may be destroyed)
};

// Reads and drops whatever the client sends after its request (an SSE client sends nothing): the
// read is what tells us the client closed. Ends on any error, the socket being cancelled included.
template <class Stream>
asio::awaitable<void> WatchForClose(Stream& stream, std::shared_ptr<StreamSignal> signal) {
    std::array<char, 512> scratch{};
    for (;;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kTuple);
        if (ec) break;
    }
    signal->gone = true;
    signal->reader_done = true;
    signal->timer.cancel();
}

// Writes a streamed answer (http/message.hpp EventStream) until it ends. The writer is this
// coroutine, the reader a second one on the same strand; the connection counts as idle, so
// Stop() cancels it at once instead of waiting for the grace period.
template <class Stream>
asio::awaitable<void> ServeEventStream(Stream& stream, Connection& connection, SessionContext& context,
                                       Response& response, unsigned version) {
    using Clock = std::chrono::steady_clock;
    std::shared_ptr<EventStream> source = response.stream;
    bhttp::response<bhttp::empty_body> header{bhttp::status::ok, version};
    header.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) {
        if (SafeHeader(name, value)) header.insert(name, value);
    }
    // A proxy (nginx) must pass each event on at once, not buffer the answer.
    header.set("X-Accel-Buffering", "no");
    header.keep_alive(false);  // no length: the body ends with the connection
    bhttp::response_serializer<bhttp::empty_body> serializer{header};
    Tcp(stream).expires_after(context.options.write_timeout);
    auto [header_ec, header_n] = co_await bhttp::async_write_header(stream, serializer, kTuple);
    if (header_ec) {
        source->Close();
        co_return;
    }

    auto executor = co_await asio::this_coro::executor;
    auto signal = std::make_shared<StreamSignal>(executor);
    source->SetNotify([executor, weak = std::weak_ptr<StreamSignal>(signal)] {
        asio::post(executor, [weak] {
            if (auto s = weak.lock()) {
                s->pending = true;
                s->timer.cancel();
            }
        });
    });
    Tcp(stream).expires_never();  // the reader waits as long as the stream lives
    asio::co_spawn(executor, WatchForClose(stream, signal), asio::detached);
    connection.idle = true;

    std::string out = std::move(source->first);
    auto next_keep_alive = Clock::now() + source->keep_alive;
    auto next_check = Clock::now() + source->recheck;
    for (;;) {
        if (!out.empty()) {
            Tcp(stream).expires_after(context.options.write_timeout);  // the write only: a read is pending
            auto [write_ec, write_n] = co_await asio::async_write(stream, asio::buffer(out), kTuple);
            if (write_ec) break;
            out.clear();
            next_keep_alive = Clock::now() + source->keep_alive;
        }
        if (signal->gone || context.stopping) break;
        if (!signal->pending) {
            signal->timer.expires_at(std::min(next_keep_alive, next_check));
            co_await signal->timer.async_wait(kTuple);
        }
        if (signal->gone || context.stopping) break;
        signal->pending = false;
        bool ended = false;
        out = source->Take(ended);
        if (ended) {
            if (!out.empty()) {
                Tcp(stream).expires_after(context.options.write_timeout);
                co_await asio::async_write(stream, asio::buffer(out), kTuple);
            }
            break;
        }
        const auto now = Clock::now();
        if (out.empty() && now >= next_keep_alive) out = ": keep-alive\n\n";
        if (now >= next_check) {
            auto check = [source]() -> asio::awaitable<bool> { co_return source->StillAuthorized(); };
            auto pool = context.pool.get_executor();
            bool still = false;
            try {
                still = co_await asio::co_spawn(pool, std::move(check), asio::use_awaitable);
            } catch (const std::exception& e) {
                spdlog::warn("event stream: re-checking the session failed: {}", e.what());
            }
            if (!still) break;
            next_check = Clock::now() + source->recheck;
        }
    }
    source->Close();
    // The reader refers to the stream: wait until it has returned before the connection goes.
    boost::system::error_code ignored;
    Tcp(stream).socket().cancel(ignored);
    while (!signal->reader_done) {
        signal->timer.expires_after(std::chrono::seconds(1));
        co_await signal->timer.async_wait(kTuple);
        if (!signal->reader_done) Tcp(stream).socket().cancel(ignored);
    }
}

// Reads, dispatches and answers requests until the connection ends. `first_header_deadline`: the
// whole first request header must have arrived by then (counted from the accept, so a TLS
// handshake spends from the same allowance).
template <class Stream>
asio::awaitable<void> ServeRequests(Stream& stream, Connection& connection, SessionContext& context,
                                    const std::string& peer,
                                    std::chrono::steady_clock::time_point first_header_deadline) {
    const ServerOptions& options = context.options;
    // Bounded: a header never exceeds header_limit and bodies are moved out by the parser.
    beast::flat_buffer buffer(options.header_limit + 4 * kReadChunk);
    bool first_request = true;

    for (;;) {
        connection.idle = true;
        if (context.stopping) break;
        if (buffer.size() == 0) {
            // Between requests the idle timeout applies; Stop() cancels this read.
            if (first_request) {
                Tcp(stream).expires_at(first_header_deadline);
            } else {
                Tcp(stream).expires_after(options.idle_timeout);
            }
            auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
            if (read_ec) break;
            buffer.commit(n);
        }
        connection.idle = false;
        // From the first byte, the whole header must arrive within read_timeout. tcp_stream's
        // deadline is absolute: each byte that arrives does not move it.
        if (first_request) {
            Tcp(stream).expires_at(first_header_deadline);
        } else {
            Tcp(stream).expires_after(options.read_timeout);
        }
        first_request = false;
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<size_t>(options.header_limit, UINT32_MAX)));
        // Beast checks Content-Length against body_limit while parsing the header; the route's own
        // limit is only known after it, so start from the largest and narrow it below.
        parser.body_limit(std::max(options.body_limit, options.upload_limit));
        auto [header_ec, header_n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);

        // Rejections are decided first and sent by one co_await below with named arguments only:
        // GCC 12 mishandles temporaries with destructors inside co_await expressions (double frees).
        std::optional<Error> reject;
        bool drain = false;
        Request rejected;
        rejected.client_ip = peer;
        unsigned version = 11;
        if (header_ec) {
            if (header_ec == bhttp::error::body_limit) {
                reject = BodyTooLarge();  // Content-Length beyond even the upload limit
                drain = true;
            } else if (header_ec == bhttp::error::header_limit) {
                reject = BadRequest("header_too_large", {"请求头过大", "Request header too large"});
            } else if (!IsQuietReadError(header_ec)) {
                reject = BadRequest("bad_request", {"无法解析的 HTTP 请求", "Malformed HTTP request"});
            }
        } else {
            auto& header = parser.get();
            version = header.version();
            rejected.method = ToMethod(header.method());
            rejected.target = std::string(header.target());
            size_t limit = IsUploadRoute(header.method(), header.target()) ? options.upload_limit : options.body_limit;
            parser.body_limit(limit);  // chunked bodies are checked against it chunk by chunk
            auto declared = parser.content_length();
            if (declared && *declared > limit) {
                // Refuse before reading a byte of it; with Expect: 100-continue the client never sends it.
                reject = BodyTooLarge();
                drain = true;
            } else if (!parser.is_done()) {
                if (version >= 11 && beast::iequals(header[bhttp::field::expect], "100-continue")) {
                    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
                    Tcp(stream).expires_after(options.write_timeout);
                    auto [continue_ec, continue_n] = co_await bhttp::async_write(stream, go_on, kTuple);
                    if (continue_ec) break;
                }
                size_t expected = declared ? static_cast<size_t>(*declared) : limit;
                Tcp(stream).expires_after(BodyTimeout(options, expected));
                auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
                if (body_ec == bhttp::error::body_limit) {
                    reject = BodyTooLarge();
                    drain = true;
                } else if (body_ec && !IsQuietReadError(body_ec)) {
                    reject = BadRequest("bad_request", {"无法解析的 HTTP 请求", "Malformed HTTP request"});
                } else if (body_ec) {
                    break;
                }
            }
        }
        if (reject) {
            co_await RejectAndClose(stream, context, version, *reject, rejected, drain);
            break;
        }
        if (header_ec) break;

        auto message = parser.release();
        bool keep_alive = message.keep_alive();
        bool head = message.method() == bhttp::verb::head;
        Request request = ToRequest(message, peer, options);
        Response response;
        try {
            // Handlers block on the store: run them on the worker pool, never on an io thread.
            auto work = [&]() -> asio::awaitable<Response> {
                co_return Dispatch(context.router, context.hooks, request, &context.web);
            };
            auto pool = context.pool.get_executor();
            response = co_await asio::co_spawn(pool, std::move(work), asio::use_awaitable);
        } catch (const std::exception& e) {
            // Dispatch never throws; this is the pool itself failing (e.g. out of memory).
            spdlog::error("dispatch failed: {}", e.what());
            response = ErrorResponse(Internal(e.what()).value(), request.locale);
        }
        if (context.stopping) keep_alive = false;  // finish this one, then let the client reconnect elsewhere
        AddTransportHeaders<Stream>(response);
        if (response.stream) {
            if (response.status == 200 && !head && !context.stopping) {
                co_await ServeEventStream(stream, connection, context, response, version);
                break;  // the stream had the connection to the end
            }
            response.stream->Close();
            response.stream.reset();
        }
        auto out = ToBeast(response, version, keep_alive, head);
        Tcp(stream).expires_after(options.write_timeout);
        auto [write_ec, write_n] = co_await bhttp::async_write(stream, out, kTuple);
        if (write_ec || !keep_alive) break;
    }
}

}  // namespace

asio::awaitable<void> RunSession(std::shared_ptr<Connection> connection, SessionContext& context) {
    Registration registration{context.registry, connection.get()};
    beast::tcp_stream& tcp_stream = connection->Tcp();
    boost::system::error_code ec;
    tcp::endpoint peer_endpoint = tcp_stream.socket().remote_endpoint(ec);
    if (ec) co_return;  // reset before we got here
    const std::string peer = PeerAddress(peer_endpoint);
    // A new connection has read_timeout from its accept for its whole first header: one that
    // sends nothing, or a byte now and then, is closed then (slowloris).
    const auto first_header_deadline = std::chrono::steady_clock::now() + context.options.read_timeout;

    if (!connection->tls) {
        co_await ServeRequests(*connection->plain, *connection, context, peer, first_header_deadline);
        tcp_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        tcp_stream.close();
        co_return;
    }
    auto& tls = *connection->tls;
    tcp_stream.expires_at(first_header_deadline);
    auto [handshake_ec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (handshake_ec) {
        // Plain HTTP to the HTTPS port, an old TLS version, a scanner, or a client that gave up:
        // nothing can be answered in a language the client speaks, so just close.
        spdlog::debug("TLS handshake with {} failed: {}", peer, handshake_ec.message());
        tcp_stream.close();
        co_return;
    }
    co_await ServeRequests(tls, *connection, context, peer, first_header_deadline);
    // Send our close_notify (a client may tell a clean end from a cut), waiting briefly for its own.
    if (tcp_stream.socket().is_open()) {
        tcp_stream.expires_after(kTlsShutdownTime);
        co_await tls.async_shutdown(kTuple);  // its outcome changes nothing: we close either way
    }
    tcp_stream.close();
}

}  // namespace safegrid::http
