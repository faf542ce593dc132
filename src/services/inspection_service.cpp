#include "services/inspection_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "services/campaign_service.hpp"
#include "services/import_common.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::PathFilter;

const Text kNotYourEnterprise{"不是您可管理的企业", "Not an enterprise you may act for"};
const std::set<std::string, std::less<>> kKinds = {"routine", "campaign", "self_check", "joint"};
const std::set<std::string, std::less<>> kResults = {"pass", "fail", "na"};

bj::value Opt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

std::string ItemField(size_t i, const char* name) { return "items[" + std::to_string(i) + "]." + name; }

std::vector<int64_t> Unique(std::vector<int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// A failure of HazardService::Insert names the hazard's fields ("title", ...); the client sent an
// answer, so the fields are renamed to the answer that caused it.
Error ForAnswer(Error e, size_t i) {
    if (e.code != Code::kValidation) return e;
    std::map<std::string, Text> renamed;
    for (auto& [field, why] : e.fields) renamed.emplace("items[" + std::to_string(i) + "]." + field, std::move(why));
    e.fields = std::move(renamed);
    return e;
}

// Checks the answers against the template; fills `v` with one entry per bad field.
void CheckAnswers(const NewInspection& in, const checklist::Template* tmpl, Validation& v) {
    if (in.items.empty()) {
        v.Add("items", {"至少需要一项检查结果", "Give at least one answer"});
        return;
    }
    if (in.items.size() > kMaxInspectionItems) {
        v.Add("items", {"一次最多 500 项", "At most 500 answers"});
        return;
    }
    std::map<std::string, size_t, std::less<>> seen;
    for (size_t i = 0; i < in.items.size(); ++i) {
        const InspectionAnswer& a = in.items[i];
        if (a.item_id.empty()) {
            v.Add(ItemField(i, "item_id"), {"必填", "Required"});
        } else if (auto [it, fresh] = seen.emplace(a.item_id, i); !fresh) {
            v.Add(ItemField(i, "item_id"), {"与第 " + std::to_string(it->second) + " 项重复",
                                            "Repeats items[" + std::to_string(it->second) + "]"});
        } else if (tmpl != nullptr && tmpl->FindItem(a.item_id) == nullptr) {
            v.Add(ItemField(i, "item_id"), {"检查表中没有此项", "Not an item of this checklist"});
        }
        if (!kResults.contains(a.result)) {
            v.Add(ItemField(i, "result"), {"应为 pass、fail 或 na", "Must be pass, fail or na"});
        }
        if (a.severity && !ParseSeverity(*a.severity)) {
            v.Add(ItemField(i, "severity"), {"应为 general 或 major", "Must be general or major"});
        }
        CheckText(v, ItemField(i, "note").c_str(), TrimText(a.note), kMaxInspectionNote, false);
        if (std::any_of(a.attachments.begin(), a.attachments.end(), [](int64_t id) { return id <= 0; })) {
            v.Add(ItemField(i, "attachments"), {"附件不存在或不是您上传的", "No such attachment among your uploads"});
        }
    }
}

}  // namespace

std::string HazardTitleFor(const std::string& finding) { return CutText(finding, kMaxHazardTitle); }

std::string HazardDescriptionFor(const checklist::Item& item, const std::string& note) {
    return note.empty() ? checklist::FailedItemDescription(item.id, item.legal_basis) : note;
}

bj::object InspectionAuditJson(const InspectionRecord& r, const std::vector<InspectionItemRecord>& items) {
    bj::object o;
    o["id"] = r.id;
    o["town_id"] = r.path.town_id;
    o["village_id"] = Opt(r.path.village_id);
    o["grid_id"] = Opt(r.path.grid_id);
    o["enterprise_id"] = r.enterprise_id;
    o["checklist_id"] = r.checklist_id;
    o["checklist_version"] = r.checklist_version;
    o["kind"] = r.kind;
    if (r.campaign_id) o["campaign_id"] = *r.campaign_id;
    o["inspector_id"] = Opt(r.inspector_id);
    o["at"] = r.at;
    o["passed"] = r.passed;
    o["failed"] = r.failed;
    o["not_applicable"] = r.not_applicable;
    o["note"] = r.note;
    o["lat"] = Opt(r.lat);
    o["lng"] = Opt(r.lng);
    bj::array answers;
    for (const auto& item : items) {
        bj::array attachments;
        for (int64_t id : item.attachments) attachments.emplace_back(id);
        answers.emplace_back(bj::object{{"item_id", item.item_id},
                                        {"result", item.result},
                                        {"note", item.note},
                                        {"attachments", std::move(attachments)},
                                        {"hazard_id", Opt(item.hazard_id)}});
    }
    o["items"] = std::move(answers);
    return o;
}

