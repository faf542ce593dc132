#include "services/training_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "core/text/trim.hpp"
#include "services/campaign_service.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::PathFilter;
using storage::TrainingQuery;
using storage::TrainingRepository;

const Text kNotADate{"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"};
const Text kNotThisSession{"该企业不在本次培训的区域内", "This enterprise is not in the session's region"};

bool MayRead(const Principal& caller) { return caller.role != Role::kEnterprise; }
bool MayWrite(const Principal* caller) {
    return caller == nullptr || caller->role == Role::kTown || caller->role == Role::kVillage ||
           caller->role == Role::kAdmin;
}

const Principal& SystemCaller() {
    static const Principal kSystem = [] {
        Principal p;
        p.role = Role::kAdmin;
        p.scope = Scope::All();
        return p;
    }();
    return kSystem;
}

bj::object TrainingAuditJson(const TrainingRecord& t) {
    return {{"id", t.id},     {"region_id", t.region_id}, {"title", t.title},
            {"kind", t.kind}, {"held_on", t.held_on},     {"hours", t.hours}};
}

bj::object AttendanceAuditJson(const AttendanceRecord& a) {
    return {{"training_id", a.training_id}, {"enterprise_id", a.enterprise_id}, {"people", a.people}};
}

// The caller's subtree and its own region's ancestors, as the repository's visibility test reads them.
Result<TrainingQuery> VisibleTo(storage::Connection& conn, const Principal& caller) {
    TrainingQuery q;
    if (caller.scope.level == Scope::Level::kAll) return q;
    q.subtree = PathFilter::FromScope(caller.scope);
    if (q.subtree.column == PathFilter::Column::kNothing) return q;
    SG_ASSIGN_OR_RETURN(auto own, storage::RegionRepository(conn).FindById(caller.scope.id));
    if (!own) {
        q.subtree = PathFilter::Nothing();
        return q;
    }
    for (const auto& id : {std::optional<int64_t>(own->path.town_id), own->path.village_id, own->path.grid_id})
        if (id && *id != caller.scope.id) q.ancestors.push_back(*id);
    return q;
}

}  // namespace

TrainingService::TrainingService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                 TimeZone zone)
    : db_(std::move(db)), clock_(clock), audit_(audit), zone_(std::move(zone)) {}

std::string TrainingService::Today() const { return FormatLocalIsoDate(clock_.Now(), zone_); }

Result<std::optional<TrainingRecord>> TrainingService::FindVisible(storage::Connection& conn, const Principal& caller,
                                                                   int64_t id) {
    SG_ASSIGN_OR_RETURN(TrainingQuery q, VisibleTo(conn, caller));
    q.id = id;
    q.limit = 1;
    SG_ASSIGN_OR_RETURN(auto page, TrainingRepository(conn).List(q));
    if (page.first.empty()) return std::optional<TrainingRecord>();
    return std::optional<TrainingRecord>(std::move(page.first.front()));
}

Result<TrainingView> TrainingService::View(storage::Connection& conn, const Principal& caller, TrainingRecord t) {
    TrainingView view;
    SG_TRY(Name(conn, {&t}));
    SG_ASSIGN_OR_RETURN(view.attendance,
                        TrainingRepository(conn).Attendance(t.id, {PathFilter::FromScope(caller.scope)}));
    view.training = std::move(t);
    return view;
}

Status TrainingService::Name(storage::Connection& conn, std::vector<TrainingRecord*> trainings) {
    std::vector<int64_t> ids;
    for (const TrainingRecord* t : trainings) ids.push_back(t->region_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names(ids));
    for (TrainingRecord* t : trainings) t->region_name = names[t->region_id];
    return {};
}

