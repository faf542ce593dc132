#include "services/device_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "core/auth/write_rule.hpp"
#include "core/device/device.hpp"
#include "core/region/text.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/building_repository.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::DeviceRepository;
using storage::PathFilter;

bool MayWrite(const Principal* caller) {
    return caller == nullptr || caller->role == Role::kTown || caller->role == Role::kVillage ||
           caller->role == Role::kAdmin;
}
bool Visible(const Principal* caller, const RegionPath& path, int64_t enterprise_id) {
    return caller == nullptr || caller->scope.Contains(path, enterprise_id);
}

bj::value OptJson(const std::optional<int64_t>& v) { return v ? bj::value(*v) : nullptr; }

bj::object DeviceAuditJson(const DeviceRecord& d) {
    return {{"id", d.id},
            {"enterprise_id", d.enterprise_id},
            {"building_id", OptJson(d.building_id)},
            {"kind", d.kind},
            {"serial", d.serial},
            {"protocol", d.protocol},
            {"unit_address", OptJson(d.unit_address)},
            {"version", d.version}};
}

// Merges `in` into `d` and checks the fields by core's rule; `creating` makes the core fields required.
void Merge(const DeviceInput& in, bool creating, DeviceRecord& d, Validation& v) {
    const Text required{"必填", "Required"};
    if (creating && !in.enterprise_id) v.Add("enterprise_id", required);
    if (in.kind) d.kind = *in.kind;
    if (in.serial) d.serial = TrimText(*in.serial);
    if (in.protocol) d.protocol = *in.protocol;
    if (in.unit_address) d.unit_address = *in.unit_address;
    if (in.building_id) d.building_id = *in.building_id;
    if (creating && !in.kind) v.Add("kind", required);
    if (creating && !in.protocol) v.Add("protocol", required);
    Validation rule;
    device::CheckDevice(rule, {d.kind, d.serial, d.protocol, d.unit_address});
    // A missing required field's "必填" stands; otherwise the rule's words.
    if (!rule.Ok()) {
        Error e = rule.Fail().value();
        for (auto& [field, why] : e.fields) v.Add(field, why);
    }
}

// The duplicate checks, before the write, so the answer names what is taken (the UNIQUE constraints
// stay as the backstop for a concurrent registration).
Status CheckUnique(storage::Connection& conn, const DeviceRecord& d) {
    DeviceRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto holder, repo.SerialHolder(d.protocol, d.serial, d.id));
    if (holder) {
        return Conflict("device_serial_taken", {"该协议下已登记了同一序列号的设备",
                                                "A device with this serial is already registered for this protocol"});
    }
    if (d.unit_address) {
        SG_ASSIGN_OR_RETURN(auto unit, repo.FindByUnitAddress(*d.unit_address));
        if (unit && unit->id != d.id) {
            return Conflict("device_unit_address_taken",
                            {"该传输装置地址已被另一台设备使用", "This unit address is already registered"});
        }
    }
    return {};
}

// The building must be one of the enterprise's town (a device hangs in a building the town registered).
Status CheckBuilding(storage::Connection& conn, const DeviceRecord& d) {
    if (!d.building_id) return {};
    SG_ASSIGN_OR_RETURN(auto building, storage::BuildingRepository(conn).FindById(*d.building_id));
    if (!building || building->path.town_id != d.path.town_id) {
        return Invalid("building_id", {"不是本镇登记的建筑", "Not a building of this town"});
    }
    return {};
}

}  // namespace

DeviceService::DeviceService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit)
    : db_(std::move(db)), clock_(clock), audit_(audit) {}

Result<DeviceView> DeviceService::Load(storage::Connection& conn, const Principal* caller, int64_t id) {
    DeviceRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto found, repo.FindById(id, storage::TownLimit::Of(caller)));
    if (!found || !Visible(caller, found->path, found->enterprise_id)) return NotFound();
    DeviceView view;
    SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(
                                    found->enterprise_id, storage::TownLimit::Town(found->path.town_id)));
    if (e) view.enterprise_name = e->name;
    SG_ASSIGN_OR_RETURN(view.components, repo.Components(id, storage::TownLimit::Town(found->path.town_id)));
    view.device = std::move(*found);
    return view;
}

