#include "services/station_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "services/campaign_service.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::PathFilter;
using storage::StationRepository;

bool MayRead(const Principal* caller) { return caller == nullptr || caller->role != Role::kEnterprise; }
bool MayWrite(const Principal* caller) {
    return caller == nullptr || caller->role == Role::kTown || caller->role == Role::kVillage ||
           caller->role == Role::kAdmin;
}
bool InScope(const Principal* caller, const RegionPath& path) {
    return caller == nullptr || caller->scope.Contains(path, std::nullopt);
}

bj::value OptJson(const std::optional<int64_t>& v) { return v ? bj::value(*v) : nullptr; }

bj::object StationAuditJson(const StationRecord& s) {
    return {{"id", s.id},
            {"town_id", s.path.town_id},
            {"region_id", s.region_id},
            {"name", s.name},
            {"kind", s.kind},
            {"lat", s.lat},
            {"lng", s.lng},
            {"staff", s.staff},
            {"radius_m", s.radius_m},
            {"responsible_user_id", OptJson(s.responsible_user_id)},
            {"version", s.version}};
}

// Merges `in` into `s` and checks what needs no store; `creating` makes the core fields required.
void Merge(const StationInput& in, bool creating, const station::StationStandard& standard, StationRecord& s,
           Validation& v) {
    const Text required{"必填", "Required"};
    if (in.name) s.name = TrimText(*in.name);
    if (creating || in.name) CheckText(v, "name", s.name, kMaxStationName, true);
    if (in.kind) s.kind = *in.kind;
    if (creating && !in.kind) {
        v.Add("kind", required);
    } else if (in.kind && !standard.HasKind(*in.kind)) {
        v.Add("kind", {"不是标准中的微型消防站类型", "Not a station type of the standard"});
    }
    if (creating && !in.region_id) v.Add("region_id", required);
    if (in.lat) s.lat = *in.lat;
    if (creating && !in.lat) {
        v.Add("lat", required);
    } else if (in.lat && !(std::isfinite(*in.lat) && *in.lat >= -90 && *in.lat <= 90)) {
        v.Add("lat", {"纬度应在 -90 到 90 之间", "Latitude must be between -90 and 90"});
    }
    if (in.lng) s.lng = *in.lng;
    if (creating && !in.lng) {
        v.Add("lng", required);
    } else if (in.lng && !(std::isfinite(*in.lng) && *in.lng >= -180 && *in.lng <= 180)) {
        v.Add("lng", {"经度应在 -180 到 180 之间", "Longitude must be between -180 and 180"});
    }
    if (in.staff) s.staff = *in.staff;
    if (in.staff && (*in.staff < 0 || *in.staff > kMaxStationStaff)) {
        v.Add("staff", {"人数应在 0 到 10000 之间", "Staff must be between 0 and 10000"});
    }
    if (in.radius_m) s.radius_m = *in.radius_m;
    if (creating && !in.radius_m) {
        v.Add("radius_m", required);
    } else if (in.radius_m && (*in.radius_m < 1 || *in.radius_m > kMaxStationRadius)) {
        v.Add("radius_m", {"覆盖半径应在 1 到 50000 米之间", "The radius must be between 1 and 50000 metres"});
    }
    if (in.responsible_user_id) s.responsible_user_id = *in.responsible_user_id;
}

const Text kNotADate{"应为 YYYY-MM-DD 日期", "Must be a date YYYY-MM-DD"};

}  // namespace

StationService::StationService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                               std::shared_ptr<const station::StationStandard> standard, TimeZone zone)
    : db_(std::move(db)), clock_(clock), audit_(audit), standard_(std::move(standard)), zone_(std::move(zone)) {}

std::string StationService::Today() const { return FormatLocalIsoDate(clock_.Now(), zone_); }

Result<std::vector<StationView>> StationService::Views(storage::Connection& conn, std::vector<StationRecord> stations) {
    std::vector<int64_t> ids;
    std::vector<int64_t> regions;
    for (const StationRecord& s : stations) {
        ids.push_back(s.id);
        regions.push_back(s.region_id);
        if (s.path.village_id) regions.push_back(*s.path.village_id);
    }
    // Stations listed together lie in one town for a town's caller: name it when they all do.
    storage::TownLimit town;
    if (!stations.empty()) town = storage::TownLimit::Town(stations.front().path.town_id);
    for (const StationRecord& s : stations)
        if (s.path.town_id != town.id) town = storage::TownLimit::Any();
    SG_ASSIGN_OR_RETURN(auto equipment, StationRepository(conn).Equipment(ids, town));
    SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names(regions));
    const std::string today = Today();
    std::vector<StationView> views;
    views.reserve(stations.size());
    for (StationRecord& s : stations) {
        StationView view;
        view.equipment = std::move(equipment[s.id]);
        view.readiness = station::AssessReadiness(*standard_, s.kind, view.equipment, today);
        view.region_name = names[s.region_id];
        if (s.path.village_id) view.village_name = names[*s.path.village_id];
        view.station = std::move(s);
        views.push_back(std::move(view));
    }
    return views;
}

