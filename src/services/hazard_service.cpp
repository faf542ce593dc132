#include "services/hazard_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/checklist/checklist.hpp"
#include "core/hazard/list_query.hpp"
#include "core/region/text.hpp"
#include "services/region_service.hpp"
#include "storage/read_replica.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::HazardRepository;
using storage::PathFilter;
using storage::TownLimit;

const Text kNotYourEnterprise{"不是您可管理的企业", "Not an enterprise you may act for"};
const Text kNotYourAttachment{"附件不存在或不是您上传的", "No such attachment among your uploads"};

bool Visible(const Principal& caller, const HazardRecord& h) { return caller.scope.Contains(h.path, h.enterprise_id); }

// Who made the last `submit`, from the history (oldest first): approve and return are refused to
// them (same_person). A later submit after a return names the new submitter.
std::optional<int64_t> LastSubmitter(const std::vector<HazardEvent>& history) {
    for (auto it = history.rbegin(); it != history.rend(); ++it)
        if (it->action == HazardActionName(HazardAction::kSubmit)) return it->actor_id;
    return std::nullopt;
}

HazardFacts FactsOf(const HazardRecord& h, const std::vector<HazardEvent>& history) {
    return {h.status, h.severity, h.due_at, h.enterprise_id, LastSubmitter(history)};
}

