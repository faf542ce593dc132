#include "services/hazard_document_service.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>

#include "core/auth/write_rule.hpp"
#include "core/checklist/checklist.hpp"
#include "core/hazard/deadline.hpp"
#include "services/documents/hazard_xlsx.hpp"
#include "services/documents/notice_pdf.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

using storage::HazardDocumentRepository;
using storage::HazardDocumentRow;
using storage::HazardRepository;

constexpr const char* kNoticeKind = "notice";
constexpr int64_t kExportPage = 200;  // HazardService::List's largest page

// A notice needs someone to rectify and a deadline: only confirmed hazards have both.
bool Confirmed(HazardStatus s) { return s != HazardStatus::kReported && s != HazardStatus::kRejected; }

// The first UTF-8 character of a town's name: "匡堰镇" → "匡" (the abbreviation document numbers use).
std::string FirstCharacter(const std::string& s) {
    if (s.empty()) return "";
    const auto b = static_cast<unsigned char>(s[0]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    return s.substr(0, std::min(len, s.size()));
}

// A name as part of a file name: path separators, quotes and control characters become '_'.
std::string FileNamePart(const std::string& s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F || c == '/' || c == '\\' || c == '"' || c == ':') ? '_' : c;
    }
    return out;
}

NoticeFinding FindingOf(const storage::HazardRecord& h) {
    NoticeFinding f;
    f.text = h.title;
    // A failed item without a note got "检查项 … 不合格；依据：…" as its description: the notice
    // prints the item and the basis on their own lines, so it is not repeated here.
    const bool says_only_item_and_basis =
        !h.checklist_item.empty() && h.description == checklist::FailedItemDescription(h.checklist_item, h.legal_basis);
    if (!h.description.empty() && h.description != h.title && !says_only_item_and_basis)
        f.text += "（" + h.description + "）";
    if (!h.checklist_item.empty()) f.text += "［检查项 " + h.checklist_item + "］";
    f.legal_basis = h.legal_basis;
    f.severity = h.severity;
    f.major_reason = h.major_reason;
    f.hazard_id = h.id;
    f.due_at = h.due_at;
    f.status = h.status;
    return f;
}

// The list's order (HazardRepository's ORDER BY) over rows read newest first: ties keep id order,
// rows without a deadline go last.
void SortViews(std::vector<HazardView>& views, HazardSort order) {
    auto id_asc = [](const HazardView& a, const HazardView& b) { return a.hazard.id < b.hazard.id; };
    auto by_due = [](bool ascending) {
        return [ascending](const HazardView& a, const HazardView& b) {
            const auto& da = a.hazard.due_at;
            const auto& db = b.hazard.due_at;
            if (da.has_value() != db.has_value()) return da.has_value();
            if (da && *da != *db) return ascending ? *da < *db : *da > *db;
            return ascending ? a.hazard.id < b.hazard.id : a.hazard.id > b.hazard.id;
        };
    };
    switch (order) {
        case HazardSort::kCreatedDesc:
            return;  // as read
        case HazardSort::kCreatedAsc:
            std::sort(views.begin(), views.end(), id_asc);
            return;
        case HazardSort::kDueAsc:
            std::sort(views.begin(), views.end(), by_due(true));
            return;
        case HazardSort::kDueDesc:
            std::sort(views.begin(), views.end(), by_due(false));
            return;
    }
}

// What a notice prints besides its number, read in one transaction.
struct NoticePlan {
    Enterprise enterprise;
    std::string town_name;
    std::vector<int64_t> covered;                 // hazards the number is stored for (h first)
    std::vector<storage::HazardRecord> findings;  // printed, in answer order
    std::optional<HazardDocumentRow> document;    // the number, when issued before
};

}  // namespace

HazardDocumentService::HazardDocumentService(std::shared_ptr<storage::Database> db, const Clock& clock,
                                             AuditService& audit, HazardService& hazards, DocumentOptions options)
    : db_(std::move(db)), clock_(clock), audit_(audit), hazards_(hazards), options_(std::move(options)) {}

