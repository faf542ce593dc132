#include "http/json/hazard_json.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::value Opt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<std::string>& v) { return v ? bj::value(bj::string(*v)) : bj::value(nullptr); }
// A citizen's report: "contact" only when the caller may read it (staff), absent otherwise; "place"
// the poster it came from, or null.
bj::object ReportOriginJson(const services::ReportOrigin& r) {
    bj::value place = nullptr;
    if (r.place) place = bj::object{{"code", r.place->code}, {"kind", r.place->kind}, {"name", r.place->name}};
    bj::object o{{"address", r.address},
                 {"lat", Opt(r.lat)},
                 {"lng", Opt(r.lng)},
                 {"reported_at", FormatRfc3339(r.reported_at)},
                 {"place", std::move(place)}};
    if (r.contact) o["contact"] = *r.contact;
    return o;
}
bj::value OptTime(const std::optional<UnixSeconds>& t) {
    return t ? bj::value(bj::string(FormatRfc3339(*t))) : bj::value(nullptr);
}
bj::value OptStatus(const std::optional<HazardStatus>& s) {
    return s ? bj::value(bj::string(HazardStatusName(*s))) : bj::value(nullptr);
}

// Lengths are the service's business; this only bounds what is read.
constexpr StringRule kText{.max_len = 5000, .allow_empty = true};

bj::array Ids(const std::vector<int64_t>& ids) {
    bj::array a;
    for (int64_t id : ids) a.emplace_back(id);
    return a;
}

}  // namespace

bj::object HazardJson(const services::HazardView& view, bj::storage_ptr storage) {
    const services::HazardRecord& h = view.hazard;
    bj::object o(std::move(storage));
    o.reserve(40);  // the keys below and the seven HazardDetailJson adds: no rehash
    o["id"] = h.id;
    o["enterprise_id"] = Opt(h.enterprise_id);
    o["enterprise_name"] = h.enterprise_id ? bj::value(bj::string(view.enterprise_name)) : bj::value(nullptr);
    o["town_id"] = h.path.town_id;
    o["village_id"] = Opt(h.path.village_id);
    o["grid_id"] = Opt(h.path.grid_id);
    o["source"] = h.source;
    o["inspection_id"] = Opt(h.inspection_id);
    o["campaign_id"] = Opt(h.campaign_id);
    o["recurrence_of"] = Opt(h.recurrence_of);
    o["checklist_item"] = h.checklist_item.empty() ? bj::value(nullptr) : bj::value(bj::string(h.checklist_item));
    o["title"] = h.title;
    o["description"] = h.description;
    o["category"] = h.category;
    o["severity"] = SeverityName(h.severity);
    o["major_reason"] = h.major_reason;
    o["legal_basis"] = h.legal_basis;
    o["status"] = HazardStatusName(h.status);
    o["due_at"] = OptTime(h.due_at);
    o["found_at"] = FormatRfc3339(h.found_at);
    o["closed_at"] = OptTime(h.closed_at);
    o["closed_on_time"] = h.closed_on_time ? bj::value(*h.closed_on_time) : bj::value(nullptr);
    o["overdue"] = view.overdue;
    o["listing_no"] = Opt(h.listing_no);
    o["listed_at"] = OptTime(h.listed_at);
    o["duplicate_of"] = Opt(h.duplicate_of);
    o["escalation_level"] = h.escalation_level;
    o["lat"] = Opt(h.lat);
    o["lng"] = Opt(h.lng);
    o["address"] = h.address;
    o["version"] = h.version;
    o["created_at"] = FormatRfc3339(h.created_at);
    o["updated_at"] = FormatRfc3339(h.updated_at);
    return o;
}

bj::object HazardDetailJson(const services::HazardDetail& d) {
    bj::object o = HazardJson(d);
    bj::array history;
    history.reserve(d.history.size());
    for (const auto& e : d.history) {
        bj::object item;
        item["action"] = e.action;
        item["from"] = OptStatus(e.from);
        item["to"] = OptStatus(e.to);
        item["actor_id"] = Opt(e.actor_id);
        // The person as people know them (display name, else the recorded login); null for the
        // public and the system, which the web names itself. actor_login: what the event recorded.
        if (e.actor_id) {
            item["actor_name"] = e.actor_display_name.empty() ? e.actor_name : e.actor_display_name;
        } else {
            item["actor_name"] = nullptr;
        }
        item["actor_login"] = e.actor_name;
        item["actor_role"] = e.actor_role ? bj::value(bj::string(*e.actor_role)) : bj::value(nullptr);
        item["at"] = FormatRfc3339(e.at);
        item["comment"] = Opt(e.comment);
        item["attachments"] = Ids(e.attachments);
        item["due_before"] = OptTime(e.due_before);
        item["due_after"] = OptTime(e.due_after);
        history.emplace_back(std::move(item));
    }
    o["history"] = std::move(history);
    bj::array attachments;
    for (const auto& a : d.attachments) attachments.emplace_back(bj::object{{"id", a.attachment_id}, {"role", a.role}});
    o["attachments"] = std::move(attachments);
    bj::array actions;
    for (HazardAction a : d.allowed_actions) actions.emplace_back(bj::string(HazardActionName(a)));
    o["allowed_actions"] = std::move(actions);
    o["primary_action"] =
        d.primary_action ? bj::value(bj::string(HazardActionName(*d.primary_action))) : bj::value(nullptr);
    o["return_needs_due_at"] = d.return_needs_due_at;
    o["editable"] = d.editable;
    o["report"] = d.report ? bj::value(ReportOriginJson(*d.report)) : bj::value(nullptr);
    return o;
}

Result<services::NewHazard> NewHazardFromJson(const bj::object& body) {
    FieldReader in(body);
    services::NewHazard h;
    h.enterprise_id = in.Int("enterprise_id", {.required = true});
    h.title = in.String("title", {.required = true, .max_len = 5000}).value_or("");
    h.description = in.String("description", kText).value_or("");
    h.severity = in.String("severity", {.required = true, .max_len = 32}).value_or("");
    h.category = in.String("category", {.max_len = 64, .allow_empty = true}).value_or("");
    h.due_at = in.Time("due_at");
    h.attachments = in.IntArray("attachments").value_or(std::vector<int64_t>{});
    h.major_reason = in.String("major_reason", kText).value_or("");
    h.legal_basis = in.String("legal_basis", kText).value_or("");
    h.lat = in.Double("lat");
    h.lng = in.Double("lng");
    h.address = in.String("address", kText).value_or("");
    h.found_at = in.Time("found_at");
    SG_TRY(in.Finish());
    return h;
}

Result<ActionRequest> ActionFromJson(const bj::object& body) {
    FieldReader in(body);
    ActionRequest r;
    r.input.action = in.String("action", {.required = true, .max_len = 32}).value_or("");
    r.input.comment = in.String("comment", {.max_len = 2000, .allow_empty = true});
    r.input.due_at = in.Time("due_at");
    r.input.enterprise_id = in.Int("enterprise_id");
    if (auto severity = in.String("severity", {.max_len = 32})) {
        r.input.severity = ParseSeverity(*severity);
        if (!r.input.severity) in.AddError("severity", {"应为 general 或 major", "Must be general or major"});
    }
    r.attachments = in.IntArray("attachments").value_or(std::vector<int64_t>{});
    r.input.attachment_count = r.attachments.size();
    SG_TRY(in.Finish());
    return r;
}

}  // namespace safegrid::http::json
