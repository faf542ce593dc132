#include "services/hazard_import_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/auth/write_rule.hpp"
#include "core/checklist/checklist.hpp"
#include "core/enterprise/credit_code.hpp"
#include "core/region/text.hpp"
#include "importer/mapping.hpp"
#include "importer/read_table.hpp"
#include "platform/crypto.hpp"
#include "storage/repositories/inspection_repository.hpp"

namespace safegrid::services {
namespace {

using storage::EnterpriseKey;
using storage::PathFilter;
using Words = std::vector<std::pair<std::string, std::string>>;

const std::vector<ImportField> kFields = {
    {"ref", "隐患编号", false},      {"enterprise_name", "企业名称", false}, {"credit_code", "统一社会信用代码", false},
    {"title", "隐患内容", true},     {"description", "隐患描述", false},     {"category", "隐患类别", false},
    {"severity", "隐患等级", false}, {"status", "整改状态", false},          {"found_at", "发现日期", true},
    {"due_at", "整改期限", false},   {"closed_at", "销号日期", false},       {"address", "地址", false},
    {"legal_basis", "依据", false},
};

// The words ledgers use; a mapping's "values" are tried first.
const Words kSeverityWords = {{"一般", "general"},    {"一般隐患", "general"}, {"一般事故隐患", "general"},
                              {"重大", "major"},      {"重大隐患", "major"},   {"重大事故隐患", "major"},
                              {"general", "general"}, {"major", "major"}};
const Words kStatusWords = {
    {"已整改", "closed"},         {"已销号", "closed"},       {"已完成", "closed"},     {"已闭环", "closed"},
    {"整改完成", "closed"},       {"已验收", "closed"},       {"整改中", "rectifying"}, {"未整改", "rectifying"},
    {"待整改", "rectifying"},     {"限期整改", "rectifying"}, {"待验收", "submitted"},  {"已提交", "submitted"},
    {"待确认", "reported"},       {"已上报", "reported"},     {"已驳回", "rejected"},   {"closed", "closed"},
    {"rectifying", "rectifying"}, {"submitted", "submitted"}, {"reported", "reported"}, {"rejected", "rejected"}};

const Words& CategoryWords() {
    static const Words words = [] {
        Words w;
        for (auto c : checklist::kAllCategories) {
            w.emplace_back(checklist::CategoryLabelZh(c), checklist::CategoryName(c));
            w.emplace_back(checklist::CategoryName(c), checklist::CategoryName(c));
        }
        return w;
    }();
    return words;
}

Text Quote(const std::string& zh_before, const std::string& cell, const std::string& zh_after,
           const std::string& en_before, const std::string& en_after) {
    return {zh_before + "“" + cell + "”" + zh_after, en_before + "\"" + cell + "\"" + en_after};
}

// Everything the rows are matched against, read once.
struct Registry {
    std::map<std::string, std::vector<const EnterpriseKey*>> by_code;
    std::map<std::string, std::vector<const EnterpriseKey*>> by_name;  // importer::NormaliseHeader form

    explicit Registry(const std::vector<EnterpriseKey>& keys) {
        for (const auto& k : keys) {
            by_code[k.credit_code].push_back(&k);
            by_name[importer::NormaliseHeader(k.name)].push_back(&k);
        }
    }
};

// One row: the hazard it becomes, or its problems.
struct RowPlan {
    int row = 0;
    HazardInsert insert;
    std::string ref;
    int64_t town_id = 0;
};

class RowReader {
  public:
    RowReader(const ImportColumns& c, const importer::ColumnMapping& m, const Registry& reg, const DeadlinePolicy& p,
              UnixSeconds now)
        : c_(c), m_(m), reg_(reg), policy_(p), now_(now) {}

    // Fills `plan`; returns false when the row has an error. Issues are appended to the report.
    bool Read(const std::vector<std::string>& cells, int row, RowPlan& plan, ImportReport& report) {
        row_ = row;
        cells_ = &cells;
        errors_ = &report.errors;
        warnings_ = &report.warnings;
        const size_t errors_before = report.errors.size();
        plan.row = row;
        HazardInsert& h = plan.insert;
        h.source = "import";
        if (const EnterpriseKey* e = Enterprise()) {
            h.enterprise_id = e->id;
            plan.town_id = e->path.town_id;
        }
        plan.ref = Cell("ref");
        Text(h.title, "title", 200, true);
        Text(h.description, "description", 2000, false);
        Text(h.address, "address", 200, false);
        Text(h.legal_basis, "legal_basis", 500, false);
        h.category = Category();
        if (auto s = Severity()) h.severity = *s;
        Dates(h);
        return report.errors.size() == errors_before;
    }

