// `serve --tls-cert/--tls-key` (HTTPS for phones, docs/deploy.md): the real binary with a
// certificate made here by the openssl CLI, spoken to by a verifying Beast TLS client.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct TlsAnswer {
    int status = 0;
    std::vector<std::string> set_cookies;
    std::optional<std::string> hsts;
    std::string body;
};

// One request on a new TLS connection that verifies the server against `ca_file` and checks
// that the certificate names 127.0.0.1 (subjectAltName IP, as docs/deploy.md makes it).
std::optional<TlsAnswer> TlsRequest(uint16_t port, const std::string& ca_file, bhttp::verb method,
                                    const std::string& target, const std::string& body = "") {
    asio::io_context ioc;
    ssl::context context(ssl::context::tls_client);
    context.load_verify_file(ca_file);
    context.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return std::nullopt;
    stream.handshake(ssl::stream_base::client, ec);
    if (ec) return std::nullopt;
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) {
        request.set(bhttp::field::content_type, "application/json");
        request.body() = body;
    }
    request.prepare_payload();
    bhttp::write(stream, request, ec);
    if (ec) return std::nullopt;
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream, buffer, response, ec);
    if (ec) return std::nullopt;
    TlsAnswer answer;
    answer.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        if (beast::iequals(field.name_string(), "set-cookie")) answer.set_cookies.emplace_back(field.value());
        if (beast::iequals(field.name_string(), "strict-transport-security")) answer.hsts = std::string(field.value());
    }
    answer.body = response.body();
    stream.shutdown(ec);  // the server's close_notify; a truncation here is not the test's concern
    return answer;
}

class Tls : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        db_ = "sqlite:" + dir_->File("tls.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "5", "--hazards", "0", "--seed", "3"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
        cert_ = dir_->File("cert.pem");
        key_ = dir_->File("key.pem");
        other_key_ = dir_->File("other-key.pem");
        // The self-signed certificate docs/deploy.md tells a town to make, for 127.0.0.1.
        const std::string make_cert =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
            "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
            key_ + " -out " + cert_ + " 2>/dev/null";
        ASSERT_EQ(std::system(make_cert.c_str()), 0) << make_cert;
        const std::string make_key =
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + other_key_ + " 2>/dev/null";
        ASSERT_EQ(std::system(make_key.c_str()), 0) << make_key;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    std::vector<std::string> ServeArgs(std::vector<std::string> extra) const {
        std::vector<std::string> args{"--db", db_, "--data-dir", dir_->File("data")};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    static test::TempDir* dir_;
    static std::string db_, cert_, key_, other_key_;
};

test::TempDir* Tls::dir_ = nullptr;
std::string Tls::db_, Tls::cert_, Tls::key_, Tls::other_key_;

bool HasAttribute(const std::string& cookie, const std::string& attribute) {
    return cookie.find("; " + attribute) != std::string::npos;
}

TEST_F(Tls, ServesHealthzAndLoginOverHttpsWithSecureCookiesAndHsts) {
    ServerProcess server(ServeArgs({"--tls-cert", cert_, "--tls-key", key_}));
    ASSERT_TRUE(server.Start()) << server.Log();
    EXPECT_NE(server.Log().find("https listening on"), std::string::npos) << server.Log();

    auto health = TlsRequest(server.port(), cert_, bhttp::verb::get, "/healthz");
    ASSERT_TRUE(health) << server.Log();
    EXPECT_EQ(health->status, 200);
    ASSERT_TRUE(health->hsts);
    EXPECT_NE(health->hsts->find("max-age="), std::string::npos);

    auto login = TlsRequest(server.port(), cert_, bhttp::verb::post, "/api/v1/auth/login",
                            R"({"username":"town","password":"demo1234"})");
    ASSERT_TRUE(login) << server.Log();
    EXPECT_EQ(login->status, 200) << login->body;
    ASSERT_EQ(login->set_cookies.size(), 2u);  // the session and the CSRF cookie
    for (const auto& cookie : login->set_cookies) EXPECT_TRUE(HasAttribute(cookie, "Secure")) << cookie;
    EXPECT_TRUE(login->hsts);
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
}

TEST_F(Tls, PlainHttpHasNeitherSecureCookiesNorHsts) {
    ServerProcess server(ServeArgs({}));
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    auto health = client.Get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.headers.count("strict-transport-security"), 0u);
    auto login = client.Login("town");
    ASSERT_EQ(login.status, 200);
    EXPECT_FALSE(HasAttribute(login.headers["set-cookie"], "Secure")) << login.headers["set-cookie"];
}