Result<StationView> StationService::Load(storage::Connection& conn, const Principal* caller, int64_t id, bool drills) {
    SG_ASSIGN_OR_RETURN(auto found, StationRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
    if (!found || !InScope(caller, found->path)) return NotFound();
    SG_ASSIGN_OR_RETURN(auto views, Views(conn, {std::move(*found)}));
    StationView view = std::move(views.front());
    if (drills) {
        SG_ASSIGN_OR_RETURN(view.drills,
                            StationRepository(conn).Drills(id, kStationDrillsShown,
                                                           storage::TownLimit::Town(view.station.path.town_id)));
    }
    return view;
}

Result<std::pair<std::vector<StationView>, int64_t>> StationService::List(const Principal& caller,
                                                                          std::optional<int64_t> region_id,
                                                                          int64_t offset, int64_t limit) {
    if (!MayRead(&caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<StationView>, int64_t>> {
        std::vector<PathFilter> filters = {PathFilter::FromScope(caller.scope)};
        if (region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *region_id));
            if (!region) return NotFound();
            filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
        }
        SG_ASSIGN_OR_RETURN(auto page, StationRepository(conn).List(filters, std::max<int64_t>(0, offset),
                                                                    std::clamp<int64_t>(limit, 1, 200)));
        SG_ASSIGN_OR_RETURN(auto views, Views(conn, std::move(page.first)));
        return std::make_pair(std::move(views), page.second);
    });
}

Result<StationView> StationService::Get(const Principal& caller, int64_t id) {
    if (!MayRead(&caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) { return Load(conn, &caller, id, true); });
}

Result<StaleEdit<StationView>> StationService::StaleEditOf(const Principal& caller, int64_t id) {
    if (!MayRead(&caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StaleEdit<StationView>> {
        SG_ASSIGN_OR_RETURN(StationView view, Load(conn, &caller, id, true));
        SG_ASSIGN_OR_RETURN(auto change, ReadLastChange(conn, view.station.path.town_id, "station", id));
        return StaleEdit<StationView>{std::move(view), std::move(change)};
    });
}

Result<StationView> StationService::Create(const Principal* caller, const StationInput& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    StationRecord s;
    Validation v;
    Merge(input, true, *standard_, s, v);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<StationView> {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, *input.region_id));
        if (!region) return NotFound();
        s.region_id = region->id;
        s.path = region->path;
        StationRepository repo(conn);
        if (s.responsible_user_id) {
            SG_ASSIGN_OR_RETURN(bool ok, repo.IsEnabledUserOfTown(*s.responsible_user_id, s.path.town_id));
            if (!ok) return Invalid("responsible_user_id", {"不是本镇的有效用户", "Not an active user of this town"});
        }
        s.created_at = s.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(s.id, repo.Insert(s));
        SG_TRY(audit_.Append(conn, caller, {s.path.town_id, "station", s.id, "create", nullptr, StationAuditJson(s)}));
        return Load(conn, caller, s.id, true);
    });
}

Result<StationView> StationService::Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                                           const StationInput& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<StationView> {
        StationRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id));
        if (!current || !InScope(caller, current->path)) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        StationRecord s = *current;
        Validation v;
        Merge(patch, false, *standard_, s, v);
        if (!v.Ok()) return v.Fail();
        if (patch.region_id && *patch.region_id != s.region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, *patch.region_id));
            if (!region) return NotFound();
            if (region->path.town_id != s.path.town_id) {
                return Invalid("region_id", {"微型消防站不能移到另一个镇", "A station stays in its town"});
            }
            s.region_id = region->id;
            s.path = region->path;
        }
        if (s.responsible_user_id && s.responsible_user_id != current->responsible_user_id) {
            SG_ASSIGN_OR_RETURN(bool ok, repo.IsEnabledUserOfTown(*s.responsible_user_id, s.path.town_id));
            if (!ok) return Invalid("responsible_user_id", {"不是本镇的有效用户", "Not an active user of this town"});
        }
        s.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(s, *expected_version));
        if (!updated) return StaleVersion();
        if (s.region_id != current->region_id) {
            // The region moves the scope columns: written apart so Update stays the common case.
            SG_TRY(conn.Execute("UPDATE stations SET region_id = ?, village_id = ?, grid_id = ? WHERE id = ?",
                                std::vector<storage::Value>{s.region_id, storage::Nullable(s.path.village_id),
                                                            storage::Nullable(s.path.grid_id), s.id}));
        }
        s.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, caller,
            {s.path.town_id, "station", s.id, "update", StationAuditJson(*current), StationAuditJson(s)}));
        return Load(conn, caller, id, true);
    });
}