Result<DocumentFile> HazardDocumentService::Notice(const Principal& caller, int64_t hazard_id) {
    SG_ASSIGN_OR_RETURN(HazardDetail asked, hazards_.Get(caller, hazard_id));  // 404 outside scope
    const storage::HazardRecord& h = asked.hazard;
    if (!h.enterprise_id) {
        return Conflict("notice_without_enterprise",
                        {"该隐患尚未指定企业，无法出具整改通知书；请先指派企业",
                         "This hazard has no enterprise yet, so there is nobody to send a notice to: assign it first"});
    }
    if (!Confirmed(h.status)) {
        return Conflict("notice_not_confirmed",
                        {"该隐患尚未确认（或已驳回），没有整改期限，无法出具整改通知书",
                         "This hazard is not confirmed (or was rejected): it has no deadline to put on a notice"});
    }

    NoticePlan plan;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto enterprise, storage::EnterpriseRepository(conn).FindById(*h.enterprise_id));
        if (!enterprise) return NotFound();  // deleted under us: nothing to print
        plan.enterprise = std::move(*enterprise);
        SG_ASSIGN_OR_RETURN(auto town, storage::RegionRepository(conn).FindById(h.path.town_id));
        plan.town_name = town ? town->name : "";
        HazardRepository hazards(conn);
        if (h.inspection_id) {
            // The inspection's notice, when this hazard is one of its findings.
            SG_ASSIGN_OR_RETURN(auto items, storage::InspectionRepository(conn).Items(*h.inspection_id));
            std::vector<int64_t> ids;
            for (const auto& item : items)
                if (item.hazard_id) ids.push_back(*item.hazard_id);
            if (std::find(ids.begin(), ids.end(), h.id) != ids.end()) {
                plan.covered.push_back(h.id);
                for (int64_t id : ids) {
                    if (id == h.id) {
                        plan.findings.push_back(h);
                        continue;
                    }
                    plan.covered.push_back(id);
                    SG_ASSIGN_OR_RETURN(auto other, hazards.FindById(id));
                    if (other && Confirmed(other->status) && caller.scope.Contains(other->path, other->enterprise_id))
                        plan.findings.push_back(std::move(*other));
                }
            }
        }
        if (plan.covered.empty()) {
            plan.covered.push_back(h.id);
            plan.findings.push_back(h);
        }
        SG_ASSIGN_OR_RETURN(plan.document, HazardDocumentRepository(conn).Find(h.id, kNoticeKind));
        return {};
    }));
    if (!plan.document) {
        SG_ASSIGN_OR_RETURN(plan.document,
                            IssueNumber(caller, h, plan.covered, FirstCharacter(plan.town_name) + "安整改"));
    }

    NoticeData data;
    data.notice_number = plan.document->number;
    data.issued_at = plan.document->issued_at;
    data.issuing_office = plan.town_name + "应急管理办公室";
    data.enterprise_name = plan.enterprise.name;
    data.enterprise_address = plan.enterprise.address;
    data.credit_code = plan.enterprise.credit_code;
    data.zone = options_.zone;
    data.font_path = options_.font_path;
    data.base_url = options_.public_url;
    // The deadline still to meet: the earliest of the open findings (of all when all are closed).
    std::optional<UnixSeconds> due;
    std::optional<UnixSeconds> due_any;
    for (const auto& f : plan.findings) {
        if (!f.due_at) continue;
        if (!due_any || *f.due_at < *due_any) due_any = f.due_at;
        if (f.status != HazardStatus::kClosed && (!due || *f.due_at < *due)) due = f.due_at;
    }
    data.due_at = due.value_or(due_any.value_or(data.issued_at));
    for (const auto& f : plan.findings) data.findings.push_back(FindingOf(f));
    SG_ASSIGN_OR_RETURN(std::string pdf, RenderRectificationNotice(data));
    const std::string date = FormatLocalIsoDate(data.issued_at, options_.zone);
    return DocumentFile{std::move(pdf), "application/pdf", "notice-" + std::to_string(h.id) + "-" + date + ".pdf",
                        "整改通知书-" + FileNamePart(plan.enterprise.name) + "-" + date + ".pdf"};
}

Result<HazardDocumentRow> HazardDocumentService::IssueNumber(const Principal& caller, const storage::HazardRecord& h,
                                                             const std::vector<int64_t>& covered,
                                                             const std::string& prefix) {
    // The first print of a notice issues its number: a read-only role gets only notices already issued.
    SG_TRY(RequireWriter(caller));
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<HazardDocumentRow> {
        const UnixSeconds now = clock_.Now();
        const int year = LocalDate(now, options_.zone.utc_offset_seconds).year;
        HazardDocumentRepository documents(conn);
        SG_TRY(documents.LockSequence(h.path.town_id, kNoticeKind, year));
        // Another download may have issued it while we were reading (it committed before our lock).
        SG_ASSIGN_OR_RETURN(auto existing, documents.Find(h.id, kNoticeKind));
        if (existing) return *existing;
        HazardRepository hazards(conn);
        SG_ASSIGN_OR_RETURN(int64_t n, hazards.NextDocumentNumber(h.path.town_id, kNoticeKind, year));
        HazardDocumentRow row{h.id, h.path.town_id, kNoticeKind, FormatNoticeNumber(prefix, year, n), now};
        boost::json::array ids;
        for (int64_t id : covered) {
            SG_TRY(hazards.InsertDocument(id, h.path.town_id, kNoticeKind, row.number, now));
            ids.emplace_back(id);
        }
        boost::json::object after{
            {"kind", kNoticeKind}, {"number", row.number}, {"issued_at", now}, {"hazard_ids", ids}};
        SG_TRY(audit_.Append(conn, &caller, {h.path.town_id, "hazard", h.id, "notice", nullptr, std::move(after)}));
        return row;
    });
}

