#include "services/last_change.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "storage/repositories/audit_repository.hpp"

namespace safegrid::services {
namespace {

// The stored texts were written by boost::json::serialize; a row edited into junk reads as null
// (the chain's verification reports the tampering, this answer only loses its detail).
boost::json::value Parse(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) return nullptr;
    return v;
}

}  // namespace

std::vector<FieldChange> ChangedFields(const boost::json::value& before, const boost::json::value& after) {
    static const boost::json::object kEmpty;
    const auto& b = before.is_object() ? before.as_object() : kEmpty;
    const auto& a = after.is_object() ? after.as_object() : kEmpty;
    std::vector<FieldChange> out;
    auto add = [&](std::string_view key) {
        if (key == "version") return;
        const auto* bv = b.if_contains(key);
        const auto* av = a.if_contains(key);
        boost::json::value bval = bv ? *bv : boost::json::value(nullptr);
        boost::json::value aval = av ? *av : boost::json::value(nullptr);
        if (bval != aval) out.push_back({std::string(key), std::move(bval), std::move(aval)});
    };
    for (const auto& kv : a) add(kv.key());
    for (const auto& kv : b) {
        if (!a.contains(kv.key())) add(kv.key());
    }
    return out;
}

Result<std::optional<LastChange>> ReadLastChange(storage::Connection& conn, int64_t town_id, std::string_view entity,
                                                 int64_t entity_id) {
    storage::AuditRepository::ListQuery q;
    q.town_id = town_id;
    q.entity = std::string(entity);
    q.entity_id = entity_id;
    q.limit = 1;
    SG_ASSIGN_OR_RETURN(auto page, storage::AuditRepository(conn).List(q));
    if (page.first.empty()) return std::optional<LastChange>();
    const storage::AuditRow& row = page.first.front();
    LastChange change;
    change.actor_id = row.actor_id;
    if (row.actor_id) change.actor_name = row.actor_display_name.empty() ? row.actor_name : row.actor_display_name;
    change.at = row.at;
    change.action = row.action;
    change.fields = ChangedFields(Parse(row.before_json), Parse(row.after_json));
    return std::optional<LastChange>(std::move(change));
}

}  // namespace safegrid::services
