// A real Server on an ephemeral port, driven by a blocking Beast client over loopback.
#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "http/session.hpp"

namespace safegrid::http {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

class Client {
  public:
    explicit Client(uint16_t port) : socket_(ioc_) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        // Never let a broken server hang the test run.
        timeval tv{5, 0};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    void Send(std::string_view raw) { asio::write(socket_, asio::buffer(raw.data(), raw.size())); }
    bhttp::response<bhttp::string_body> Read(bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(head);  // a HEAD response announces a length but carries no body
        bhttp::read(socket_, buffer_, parser);
        return parser.release();
    }
    bhttp::response<bhttp::string_body> Roundtrip(const std::string& raw, bool head = false) {
        Send(raw);
        return Read(head);
    }
    // True when the server closed the connection (EOF or reset), false on data or timeout.
    bool Closed() {
        boost::system::error_code ec;
        if (buffer_.size() > 0) return false;
        char byte;
        size_t n = socket_.read_some(asio::buffer(&byte, 1), ec);
        return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
    }
    tcp::socket& socket() { return socket_; }

  private:
    asio::io_context ioc_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

std::string Get(const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

std::string Post(const std::string& target, const std::string& body, const std::string& extra = "") {
    return "POST " + target +
           " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n" + extra + "\r\n" + body;
}

class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        web_ = fs::temp_directory_path() / ("sg_server_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(web_ / "assets");
        std::ofstream(web_ / "index.html") << "<html>app</html>";
        std::ofstream(web_ / "assets" / "app-1a2b.js") << "js!";

        router_.Add(
            Method::kGet, "/api/v1/echo",
            [](Request& r) {
                return Json(
                    200, boost::json::object{{"path", r.path}, {"ip", r.client_ip}, {"q", r.Query("q").value_or("")}});
            },
            Access::kPublic);
        router_.Add(
            Method::kPost, "/api/v1/echo",
            [](Request& r) {
                return Json(200, boost::json::object{{"size", r.body.size()}});
            },
            Access::kPublic);
        router_.Add(
            Method::kPost, "/api/v1/attachments",
            [](Request& r) {
                return Json(201, boost::json::object{{"size", r.body.size()}});
            },
            Access::kPublic);
        router_.Add(
            Method::kGet, "/api/v1/slow",
            [this](Request&) {
                slow_started_.set_value();
                std::this_thread::sleep_for(600ms);
                return Json(200, boost::json::object{{"slow", true}});
            },
            Access::kPublic);
        router_.Add(
            Method::kGet, "/api/v1/thread",
            [this](Request&) {
                std::lock_guard lock(mutex_);
                handler_on_io_thread_ = handler_on_io_thread_ || OnIoThread();
                handler_threads_.insert(std::this_thread::get_id());
                return Json(200, boost::json::object{});
            },
            Access::kPublic);
        router_.Add(Method::kGet, "/api/v1/private", [](Request&) { return Json(200, boost::json::object{}); });
    }

    void TearDown() override {
        server_.reset();
        fs::remove_all(web_);
    }

    uint16_t Start(ServerOptions options = {}) {
        options.host = "127.0.0.1";
        options.port = 0;
        options.io_threads = 2;
        options.worker_threads = 2;
        options.header_limit = 2048;
        options.body_limit = 1024;
        options.upload_limit = 4096;
        options.read_timeout = options.read_timeout == ServerOptions{}.read_timeout ? 1s : options.read_timeout;
        options.idle_timeout = options.idle_timeout == ServerOptions{}.idle_timeout ? 3s : options.idle_timeout;
        options.web_dir = web_.string();
        server_ = std::make_unique<Server>(router_, Hooks{}, options);
        auto port = server_->Start();
        EXPECT_TRUE(port) << (port ? "" : port.error().internal);
        return port ? *port : 0;
    }

    fs::path web_;
    Router router_;
    std::unique_ptr<Server> server_;
    std::promise<void> slow_started_;
    std::mutex mutex_;
    bool handler_on_io_thread_ = false;
    std::set<std::thread::id> handler_threads_;
};

TEST_F(ServerTest, StartReturnsTheBoundEphemeralPort) {
    uint16_t port = Start();
    EXPECT_NE(port, 0);
    Client client(port);
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    Client client(Start());
    auto first = client.Roundtrip(Get("/api/v1/echo?q=1"));
    EXPECT_EQ(first.result_int(), 200);
    EXPECT_TRUE(first.keep_alive());
    auto second = client.Roundtrip(Get("/api/v1/echo?q=2"));
    EXPECT_EQ(second.result_int(), 200);
    EXPECT_EQ(boost::json::parse(second.body()).at("q"), "2");
    EXPECT_FALSE(second["X-Request-Id"].empty());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    Client client(Start());
    client.Send(Get("/api/v1/echo?q=a") + Get("/api/v1/echo?q=b"));
    EXPECT_EQ(boost::json::parse(client.Read().body()).at("q"), "a");
    EXPECT_EQ(boost::json::parse(client.Read().body()).at("q"), "b");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    Client client(Start());
    auto r = client.Roundtrip(Get("/api/v1/echo", "Connection: close\r\n"));
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_FALSE(r.keep_alive());
    EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, OversizedBodyIs413InTheContractShape) {
    Client client(Start());
    auto r = client.Roundtrip(Post("/api/v1/echo", std::string(2000, 'x')));
    EXPECT_EQ(r.result_int(), 413);
    auto body = boost::json::parse(r.body());
    EXPECT_EQ(body.at("error").at("code"), "payload_too_large");
    EXPECT_TRUE(body.at("error").at("fields").is_object());
    EXPECT_FALSE(r["X-Request-Id"].empty());
    EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
    Client client(Start());
    std::string chunk(800, 'y');
    client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
                "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 413);
}

TEST_F(ServerTest, UploadRoutesGetTheUploadLimit) {
    uint16_t port = Start();
    Client ok(port);
    auto r = ok.Roundtrip(Post("/api/v1/attachments", std::string(3000, 'z')));
    EXPECT_EQ(r.result_int(), 201);
    EXPECT_EQ(boost::json::parse(r.body()).at("size"), 3000);
    Client too_big(port);
    EXPECT_EQ(too_big.Roundtrip(Post("/api/v1/attachments", std::string(5000, 'z'))).result_int(), 413);
}

TEST_F(ServerTest, ExpectContinueGetsA100ThenTheAnswer) {
    Client client(Start());
    client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    auto interim = client.Read();
    EXPECT_EQ(interim.result_int(), 100);
    client.Send("hello");
    auto r = client.Read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(boost::json::parse(r.body()).at("size"), 5);
}

TEST_F(ServerTest, GarbageIs400AndCloses) {
    uint16_t port = Start();
    Client client(port);
    auto r = client.Roundtrip("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(boost::json::parse(r.body()).at("error").at("code"), "bad_request");
    EXPECT_TRUE(client.Closed());
    Client binary(port);
    EXPECT_EQ(binary.Roundtrip(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 16)).result_int(),
              400);
    // The server is still fine.
    Client after(port);
    EXPECT_EQ(after.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
}

TEST_F(ServerTest, HugeHeaderIs400) {
    Client client(Start());
    auto r = client.Roundtrip(Get("/api/v1/echo", "X-Big: " + std::string(4000, 'h') + "\r\n"));
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(boost::json::parse(r.body()).at("error").at("code"), "header_too_large");
}

TEST_F(ServerTest, BadPercentEncodingIs400) {
    Client client(Start());
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo?q=%zz")).result_int(), 400);
}

TEST_F(ServerTest, HeadHasTheLengthButNoBody) {
    Client client(Start());
    auto get = client.Roundtrip(Get("/api/v1/echo"));
    auto head = client.Roundtrip("HEAD /api/v1/echo HTTP/1.1\r\nHost: t\r\n\r\n", /*head=*/true);
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[bhttp::field::content_length], std::to_string(get.body().size()));
    EXPECT_TRUE(head.body().empty());
    // The connection is still in sync: no stray body bytes arrive before the next answer.
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo?q=after")).result_int(), 200);
    auto static_head = client.Roundtrip("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n", true);
    EXPECT_EQ(static_head[bhttp::field::content_length], "16");
}

TEST_F(ServerTest, ServesTheWebAppWithSpaFallback) {
    Client client(Start());
    auto root = client.Roundtrip(Get("/"));
    EXPECT_EQ(root.result_int(), 200);
    EXPECT_EQ(root.body(), "<html>app</html>");
    auto asset = client.Roundtrip(Get("/assets/app-1a2b.js"));
    EXPECT_EQ(asset.body(), "js!");
    EXPECT_EQ(asset[bhttp::field::cache_control], "public, max-age=31536000, immutable");
    for (const char* deep : {"/hazards/12", "/report/TRACK1", "/no/such/page?x=1"}) {
        auto r = client.Roundtrip(Get(deep));
        EXPECT_EQ(r.result_int(), 200) << deep;
        EXPECT_EQ(r.body(), "<html>app</html>") << deep;
    }
}

TEST_F(ServerTest, TraversalAttemptsNeverLeaveTheWebDir) {
    uint16_t port = Start();
    for (const char* target :
         {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
          "/..%2f..%2fetc%2fpasswd", "/%00index.html"}) {
        Client client(port);
        auto r = client.Roundtrip(Get(target));
        EXPECT_EQ(r.result_int(), 400) << target;
        EXPECT_EQ(r.body().find("root:"), std::string::npos) << target;
    }
}

TEST_F(ServerTest, UnknownApiPathIsJson404AndPrivateIs401) {
    Client client(Start());
    auto r = client.Roundtrip(Get("/api/v1/nope"));
    EXPECT_EQ(r.result_int(), 404);
    EXPECT_EQ(r[bhttp::field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ(boost::json::parse(r.body()).at("error").at("code"), "not_found");
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/private")).result_int(), 401);
}

TEST_F(ServerTest, DispatchRunsOnTheWorkerPoolNeverOnIoThreads) {
    Client client(Start());
    for (int i = 0; i < 6; ++i) EXPECT_EQ(client.Roundtrip(Get("/api/v1/thread")).result_int(), 200);
    std::lock_guard lock(mutex_);
    EXPECT_FALSE(handler_on_io_thread_);
    EXPECT_FALSE(handler_threads_.empty());
    EXPECT_EQ(handler_threads_.count(std::this_thread::get_id()), 0u);
    EXPECT_FALSE(OnIoThread());
}

TEST_F(ServerTest, ClientAddressComesFromTheSocketUnlessThePeerIsATrustedProxy) {
    uint16_t port = Start();
    Client client(port);
    auto r = client.Roundtrip(Get("/api/v1/echo", "X-Forwarded-For: 203.0.113.9\r\n"));
    EXPECT_EQ(boost::json::parse(r.body()).at("ip"), "127.0.0.1");
    server_.reset();
    ServerOptions trusting;
    trusting.trusted_proxies = *TrustedProxies::Parse({"127.0.0.1"});
    Client proxied(Start(trusting));
    auto p = proxied.Roundtrip(Get("/api/v1/echo", "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"));
    EXPECT_EQ(boost::json::parse(p.body()).at("ip"), "203.0.113.9");
    auto junk = proxied.Roundtrip(Get("/api/v1/echo", "X-Forwarded-For: not-an-ip\r\n"));
    EXPECT_EQ(boost::json::parse(junk.body()).at("ip"), "127.0.0.1");
}

TEST_F(ServerTest, SlowHeaderIsCutOffByTheReadTimeout) {
    Client client(Start());
    client.Send("GET /api/v1/echo HTTP/1.1\r\nHost: t\r\n");  // never finished
    auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.Closed());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST_F(ServerTest, HalfOpenAndAbruptClientsDoNotHurtTheServer) {
    uint16_t port = Start();
    {
        Client gone(port);
        gone.socket().shutdown(tcp::socket::shutdown_send);
    }
    {
        Client mid_body(port);
        mid_body.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc");
    }
    {
        Client reset(port);
        reset.Send("GET /api/v1/slow");
        reset.socket().set_option(asio::socket_base::linger(true, 0));
    }
    Client client(port);
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
}

TEST_F(ServerTest, GracefulStopLetsTheInFlightRequestFinish) {
    uint16_t port = Start();
    Client client(port);
    client.Send(Get("/api/v1/slow"));
    slow_started_.get_future().wait();
    auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
    auto r = client.Read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(boost::json::parse(r.body()).at("slow"), true);
    EXPECT_FALSE(r.keep_alive());  // the client should reconnect (to the next instance)
    stopped.get();
    server_->Wait();  // returns at once once stopped
    boost::system::error_code ec;
    asio::io_context ioc;
    tcp::socket late(ioc);
    late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_TRUE(ec);  // no longer accepting
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsAtOnce) {
    ServerOptions options;
    options.idle_timeout = 30s;
    Client client(Start(options));
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
    auto started = std::chrono::steady_clock::now();
    server_->Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, WaitBlocksUntilStop) {
    Start();
    std::atomic<bool> returned{false};
    std::thread waiter([&] {
        server_->Wait();
        returned = true;
    });
    std::this_thread::sleep_for(100ms);
    EXPECT_FALSE(returned);
    server_->Stop();
    waiter.join();
    EXPECT_TRUE(returned);
}

TEST_F(ServerTest, WithReusePortASecondServerSharesThePort) {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.reuse_port = true;
    Server first(router_, Hooks{}, options);
    auto port = first.Start();
    ASSERT_TRUE(port);
    options.port = *port;
    Server second(router_, Hooks{}, options);
    auto shared = second.Start();
    ASSERT_TRUE(shared) << shared.error().internal;
    EXPECT_EQ(*shared, *port);
    second.Stop();
    first.Stop();
}

TEST_F(ServerTest, StartFailsCleanlyWhenThePortIsTaken) {
    uint16_t port = Start();
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    Server second(router_, Hooks{}, options);
    auto result = second.Start();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Code::kUnavailable);
}

}  // namespace
}  // namespace safegrid::http

namespace safegrid::http {
namespace {

// --- Connection exhaustion (slowloris): per-address cap and absolute deadlines. ---

// A raw client socket from a chosen loopback source address (all of 127/8 is loopback).
int ConnectFrom(const char* source, uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// 1: the server closed it; 0: still open, nothing to read; never blocks.
bool ClosedByServer(int fd) {
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

TEST_F(ServerTest, AThousandSlowConnectionsFromOneAddressDoNotKeepOthersOut) {
    ServerOptions options;
    options.read_timeout = 60s;  // the flood must still be there when the newcomer comes
    options.max_connections_per_address = 64;
    uint16_t port = Start(options);
    std::vector<int> flood;
    for (int i = 0; i < 1000; ++i) {
        int fd = ConnectFrom("127.0.0.1", port);
        if (fd < 0) continue;  // refused outright is fine too
        const char partial[] = "GET /api/v1/echo HTTP/1.1\r\nHost: t\r\nX-Slow: ";
        (void)::send(fd, partial, sizeof partial - 1, MSG_NOSIGNAL);
        flood.push_back(fd);
    }
    // A newcomer from another address is served at once (within a second).
    int fd = ConnectFrom("127.0.0.2", port);
    ASSERT_GE(fd, 0);
    timeval tv{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const std::string request = Get("/api/v1/echo", "Connection: close\r\n");
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    std::string answer;
    char chunk[4096];
    for (ssize_t n; (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) answer.append(chunk, static_cast<size_t>(n));
    ::close(fd);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    EXPECT_NE(answer.find("127.0.0.2"), std::string::npos) << answer;

    // The flooding address keeps its 64; every connection beyond them was closed at once.
    size_t open = flood.size();
    for (int round = 0; round < 100 && open > 64; ++round) {
        open = static_cast<size_t>(std::count_if(flood.begin(), flood.end(), [](int f) { return !ClosedByServer(f); }));
        if (open > 64) std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(open, 64u);
    for (int f : flood) ::close(f);
}

TEST_F(ServerTest, AHeaderTrickledOneByteAtATimeIsCutAtTheAbsoluteDeadline) {
    uint16_t port = Start();  // read_timeout (the header deadline) 1 s
    int fd = ConnectFrom("127.0.0.1", port);
    ASSERT_GE(fd, 0);
    const std::string start = "GET /api/v1/echo HTTP/1.1\r\nHost: t\r\nX-Slow: ";
    ASSERT_GT(::send(fd, start.data(), start.size(), MSG_NOSIGNAL), 0);
    // One byte every 100 ms: a per-read timeout would never fire. Bounded: 40 bytes, 4 s.
    bool closed = false;
    int sent = 0;
    for (; sent < 40 && !closed; ++sent) {
        std::this_thread::sleep_for(100ms);
        closed = ClosedByServer(fd) || ::send(fd, "a", 1, MSG_NOSIGNAL) < 0;
    }
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_LT(sent, 40);
}

TEST_F(ServerTest, ANewConnectionThatSendsNothingIsClosedAtTheHeaderDeadline) {
    ServerOptions options;
    options.idle_timeout = 60s;  // the keep-alive idle time is not a fresh connection's allowance
    Client silent(Start(options));
    EXPECT_TRUE(silent.Closed());  // Closed() gives up after 5 s; the deadline is 1 s
}

TEST_F(ServerTest, AKeptAliveConnectionGetsTheIdleTimeoutBetweenRequests) {
    ServerOptions options;
    options.idle_timeout = 2s;
    Client client(Start(options));
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
    std::this_thread::sleep_for(1500ms);  // past the 1 s header deadline, within the idle time
    EXPECT_EQ(client.Roundtrip(Get("/api/v1/echo")).result_int(), 200);
}

TEST(BodyTimeout, IsScaledToTheBodyAtA2GRateAndCapped) {
    ServerOptions options;
    EXPECT_EQ(BodyTimeout(options, 0), 10s);
    EXPECT_EQ(BodyTimeout(options, 400 * 1024), 10s + 33s);       // a compressed photo over EDGE
    EXPECT_EQ(BodyTimeout(options, 10 * 1024 * 1024 + 1), 120s);  // was ~670 s
}

}  // namespace
}  // namespace safegrid::http