Result<DocumentFile> HazardDocumentService::Export(const Principal& caller, HazardFilter filter, int64_t max_rows) {
    std::vector<HazardRow> rows;
    const UnixSeconds now = clock_.Now();
    // Pages are read newest first (below); the rows are put in the asked order once all are read.
    SG_ASSIGN_OR_RETURN(const HazardSort order, HazardService::ListSort(filter));
    filter.sort.reset();
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        filter.offset = 0;
        filter.limit = kExportPage;
        SG_ASSIGN_OR_RETURN(HazardPage page, hazards_.List(caller, filter));  // 404 / 422 as the list
        if (page.total > max_rows) {
            return Fail(Error{Code::kTooLarge,
                              "export_too_large",
                              {"符合条件的隐患有 " + std::to_string(page.total) + " 条，超过导出上限 " +
                                   std::to_string(max_rows) + " 条，请缩小筛选范围",
                               std::to_string(page.total) + " hazards match, more than the export limit of " +
                                   std::to_string(max_rows) + ": narrow the filter"},
                              {},
                              ""});
        }
        std::vector<HazardView> views;
        views.reserve(static_cast<size_t>(page.total));
        // Pages are id DESC by offset; a hazard created meanwhile shifts later pages by one, so keep
        // only ids below the last one taken (hazards are never deleted, so nothing is skipped).
        std::optional<int64_t> last_id;
        for (;;) {
            const size_t got = page.items.size();
            for (auto& v : page.items) {
                if (last_id && v.hazard.id >= *last_id) continue;
                last_id = v.hazard.id;
                views.push_back(std::move(v));
            }
            if (got < static_cast<size_t>(kExportPage) || static_cast<int64_t>(views.size()) >= max_rows) break;
            filter.offset += kExportPage;
            SG_ASSIGN_OR_RETURN(page, hazards_.List(caller, filter));
        }
        if (static_cast<int64_t>(views.size()) > max_rows) views.resize(static_cast<size_t>(max_rows));
        SortViews(views, order);

        // Credit codes and place names, each looked up once (a town has a few thousand of them).
        std::map<int64_t, std::string> credit_codes;
        std::map<int64_t, std::string> region_names;
        storage::EnterpriseRepository enterprises(conn);
        storage::RegionRepository regions(conn);
        auto region_name = [&](int64_t id) -> Result<std::string> {
            if (auto it = region_names.find(id); it != region_names.end()) return it->second;
            SG_ASSIGN_OR_RETURN(auto region, regions.FindById(id));
            return region_names[id] = region ? region->name : "";
        };
        rows.reserve(views.size());
        for (const HazardView& v : views) {
            const storage::HazardRecord& h = v.hazard;
            HazardRow row;
            row.id = h.id;
            row.enterprise_name = v.enterprise_name;
            if (h.enterprise_id) {
                auto it = credit_codes.find(*h.enterprise_id);
                if (it == credit_codes.end()) {
                    SG_ASSIGN_OR_RETURN(auto e, enterprises.FindById(*h.enterprise_id));
                    it = credit_codes.emplace(*h.enterprise_id, e ? e->credit_code : "").first;
                }
                row.credit_code = it->second;
            }
            if (h.path.village_id) {
                SG_ASSIGN_OR_RETURN(row.region, region_name(*h.path.village_id));
                if (h.path.grid_id) {
                    SG_ASSIGN_OR_RETURN(std::string grid, region_name(*h.path.grid_id));
                    row.region += " / " + grid;
                }
            } else {
                SG_ASSIGN_OR_RETURN(row.region, region_name(h.path.town_id));
            }
            row.description = h.description.empty() ? h.title : h.title + "：" + h.description;
            row.category = h.category;
            row.severity = h.severity;
            row.status = h.status;
            row.found_at = h.found_at;
            row.due_at = h.due_at;
            row.overdue = v.overdue;
            row.closed_at = h.closed_at;
            rows.push_back(std::move(row));
        }
        return {};
    }));
    SG_ASSIGN_OR_RETURN(std::string xlsx, RenderHazardWorkbook(rows, options_.zone));
    const std::string date = FormatLocalIsoDate(now, options_.zone);
    return DocumentFile{std::move(xlsx), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "hazards-" + date + ".xlsx", "隐患清单-" + date + ".xlsx"};
}

}  // namespace safegrid::services