  private:
    // The cell as the mapping's "values" translate it (exact, then loose); untranslated text as written.
    std::string Cell(const char* f) const { return importer::MapValue(m_, f, c_.Cell(*cells_, f)); }
    void Error(const std::string& f, safegrid::Text why) {
        errors_->push_back({row_, f, c_.HeaderOf(f), std::move(why)});
    }
    void Warn(const std::string& f, safegrid::Text why) {
        warnings_->push_back({row_, f, c_.HeaderOf(f), std::move(why)});
    }

    const EnterpriseKey* Enterprise() {
        const std::string code_cell = Cell("credit_code");
        const std::string name = Cell("enterprise_name");
        if (!code_cell.empty()) {
            auto it = reg_.by_code.find(NormalizeCreditCode(code_cell));
            if (it != reg_.by_code.end() && it->second.size() == 1) return it->second.front();
        }
        if (!name.empty()) {
            auto it = reg_.by_name.find(importer::NormaliseHeader(name));
            const size_t n = it == reg_.by_name.end() ? 0 : it->second.size();
            if (n == 1) {
                if (!code_cell.empty()) {
                    Warn("credit_code", Quote("统一社会信用代码", code_cell, "不属于您可见的任何企业，已按企业名称匹配",
                                              "Credit code ", " matches no enterprise you may see; matched by name"));
                }
                return it->second.front();
            }
            if (n > 1) {
                Error("enterprise_name", Quote("有多家企业名为", name, "，请填写统一社会信用代码",
                                               "Several enterprises are named ", "; give the credit code"));
                return nullptr;
            }
        }
        if (code_cell.empty() && name.empty()) {
            Error("enterprise_name", {"企业名称或统一社会信用代码必填", "Give the enterprise's name or credit code"});
        } else {
            const std::string shown = name.empty() ? code_cell : name;
            Error(name.empty() ? "credit_code" : "enterprise_name",
                  Quote("您可见的企业中没有", shown, "", "No enterprise you may see matches ", ""));
        }
        return nullptr;
    }

    void Text(std::string& out, const char* f, size_t max, bool required) {
        const std::string raw = Cell(f);
        out = CutText(raw, max);
        if (out != TrimText(raw)) {
            Warn(f, {"超过 " + std::to_string(max) + " 个字符，已截断",
                     "Longer than " + std::to_string(max) + " characters; cut"});
        }
        Validation v;
        CheckText(v, f, out, max, required);
        if (!v.Ok()) Error(f, v.Fail().value().fields.begin()->second);
    }

    std::string Category() {
        const std::string cell = Cell("category");
        if (cell.empty()) return "other";
        auto name = TranslateCell(m_, "category", cell, CategoryWords());
        if (name && checklist::ParseCategory(*name)) return *name;
        Warn("category", Quote("未知类别", cell, "，按“其他”导入", "Unknown category ", "; imported as other"));
        return "other";
    }

    std::optional<safegrid::Severity> Severity() {
        const std::string cell = Cell("severity");
        if (cell.empty()) {
            if (c_.Has("severity")) Warn("severity", {"隐患等级为空，按一般隐患导入", "No grade; imported as general"});
            return safegrid::Severity::kGeneral;
        }
        auto name = TranslateCell(m_, "severity", cell, kSeverityWords);
        auto s = name ? ParseSeverity(*name) : std::nullopt;
        if (!s) Error("severity", Quote("无法识别的隐患等级", cell, "", "Unknown grade ", ""));
        return s;
    }

    std::optional<CivilDate> Date(const char* f) {
        const std::string cell = Cell(f);
        if (cell.empty()) return std::nullopt;
        auto d = ParseLedgerDate(cell);
        if (!d) {
            Error(f, Quote("无法识别的日期", cell, "（可用 2023-05-01、2023/5/1、20230501、2023年5月1日）",
                           "Unreadable date ", " (use 2023-05-01, 2023/5/1, 20230501 or 2023年5月1日)"));
            unreadable_ = true;
        }
        return d;
    }