std::vector<int64_t> Unique(const std::vector<int64_t>& ids) {
    std::vector<int64_t> out(ids);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The first UTF-8 character of a town's name: "匡堰镇" → "匡", the abbreviation listing numbers use.
std::string FirstCharacter(const std::string& s) {
    if (s.empty()) return "";
    const auto b = static_cast<unsigned char>(s[0]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    return s.substr(0, std::min(len, s.size()));
}

// The rules on a hazard's own fields, the same for every way in (POST, inspections, imports, seed).
void CheckContent(const HazardInsert& in, Validation& v) {
    CheckText(v, "title", TrimText(in.title), 200, true);
    CheckText(v, "description", in.description, 2000, false);
    if (!in.category.empty() && !checklist::ParseCategory(in.category))
        v.Add("category", {"未知类别", "Unknown category"});
    static const std::set<std::string> kSources = {"staff", "inspection", "enterprise", "public", "device", "import"};
    if (!kSources.contains(in.source)) v.Add("source", {"未知来源", "Unknown source"});
    CheckText(v, "major_reason", in.major_reason, 500, false);
    CheckText(v, "legal_basis", in.legal_basis, 500, false);
    CheckText(v, "address", in.address, 200, false);
    CheckText(v, "checklist_item", in.checklist_item, 64, false);
    if (in.lat && !(*in.lat >= -90 && *in.lat <= 90)) v.Add("lat", {"纬度超出范围", "Latitude out of range"});
    if (in.lng && !(*in.lng >= -180 && *in.lng <= 180)) v.Add("lng", {"经度超出范围", "Longitude out of range"});
}

template <class V, class Load>
Result<V> Memo(std::map<int64_t, V>& cache, int64_t id, Load load) {
    if (auto it = cache.find(id); it != cache.end()) return it->second;
    SG_ASSIGN_OR_RETURN(V value, load());
    cache.emplace(id, value);
    return value;
}

// Everything an insert needs from the store, cached across the rows of a bulk insert.
class InsertPreparer {
  public:
    InsertPreparer(storage::Connection& conn, UnixSeconds now) : conn_(conn), now_(now) {}

    Result<HazardRecord> Prepare(const HazardInsert& in, const Principal* actor) {
        Validation v;
        CheckContent(in, v);
        if (!v.Ok()) return v.Fail();
        HazardRecord h;
        h.title = TrimText(in.title);
        h.description = in.description;
        h.category = in.category.empty() ? "other" : in.category;
        h.source = in.source;
        h.inspection_id = in.inspection_id;
        h.campaign_id = in.campaign_id;
        h.recurrence_of = in.recurrence_of;
        h.checklist_item = in.checklist_item;
        h.severity = in.severity;
        h.major_reason = in.major_reason;
        h.legal_basis = in.legal_basis;
        h.status = in.status;
        h.due_at = in.due_at;
        h.found_at = in.found_at.value_or(now_);
        if (h.status == HazardStatus::kClosed) {
            h.closed_at = in.closed_at.value_or(h.found_at);
            h.closed_on_time = in.closed_on_time.value_or(!h.due_at || *h.closed_at <= *h.due_at);
        }
        h.reporter_id = in.reporter_id ? in.reporter_id : actor ? std::optional<int64_t>(actor->user_id) : std::nullopt;
        h.lat = in.lat;
        h.lng = in.lng;
        h.address = in.address;
        h.created_at = h.updated_at = now_;
        if (in.enterprise_id) {
            SG_ASSIGN_OR_RETURN(auto path, EnterprisePath(*in.enterprise_id));
            if (!path) return Invalid("enterprise_id", {"企业不存在", "No such enterprise"});
            h.enterprise_id = in.enterprise_id;
            h.path = *path;
        } else {
            // Only a report may wait for an enterprise; the closed loop needs someone to rectify.
            if (in.status != HazardStatus::kReported && in.status != HazardStatus::kRejected) {
                return Invalid("enterprise_id", {"必填", "Required"});
            }
            SG_ASSIGN_OR_RETURN(auto town, TownName(in.path.town_id));
            if (!town) return Invalid("town_id", {"镇不存在", "No such town"});
            // A report from a village's or grid's QR poster sits at that place (place_service.hpp
            // read the path from the region); any other waits at town level.
            h.path = {in.path.town_id, in.path.village_id, in.path.village_id ? in.path.grid_id : std::nullopt};
        }
        return h;
    }

    // Loads the places of many enterprises at once (a few statements instead of one per enterprise:
    // a bulk of 10,000 hazards over 100,000 enterprises names nearly 10,000 of them).
    Status Preload(const std::vector<HazardInsert>& inputs) {
        std::vector<int64_t> ids;
        for (const HazardInsert& in : inputs)
            if (in.enterprise_id && !enterprises_.count(*in.enterprise_id)) ids.push_back(*in.enterprise_id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.empty()) return {};
        SG_ASSIGN_OR_RETURN(auto paths, storage::EnterpriseRepository(conn_).PathsOf(ids));
        for (int64_t id : ids) {
            auto it = paths.find(id);
            enterprises_[id] = it == paths.end() ? std::nullopt : std::optional<RegionPath>(it->second);
        }
        return {};
    }

    // Sets listing_no and listed_at when `h` is major and rectifying and not listed yet.
    Result<bool> AssignListing(HazardRecord& h, UnixSeconds at) {
        if (h.severity != Severity::kMajor || h.status != HazardStatus::kRectifying || h.listing_no) return false;
        SG_ASSIGN_OR_RETURN(auto town, TownName(h.path.town_id));
        const int year = LocalDate(at).year;
        SG_ASSIGN_OR_RETURN(int64_t n, HazardRepository(conn_).NextDocumentNumber(h.path.town_id, "listing", year));
        h.listing_no =
            FirstCharacter(town.value_or("")) + "安督〔" + std::to_string(year) + "〕" + std::to_string(n) + "号";
        h.listed_at = at;
        return true;
    }

  private:
    Result<std::optional<RegionPath>> EnterprisePath(int64_t id) {
        return Memo(enterprises_, id, [&]() -> Result<std::optional<RegionPath>> {
            SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn_).FindById(id));
            return e ? std::optional<RegionPath>(e->path) : std::nullopt;
        });
    }
    Result<std::optional<std::string>> TownName(int64_t id) {
        return Memo(towns_, id, [&]() -> Result<std::optional<std::string>> {
            SG_ASSIGN_OR_RETURN(auto region, storage::RegionRepository(conn_).FindById(id));
            if (!region || region->kind != RegionKind::kTown) return std::optional<std::string>();
            return std::optional<std::string>(region->name);
        });
    }

    storage::Connection& conn_;
    UnixSeconds now_;
    std::map<int64_t, std::optional<RegionPath>> enterprises_;
    std::map<int64_t, std::optional<std::string>> towns_;
};

