#include "http/handlers/audit.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

constexpr size_t kMaxEntityLength = 64;

// The stored text was written by boost::json::serialize, so it parses; if someone edited the row
// into junk, show the text rather than fail the whole page (Verify reports the tampering).
boost::json::value StoredJson(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) return boost::json::value(text);
    return v;
}

Response ListAudit(services::AuditService& audit, Request& request) {
    if (!request.principal) return ErrorResponse(Unauthenticated().value(), request.locale);
    auto page = json::ParsePage(request);
    if (!page) return ErrorResponse(page.error(), request.locale);
    auto entity_id = json::QueryInt(request, "entity_id");
    if (!entity_id) return ErrorResponse(entity_id.error(), request.locale);
    services::AuditService::Query q;
    if (auto entity = request.Query("entity"); entity && !entity->empty()) {
        if (entity->size() > kMaxEntityLength) {
            return ErrorResponse(Invalid("entity", {"过长", "Too long"}).value(), request.locale);
        }
        q.entity = std::move(*entity);
    }
    q.entity_id = *entity_id;
    q.offset = page->Offset();
    q.limit = page->size;
    auto listed = audit.List(*request.principal, q);
    if (!listed) return ErrorResponse(listed.error(), request.locale);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& rec : listed->first) items.emplace_back(AuditJson(rec));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

}  // namespace

boost::json::object AuditJson(const services::AuditRecord& r) {
    boost::json::object o;
    o["id"] = r.id;
    o["at"] = FormatRfc3339(r.at);
    o["actor_id"] = r.actor_id ? boost::json::value(*r.actor_id) : boost::json::value(nullptr);
    // actor_name is the person as people know them (display name, else the login); actor_login is
    // the name the entry recorded and hashed. A system write has neither a person nor a role.
    if (r.actor_id) {
        o["actor_name"] = r.actor_display_name.empty() ? r.actor_name : r.actor_display_name;
    } else {
        o["actor_name"] = nullptr;
    }
    o["actor_login"] = r.actor_name;
    o["actor_role"] = r.actor_role ? boost::json::value(*r.actor_role) : boost::json::value(nullptr);
    o["entity"] = r.entity;
    o["entity_id"] = r.entity_id;
    o["entity_label"] = r.entity_label.empty() ? boost::json::value(nullptr) : boost::json::value(r.entity_label);
    o["action"] = r.action;
    o["before"] = StoredJson(r.before_json);
    o["after"] = StoredJson(r.after_json);
    o["hash"] = r.hash;
    return o;
}

void RegisterAuditRoutes(Router& router, services::AuditService& audit) {
    router.Add(Method::kGet, "/api/v1/audit", [&audit](Request& r) { return ListAudit(audit, r); });
}

}  // namespace safegrid::http