Result<TrainingView> TrainingService::Create(const Principal* caller, const TrainingInput& in) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    const std::string today = Today();
    TrainingRecord t;
    Validation v;
    t.title = in.title ? TrimText(*in.title) : std::string();
    CheckText(v, "title", t.title, kMaxTrainingTitle, true);
    if (!in.kind) {
        v.Add("kind", {"必填", "Required"});
    } else if (!ParseTrainingKind(*in.kind)) {
        v.Add("kind", {"应为 fire、production 或 drill", "Must be fire, production or drill"});
    } else {
        t.kind = *in.kind;
    }
    if (!in.held_on) {
        v.Add("held_on", {"必填", "Required"});
    } else if (!IsIsoDate(*in.held_on)) {
        v.Add("held_on", kNotADate);
    } else if (*in.held_on > LatestHeldOn(today)) {
        v.Add("held_on", {"最多提前一年登记", "At most a year ahead"});
    } else {
        t.held_on = *in.held_on;
    }
    if (!in.hours) {
        v.Add("hours", {"必填", "Required"});
    } else if (!IsValidTrainingHours(*in.hours)) {
        v.Add("hours", {"应大于 0 且不超过 24 小时", "Must be more than 0 and at most 24 hours"});
    } else {
        t.hours = *in.hours;
    }
    if (!in.region_id) v.Add("region_id", {"必填", "Required"});
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<TrainingView> {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, *in.region_id));
        if (!region || (caller != nullptr && !caller->scope.ContainsRegion(region->path))) return NotFound();
        t.path = region->path;
        t.region_id = region->id;
        if (caller != nullptr) t.created_by = caller->user_id;
        t.created_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(t.id, TrainingRepository(conn).Insert(t));
        SG_TRY(
            audit_.Append(conn, caller, {t.path.town_id, "training", t.id, "create", nullptr, TrainingAuditJson(t)}));
        return View(conn, caller != nullptr ? *caller : SystemCaller(), t);
    });
}

Result<std::pair<std::vector<TrainingRecord>, int64_t>> TrainingService::List(const Principal& caller,
                                                                              const TrainingListQuery& query) {
    if (!MayRead(caller)) return Forbidden();
    Validation v;
    if (query.kind && !ParseTrainingKind(*query.kind)) {
        v.Add("kind", {"应为 fire、production 或 drill", "Must be fire, production or drill"});
    }
    if (query.from && !IsIsoDate(*query.from)) v.Add("from", kNotADate);
    if (query.to && !IsIsoDate(*query.to)) v.Add("to", kNotADate);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(false,
                         [&](storage::Connection& conn) -> Result<std::pair<std::vector<TrainingRecord>, int64_t>> {
                             SG_ASSIGN_OR_RETURN(TrainingQuery q, VisibleTo(conn, caller));
                             if (query.region_id) {
                                 SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *query.region_id));
                                 if (!region || !caller.scope.ContainsRegion(region->path)) return NotFound();
                                 q.region = PathFilter::Subtree(region->kind, region->id, region->path.town_id);
                             }
                             q.kind = query.kind;
                             q.from = query.from;
                             q.to = query.to;
                             q.offset = std::max<int64_t>(0, query.offset);
                             q.limit = std::clamp<int64_t>(query.limit, 1, 200);
                             SG_ASSIGN_OR_RETURN(auto page, TrainingRepository(conn).List(q));
                             std::vector<TrainingRecord*> named;
                             for (auto& t : page.first) named.push_back(&t);
                             SG_TRY(Name(conn, std::move(named)));
                             return page;
                         });
}

Result<TrainingView> TrainingService::Get(const Principal& caller, int64_t id) {
    if (!MayRead(caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<TrainingView> {
        SG_ASSIGN_OR_RETURN(auto t, FindVisible(conn, caller, id));
        if (!t) return NotFound();
        return View(conn, caller, std::move(*t));
    });
}

Result<std::pair<AttendanceRecord, bool>> TrainingService::RecordAttendance(const Principal* caller,
                                                                            int64_t training_id, int64_t enterprise_id,
                                                                            int64_t people) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    const Principal& who = caller != nullptr ? *caller : SystemCaller();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<std::pair<AttendanceRecord, bool>> {
        SG_ASSIGN_OR_RETURN(auto t, FindVisible(conn, who, training_id));
        if (!t) return NotFound();
        if (!IsValidAttendancePeople(people)) {
            return Invalid("people", {"人数应为 1 到 100000 的整数", "Must be a whole number from 1 to 100000"});
        }
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(enterprise_id));
        // An enterprise the caller cannot see reads like one that does not exist.
        if (!e || !who.scope.Contains(e->path, e->id) || !InSessionRegion(t->path, e->path)) {
            return Invalid("enterprise_id", kNotThisSession);
        }
        AttendanceRecord a{t->id, e->id, e->name, e->path, t->held_on, t->kind, people, std::nullopt, clock_.Now()};
        if (caller != nullptr) a.recorded_by = caller->user_id;
        TrainingRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto before, repo.Attendance(t->id, {PathFilter::Id(e->id)}));
        SG_ASSIGN_OR_RETURN(bool created, repo.UpsertAttendance(a));
        if (refresh_risk_) {
            SG_TRY(refresh_risk_(conn, e->id, "training:" + std::to_string(t->id)));
        }
        SG_TRY(audit_.Append(conn, caller,
                             {t->path.town_id, "training_attendance", t->id, created ? "create" : "update",
                              before.empty() ? bj::value(nullptr) : bj::value(AttendanceAuditJson(before.front())),
                              AttendanceAuditJson(a)}));
        return std::pair(std::move(a), created);
    });
}