    void Dates(HazardInsert& h) {
        unreadable_ = false;
        const std::string found_cell = Cell("found_at");
        auto found = Date("found_at");
        auto due = Date("due_at");
        auto closed = Date("closed_at");
        if (found_cell.empty()) Error("found_at", {"发现日期必填", "The date found is required"});
        // Status: as written, else what the dates say.
        HazardStatus status = closed ? HazardStatus::kClosed : HazardStatus::kRectifying;
        if (const std::string cell = Cell("status"); !cell.empty()) {
            auto name = TranslateCell(m_, "status", cell, kStatusWords);
            auto parsed = name ? ParseHazardStatus(*name) : std::nullopt;
            if (!parsed) {
                Error("status", Quote("无法识别的整改状态", cell, "", "Unknown status ", ""));
                return;
            }
            status = *parsed;
        } else if (c_.Has("status")) {
            Warn("status", {status == HazardStatus::kClosed ? "整改状态为空，因有销号日期按已销号导入"
                                                            : "整改状态为空，因无销号日期按整改中导入",
                            status == HazardStatus::kClosed ? "No status; closed, as a closing date is given"
                                                            : "No status; rectifying, as no closing date is given"});
        }
        h.status = status;
        if (!found || unreadable_) return;
        h.found_at = ChinaDayStart(*found);
        if (*h.found_at > now_) {
            Error("found_at", {"发现日期晚于今天", "The date found is in the future"});
            return;
        }
        if (due) {
            if (std::tie(due->year, due->month, due->day) < std::tie(found->year, found->month, found->day)) {
                Warn("due_at", {"整改期限早于发现日期，按发现当日（当场整改）导入",
                                "Deadline before the date found; taken as that day (corrected on the spot)"});
                due = found;
            }
            h.due_at = ChinaDayEnd(*due);
        } else if (status == HazardStatus::kRectifying || status == HazardStatus::kSubmitted) {
            h.due_at = DefaultDeadline(h.severity, *h.found_at, policy_);
            Warn("due_at",
                 {"没有整改期限，按默认期限（自发现日期起）导入", "No deadline; the default one from the date found"});
        }
        if (status != HazardStatus::kClosed) {
            if (closed) Warn("closed_at", {"隐患未销号，销号日期不导入", "Not closed: the closing date is ignored"});
            return;
        }
        if (closed) {
            const UnixSeconds at = ChinaDayStart(*closed);
            if (at < *h.found_at) return Error("closed_at", {"销号日期早于发现日期", "Closed before it was found"});
            if (at > now_) return Error("closed_at", {"销号日期晚于今天", "The closing date is in the future"});
            h.closed_at = at;
        } else if (h.due_at && *h.due_at <= now_) {
            h.closed_at = h.due_at;
            Warn("closed_at", {"已销号但没有销号日期，按整改期限导入", "Closed without a date; taken as the deadline"});
        } else {
            h.closed_at = h.found_at;
            Warn("closed_at",
                 {"已销号但没有销号日期，按发现日期导入", "Closed without a date; taken as the date found"});
        }
    }

    const ImportColumns& c_;
    const importer::ColumnMapping& m_;
    const Registry& reg_;
    const DeadlinePolicy& policy_;
    UnixSeconds now_;
    int row_ = 0;
    const std::vector<std::string>* cells_ = nullptr;
    std::vector<ImportIssue>* errors_ = nullptr;
    std::vector<ImportIssue>* warnings_ = nullptr;
    bool unreadable_ = false;
};

}  // namespace

const std::vector<ImportField>& HazardImportColumns() { return kFields; }

const std::vector<std::string>& HazardImportFields() {
    static const std::vector<std::string> fields = ImportFieldNames(kFields);
    return fields;
}

HazardImportService::HazardImportService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                         HazardService& hazards, DeadlinePolicy policy)
    : db_(std::move(db)), clock_(clock), audit_(audit), hazards_(hazards), policy_(policy) {}