HazardEvent EventOf(const HazardRecord& h, std::string action, const Principal* actor, UnixSeconds at) {
    HazardEvent e;
    e.town_id = h.path.town_id;
    e.hazard_id = h.id;
    e.action = std::move(action);
    e.to = h.status;
    if (actor) e.actor_id = actor->user_id;
    if (actor) e.actor_name = actor->username;
    e.at = at;
    return e;
}

}  // namespace

bj::object HazardAuditJson(const HazardRecord& h) { return storage::HazardRecordJson(h); }

HazardService::HazardService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                             EnterpriseService& enterprises)
    : db_(std::move(db)), clock_(clock), audit_(audit), enterprises_(enterprises) {
    enterprises_.SetHazardFactorSource([this](storage::Connection& conn, int64_t id, int64_t town_id) {
        return HazardRepository(conn).HazardFactors(id, clock_.Now(), TownLimit::Town(town_id));
    });
}

Result<bool> HazardService::Escalate(storage::Connection& conn, int64_t hazard_id, int64_t level,
                                     const std::string& comment) {
    HazardRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto before, repo.FindById(hazard_id));
    const UnixSeconds now = clock_.Now();
    SG_ASSIGN_OR_RETURN(bool raised, repo.RaiseEscalation(hazard_id, level, now));
    if (!raised || !before) return false;
    HazardRecord h = *before;
    h.escalation_level = level;
    h.updated_at = now;
    HazardEvent e = EventOf(h, "escalate", nullptr, now);
    e.from = h.status;
    e.comment = comment;
    e.due_before = e.due_after = h.due_at;
    SG_ASSIGN_OR_RETURN(e.id, repo.InsertEvent(e));
    SG_TRY(audit_.Append(conn, nullptr,
                         {h.path.town_id, "hazard", h.id, "escalate", HazardAuditJson(*before), HazardAuditJson(h)}));
    SG_TRY(Notify(conn, h, e, nullptr));
    return true;
}

Status HazardService::CheckOwnAttachments(storage::Connection& conn, const Principal& caller,
                                          const std::vector<int64_t>& ids, const std::string& field) {
    if (ids.empty()) return {};
    const std::vector<int64_t> wanted = Unique(ids);
    if (wanted.front() <= 0) return Invalid(field, kNotYourAttachment);
    SG_ASSIGN_OR_RETURN(auto own, HazardRepository(conn).OwnAttachments(wanted, caller.user_id));
    if (own != wanted) return Invalid(field, kNotYourAttachment);
    return {};
}

Status HazardService::Notify(storage::Connection& conn, const HazardRecord& h, const HazardEvent& e,
                             const Principal* actor) {
    if (!on_event) return {};
    return on_event(conn, HazardEventInfo{h, e, actor});
}

Status HazardService::RecordListing(storage::Connection& conn, const HazardRecord& h, const Principal* actor) {
    HazardRepository repo(conn);
    SG_TRY(repo.InsertDocument(h.id, h.path.town_id, "listing", *h.listing_no, *h.listed_at));
    HazardEvent e = EventOf(h, "list", actor, *h.listed_at);
    e.from = h.status;
    e.comment = "挂牌督办 " + *h.listing_no;
    e.due_after = e.due_before = h.due_at;
    SG_ASSIGN_OR_RETURN(e.id, repo.InsertEvent(e));
    return Notify(conn, h, e, actor);
}