InspectionService::InspectionService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                     HazardService& hazards, ChecklistService& checklists, DeadlinePolicy policy,
                                     TimeZone zone)
    : db_(std::move(db)),
      clock_(clock),
      audit_(audit),
      hazards_(hazards),
      checklists_(checklists),
      policy_(policy),
      zone_(std::move(zone)) {}

namespace {

// Answers may name items by their API number; from here on they carry the item's code. A number no
// item has becomes a code no item has, so validation reports it at its field.
void ResolveItemNumbers(NewInspection& in, const checklist::Template* tmpl) {
    for (InspectionAnswer& a : in.items) {
        if (!a.item_id.empty() || !a.item_number) continue;
        const checklist::Item* item = tmpl ? tmpl->FindItemByNumber(*a.item_number) : nullptr;
        a.item_id = item ? item->id : "#" + std::to_string(*a.item_number);
    }
}

}  // namespace

Result<InspectionDetail> InspectionService::Create(const Principal& caller, const NewInspection& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    NewInspection in = input;
    if (in.checklist_id.empty() && in.checklist_number) {
        auto t = checklists_.CurrentByNumber(*in.checklist_number);
        in.checklist_id = t ? t->id : "#" + std::to_string(*in.checklist_number);  // "no such checklist"
    }
    const bool enterprise_role = caller.role == Role::kEnterprise;
    const std::string kind = in.kind.empty() ? (enterprise_role ? "self_check" : "routine") : in.kind;
    Validation v;
    if (!kKinds.contains(kind)) {
        v.Add("kind",
              {"应为 routine、campaign、self_check 或 joint", "Must be routine, campaign, self_check or joint"});
    } else if (enterprise_role && kind != "self_check") {
        return Forbidden();  // an enterprise records its own self-checks, never an inspection of itself
    } else if (kind == "campaign" && !in.campaign_id) {
        v.Add("campaign_id", {"专项检查须选择专项整治", "A campaign inspection names its campaign"});
    } else if (kind != "campaign" && in.campaign_id) {
        v.Add("campaign_id", {"只有专项检查属于专项整治", "Only a campaign inspection names a campaign"});
    }
    // An enterprise checks itself: its own id may be left out.
    const std::optional<int64_t> enterprise_id = in.enterprise_id ? in.enterprise_id
                                                 : enterprise_role && caller.scope.level == Scope::Level::kEnterprise
                                                     ? std::optional<int64_t>(caller.scope.id)
                                                     : std::nullopt;
    if (!enterprise_id) {
        v.Add("enterprise_id", {"必填", "Required"});
    } else if (*enterprise_id <= 0) {
        v.Add("enterprise_id", kNotYourEnterprise);
    }
    TemplatePtr tmpl;
    if (in.checklist_id.empty()) {
        v.Add("checklist_id", {"必填", "Required"});
    } else if (tmpl = checklists_.Current(in.checklist_id); !tmpl) {
        v.Add("checklist_id", {"没有这张检查表", "No such checklist"});
    } else if (in.checklist_version && *in.checklist_version != tmpl->version) {
        // An offline phone may still hold the version it downloaded; its answers are read against it.
        SG_ASSIGN_OR_RETURN(tmpl, db_->Read([&](storage::Connection& conn) {
            return checklists_.Version(conn, in.checklist_id, *in.checklist_version);
        }));
        if (!tmpl) v.Add("checklist_version", {"没有这个版本", "No such version of this checklist"});
    }
    ResolveItemNumbers(in, tmpl.get());
    CheckAnswers(in, tmpl.get(), v);
    const std::string note = TrimText(in.note);
    CheckText(v, "note", note, kMaxInspectionNote, false);
    if (in.lat && !(*in.lat >= -90 && *in.lat <= 90)) v.Add("lat", {"纬度超出范围", "Latitude out of range"});
    if (in.lng && !(*in.lng >= -180 && *in.lng <= 180)) v.Add("lng", {"经度超出范围", "Longitude out of range"});
    if (in.lat.has_value() != in.lng.has_value()) {
        v.Add(in.lat ? "lng" : "lat", {"经纬度须同时填写", "Give both latitude and longitude, or neither"});
    }
    if (!v.Ok()) return v.Fail();

    return db_->Transact(true, [&](storage::Connection& conn) -> Result<InspectionDetail> {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*enterprise_id));
        if (!e || !caller.scope.Contains(e->path, e->id)) return Invalid("enterprise_id", kNotYourEnterprise);
        for (size_t i = 0; i < in.items.size(); ++i) {
            SG_TRY(hazards_.CheckOwnAttachments(conn, caller, in.items[i].attachments, ItemField(i, "attachments")));
        }
        const UnixSeconds now = clock_.Now();
        if (in.campaign_id) SG_TRY(CheckCampaignFor(conn, *in.campaign_id, e->id, now, zone_));
        InspectionRecord r;
        r.path = e->path;
        r.enterprise_id = e->id;
        r.checklist_id = tmpl->id;
        r.checklist_version = tmpl->version;
        r.kind = kind;
        r.campaign_id = in.campaign_id;
        r.inspector_id = caller.user_id;
        r.inspector_name = caller.username;
        r.at = r.created_at = now;
        r.note = note;
        r.lat = in.lat;
        r.lng = in.lng;
        for (const auto& a : in.items) {
            r.passed += a.result == "pass";
            r.failed += a.result == "fail";
            r.not_applicable += a.result == "na";
        }
        // A re-check round's: the parent's hazards here, which its hazards may repeat (none otherwise).
        std::vector<campaign::ParentHazard> parent_hazards;
        if (in.campaign_id) {
            SG_ASSIGN_OR_RETURN(parent_hazards, RecheckParentHazards(conn, *in.campaign_id, e->id));
        }
        storage::InspectionRepository repo(conn);
        SG_ASSIGN_OR_RETURN(r.id, repo.Insert(r));
        // A staff inspection resets the schedule and its fails are a factor of the grade; an
        // enterprise's self-check does neither. The row is written first (enterprise rows are locked
        // before audit heads), the grade once, after the hazards, with the inspection as its reason.
        const bool by_staff = kind != "self_check";
        if (by_staff) SG_TRY(hazards_.enterprises().RecordInspection(conn, e->id, now, r.failed));
        std::vector<InspectionItemRecord> answers;
        for (size_t i = 0; i < in.items.size(); ++i) {
            const InspectionAnswer& a = in.items[i];
            InspectionItemRecord item{r.id,     r.path.town_id,   static_cast<int64_t>(i), a.item_id,
                                      a.result, TrimText(a.note), Unique(a.attachments),   std::nullopt};
            if (a.result == "fail") {
                const checklist::Item& source = *tmpl->FindItem(a.item_id);
                const checklist::FindingGrade grade =
                    checklist::GradeFailedItem(source, a.severity ? ParseSeverity(*a.severity) : std::nullopt);
                HazardInsert h;
                h.enterprise_id = e->id;
                h.source = "inspection";
                h.inspection_id = r.id;
                h.campaign_id = r.campaign_id;
                h.checklist_item = source.id;
                h.recurrence_of = campaign::FindRecurrence(parent_hazards, source.id, now);
                h.title = HazardTitleFor(source.finding);
                h.description = HazardDescriptionFor(source, item.note);
                h.category = std::string(checklist::CategoryName(source.category));
                h.severity = grade.severity;
                h.major_reason = grade.reason ? grade.reason->zh : "";
                h.legal_basis = source.legal_basis;
                if (kind == "self_check") {
                    h.status = HazardStatus::kReported;  // the enterprise's own finding waits for staff to confirm
                } else {
                    h.status = HazardStatus::kRectifying;
                    h.due_at = DefaultDeadline(grade.severity, now, policy_);
                }
                h.found_at = now;
                h.reporter_id = caller.user_id;
                h.lat = in.lat;
                h.lng = in.lng;
                for (int64_t id : item.attachments) h.attachments.push_back({id, "before"});
                h.defer_risk = true;
                auto hazard_id = hazards_.Insert(conn, h, &caller);
                if (!hazard_id) return Fail(ForAnswer(std::move(hazard_id.error()), i));
                item.hazard_id = *hazard_id;
            }
            SG_TRY(repo.InsertItem(item));
            for (int64_t id : item.attachments) SG_TRY(repo.LinkAttachment(r.path.town_id, r.id, id));
            answers.push_back(std::move(item));
        }
        // After the hazards (campaign_counts after hazard_counts: the lock order) and after the
        // enterprise row is locked (RecordInspection), so a first inspection is counted once.
        if (r.campaign_id) SG_TRY(storage::CountCampaignInspection(conn, *r.campaign_id, e->id, r.path));
        SG_TRY(hazards_.enterprises().RefreshRisk(conn, e->id, "inspection:" + std::to_string(r.id)));
        SG_TRY(audit_.Append(conn, &caller,
                             {r.path.town_id, "inspection", r.id, "create", nullptr, InspectionAuditJson(r, answers)}));
        return Detail(conn, r);
    });
}

