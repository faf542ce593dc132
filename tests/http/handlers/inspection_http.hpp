// The inspection world (tests/services/inspection_world.hpp) behind the real request pipeline
// (http::Dispatch) for the checklist, inspection and import handler tests: "Bearer <role>" logs in
// as that principal of the world.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <memory>
#include <string>

#include "http/handlers/checklists.hpp"
#include "http/handlers/hazards.hpp"
#include "http/handlers/imports.hpp"
#include "http/handlers/inspections.hpp"
#include "http/handlers/registry_http.hpp"
#include "http/server.hpp"
#include "services/inspection_world.hpp"

namespace safegrid::test {

class InspectionHttp : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        http::RegisterChecklistRoutes(router_, *w_->checklists);
        http::RegisterInspectionRoutes(router_, *w_->inspections);
        http::RegisterHazardRoutes(router_, *w_->hazards);
        http::RegisterImportRoutes(router_, *w_->enterprise_import, *w_->hazard_import);
        RegistryWorld& r = *w_->r;
        logins_ = {{"admin", &r.admin},
                   {"town", &r.town_officer},
                   {"village", &r.village_officer},
                   {"inspector", &r.inspector},
                   {"enterprise", &r.enterprise_user},
                   {"other_town", &r.other_town_officer},
                   {"other_inspector", &r.other_inspector}};
        hooks_.authenticate = [this](std::string_view token) -> Result<Principal> {
            auto it = logins_.find(std::string(token));
            if (it == logins_.end()) return Unauthenticated();
            return *it->second;
        };
    }

    HttpReply Call(http::Method method, const std::string& target, const std::string& who, const std::string& body = "",
                   std::map<std::string, std::string> headers = {}, const std::string& language = "en") {
        http::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.headers = std::move(headers);
        if (!who.empty()) r.headers["authorization"] = "Bearer " + who;
        if (!body.empty() && !r.headers.count("content-type")) r.headers["content-type"] = "application/json";
        r.headers["accept-language"] = language;
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
    static std::string Id(int64_t id) { return std::to_string(id); }

    std::unique_ptr<InspectionWorld> w_;
    http::Router router_;
    http::Hooks hooks_;
    std::map<std::string, const Principal*> logins_;
};

}  // namespace safegrid::test