Result<ImportReport> HazardImportService::Import(const Principal* caller, std::string_view file,
                                                 const ImportOptions& options) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && caller->role != Role::kTown && caller->role != Role::kAdmin) return Forbidden();
    SG_ASSIGN_OR_RETURN(auto mapping, ParseImportMapping(options.mapping_json, HazardImportFields()));
    SG_ASSIGN_OR_RETURN(auto table, importer::ReadSpreadsheet(file, options.content_hint, mapping.sheet));
    SG_ASSIGN_OR_RETURN(ImportColumns columns, ResolveImportColumns(table, mapping, kFields));
    if (!columns.Has("enterprise_name") && !columns.Has("credit_code")) {
        Error e = Invalid("enterprise_name", Quote("找不到列", columns.HeaderOf("enterprise_name"),
                                                   "或“" + columns.HeaderOf("credit_code") + "”", "Neither column ",
                                                   " nor \"" + columns.HeaderOf("credit_code") + "\" was found"))
                      .value();
        e.id = "import_missing_columns";
        e.message = e.fields.begin()->second;
        return Fail(std::move(e));
    }
    PathFilter place = PathFilter::Any();
    if (caller != nullptr && caller->role == Role::kTown)
        place = PathFilter::FromScope(caller->scope);
    else if (options.town_id)
        place = {PathFilter::Column::kTown, *options.town_id};

    ImportReport report;
    report.dry_run = options.dry_run;
    report.total_rows = static_cast<int64_t>(table.rows.size());
    if (!columns.Has("severity")) {
        report.warnings.push_back(
            {0,
             "severity",
             "",
             {"文件没有隐患等级列，全部按一般隐患导入", "No grade column: every hazard is imported as general"}});
    }
    // A failure of the insert itself (a rule this reader does not know) names its row, then rolls back.
    std::optional<ImportIssue> failed_insert;
    Status done = db_->Transact(!options.dry_run, [&](storage::Connection& conn) -> Status {
        storage::InspectionRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto keys, repo.EnterpriseKeys({place}));
        const Registry registry(keys);
        RowReader reader(columns, mapping, registry, policy_, clock_.Now());
        std::vector<RowPlan> plans;
        std::set<int> bad_rows;
        std::map<std::pair<int64_t, std::string>, int> refs;  // (town, ref) → first row
        for (size_t i = 0; i < table.rows.size(); ++i) {
            RowPlan plan;
            const bool ok = reader.Read(table.rows[i], table.source_rows[i], plan, report);
            if (ok && !plan.ref.empty()) {
                auto [it, fresh] = refs.emplace(std::make_pair(plan.town_id, plan.ref), plan.row);
                if (!fresh) {
                    report.errors.push_back({plan.row,
                                             "ref",
                                             columns.HeaderOf("ref"),
                                             {"编号与第 " + std::to_string(it->second) + " 行重复",
                                              "Same reference as row " + std::to_string(it->second)}});
                }
            }
            if (!ok || (!report.errors.empty() && report.errors.back().row == plan.row)) {
                bad_rows.insert(plan.row);
            } else {
                plans.push_back(std::move(plan));
            }
        }
        std::map<int64_t, std::vector<std::string>> refs_by_town;
        for (const auto& p : plans)
            if (!p.ref.empty()) refs_by_town[p.town_id].push_back(p.ref);
        for (const auto& [town, town_refs] : refs_by_town) {
            SG_ASSIGN_OR_RETURN(auto imported, repo.ImportedRefs(town, town_refs));
            for (const auto& p : plans) {
                auto it = p.town_id == town ? imported.find(p.ref) : imported.end();
                if (it == imported.end()) continue;
                report.errors.push_back({p.row,
                                         "ref",
                                         columns.HeaderOf("ref"),
                                         {"该编号已导入过（隐患 #" + std::to_string(it->second) + "）",
                                          "Imported before (hazard #" + std::to_string(it->second) + ")"}});
                bad_rows.insert(p.row);
            }
        }
        // A refused row's assumptions are moot; its errors say what to fix.
        std::erase_if(report.warnings, [&](const ImportIssue& w) { return bad_rows.contains(w.row); });
        FinishImportReport(report, table);
        report.valid_rows = report.total_rows - static_cast<int64_t>(bad_rows.size());
        if (options.dry_run || !report.errors.empty()) return {};
        int64_t written = 0;
        const auto to_write = static_cast<int64_t>(plans.size());
        for (const RowPlan& p : plans) {
            if (written % kProgressEveryRows == 0) ReportProgress(options.progress, written, to_write);
            ++written;
            auto id = hazards_.Insert(conn, p.insert, caller);
            if (!id) {
                if (id.error().code != Code::kValidation) return Fail(std::move(id.error()));
                const auto& [field, why] = *id.error().fields.begin();
                failed_insert = ImportIssue{p.row, field, columns.HeaderOf(field), why};
                return Fail(std::move(id.error()));
            }
            if (!p.ref.empty()) SG_TRY(repo.InsertImportRef(p.town_id, p.ref, *id));
        }
        ReportProgress(options.progress, written, to_write);
        report.created = static_cast<int64_t>(plans.size());
        const int64_t town = caller != nullptr && caller->scope.level == Scope::Level::kTown
                                 ? caller->scope.id
                                 : options.town_id.value_or(0);
        boost::json::object after{{"kind", "hazards"},
                                  {"rows", report.total_rows},
                                  {"created", report.created},
                                  {"warnings", report.warnings.size()},
                                  {"file_sha256", platform::Sha256Hex(file)}};
        return audit_.Append(conn, caller, {town, "import", 0, "hazards", nullptr, std::move(after)});
    });
    if (failed_insert) {
        report.errors = {*failed_insert};
        report.valid_rows = report.total_rows - 1;
        report.created = 0;
        FinishImportReport(report, table);
        return report;
    }
    if (!done) return Fail(std::move(done.error()));
    return report;
}

}  // namespace safegrid::services