Status TrainingService::DeleteAttendance(const Principal& caller, int64_t training_id, int64_t enterprise_id) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(&caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto t, FindVisible(conn, caller, training_id));
        if (!t) return NotFound();
        TrainingRepository repo(conn);
        SG_ASSIGN_OR_RETURN(
            auto rows, repo.Attendance(t->id, {PathFilter::Id(enterprise_id), PathFilter::FromScope(caller.scope)}));
        if (rows.empty()) return NotFound();
        SG_TRY(repo.DeleteAttendance(t->id, enterprise_id));
        if (refresh_risk_) {
            SG_TRY(refresh_risk_(conn, enterprise_id, "training:" + std::to_string(t->id)));
        }
        SG_TRY(audit_.Append(
            conn, &caller,
            {t->path.town_id, "training_attendance", t->id, "delete", AttendanceAuditJson(rows.front()), nullptr}));
        return {};
    });
}

Result<CoverageView> TrainingService::Coverage(const Principal& caller, std::optional<int64_t> region_id) {
    if (!MayRead(caller)) return Forbidden();
    const std::string today = Today();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<CoverageView> {
        storage::RegionRepository regions(conn);
        std::optional<Region> place;
        if (region_id) {
            SG_ASSIGN_OR_RETURN(place, FindVisibleRegion(conn, &caller, *region_id));
            if (!place || !caller.scope.ContainsRegion(place->path)) return NotFound();
        } else if (caller.scope.level != Scope::Level::kAll) {
            SG_ASSIGN_OR_RETURN(place, regions.FindById(caller.scope.id));
            if (!place) return NotFound();
        }
        const std::vector<PathFilter> filters = {
            place ? PathFilter::Subtree(place->kind, place->id, place->path.town_id) : PathFilter::Any()};
        CoverageView view;
        view.through = today;
        view.after = WindowStartExclusive(today);
        TrainingRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto total, repo.Coverage(filters, view.after, today));
        view.total = total.front().coverage;

        // The children: towns for an admin or a county, villages of a town, grids of a village; a grid has none.
        std::optional<RegionKind> child_kind = RegionKind::kTown;
        if (place)
            child_kind = place->kind == RegionKind::kCounty    ? std::optional(RegionKind::kTown)
                         : place->kind == RegionKind::kTown    ? std::optional(RegionKind::kVillage)
                         : place->kind == RegionKind::kVillage ? std::optional(RegionKind::kGrid)
                                                               : std::nullopt;
        if (!child_kind) return view;
        const PathFilter::Column group = *child_kind == RegionKind::kTown      ? PathFilter::Column::kTown
                                         : *child_kind == RegionKind::kVillage ? PathFilter::Column::kVillage
                                                                               : PathFilter::Column::kGrid;
        SG_ASSIGN_OR_RETURN(auto rows, repo.Coverage(filters, view.after, today, group));
        SG_ASSIGN_OR_RETURN(auto children, regions.List(filters));
        for (const Region& r : children) {
            if (r.kind != *child_kind) continue;
            RegionCoverage row{r.id, r.name, r.kind, {}};
            auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& c) { return c.region_id == r.id; });
            if (it != rows.end()) row.coverage = it->coverage;
            view.by_region.push_back(std::move(row));
        }
        return view;
    });
}

Result<EnterpriseTrainings> TrainingService::ForEnterprise(const Principal& caller, int64_t enterprise_id) {
    const std::string today = Today();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<EnterpriseTrainings> {
        SG_ASSIGN_OR_RETURN(
            auto e, storage::EnterpriseRepository(conn).FindById(enterprise_id, storage::TownLimit::Of(caller)));
        if (!e || !caller.scope.Contains(e->path, e->id)) return NotFound();
        EnterpriseTrainings out;
        SG_ASSIGN_OR_RETURN(out.items,
                            TrainingRepository(conn).ForEnterprise(e->id, storage::TownLimit::Town(e->path.town_id)));
        std::vector<TrainingRecord*> named;
        for (auto& row : out.items) named.push_back(&row.training);
        SG_TRY(Name(conn, std::move(named)));
        for (const auto& row : out.items) {
            if (CountsForCoverage(row.training.held_on, today)) out.covered = true;
            if (row.training.held_on <= today && !out.last_held_on) out.last_held_on = row.training.held_on;
        }
        return out;
    });
}

}  // namespace safegrid::services