Result<InspectionDetail> InspectionService::Detail(storage::Connection& conn, const InspectionRecord& r) {
    InspectionDetail d;
    d.inspection = r;
    const storage::TownLimit town = storage::TownLimit::Town(r.path.town_id);  // its children share its town
    SG_ASSIGN_OR_RETURN(auto names, storage::HazardRepository(conn).EnterpriseNames({r.enterprise_id}, town));
    d.enterprise_name = names[r.enterprise_id];
    SG_ASSIGN_OR_RETURN(d.checklist, checklists_.Version(conn, r.checklist_id, r.checklist_version));
    if (d.checklist) d.checklist_title = d.checklist->title_zh;
    SG_ASSIGN_OR_RETURN(auto answers, storage::InspectionRepository(conn).Items(r.id, town));
    for (auto& a : answers) {
        if (a.hazard_id) d.hazard_ids.push_back(*a.hazard_id);
        const checklist::Item* item = d.checklist ? d.checklist->FindItem(a.item_id) : nullptr;
        d.items.push_back({std::move(a), item});
    }
    return d;
}

Result<InspectionPage> InspectionService::List(const Principal& caller, const InspectionFilter& f) {
    storage::InspectionQuery q;
    q.enterprise_id = f.enterprise_id;
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
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<InspectionPage> {
        if (f.region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *f.region_id));
            if (!region) return NotFound();
            q.filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
        }
        storage::InspectionRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto listed, repo.List(q));
        std::vector<int64_t> ids;
        std::vector<int64_t> enterprise_ids;
        for (const auto& r : listed.first) {
            ids.push_back(r.id);
            enterprise_ids.push_back(r.enterprise_id);
        }
        // The listed rows lie in the caller's town (or towns): their children and enterprises too.
        const storage::TownLimit town = storage::TownLimit::Of(caller);
        SG_ASSIGN_OR_RETURN(auto hazard_ids, repo.HazardIds(ids, town));
        SG_ASSIGN_OR_RETURN(auto names, storage::HazardRepository(conn).EnterpriseNames(enterprise_ids, town));
        InspectionPage page;
        page.total = listed.second;
        for (auto& r : listed.first) {
            InspectionView view;
            view.enterprise_name = names[r.enterprise_id];
            view.hazard_ids = hazard_ids[r.id];
            SG_ASSIGN_OR_RETURN(auto tmpl, checklists_.Version(conn, r.checklist_id, r.checklist_version));
            if (tmpl) view.checklist_title = tmpl->title_zh;
            view.inspection = std::move(r);
            page.items.push_back(std::move(view));
        }
        return page;
    });
}

Result<InspectionDetail> InspectionService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<InspectionDetail> {
        SG_ASSIGN_OR_RETURN(auto r, storage::InspectionRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
        if (!r || !caller.scope.Contains(r->path, r->enterprise_id)) return NotFound();
        return Detail(conn, *r);
    });
}

}  // namespace safegrid::services
