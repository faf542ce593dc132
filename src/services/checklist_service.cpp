#include "services/checklist_service.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "platform/crypto.hpp"
#include "services/checklist_loader.hpp"
#include "storage/repositories/inspection_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;

bj::object ItemJson(const checklist::Item& item) {
    bj::object o;
    o["id"] = item.id;
    o["text"] = item.text;
    o["text_en"] = item.text_en;
    o["finding"] = item.finding;
    o["finding_en"] = item.finding_en;
    o["category"] = checklist::CategoryName(item.category);
    o["source_category"] = item.source_category;
    o["section"] = item.section;
    o["severity"] = SeverityName(item.severity);
    o["source_severity"] = item.source_severity;
    o["legal_basis"] = item.legal_basis;
    o["article"] = item.article;
    o["effective_date"] = item.effective_date;
    o["effective_date_inherited"] = item.effective_date_inherited;
    if (item.major_reason) o["major_reason"] = bj::object{{"zh", item.major_reason->zh}, {"en", item.major_reason->en}};
    o["relevance"] = item.relevance;
    o["note"] = item.note;
    o["from_general_knowledge"] = item.from_general_knowledge;
    return o;
}

// Reads what ItemJson wrote. Missing members read as defaults so a body written by an older binary
// (fewer fields) still reads; a member of the wrong type makes the whole body unreadable.
class BodyReader {
  public:
    explicit BodyReader(const bj::object& o) : o_(o) {}
    std::string Str(std::string_view key) {
        const bj::value* v = o_.if_contains(key);
        if (v == nullptr) return {};
        if (!v->is_string()) {
            ok_ = false;
            return {};
        }
        return std::string(v->get_string());
    }
    bool Bool(std::string_view key) {
        const bj::value* v = o_.if_contains(key);
        if (v == nullptr) return false;
        if (!v->is_bool()) ok_ = false;
        return v->is_bool() && v->get_bool();
    }
    [[nodiscard]] bool ok() const { return ok_; }

  private:
    const bj::object& o_;
    bool ok_ = true;
};

tl::unexpected<Error> Unreadable(std::string why) {
    return Fail(Error{Code::kInternal,
                      "checklist_body_unreadable",
                      {"检查表版本数据损坏", "A stored checklist is damaged"},
                      {},
                      std::move(why)});
}

bj::object AuditJson(const checklist::Template& t, const std::string& body) {
    return {{"id", t.id},
            {"version", t.version},
            {"title", t.title_zh},
            {"effective_date", t.effective_date},
            {"items", t.items.size()},
            {"body_sha256", platform::Sha256Hex(body)}};
}

}  // namespace

std::string ChecklistBodyJson(const checklist::Template& t) {
    bj::object o;
    o["id"] = t.id;
    o["title"] = t.title_zh;
    o["title_en"] = t.title_en;
    o["effective_date"] = t.effective_date;
    bj::array sections;
    for (const auto& s : t.sections) sections.emplace_back(bj::object{{"id", s.id}, {"title", s.title_zh}});
    o["sections"] = std::move(sections);
    bj::array items;
    items.reserve(t.items.size());
    for (const auto& item : t.items) items.emplace_back(ItemJson(item));
    o["items"] = std::move(items);
    return bj::serialize(o);
}

Result<checklist::Template> ChecklistFromBodyJson(std::string_view body, int64_t version) {
    boost::system::error_code ec;
    bj::value root = bj::parse(bj::string_view(body.data(), body.size()), ec);
    if (ec || !root.is_object()) return Unreadable("body is not a JSON object");
    const bj::object& o = root.get_object();
    BodyReader r(o);
    checklist::Template t;
    t.id = r.Str("id");
    t.version = static_cast<int>(version);
    t.title_zh = r.Str("title");
    t.title_en = r.Str("title_en");
    t.effective_date = r.Str("effective_date");
    const bj::value* sections = o.if_contains("sections");
    const bj::value* items = o.if_contains("items");
    if (!r.ok() || t.id.empty() || !sections || !sections->is_array() || !items || !items->is_array()) {
        return Unreadable("template " + t.id + ": bad top-level members");
    }
    for (const bj::value& s : sections->get_array()) {
        if (!s.is_object()) return Unreadable("template " + t.id + ": section is not an object");
        BodyReader sr(s.get_object());
        t.sections.push_back({sr.Str("id"), sr.Str("title")});
        if (!sr.ok()) return Unreadable("template " + t.id + ": bad section");
    }
    for (const bj::value& v : items->get_array()) {
        if (!v.is_object()) return Unreadable("template " + t.id + ": item is not an object");
        const bj::object& io = v.get_object();
        BodyReader ir(io);
        checklist::Item item;
        item.id = ir.Str("id");
        item.text = ir.Str("text");
        item.text_en = ir.Str("text_en");
        // A version stored before items had findings keeps titling hazards with its text, as it did.
        item.finding = ir.Str("finding");
        if (item.finding.empty()) item.finding = item.text;
        item.finding_en = ir.Str("finding_en");
        if (item.finding_en.empty()) item.finding_en = item.text_en;
        item.category = checklist::ParseCategory(ir.Str("category")).value_or(checklist::Category::kOther);
        item.source_category = ir.Str("source_category");
        item.section = ir.Str("section");
        item.severity = ParseSeverity(ir.Str("severity")).value_or(Severity::kGeneral);
        item.source_severity = ir.Str("source_severity");
        item.legal_basis = ir.Str("legal_basis");
        item.article = ir.Str("article");
        item.effective_date = ir.Str("effective_date");
        item.effective_date_inherited = ir.Bool("effective_date_inherited");
        if (const bj::value* m = io.if_contains("major_reason"); m && m->is_object()) {
            BodyReader mr(m->get_object());
            item.major_reason = Text{mr.Str("zh"), mr.Str("en")};
            if (!mr.ok()) return Unreadable("template " + t.id + " item " + item.id + ": bad major_reason");
        }
        item.relevance = ir.Str("relevance");
        item.note = ir.Str("note");
        item.from_general_knowledge = ir.Bool("from_general_knowledge");
        if (!ir.ok() || item.id.empty()) return Unreadable("template " + t.id + ": bad item " + item.id);
        t.items.push_back(std::move(item));
    }
    return t;
}

