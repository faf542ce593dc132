#include "http/stale_edit_response.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace safegrid::http {

boost::json::value LastChangeJson(const std::optional<services::LastChange>& change) {
    if (!change) return nullptr;
    boost::json::object o;
    o["actor_id"] = change->actor_id ? boost::json::value(*change->actor_id) : boost::json::value(nullptr);
    o["actor_name"] = change->actor_id ? boost::json::value(change->actor_name) : boost::json::value(nullptr);
    o["at"] = FormatRfc3339(change->at);
    o["action"] = change->action;
    boost::json::array changes;
    changes.reserve(change->fields.size());
    for (const auto& f : change->fields) {
        changes.emplace_back(boost::json::object{{"field", f.field}, {"before", f.before}, {"after", f.after}});
    }
    o["changes"] = std::move(changes);
    return o;
}

Response StaleEditResponse(const Error& error, Locale locale, boost::json::value current,
                           const std::optional<services::LastChange>& change) {
    Response r = ErrorResponse(error, locale);
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(r.body, ec);
    if (ec || !body.is_object() || !body.as_object()["error"].is_object()) return r;
    auto& inner = body.as_object()["error"].as_object();
    inner["current"] = std::move(current);
    inner["last_change"] = LastChangeJson(change);
    r.body = boost::json::serialize(body);
    return r;
}

}  // namespace safegrid::http