Result<int64_t> HazardService::Insert(storage::Connection& conn, const HazardInsert& input, const Principal* actor) {
    InsertPreparer prep(conn, clock_.Now());
    SG_ASSIGN_OR_RETURN(HazardRecord h, prep.Prepare(input, actor));
    SG_ASSIGN_OR_RETURN(bool listed, prep.AssignListing(h, h.found_at));
    HazardRepository repo(conn);
    SG_ASSIGN_OR_RETURN(h.id, repo.Insert(h));
    std::vector<int64_t> linked;
    for (const AttachmentLink& a : input.attachments) {
        SG_TRY(repo.LinkAttachment(h.path.town_id, h.id, a.attachment_id, a.role));
        linked.push_back(a.attachment_id);
    }
    HazardEvent e = EventOf(h, "create", actor, h.found_at);
    e.due_after = h.due_at;
    e.attachments = Unique(linked);
    SG_ASSIGN_OR_RETURN(e.id, repo.InsertEvent(e));
    // The grade before the audit entry: enterprise rows are locked before audit heads everywhere.
    if (h.enterprise_id && !input.defer_risk) {
        SG_TRY(enterprises_.RefreshRisk(conn, *h.enterprise_id, "hazard.create:" + std::to_string(h.id)));
    }
    SG_TRY(audit_.Append(conn, actor, {h.path.town_id, "hazard", h.id, "create", nullptr, HazardAuditJson(h)}));
    SG_TRY(Notify(conn, h, e, actor));
    if (listed) SG_TRY(RecordListing(conn, h, actor));
    return h.id;
}

Result<std::vector<int64_t>> HazardService::InsertMany(const std::vector<HazardInsert>& inputs) {
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<std::vector<int64_t>> {
        InsertPreparer prep(conn, clock_.Now());
        SG_TRY(prep.Preload(inputs));
        HazardRepository repo(conn);
        storage::HazardCounterDelta counters;
        std::vector<HazardRecord> records;
        std::vector<bool> listed;
        records.reserve(inputs.size());
        for (const HazardInsert& input : inputs) {
            SG_ASSIGN_OR_RETURN(HazardRecord h, prep.Prepare(input, nullptr));
            SG_ASSIGN_OR_RETURN(bool is_listed, prep.AssignListing(h, h.found_at));
            records.push_back(std::move(h));
            listed.push_back(is_listed);
        }
        // All rows at once (a few statements on PostgreSQL), then the listings that need their ids.
        SG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, repo.InsertMany(records, counters));
        for (size_t i = 0; i < records.size(); ++i) {
            const HazardRecord& h = records[i];
            if (listed[i]) SG_TRY(repo.InsertDocument(ids[i], h.path.town_id, "listing", *h.listing_no, *h.listed_at));
        }
        SG_TRY(counters.Apply(conn));
        return ids;
    });
}

Result<int64_t> HazardService::RefreshAllRiskLevels() { return enterprises_.RefreshAllRisk(); }

