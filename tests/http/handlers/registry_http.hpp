// The registry world behind the real request pipeline (http::Dispatch) for the regions, buildings
// and enterprises handler tests: "Bearer <role>" logs in as that principal of the world.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <memory>
#include <string>

#include "http/handlers/buildings.hpp"
#include "http/handlers/enterprises.hpp"
#include "http/handlers/regions.hpp"
#include "http/server.hpp"
#include "services/registry_world.hpp"

namespace safegrid::test {

struct HttpReply {
    int status = 0;
    boost::json::value body;
    [[nodiscard]] std::string Code() const {
        if (!body.is_object() || !body.as_object().contains("error")) return "";
        return std::string(body.at("error").at("code").as_string());
    }
    [[nodiscard]] bool HasField(const char* name) const {
        return body.is_object() && body.as_object().contains("error") &&
               body.at("error").at("fields").as_object().contains(name);
    }
    [[nodiscard]] int64_t Int(const char* key) const { return body.at(key).as_int64(); }
};

class RegistryHttp : public ::testing::TestWithParam<Backend> {
  protected:
    using HttpReply = ::safegrid::test::HttpReply;  // so fixtures in other namespaces can name it

    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        http::RegisterRegionRoutes(router_, *w_->regions);
        http::RegisterBuildingRoutes(router_, *w_->buildings);
        http::RegisterEnterpriseRoutes(router_, *w_->enterprises);
        logins_ = {{"admin", &w_->admin},
                   {"town", &w_->town_officer},
                   {"village", &w_->village_officer},
                   {"inspector", &w_->inspector},
                   {"enterprise", &w_->enterprise_user},
                   {"other_town", &w_->other_town_officer},
                   {"other_village", &w_->other_village_officer},
                   {"other_inspector", &w_->other_inspector},
                   {"other_enterprise", &w_->other_enterprise_user}};
        hooks_.authenticate = [this](std::string_view token) -> Result<Principal> {
            auto it = logins_.find(std::string(token));
            if (it == logins_.end()) return Unauthenticated();
            return *it->second;
        };
    }

    HttpReply Call(http::Method method, const std::string& target, const std::string& who, const std::string& body = "",
                   std::map<std::string, std::string> headers = {}) {
        http::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.headers = std::move(headers);
        if (!who.empty()) r.headers["authorization"] = "Bearer " + who;
        if (!body.empty() && !r.headers.count("content-type")) r.headers["content-type"] = "application/json";
        r.headers["accept-language"] = "en";
        http::Response response = http::Dispatch(router_, hooks_, r);
        HttpReply reply;
        reply.status = response.status;
        boost::system::error_code ec;
        reply.body = boost::json::parse(response.body, ec);
        EXPECT_FALSE(ec) << target << ": " << response.body;
        EXPECT_NE(response.status, 500) << target << ": " << response.body;
        return reply;
    }
    HttpReply Get(const std::string& target, const std::string& who) { return Call(http::Method::kGet, target, who); }
    HttpReply Post(const std::string& target, const std::string& who, const std::string& body) {
        return Call(http::Method::kPost, target, who, body);
    }
    HttpReply Patch(const std::string& target, const std::string& who, const std::string& body,
                    std::map<std::string, std::string> headers = {}) {
        return Call(http::Method::kPatch, target, who, body, std::move(headers));
    }
    static std::string Id(int64_t id) { return std::to_string(id); }

    std::unique_ptr<RegistryWorld> w_;
    http::Router router_;
    http::Hooks hooks_;
    std::map<std::string, const Principal*> logins_;
};

}  // namespace safegrid::test