ChecklistService::ChecklistService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit)
    : db_(std::move(db)), clock_(clock), audit_(audit) {}

void ChecklistService::Serve(std::vector<TemplatePtr> templates) {
    std::map<std::string, TemplatePtr, std::less<>> next;
    for (auto& t : templates) next.emplace(t->id, std::move(t));
    std::lock_guard lock(mu_);
    current_ = std::move(next);
}

Result<ChecklistService::SyncReport> ChecklistService::Sync(const std::vector<checklist::Template>& templates) {
    // The API numbers templates and items by a hash of their codes; two codes with one number
    // would make an answer ambiguous, so such a set is refused before anything is served.
    std::vector<std::string> template_codes;
    for (const checklist::Template& t : templates) {
        template_codes.push_back(t.id);
        std::vector<std::string> item_codes;
        for (const checklist::Item& item : t.items) item_codes.push_back(item.id);
        if (auto clash = checklist::Unnumbered(item_codes); !clash.empty()) {
            return Internal("checklist " + t.id + ": item " + clash.front() + " has the number of another item");
        }
    }
    if (auto clash = checklist::Unnumbered(template_codes); !clash.empty()) {
        return Internal("checklist " + clash.front() + " has the number of another checklist");
    }
    const UnixSeconds now = clock_.Now();
    SyncReport report;
    std::vector<TemplatePtr> served;
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::InspectionRepository repo(conn);
        for (const checklist::Template& in : templates) {
            const std::string body = ChecklistBodyJson(in);
            SG_ASSIGN_OR_RETURN(auto latest, repo.LatestTemplate(in.id));
            auto t = std::make_shared<checklist::Template>(in);
            if (latest && latest->body_json == body) {
                t->version = static_cast<int>(latest->version);
            } else {
                t->version = latest ? static_cast<int>(latest->version) + 1 : 1;
                SG_ASSIGN_OR_RETURN(
                    bool stored, repo.InsertTemplate({in.id, t->version, in.title_zh, body, in.effective_date, now}));
                // Another server starting at the same moment stored this version first; retrying
                // the start-up reads it back.
                if (!stored) return Conflict("checklist_version_race", {"检查表版本冲突，请重试", "Retry"});
                SG_TRY(audit_.Append(conn, nullptr,
                                     {0, "checklist_template", t->version, "create", nullptr, AuditJson(*t, body)}));
                ++report.new_versions;
            }
            served.push_back(std::move(t));
        }
        return {};
    }));
    report.templates = static_cast<int64_t>(served.size());
    Serve(std::move(served));
    return report;
}

Result<ChecklistService::SyncReport> ChecklistService::LoadFromDirectory(const std::filesystem::path& standards_dir) {
    auto loaded = LoadChecklistTemplates(standards_dir);
    if (loaded) return Sync(*loaded);
    SG_ASSIGN_OR_RETURN(auto rows, db_->Read([](storage::Connection& conn) {
        return storage::InspectionRepository(conn).LatestTemplates();
    }));
    if (rows.empty()) return Fail(std::move(loaded.error()));
    std::vector<TemplatePtr> served;
    for (const auto& row : rows) {
        SG_ASSIGN_OR_RETURN(checklist::Template t, ChecklistFromBodyJson(row.body_json, row.version));
        served.push_back(std::make_shared<checklist::Template>(std::move(t)));
    }
    SyncReport report;
    report.templates = static_cast<int64_t>(served.size());
    report.from_store = true;
    Serve(std::move(served));
    return report;
}

std::vector<TemplatePtr> ChecklistService::List() const {
    std::lock_guard lock(mu_);
    std::vector<TemplatePtr> out;
    out.reserve(current_.size());
    for (const auto& [id, t] : current_) out.push_back(t);
    return out;
}

TemplatePtr ChecklistService::CurrentByNumber(int64_t number) const {
    std::lock_guard lock(mu_);
    for (const auto& [id, t] : current_)
        if (checklist::PublicNumber(id) == number) return t;
    return nullptr;
}

TemplatePtr ChecklistService::Current(std::string_view id) const {
    std::lock_guard lock(mu_);
    auto it = current_.find(id);
    return it == current_.end() ? nullptr : it->second;
}

Result<TemplatePtr> ChecklistService::Version(storage::Connection& conn, const std::string& id, int64_t version) {
    {
        std::lock_guard lock(mu_);
        if (auto it = current_.find(id); it != current_.end() && it->second->version == version) return it->second;
        if (auto it = old_versions_.find({id, version}); it != old_versions_.end()) return it->second;
    }
    SG_ASSIGN_OR_RETURN(auto row, storage::InspectionRepository(conn).TemplateVersion(id, version));
    if (!row) return TemplatePtr();
    SG_ASSIGN_OR_RETURN(checklist::Template t, ChecklistFromBodyJson(row->body_json, row->version));
    auto ptr = std::make_shared<const checklist::Template>(std::move(t));
    std::lock_guard lock(mu_);
    old_versions_.emplace(std::make_pair(id, version), ptr);
    return ptr;
}

}  // namespace safegrid::services
