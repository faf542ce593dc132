// A small blocking HTTP/1.1 client for tests (Beast), keeping one connection alive.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace safegrid::testing {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    boost::json::value Json() const;  // null when the body is not JSON
};

class HttpClient {
  public:
    HttpClient(std::string host, uint16_t port);
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;
    void SetToken(std::string token) { token_ = std::move(token); }
    void SetHeader(const std::string& name, const std::string& value) { extra_[name] = value; }
    void ClearHeader(const std::string& name) { extra_.erase(name); }

    HttpResult Request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::string& content_type = "application/json",
                       const std::map<std::string, std::string>& headers = {});
    HttpResult Get(const std::string& target) { return Request("GET", target); }
    HttpResult Post(const std::string& target, const boost::json::value& body,
                    const std::map<std::string, std::string>& headers = {});
    HttpResult Patch(const std::string& target, const boost::json::value& body,
                     const std::map<std::string, std::string>& headers = {});
    // Logs in and keeps the token for later requests; returns the login response.
    HttpResult Login(const std::string& username, const std::string& password = "demo1234");

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string host_;
    uint16_t port_;
    std::string token_;
    std::map<std::string, std::string> extra_;
};

}  // namespace safegrid::testing