Result<HazardDetail> HazardService::Create(const Principal& caller, const NewHazard& in) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    Validation v;
    HazardInsert ins;
    ins.title = TrimText(in.title);
    ins.description = TrimText(in.description);
    ins.category = in.category;
    ins.major_reason = TrimText(in.major_reason);
    ins.legal_basis = TrimText(in.legal_basis);
    ins.address = TrimText(in.address);
    ins.lat = in.lat;
    ins.lng = in.lng;
    ins.source = caller.role == Role::kEnterprise ? "enterprise" : "staff";
    CheckContent(ins, v);
    if (auto severity = ParseSeverity(in.severity)) {
        ins.severity = *severity;
    } else {
        v.Add("severity", {"应为 general 或 major", "Must be general or major"});
    }
    if (!in.enterprise_id) {
        v.Add("enterprise_id", {"必填", "Required"});
    } else if (*in.enterprise_id <= 0) {
        v.Add("enterprise_id", kNotYourEnterprise);
    }
    const UnixSeconds now = clock_.Now();
    constexpr UnixSeconds kYear2000 = 946684800;  // older is a typing mistake, not a record
    if (in.found_at && *in.found_at > now) v.Add("found_at", {"发现时间不能晚于现在", "Cannot be in the future"});
    if (in.found_at && *in.found_at < kYear2000) v.Add("found_at", {"发现时间不能早于2000年", "Cannot be before 2000"});
    auto state = DecideCreate(caller.role, in.due_at, now);
    if (!state)
        for (const auto& [field, why] : state.error().fields) v.Add(field, why);
    if (!v.Ok()) return v.Fail();
    ins.status = state->status;
    ins.due_at = state->due_at;
    ins.found_at = in.found_at.value_or(now);
    ins.reporter_id = caller.user_id;
    ins.enterprise_id = in.enterprise_id;
    for (int64_t id : Unique(in.attachments)) ins.attachments.push_back({id, "before"});

    return db_->Transact(true, [&](storage::Connection& conn) -> Result<HazardDetail> {
        SG_ASSIGN_OR_RETURN(auto e,
                            storage::EnterpriseRepository(conn).FindById(*in.enterprise_id, TownLimit::Of(caller)));
        if (!e || !caller.scope.Contains(e->path, e->id)) return Invalid("enterprise_id", kNotYourEnterprise);
        SG_TRY(CheckOwnAttachments(conn, caller, in.attachments));
        SG_ASSIGN_OR_RETURN(int64_t id, Insert(conn, ins, &caller));
        SG_ASSIGN_OR_RETURN(auto h, HazardRepository(conn).FindById(id, TownLimit::Town(e->path.town_id)));
        if (!h) return Internal("hazard vanished after insert");
        return Detail(conn, caller, *h);
    });
}

Result<HazardSort> HazardService::ListSort(const HazardFilter& filter) {
    if (!filter.sort) return HazardSort::kCreatedDesc;
    if (auto sort = ParseHazardSort(*filter.sort)) return *sort;
    Validation v;
    v.Add("sort", {"排序应为 due_at、-due_at、created_at 或 -created_at",
                   "Sort must be due_at, -due_at, created_at or -created_at"});
    return v.Fail();
}

Result<HazardPage> HazardService::List(const Principal& caller, const HazardFilter& f) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    storage::HazardQuery q;
    Validation v;
    if (f.status) {
        auto statuses = ParseHazardStatusList(*f.status);
        if (statuses)
            q.statuses = std::move(*statuses);
        else
            v.Add("status", {"未知状态", "Unknown status"});
    }
    if (auto sort = ListSort(f)) {
        q.sort = *sort;
    } else {
        for (const auto& [field, why] : sort.error().fields) v.Add(field, why);
    }
    if (f.severity) {
        q.severity = ParseSeverity(*f.severity);
        if (!q.severity) v.Add("severity", {"应为 general 或 major", "Must be general or major"});
    }
    if (f.category) {
        q.category = *f.category;
        if (!checklist::ParseCategory(*f.category)) v.Add("category", {"未知类别", "Unknown category"});
    }
    if (f.q) {
        q.q = TrimText(*f.q);
        CheckText(v, "q", *q.q, 100, false);
    }
    if (!v.Ok()) return v.Fail();
    q.supervised = f.supervised;
    q.enterprise_id = f.enterprise_id;
    if (f.overdue) q.overdue_at = clock_.Now();
    q.offset = std::max<int64_t>(0, f.offset);
    q.limit = std::clamp<int64_t>(f.limit, 1, 200);
    if (caller.scope.level == Scope::Level::kEnterprise) {
        // Another enterprise's id names nothing this caller may see: an empty page.
        if (q.enterprise_id && *q.enterprise_id != caller.scope.id) q.filters.push_back(PathFilter::Nothing());
        q.enterprise_id = caller.scope.id;
        // The town too, so the statement stays on the caller's town's shard (docs/scale.md).
        if (caller.scope.town_id != 0) q.filters.push_back(PathFilter{PathFilter::Column::kTown, caller.scope.town_id});
    } else {
        q.filters.push_back(PathFilter::FromScope(caller.scope));
    }
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<HazardPage> {
        if (f.region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *f.region_id));
            if (!region) return NotFound();
            // A region inside the scope makes the scope's own filter redundant; one equality lets the
            // store use one (path, status, id) index.
            if (caller.scope.ContainsRegion(region->path)) q.filters.clear();
            q.filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
        }
        HazardRepository repo(conn);
        HazardPage page;
        SG_ASSIGN_OR_RETURN(auto rows, repo.ListWithTotal(q));
        page.total = rows.total;
        const UnixSeconds now = clock_.Now();
        page.items.reserve(rows.items.size());
        for (size_t i = 0; i < rows.items.size(); ++i) {
            HazardRecord& h = rows.items[i];
            HazardView view;
            if (h.enterprise_id) view.enterprise_name = std::move(rows.enterprise_names[i]);
            view.overdue = IsOverdue(h.status, h.due_at, now);
            view.hazard = std::move(h);
            page.items.push_back(std::move(view));
        }
        return page;
    });
}

