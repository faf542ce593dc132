#include "http/handlers/notifications.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response List(services::NotificationService& notifications, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    auto unread = json::QueryBool(r, "unread");
    // Both parameters named at once (each failure is a 422 with its field).
    Validation v;
    if (!page)
        for (const auto& [field, why] : page.error().fields) v.Add(field, why);
    if (!unread)
        for (const auto& [field, why] : unread.error().fields) v.Add(field, why);
    if (!v.Ok()) return Fail(v.Fail().value(), r);
    services::NotificationQuery q;
    q.unread_only = unread->value_or(false);
    q.offset = page->Offset();
    q.limit = page->size;
    auto listed = notifications.List(*r.principal, q);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->items.size());
    for (const auto& n : listed->items) items.emplace_back(NotificationJson(n, r.locale));
    boost::json::object body = json::ListBody(std::move(items), listed->total, *page);
    body["unread"] = listed->unread;
    return Json(200, body);
}

Response Read(services::NotificationService& notifications, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto n = notifications.MarkRead(*r.principal, *id);
    if (!n) return Fail(n.error(), r);
    return Json(200, NotificationJson(*n, r.locale));
}

Response ReadAll(services::NotificationService& notifications, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto updated = notifications.MarkAllRead(*r.principal);
    if (!updated) return Fail(updated.error(), r);
    boost::json::object body;
    body["updated"] = *updated;
    return Json(200, body);
}

}  // namespace

boost::json::object NotificationJson(const services::NotificationRecord& n, Locale locale) {
    boost::json::object o;
    o["id"] = n.id;
    o["kind"] = n.kind;
    o["title"] = locale == Locale::kEn && !n.title_en.empty() ? n.title_en : n.title;
    o["title_zh"] = n.title;
    o["title_en"] = n.title_en;
    o["body"] = n.body;
    o["link"] = n.link;
    o["hazard_id"] = n.hazard_id ? boost::json::value(*n.hazard_id) : boost::json::value(nullptr);
    o["created_at"] = FormatRfc3339(n.created_at);
    o["read_at"] = n.read_at ? boost::json::value(FormatRfc3339(*n.read_at)) : boost::json::value(nullptr);
    return o;
}

void RegisterNotificationRoutes(Router& router, services::NotificationService& notifications) {
    router.Add(Method::kGet, "/api/v1/notifications", [&notifications](Request& r) { return List(notifications, r); });
    router.Add(Method::kPost, "/api/v1/notifications/read-all",
               [&notifications](Request& r) { return ReadAll(notifications, r); });
    router.Add(Method::kPost, "/api/v1/notifications/{id}/read",
               [&notifications](Request& r) { return Read(notifications, r); });
}

}  // namespace safegrid::http
