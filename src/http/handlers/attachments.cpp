#include "http/handlers/attachments.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

std::string Extension(const std::string& content_type) {
    if (content_type == "image/jpeg") return "jpg";
    if (content_type == "image/png") return "png";
    if (content_type == "image/webp") return "webp";
    if (content_type == "application/pdf") return "pdf";
    return "bin";
}

Response Upload(services::AttachmentService& attachments, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto stored = attachments.Upload(*r.principal, r.Header("content-type").value_or(""), r.body, r.client_ip);
    if (!stored) return Fail(stored.error(), r);
    return Json(201, AttachmentJson(*stored));
}

Response UploadPublic(services::AttachmentService& attachments, Request& r) {
    auto stored = attachments.UploadPublic(r.Header("content-type").value_or(""), r.body, r.client_ip);
    if (!stored) {
        if (stored.error().code == Code::kRateLimited) {
            return RateLimitedResponse(stored.error(), attachments.PublicRetryAfter(r.client_ip), r.locale);
        }
        return Fail(stored.error(), r);
    }
    return Json(201, AttachmentJson(*stored));
}

Response Download(services::AttachmentService& attachments, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto file = attachments.Download(*r.principal, *id);
    if (!file) return Fail(file.error(), r);
    Response out;
    out.status = 200;
    out.content_type = file->meta.content_type;
    out.body = std::move(file->bytes);
    // The type was sniffed at upload; browsers must not second-guess it into something executable.
    out.headers.emplace_back("X-Content-Type-Options", "nosniff");
    out.headers.emplace_back("Content-Disposition", "inline; filename=\"attachment-" + std::to_string(*id) + "." +
                                                        Extension(file->meta.content_type) + "\"");
    // Who may see it can change (a hazard assigned elsewhere): private, and only briefly cached.
    out.headers.emplace_back("Cache-Control", "private, max-age=300");
    out.headers.emplace_back("ETag", "\"" + file->meta.sha256 + "\"");
    return out;
}

// GET /api/v1/attachments/{id}/meta: what the upload answered (time taken, GPS, hash), for the
// app to show under a photo. The same visibility as the file itself (Download decides).
Response Meta(services::AttachmentService& attachments, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto file = attachments.Download(*r.principal, *id);
    if (!file) return Fail(file.error(), r);
    return Json(200, AttachmentJson(file->meta));
}

}  // namespace

boost::json::object AttachmentJson(const services::AttachmentRecord& a) {
    boost::json::object o;
    o["id"] = a.id;
    o["sha256"] = a.sha256;
    o["size"] = a.size;
    o["content_type"] = a.content_type;
    o["taken_at"] = a.taken_at ? boost::json::value(FormatRfc3339(*a.taken_at)) : nullptr;
    o["lat"] = a.lat ? boost::json::value(*a.lat) : nullptr;
    o["lng"] = a.lng ? boost::json::value(*a.lng) : nullptr;
    o["created_at"] = FormatRfc3339(a.created_at);
    return o;
}

void RegisterAttachmentRoutes(Router& router, services::AttachmentService& attachments) {
    router.Add(Method::kPost, "/api/v1/attachments", [&attachments](Request& r) { return Upload(attachments, r); });
    router.Add(Method::kGet, "/api/v1/attachments/{id}",
               [&attachments](Request& r) { return Download(attachments, r); });
    router.Add(Method::kGet, "/api/v1/attachments/{id}/meta",
               [&attachments](Request& r) { return Meta(attachments, r); });
    router.Add(
        Method::kPost, "/api/v1/public/attachments",
        [&attachments](Request& r) { return UploadPublic(attachments, r); }, Access::kPublic);
}

}  // namespace safegrid::http
