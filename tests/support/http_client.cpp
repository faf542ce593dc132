#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace safegrid::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
    net::io_context ioc;
    std::unique_ptr<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

boost::json::value HttpResult::Json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    return ec ? boost::json::value() : v;
}

HttpClient::HttpClient(std::string host, uint16_t port)
    : impl_(std::make_unique<Impl>()), host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResult HttpClient::Request(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& content_type, const std::map<std::string, std::string>& headers) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            if (!impl_->stream) {
                impl_->stream = std::make_unique<beast::tcp_stream>(impl_->ioc);
                tcp::resolver resolver(impl_->ioc);
                impl_->stream->connect(resolver.resolve(host_, std::to_string(port_)));
            }
            http::request<http::string_body> req{http::string_to_verb(method), target, 11};
            req.set(http::field::host, host_);
            req.keep_alive(true);
            if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
            for (const auto& [k, v] : extra_) req.set(k, v);
            for (const auto& [k, v] : headers) req.set(k, v);
            if (!body.empty() || method == "POST" || method == "PATCH") {
                req.set(http::field::content_type, content_type);
                req.body() = body;
                req.prepare_payload();
            }
            impl_->stream->expires_after(std::chrono::seconds(60));
            http::write(*impl_->stream, req);
            http::response_parser<http::string_body> parser;
            parser.body_limit(64 * 1024 * 1024);
            http::read(*impl_->stream, impl_->buffer, parser);
            auto res = parser.release();
            HttpResult out;
            out.status = static_cast<int>(res.result_int());
            for (const auto& f : res) {
                std::string name(f.name_string());
                for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                out.headers[name] = std::string(f.value());
            }
            out.body = std::move(res.body());
            if (!res.keep_alive()) impl_->stream.reset();
            return out;
        } catch (const std::exception&) {
            // The server may have closed an idle keep-alive connection: reconnect once.
            impl_->stream.reset();
            impl_->buffer.clear();
            if (attempt == 1) return HttpResult{0, {}, "connection failed"};
        }
    }
    return {};
}

HttpResult HttpClient::Post(const std::string& target, const boost::json::value& body,
                            const std::map<std::string, std::string>& headers) {
    return Request("POST", target, boost::json::serialize(body), "application/json", headers);
}

HttpResult HttpClient::Patch(const std::string& target, const boost::json::value& body,
                             const std::map<std::string, std::string>& headers) {
    return Request("PATCH", target, boost::json::serialize(body), "application/json", headers);
}

HttpResult HttpClient::Login(const std::string& username, const std::string& password) {
    auto r = Post("/api/v1/auth/login", {{"username", username}, {"password", password}});
    if (r.status == 200) token_ = std::string(r.Json().at("token").as_string());
    return r;
}

}  // namespace safegrid::testing