Result<HazardDetail> HazardService::Detail(storage::Connection& conn, const Principal& caller, const HazardRecord& h) {
    HazardRepository repo(conn);
    HazardDetail d;
    d.hazard = h;
    d.overdue = IsOverdue(h.status, h.due_at, clock_.Now());
    const TownLimit town = TownLimit::Town(h.path.town_id);  // its enterprise and child rows share its town
    if (h.enterprise_id) {
        SG_ASSIGN_OR_RETURN(auto names, repo.EnterpriseNames({*h.enterprise_id}, town));
        d.enterprise_name = names[*h.enterprise_id];
    }
    SG_ASSIGN_OR_RETURN(d.history, repo.Events(h.id, town));
    SG_ASSIGN_OR_RETURN(d.attachments, repo.Attachments(h.id, town));
    const HazardFacts facts = FactsOf(h, d.history);
    d.allowed_actions = AllowedActions(facts, caller.role, caller.user_id);
    d.primary_action = PrimaryAction(facts, caller.role, caller.user_id);
    d.return_needs_due_at = h.status == HazardStatus::kSubmitted && ReturnNeedsDueAt(facts, clock_.Now());
    d.editable = MayEditWords(h.status, caller.role);
    SG_ASSIGN_OR_RETURN(d.report, ReportOriginFor(conn, caller, h));
    return d;
}

Result<HazardDetail> HazardService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<HazardDetail> {
        SG_ASSIGN_OR_RETURN(auto h, HazardRepository(conn).FindById(id, TownLimit::Of(caller)));
        if (!h || !Visible(caller, *h)) return NotFound();
        return Detail(conn, caller, *h);
    });
}

Result<HazardDetail> HazardService::Apply(storage::Connection& conn, const Principal& caller,
                                          const HazardRecord& before, HazardRecord h, HazardEvent e,
                                          const std::vector<int64_t>& attachments, const std::string& attachment_role) {
    InsertPreparer prep(conn, e.at);
    SG_ASSIGN_OR_RETURN(bool listed, prep.AssignListing(h, e.at));
    h.updated_at = e.at;
    HazardRepository repo(conn);
    SG_ASSIGN_OR_RETURN(bool written, repo.Update(before, h, before.version));
    if (!written) return StaleVersion();
    h.version = before.version + 1;
    e.attachments = Unique(attachments);
    for (int64_t id : e.attachments) SG_TRY(repo.LinkAttachment(h.path.town_id, h.id, id, attachment_role));
    SG_ASSIGN_OR_RETURN(e.id, repo.InsertEvent(e));
    const std::string reason = "hazard." + e.action + ":" + std::to_string(h.id);
    if (before.enterprise_id && before.enterprise_id != h.enterprise_id) {
        SG_TRY(enterprises_.RefreshRisk(conn, *before.enterprise_id, reason));
    }
    if (h.enterprise_id) SG_TRY(enterprises_.RefreshRisk(conn, *h.enterprise_id, reason));
    SG_TRY(audit_.Append(conn, &caller,
                         {h.path.town_id, "hazard", h.id, e.action, HazardAuditJson(before), HazardAuditJson(h)}));
    SG_TRY(Notify(conn, h, e, &caller));
    if (listed) SG_TRY(RecordListing(conn, h, &caller));
    return Detail(conn, caller, h);
}

