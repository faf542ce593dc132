// The registry world behind the real request pipeline with the hazard, attachment and public
// report routes and the real idempotency hook, for the attachments and public reports handler
// tests. Send() makes raw requests (any body, Content-Type and client address) and returns the
// Response as is, so binary downloads can be checked byte for byte.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <memory>
#include <string>

#include "http/handlers/attachments.hpp"
#include "http/handlers/auth.hpp"
#include "http/handlers/hazards.hpp"
#include "http/handlers/public_reports.hpp"
#include "http/handlers/registry_http.hpp"
#include "services/idempotency_service.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::test {

class EvidenceHttp : public RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        auto db = w_->store->shared();
        hazards_ = std::make_unique<services::HazardService>(db, w_->clock, *w_->audit, *w_->enterprises);
        attachments_ = std::make_unique<services::AttachmentService>(
            db, w_->clock, *w_->audit, services::AttachmentOptions{.data_dir = dir_.path().string()});
        reports_ = std::make_unique<services::PublicReportService>(db, w_->clock, *w_->audit, *hazards_);
        idempotency_ = std::make_unique<services::IdempotencyService>(db, w_->clock);
        http::RegisterHazardRoutes(router_, *hazards_);
        http::RegisterAttachmentRoutes(router_, *attachments_);
        http::RegisterPublicReportRoutes(router_, *reports_);
        hooks_.idempotent = http::MakeIdempotentHook(*idempotency_);
    }

    http::Response Send(http::Method method, const std::string& target, const std::string& who,
                        const std::string& body = "", const std::string& content_type = "",
                        const std::string& ip = "192.0.2.1", std::map<std::string, std::string> headers = {}) {
        http::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.client_ip = ip;
        r.headers = std::move(headers);
        if (!who.empty()) r.headers["authorization"] = "Bearer " + who;
        if (!content_type.empty()) r.headers["content-type"] = content_type;
        r.headers["accept-language"] = "en";
        http::Response response = http::Dispatch(router_, hooks_, r);
        EXPECT_NE(response.status, 500) << target << ": " << response.body;
        return response;
    }
    static HttpReply Reply(const http::Response& response) {
        HttpReply reply;
        reply.status = response.status;
        boost::system::error_code ec;
        reply.body = boost::json::parse(response.body, ec);
        EXPECT_FALSE(ec) << response.body;
        return reply;
    }
    // Raw upload; the reply parsed as JSON.
    HttpReply Upload(const std::string& who, const std::string& bytes, const std::string& type = "image/png",
                     const std::string& ip = "192.0.2.1", std::map<std::string, std::string> headers = {}) {
        const std::string target = who.empty() ? "/api/v1/public/attachments" : "/api/v1/attachments";
        return Reply(Send(http::Method::kPost, target, who, bytes, type, ip, std::move(headers)));
    }
    // A JSON POST from a given client address.
    HttpReply PostFrom(const std::string& target, const std::string& who, const std::string& json,
                       const std::string& ip, std::map<std::string, std::string> headers = {}) {
        return Reply(Send(http::Method::kPost, target, who, json, "application/json", ip, std::move(headers)));
    }
    static std::string Png(const std::string& tail = "pixels") { return std::string("\x89PNG\r\n\x1A\n", 8) + tail; }
    static std::string Header(const http::Response& r, const std::string& name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return v;
        return "";
    }

    TempDir dir_;
    std::unique_ptr<services::HazardService> hazards_;
    std::unique_ptr<services::AttachmentService> attachments_;
    std::unique_ptr<services::PublicReportService> reports_;
    std::unique_ptr<services::IdempotencyService> idempotency_;
};

}  // namespace safegrid::test
