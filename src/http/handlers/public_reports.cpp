#include "http/handlers/public_reports.hpp"

#include <boost/json/object.hpp>

#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response Create(services::PublicReportService& reports, Request& r) {
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    services::NewPublicReport report;
    report.description = in.String("description", {.required = true, .max_len = 2000}).value_or("");
    report.address = in.String("address", {.max_len = 200, .allow_empty = true}).value_or("");
    report.contact = in.String("contact", {.max_len = 100, .allow_empty = true}).value_or("");
    report.lat = in.Double("lat", {.min = -90, .max = 90});
    report.lng = in.Double("lng", {.min = -180, .max = 180});
    report.attachments = in.IntArray("attachments").value_or(std::vector<int64_t>{});
    // A poster's place code; its shape and whether it exists are the service's 422 "place".
    report.place = in.String("place", {.max_len = 64, .allow_empty = true});
    if (auto done = in.Finish(); !done) return Fail(done.error(), r);
    auto created = reports.Create(report, r.client_ip);
    if (!created) {
        if (created.error().code == Code::kRateLimited) {
            return RateLimitedResponse(created.error(), reports.RetryAfter(r.client_ip), r.locale);
        }
        return Fail(created.error(), r);
    }
    return Json(201, boost::json::object{{"tracking_code", created->tracking_code}});
}

Response Status(services::PublicReportService& reports, Request& r) {
    auto it = r.path_params.find("tracking_code");
    if (it == r.path_params.end()) return Fail(NotFound().value(), r);
    auto status = reports.Status(it->second, r.client_ip);
    if (!status) {
        if (status.error().code == Code::kRateLimited) {
            return RateLimitedResponse(status.error(), reports.LookupRetryAfter(r.client_ip), r.locale);
        }
        return Fail(status.error(), r);
    }
    // Nothing but these two: the page is public, the hazard behind it is not.
    return Json(200, boost::json::object{{"status", std::string(HazardStatusName(status->status))},
                                         {"updated_at", FormatRfc3339(status->updated_at)}});
}

// The status plus the officer's words to the reporter (CONTRACT: the status endpoint stays two fields).
Response ReplyOf(services::PublicReportService& reports, Request& r) {
    auto it = r.path_params.find("tracking_code");
    if (it == r.path_params.end()) return Fail(NotFound().value(), r);
    auto reply = reports.Reply(it->second, r.client_ip);
    if (!reply) {
        if (reply.error().code == Code::kRateLimited) {
            return RateLimitedResponse(reply.error(), reports.LookupRetryAfter(r.client_ip), r.locale);
        }
        return Fail(reply.error(), r);
    }
    return Json(200, boost::json::object{
                         {"status", std::string(HazardStatusName(reply->status))},
                         {"reason", reply->reason ? boost::json::value(*reply->reason) : boost::json::value(nullptr)},
                         {"updated_at", FormatRfc3339(reply->updated_at)}});
}

}  // namespace

void RegisterPublicReportRoutes(Router& router, services::PublicReportService& reports) {
    router.Add(
        Method::kPost, "/api/v1/public/reports", [&reports](Request& r) { return Create(reports, r); },
        Access::kPublic);
    router.Add(
        Method::kGet, "/api/v1/public/reports/{tracking_code}", [&reports](Request& r) { return Status(reports, r); },
        Access::kPublic);
    router.Add(
        Method::kGet, "/api/v1/public/reports/{tracking_code}/reply",
        [&reports](Request& r) { return ReplyOf(reports, r); }, Access::kPublic);
}

}  // namespace safegrid::http