Result<StationView> StationService::SetEquipment(const Principal* caller, int64_t station_id,
                                                 const EquipmentInput& input, bool* created) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    Validation v;
    if (!input.item) {
        v.Add("item", {"必填", "Required"});
    } else if (standard_->FindItem(*input.item) == nullptr) {
        v.Add("item", {"不是标准器材清单中的编号", "Not an item code of the standard's equipment list"});
    }
    if (!input.count) {
        v.Add("count", {"必填", "Required"});
    } else if (*input.count < 0 || *input.count > 1'000'000) {
        v.Add("count", {"数量应在 0 到 1000000 之间（不能为负数）", "The count must be 0..1000000 (not negative)"});
    }
    if (input.expires_on && !IsIsoDate(*input.expires_on)) v.Add("expires_on", kNotADate);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<StationView> {
        StationRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto s, repo.FindById(station_id));
        if (!s || !InScope(caller, s->path)) return NotFound();
        SG_ASSIGN_OR_RETURN(auto before_rows, repo.Equipment({station_id}));
        bj::value before = nullptr;
        for (const auto& row : before_rows[station_id]) {
            if (row.item == *input.item) {
                before = bj::object{{"item", row.item},
                                    {"count", row.count},
                                    {"expires_on", row.expires_on ? bj::value(*row.expires_on) : nullptr}};
            }
        }
        if (created != nullptr) *created = before.is_null();
        const station::EquipmentRow row{*input.item, *input.count, input.expires_on};
        SG_TRY(repo.UpsertEquipment(station_id, row, clock_.Now()));
        const bj::object after{{"item", row.item},
                               {"count", row.count},
                               {"expires_on", row.expires_on ? bj::value(*row.expires_on) : nullptr}};
        SG_TRY(audit_.Append(conn, caller,
                             {s->path.town_id, "station_equipment", station_id, "equipment", before, after}));
        return Load(conn, caller, station_id, true);
    });
}

Result<DrillRecord> StationService::AddDrill(const Principal* caller, int64_t station_id, const DrillInput& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    Validation v;
    if (!input.held_on) {
        v.Add("held_on", {"必填", "Required"});
    } else if (!IsIsoDate(*input.held_on)) {
        v.Add("held_on", kNotADate);
    } else if (*input.held_on > Today()) {
        v.Add("held_on", {"演练日期不能晚于今天", "A drill cannot be in the future"});
    }
    if (!input.response_s) {
        v.Add("response_s", {"必填", "Required"});
    } else if (*input.response_s < 0 || *input.response_s > 86400) {
        v.Add("response_s", {"响应时间应在 0 到 86400 秒之间", "The response time must be 0..86400 seconds"});
    }
    const std::string note = TrimText(input.note);
    CheckText(v, "note", note, 500, false);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<DrillRecord> {
        StationRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto s, repo.FindById(station_id));
        if (!s || !InScope(caller, s->path)) return NotFound();
        DrillRecord d;
        d.station_id = station_id;
        d.held_on = *input.held_on;
        d.response_s = *input.response_s;
        d.note = note;
        if (caller != nullptr) d.recorded_by = caller->user_id;
        d.created_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(d.id, repo.InsertDrill(d));
        SG_TRY(audit_.Append(
            conn, caller,
            {s->path.town_id, "station_drill", d.id, "create", nullptr,
             bj::object{
                 {"station_id", station_id}, {"held_on", d.held_on}, {"response_s", d.response_s}, {"note", d.note}}}));
        return d;
    });
}

Result<CoverageReport> StationService::Coverage(const Principal& caller, std::optional<int64_t> region_id) {
    if (!MayRead(&caller) || caller.scope.level == Scope::Level::kEnterprise) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<CoverageReport> {
        std::vector<PathFilter> filters = {PathFilter::FromScope(caller.scope)};
        if (region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *region_id));
            if (!region) return NotFound();
            filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
        }
        StationRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto enterprises, repo.PositionedEnterprises(filters));
        std::set<int64_t> towns;
        for (const auto& e : enterprises) towns.insert(e.town_id);
        SG_ASSIGN_OR_RETURN(auto stations, repo.InTowns({towns.begin(), towns.end()}));
        // A station covers the enterprises of its own town only (the contract's "stations of the
        // same town"; towns are shards and do not share their stations).
        std::map<int64_t, std::vector<station::CoverageCircle>> circles;
        for (const auto& s : stations) {
            circles[s.path.town_id].push_back({{s.lat, s.lng}, static_cast<double>(s.radius_m)});
        }
        std::map<int64_t, std::vector<size_t>> by_town;
        for (size_t i = 0; i < enterprises.size(); ++i) by_town[enterprises[i].town_id].push_back(i);
        CoverageReport report;
        report.enterprises = std::ssize(enterprises);
        for (const auto& [town, indices] : by_town) {
            std::vector<GeoPoint> points;
            points.reserve(indices.size());
            for (size_t i : indices) points.push_back({enterprises[i].lat, enterprises[i].lng});
            for (const station::CoverageGap& gap : station::FindCoverageGaps(points, circles[town])) {
                const auto& e = enterprises[indices[gap.index]];
                report.uncovered.push_back({e.id, e.name, gap.nearest_m});
            }
        }
        std::sort(report.uncovered.begin(), report.uncovered.end(),
                  [](const CoverageGapView& a, const CoverageGapView& b) { return a.enterprise_id < b.enterprise_id; });
        report.covered = report.enterprises - std::ssize(report.uncovered);
        return report;
    });
}

}  // namespace safegrid::services
