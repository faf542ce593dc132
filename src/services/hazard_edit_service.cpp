#include "services/hazard_edit_service.hpp"

#include "core/auth/write_rule.hpp"
#include "core/checklist/checklist.hpp"
#include "core/hazard/state_machine.hpp"
#include "core/region/text.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {
namespace {

using storage::HazardRepository;

constexpr size_t kMaxTitle = 200;  // as HazardService's creation rules
constexpr size_t kMaxDescription = 2000;

tl::unexpected<Error> NotEditable(HazardStatus status) {
    return Fail(Error{Code::kConflict,
                      "invalid_transition",
                      {std::string("当前状态“") + std::string(HazardStatusLabelZh(status)) + "”不能修改隐患内容",
                       "The hazard cannot be edited in status '" + std::string(HazardStatusName(status)) + "'"},
                      {},
                      "edit from " + std::string(HazardStatusName(status))});
}

// The edited record, or 422 naming every bad field.
Result<HazardRecord> Apply(const HazardRecord& current, const HazardEdit& edit) {
    Validation v;
    HazardRecord h = current;
    if (edit.title) {
        h.title = TrimText(*edit.title);
        CheckText(v, "title", h.title, kMaxTitle, true);
    }
    if (edit.description) {
        h.description = TrimText(*edit.description);
        CheckText(v, "description", h.description, kMaxDescription, false);
    }
    if (edit.category) {
        h.category = TrimText(*edit.category);
        if (!checklist::ParseCategory(h.category)) v.Add("category", {"未知类别", "Unknown category"});
    }
    if (!v.Ok()) return v.Fail();
    return h;
}

// "标题、类别": what the history line says was changed.
std::string ChangedFields(const HazardRecord& before, const HazardRecord& after) {
    std::string out;
    auto add = [&out](const char* name) { out += (out.empty() ? "" : "、") + std::string(name); };
    if (before.title != after.title) add("标题");
    if (before.description != after.description) add("描述");
    if (before.category != after.category) add("类别");
    return "修改" + out;
}

}  // namespace

HazardEditService::HazardEditService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                     HazardService& hazards)
    : db_(std::move(db)), clock_(clock), audit_(audit), hazards_(hazards) {}

Result<HazardDetail> HazardEditService::Edit(const Principal& caller, int64_t id, const HazardEdit& edit,
                                             std::optional<int64_t> expected_version) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<HazardDetail> {
        HazardRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id));
        if (!current || !caller.scope.Contains(current->path, current->enterprise_id)) return NotFound();
        if (expected_version && *expected_version != current->version) return StaleVersion();
        if (!WordsEditable(current->status)) return NotEditable(current->status);
        if (!RoleMayEditWords(caller.role)) return Forbidden();
        SG_ASSIGN_OR_RETURN(HazardRecord h, Apply(*current, edit));
        const bool changed =
            h.title != current->title || h.description != current->description || h.category != current->category;
        // Nothing to record: answer the hazard as it is (through Get, which joins this transaction).
        if (!changed) return hazards_.Get(caller, id);

        const UnixSeconds now = clock_.Now();
        h.updated_at = now;
        SG_ASSIGN_OR_RETURN(bool written, repo.Update(*current, h, current->version));
        if (!written) return StaleVersion();
        h.version = current->version + 1;

        HazardEvent e;
        e.town_id = h.path.town_id;
        e.hazard_id = h.id;
        e.action = "edit";
        e.from = e.to = h.status;
        e.actor_id = caller.user_id;
        e.actor_name = caller.username;
        e.at = now;
        e.comment = ChangedFields(*current, h);
        e.due_before = e.due_after = h.due_at;
        SG_ASSIGN_OR_RETURN(e.id, repo.InsertEvent(e));
        SG_TRY(audit_.Append(conn, &caller,
                             {h.path.town_id, "hazard", h.id, "edit", HazardAuditJson(*current), HazardAuditJson(h)}));
        return hazards_.Get(caller, id);
    });
}

}  // namespace safegrid::services
