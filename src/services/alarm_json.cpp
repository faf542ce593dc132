#include "services/alarm_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;

bj::value OptTime(const std::optional<UnixSeconds>& t) { return t ? bj::value(FormatRfc3339(*t)) : nullptr; }
bj::value OptInt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : nullptr; }

// The stored source is the processor's own JSON object; a row that is not one (hand-edited) shows as {}.
bj::object SourceOf(const std::string& text) {
    boost::system::error_code ec;
    bj::value v = bj::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return std::move(v.as_object());
}

}  // namespace

bj::object AlarmJson(const storage::AlarmRecord& a, const std::optional<std::vector<alarm::AlarmAction>>& allowed) {
    bj::object o{{"id", a.id},
                 {"device_id", a.device_id},
                 {"enterprise_id", a.enterprise_id},
                 {"enterprise_name", a.enterprise_name},
                 {"device_serial", a.device_serial},
                 {"device_kind", a.device_kind},
                 {"kind", a.kind},
                 {"status", a.status},
                 {"raised_at", FormatRfc3339(a.raised_at)},
                 {"cleared_at", OptTime(a.cleared_at)},
                 {"source", SourceOf(a.source)},
                 {"escalation_level", a.escalation_level},
                 {"acknowledged_at", OptTime(a.acknowledged_at)},
                 {"acknowledged_by", OptInt(a.acknowledged_by)},
                 {"closed_at", OptTime(a.closed_at)},
                 {"hazard_id", OptInt(a.hazard_id)},
                 {"version", a.version}};
    if (allowed) {
        bj::array actions;
        for (alarm::AlarmAction action : *allowed) actions.emplace_back(alarm::ActionName(action));
        o["allowed_actions"] = std::move(actions);
    }
    return o;
}

std::string AlarmEventData(const storage::AlarmRecord& alarm) { return bj::serialize(AlarmJson(alarm, std::nullopt)); }

}  // namespace safegrid::services