Result<std::pair<std::vector<DeviceView>, int64_t>> DeviceService::List(const Principal& caller,
                                                                        const DeviceListQuery& query) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<DeviceView>, int64_t>> {
        storage::DeviceQuery q;
        if (caller.scope.level == Scope::Level::kEnterprise) {
            // The town too, so the statement stays on the caller's town's shard (docs/scale.md).
            q.filters = {caller.scope.town_id != 0 ? PathFilter{PathFilter::Column::kTown, caller.scope.town_id}
                                                   : PathFilter::Any()};
            q.enterprise_equals.push_back(caller.scope.id);
        } else {
            q.filters = {PathFilter::FromScope(caller.scope)};
        }
        storage::EnterpriseRepository enterprises(conn);
        if (query.enterprise_id) {
            SG_ASSIGN_OR_RETURN(auto e, enterprises.FindById(*query.enterprise_id, storage::TownLimit::Of(caller)));
            if (!e || !caller.scope.Contains(e->path, e->id)) return NotFound();
            q.enterprise_equals.push_back(e->id);
        }
        q.online = query.online;
        q.offset = std::max<int64_t>(0, query.offset);
        q.limit = std::clamp<int64_t>(query.limit, 1, 200);
        SG_ASSIGN_OR_RETURN(auto page, DeviceRepository(conn).List(q));
        std::map<int64_t, std::string> names;
        std::vector<DeviceView> views;
        views.reserve(page.first.size());
        for (DeviceRecord& d : page.first) {
            if (!names.contains(d.enterprise_id)) {
                SG_ASSIGN_OR_RETURN(auto e,
                                    enterprises.FindById(d.enterprise_id, storage::TownLimit::Town(d.path.town_id)));
                names[d.enterprise_id] = e ? e->name : std::string();
            }
            DeviceView view;
            view.enterprise_name = names[d.enterprise_id];
            view.device = std::move(d);
            views.push_back(std::move(view));
        }
        return std::make_pair(std::move(views), page.second);
    });
}

Result<DeviceView> DeviceService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) { return Load(conn, &caller, id); });
}

Result<StaleEdit<DeviceView>> DeviceService::StaleEditOf(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StaleEdit<DeviceView>> {
        SG_ASSIGN_OR_RETURN(DeviceView view, Load(conn, &caller, id));
        SG_ASSIGN_OR_RETURN(auto change, ReadLastChange(conn, view.device.path.town_id, "device", id));
        return StaleEdit<DeviceView>{std::move(view), std::move(change)};
    });
}

Result<DeviceView> DeviceService::Create(const Principal* caller, const DeviceInput& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    DeviceRecord d;
    Validation v;
    Merge(input, true, d, v);
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<DeviceView> {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*input.enterprise_id));
        if (!e || !Visible(caller, e->path, e->id)) return NotFound();
        d.enterprise_id = e->id;
        d.path = e->path;
        SG_TRY(CheckBuilding(conn, d));
        SG_TRY(CheckUnique(conn, d));
        d.created_at = d.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(d.id, DeviceRepository(conn).Insert(d));
        SG_TRY(audit_.Append(conn, caller, {d.path.town_id, "device", d.id, "create", nullptr, DeviceAuditJson(d)}));
        return Load(conn, caller, d.id);
    });
}

Result<DeviceView> DeviceService::Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                                         const DeviceInput& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<DeviceView> {
        DeviceRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id));
        if (!current || !Visible(caller, current->path, current->enterprise_id)) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        DeviceRecord d = *current;
        Validation v;
        Merge(patch, false, d, v);
        if (!v.Ok()) return v.Fail();
        if (patch.enterprise_id && *patch.enterprise_id != d.enterprise_id) {
            SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*patch.enterprise_id));
            if (!e || !Visible(caller, e->path, e->id)) return NotFound();
            if (e->path.town_id != d.path.town_id) {
                return Invalid("enterprise_id", {"设备不能移到另一个镇的企业", "A device stays in its town"});
            }
            d.enterprise_id = e->id;
            d.path = e->path;
        }
        SG_TRY(CheckBuilding(conn, d));
        SG_TRY(CheckUnique(conn, d));
        d.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(d, *expected_version));
        if (!updated) return StaleVersion();
        d.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, caller, {d.path.town_id, "device", d.id, "update", DeviceAuditJson(*current), DeviceAuditJson(d)}));
        return Load(conn, caller, id);
    });
}

}  // namespace safegrid::services