Result<HazardDetail> HazardService::Act(const Principal& caller, int64_t id, const ActionInput& input,
                                        const std::vector<int64_t>& attachments,
                                        std::optional<int64_t> expected_version) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<HazardDetail> {
        SG_ASSIGN_OR_RETURN(auto current, HazardRepository(conn).FindById(id, TownLimit::Of(caller)));
        if (!current || !Visible(caller, *current)) return NotFound();
        if (expected_version && *expected_version != current->version) return StaleVersion();
        ActionInput in = input;
        in.attachment_count = Unique(attachments).size();
        in.actor_id = caller.user_id;
        const UnixSeconds now = clock_.Now();
        SG_ASSIGN_OR_RETURN(auto history,
                            HazardRepository(conn).Events(current->id, TownLimit::Town(current->path.town_id)));
        SG_ASSIGN_OR_RETURN(Transition t, Decide(FactsOf(*current, history), caller.role, in, now));
        HazardRecord h = *current;
        if (t.action == HazardAction::kAssign) {
            SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*t.enterprise_after,
                                                                                     TownLimit::Town(h.path.town_id)));
            // The town is the shard key: a hazard never moves to another town.
            if (!e || !caller.scope.Contains(e->path, e->id) || e->path.town_id != h.path.town_id) {
                return Invalid("enterprise_id", kNotYourEnterprise);
            }
            h.enterprise_id = e->id;
            h.path = e->path;
        }
        SG_TRY(CheckOwnAttachments(conn, caller, attachments));
        h.status = t.to;
        h.severity = t.severity_after;
        h.due_at = t.due_after;
        if (t.action == HazardAction::kApprove) {
            h.closed_at = now;
            h.closed_on_time = !h.due_at || now <= *h.due_at;
        }
        HazardEvent e = EventOf(h, std::string(HazardActionName(t.action)), &caller, now);
        e.from = t.from;
        e.comment = t.comment;
        e.due_before = t.due_before;
        e.due_after = t.due_after;
        return Apply(conn, caller, *current, std::move(h), std::move(e), attachments,
                     t.action == HazardAction::kSubmit ? "after" : "evidence");
    });
}

Result<HazardDetail> HazardService::LinkDuplicate(const Principal& caller, int64_t id, int64_t duplicate_of,
                                                  std::optional<int64_t> expected_version) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<HazardDetail> {
        HazardRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id, TownLimit::Of(caller)));
        if (!current || !Visible(caller, *current)) return NotFound();
        if (expected_version && *expected_version != current->version) return StaleVersion();
        ActionInput in;
        in.action = "reject";
        in.comment = "重复上报，已并入隐患 #" + std::to_string(duplicate_of);
        const UnixSeconds now = clock_.Now();
        in.actor_id = caller.user_id;
        // Linking is a rejection with a reason: the same states and roles apply (no submit yet).
        SG_ASSIGN_OR_RETURN(Transition t, Decide(FactsOf(*current, {}), caller.role, in, now));
        const Text not_linkable{"请选择另一条您可见的隐患", "Choose another hazard you can see"};
        if (duplicate_of == id || duplicate_of <= 0) return Invalid("duplicate_of", not_linkable);
        SG_ASSIGN_OR_RETURN(auto original, repo.FindById(duplicate_of, TownLimit::Of(caller)));
        if (!original || !Visible(caller, *original)) return Invalid("duplicate_of", not_linkable);
        HazardRecord h = *current;
        h.status = t.to;
        h.duplicate_of = duplicate_of;
        HazardEvent e = EventOf(h, "link", &caller, now);
        e.from = t.from;
        e.comment = t.comment;
        e.due_before = e.due_after = h.due_at;
        return Apply(conn, caller, *current, std::move(h), std::move(e), {}, "evidence");
    });
}

}  // namespace safegrid::services
