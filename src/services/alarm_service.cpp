#include "services/alarm_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "core/text/trim.hpp"
#include "core/time.hpp"
#include "services/alarm_json.hpp"
#include "storage/repositories/device_repository.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::AlarmRepository;
using storage::PathFilter;

bool Visible(const Principal& caller, const AlarmRecord& a) { return caller.scope.Contains(a.path, a.enterprise_id); }

AlarmView ViewOf(const Principal& caller, AlarmRecord a) {
    AlarmView v;
    const auto status = alarm::ParseStatus(a.status);
    if (status) v.allowed_actions = alarm::AllowedActions(*status, caller.role);
    v.alarm = std::move(a);
    return v;
}

bj::object AuditJson(const AlarmRecord& a) {
    return {{"id", a.id},
            {"device_id", a.device_id},
            {"kind", a.kind},
            {"status", a.status},
            {"hazard_id", a.hazard_id ? bj::value(*a.hazard_id) : nullptr},
            {"version", a.version}};
}

std::string_view KindLabelZh(const std::string& kind) {
    if (kind == "fire") return "火警";
    if (kind == "fault") return "故障";
    if (kind == "offline") return "离线";
    return "其他报警";
}

// The hazard a convert opens: what a person reading the hazard needs to find the alarm again.
HazardInsert HazardFrom(const AlarmRecord& a, const std::optional<std::string>& note) {
    HazardInsert h;
    h.enterprise_id = a.enterprise_id;
    h.source = "device";
    h.status = HazardStatus::kReported;
    h.category = "alarms";  // 火灾报警、探测 (core/checklist Category)
    h.title = std::string("物联设备") + std::string(KindLabelZh(a.kind)) + "：" + a.device_serial;
    std::string d = "由设备报警 #" + std::to_string(a.id) + " 转为隐患。类型：" + std::string(KindLabelZh(a.kind)) +
                    "（" + a.kind + "）；设备：" + a.device_serial + "（" + a.device_kind + "）";
    if (!a.component_key.empty()) d += "；部件：" + a.component_key;
    d += "；报警时间：" + FormatRfc3339(a.raised_at) + "。";
    if (note) d += "\n" + *note;
    h.description = d;
    h.found_at = a.raised_at;
    return h;
}

}  // namespace

AlarmService::AlarmService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                           LiveEvents& events, HazardService& hazards)
    : db_(std::move(db)), clock_(clock), audit_(audit), events_(events), hazards_(hazards) {}

Result<std::pair<std::vector<AlarmView>, int64_t>> AlarmService::List(const Principal& caller,
                                                                      const AlarmListQuery& query) {
    Validation v;
    if (query.status && !alarm::ParseStatus(*query.status)) {
        v.Add("status", {"状态必须是 active、acknowledged、false_alarm、resolved 之一",
                         "status must be one of active, acknowledged, false_alarm, resolved"});
    }
    if (query.kind && !alarm::ParseKind(*query.kind)) {
        v.Add("kind",
              {"类型必须是 fire、fault、offline、other 之一", "kind must be one of fire, fault, offline, other"});
    }
    if (!v.Ok()) return v.Fail();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<AlarmView>, int64_t>> {
        storage::AlarmQuery q;
        if (caller.scope.level == Scope::Level::kEnterprise) {
            // The town too, so the statement stays on the caller's town's shard (docs/scale.md).
            q.filters = {caller.scope.town_id != 0 ? PathFilter{PathFilter::Column::kTown, caller.scope.town_id}
                                                   : PathFilter::Any()};
            q.enterprise_equals.push_back(caller.scope.id);
        } else {
            q.filters = {PathFilter::FromScope(caller.scope)};
        }
        if (query.enterprise_id) {
            SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*query.enterprise_id));
            if (!e || !caller.scope.Contains(e->path, e->id)) return NotFound();
            q.enterprise_equals.push_back(e->id);
        }
        if (query.device_id) {
            SG_ASSIGN_OR_RETURN(auto d, storage::DeviceRepository(conn).FindById(*query.device_id));
            if (!d || !caller.scope.Contains(d->path, d->enterprise_id)) return NotFound();
            q.device_id = d->id;
        }
        q.status = query.status;
        q.kind = query.kind;
        q.offset = std::max<int64_t>(0, query.offset);
        q.limit = std::clamp<int64_t>(query.limit, 1, 200);
        SG_ASSIGN_OR_RETURN(auto page, AlarmRepository(conn).List(q));
        std::vector<AlarmView> views;
        views.reserve(page.first.size());
        for (AlarmRecord& a : page.first) views.push_back(ViewOf(caller, std::move(a)));
        return std::make_pair(std::move(views), page.second);
    });
}

Result<AlarmView> AlarmService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<AlarmView> {
        SG_ASSIGN_OR_RETURN(auto found, AlarmRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
        if (!found || !Visible(caller, *found)) return NotFound();
        return ViewOf(caller, std::move(*found));
    });
}

Result<AlarmView> AlarmService::Act(const Principal& caller, int64_t id, const std::string& action,
                                    const std::optional<std::string>& note, std::optional<int64_t> expected_version) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    std::optional<std::string> trimmed;
    if (note && !TrimWhitespace(*note).empty()) trimmed = TrimText(*note);
    bool published = false;
    auto done = db_->Transact(true, [&](storage::Connection& conn) -> Result<AlarmView> {
        AlarmRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id, storage::TownLimit::Of(caller)));
        if (!current || !Visible(caller, *current)) return NotFound();
        if (expected_version && *expected_version != current->version) return StaleVersion();
        const auto status = alarm::ParseStatus(current->status);
        if (!status) return Internal("alarm " + std::to_string(id) + " has an unknown status");
        SG_ASSIGN_OR_RETURN(alarm::AlarmTransition t, alarm::DecideAction(*status, caller.role, action));
        Validation v;
        if (trimmed) CheckText(v, "note", *trimmed, 500, false);
        if (!v.Ok()) return v.Fail();

        const UnixSeconds now = clock_.Now();
        AlarmRecord a = *current;
        a.status = std::string(alarm::StatusName(t.to));
        a.updated_at = now;
        if (t.action == alarm::AlarmAction::kAcknowledge) {
            a.acknowledged_at = now;
            a.acknowledged_by = caller.user_id;
        }
        if (t.closes) {
            a.closed_at = now;
            a.closed_by = caller.user_id;
        }
        if (t.opens_hazard) {
            SG_ASSIGN_OR_RETURN(int64_t hazard, hazards_.Insert(conn, HazardFrom(*current, trimmed), &caller));
            a.hazard_id = hazard;
        }
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(a, current->version));
        if (!updated) return StaleVersion();
        SG_ASSIGN_OR_RETURN(auto after, repo.FindById(id, storage::TownLimit::Town(current->path.town_id)));
        if (!after) return Internal("alarm vanished after update");
        bj::object audit_after = AuditJson(*after);
        if (trimmed) audit_after["note"] = *trimmed;
        SG_TRY(audit_.Append(conn, &caller,
                             {after->path.town_id, "alarm", id, std::string(alarm::ActionName(t.action)),
                              AuditJson(*current), std::move(audit_after)}));
        SG_TRY(events_.Record(conn, {"alarm.updated", after->path, after->enterprise_id, AlarmEventData(*after)}));
        if (on_changed) SG_TRY(on_changed(conn, after->enterprise_id));
        published = true;
        return ViewOf(caller, std::move(*after));
    });
    if (published && done) events_.Wake();
    return done;
}

}  // namespace safegrid::services