TEST_F(Tls, PlainHttpToTheHttpsPortIsClosedAndTheServerGoesOn) {
    ServerProcess server(ServeArgs({"--tls-cert", cert_, "--tls-key", key_}));
    ASSERT_TRUE(server.Start()) << server.Log();
    {
        asio::io_context ioc;
        tcp::socket socket(ioc);
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
        const std::string plain = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        asio::write(socket, asio::buffer(plain));
        std::string received;
        boost::system::error_code ec;
        char chunk[1024];
        for (;;) {
            size_t n = socket.read_some(asio::buffer(chunk), ec);
            if (ec) break;
            received.append(chunk, n);
        }
        // Closed (EOF or reset) without an HTTP answer: nothing plain is ever served on that port.
        EXPECT_EQ(received.find("HTTP/1.1 200"), std::string::npos) << received;
    }
    ASSERT_TRUE(server.Running()) << server.Log();
    auto health = TlsRequest(server.port(), cert_, bhttp::verb::get, "/healthz");
    ASSERT_TRUE(health) << server.Log();
    EXPECT_EQ(health->status, 200);
}

TEST_F(Tls, RefusesTlsOlderThan12) {
    ServerProcess server(ServeArgs({"--tls-cert", cert_, "--tls-key", key_}));
    ASSERT_TRUE(server.Start()) << server.Log();
    asio::io_context ioc;
    ssl::context context(ssl::context::tls_client);
    // Level 0 lets this client offer TLS 1.1 at all; the server must still say no.
    SSL_CTX_set_security_level(context.native_handle(), 0);
    SSL_CTX_set_max_proto_version(context.native_handle(), TLS1_1_VERSION);
    context.set_verify_mode(ssl::verify_none);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    boost::system::error_code ec;
    stream.handshake(ssl::stream_base::client, ec);
    EXPECT_TRUE(ec) << "a TLS 1.1 handshake succeeded";
    EXPECT_TRUE(TlsRequest(server.port(), cert_, bhttp::verb::get, "/healthz")) << server.Log();
}

TEST_F(Tls, RefusesToStartWithOnlyOneOfTheTwoFlags) {
    auto cert_only = RunSafegrid({"serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-cert", cert_});
    EXPECT_NE(cert_only.exit_code, 0);
    EXPECT_NE(cert_only.output.find("--tls-cert and --tls-key go together"), std::string::npos) << cert_only.output;
    auto key_only = RunSafegrid({"serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-key", key_});
    EXPECT_NE(key_only.exit_code, 0);
    EXPECT_NE(key_only.output.find("tls_cert"), std::string::npos) << key_only.output;
}

TEST_F(Tls, RefusesToStartWithAKeyOfAnotherCertificate) {
    auto mismatched =
        RunSafegrid({"serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-cert", cert_, "--tls-key", other_key_});
    EXPECT_NE(mismatched.exit_code, 0);
    EXPECT_NE(mismatched.output.find("does not match the certificate"), std::string::npos) << mismatched.output;
}

TEST_F(Tls, RefusesToStartWithAnUnreadableOrNonPemFile) {
    const std::string missing = dir_->File("no-such-cert.pem");
    auto unreadable =
        RunSafegrid({"serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-cert", missing, "--tls-key", key_});
    EXPECT_NE(unreadable.exit_code, 0);
    EXPECT_NE(unreadable.output.find("cannot read the certificate file " + missing), std::string::npos)
        << unreadable.output;
    const std::string garbage = dir_->File("garbage.pem");
    std::ofstream(garbage) << "not a certificate\n";
    auto not_pem =
        RunSafegrid({"serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-cert", garbage, "--tls-key", key_});
    EXPECT_NE(not_pem.exit_code, 0);
    EXPECT_NE(not_pem.output.find("not a PEM certificate"), std::string::npos) << not_pem.output;
}

TEST_F(Tls, TheEnvironmentAndTheConfigFileNameTheFilesToo) {
    setenv("SAFEGRID_TLS_CERT", cert_.c_str(), 1);
    setenv("SAFEGRID_TLS_KEY", key_.c_str(), 1);
    ServerProcess server(ServeArgs({}));
    const bool started = server.Start();
    unsetenv("SAFEGRID_TLS_CERT");
    unsetenv("SAFEGRID_TLS_KEY");
    ASSERT_TRUE(started) << server.Log();
    auto health = TlsRequest(server.port(), cert_, bhttp::verb::get, "/healthz");
    ASSERT_TRUE(health) << server.Log();
    EXPECT_EQ(health->status, 200);

    // The file's certificate with the flag's key (flags win over the file): checked together.
    const std::string config = dir_->File("tls.json");
    std::ofstream(config) << R"({"tls_cert": ")" << cert_ << R"(", "tls_key": ")" << key_ << R"("})";
    auto mixed =
        RunSafegrid({"--config", config, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--tls-key", other_key_});
    EXPECT_NE(mixed.exit_code, 0);
    EXPECT_NE(mixed.output.find("does not match the certificate"), std::string::npos) << mixed.output;
}

}  // namespace
}  // namespace safegrid::testing
