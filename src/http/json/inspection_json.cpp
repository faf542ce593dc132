#include "http/json/inspection_json.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::value Opt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

bj::array Ids(const std::vector<int64_t>& ids) {
    bj::array a;
    for (int64_t id : ids) a.emplace_back(id);
    return a;
}

// Lengths are the service's business; these only bound what is read.
constexpr StringRule kNote{.max_len = 5000, .allow_empty = true};
constexpr StringRule kId{.required = true, .max_len = 64};

void ItemFields(bj::object& o, const checklist::Item& item) {
    o["text"] = item.text;
    o["text_en"] = item.text_en;
    // The question stays `text` (what the inspector answers); `finding` is what a fail states.
    o["finding"] = item.finding;
    o["finding_en"] = item.finding_en;
    o["category"] = checklist::CategoryName(item.category);
    o["severity"] = SeverityName(item.severity);
    if (item.major_reason) {
        o["major_reason"] = item.major_reason->zh;
        o["major_reason_en"] = item.major_reason->en;
    }
}

// A checklist or item named by its integer id (the contract) or, as the web app's older offline
// queues do, by its code.
void ReadIdOrCode(FieldReader& in, const bj::object& o, const char* key, std::string& code,
                  std::optional<int64_t>& number) {
    const bj::value* v = o.if_contains(key);
    if (v != nullptr && (v->is_int64() || v->is_uint64() || v->is_double())) {
        number = in.Int(key, {.required = true, .min = 1, .max = INT32_MAX});
    } else {
        code = in.String(key, kId).value_or("");
    }
}

services::InspectionAnswer AnswerFromJson(const bj::object& o, size_t index, FieldReader& outer) {
    FieldReader in(o);
    services::InspectionAnswer a;
    ReadIdOrCode(in, o, "item_id", a.item_id, a.item_number);
    a.result = in.String("result", {.required = true, .max_len = 16}).value_or("");
    a.note = in.String("note", kNote).value_or("");
    a.attachments = in.IntArray("attachments").value_or(std::vector<int64_t>{});
    a.severity = in.String("severity", {.max_len = 16});
    if (auto done = in.Finish(); !done) {
        const std::string prefix = "items[" + std::to_string(index) + "].";
        for (const auto& [field, why] : done.error().fields) outer.AddError(prefix + field, why);
    }
    return a;
}

bj::array Issues(const std::vector<services::ImportIssue>& issues, Locale locale) {
    bj::array out;
    out.reserve(issues.size());
    for (const auto& i : issues) {
        out.emplace_back(bj::object{{"row", i.row},
                                    {"field", i.field},
                                    {"column", i.column},
                                    {"message", locale == Locale::kEn ? i.message.en : i.message.zh}});
    }
    return out;
}

}  // namespace

bj::object ChecklistJson(const checklist::Template& t) {
    bj::object o;
    o["id"] = checklist::PublicNumber(t.id);
    o["code"] = t.id;
    o["version"] = t.version;
    o["title"] = t.title_zh;
    o["title_en"] = t.title_en;
    o["effective_date"] = t.effective_date;
    bj::array sections;
    for (const auto& s : t.sections) sections.emplace_back(bj::object{{"id", s.id}, {"title", s.title_zh}});
    o["sections"] = std::move(sections);
    bj::array items;
    items.reserve(t.items.size());
    for (const auto& item : t.items) {
        bj::object i;
        i["id"] = checklist::PublicNumber(item.id);
        i["code"] = item.id;
        ItemFields(i, item);
        i["category_label"] = checklist::CategoryLabelZh(item.category);
        i["section"] = item.section;
        i["legal_basis"] = item.legal_basis;
        i["article"] = item.article;
        i["effective_date"] = item.effective_date;
        i["relevance"] = item.relevance;
        i["note"] = item.note;
        i["from_general_knowledge"] = item.from_general_knowledge;
        items.emplace_back(std::move(i));
    }
    o["items"] = std::move(items);
    return o;
}

bj::object InspectionJson(const services::InspectionView& v) {
    const services::InspectionRecord& r = v.inspection;
    bj::object o;
    o["id"] = r.id;
    o["enterprise_id"] = r.enterprise_id;
    o["enterprise_name"] = v.enterprise_name;
    o["town_id"] = r.path.town_id;
    o["village_id"] = Opt(r.path.village_id);
    o["grid_id"] = Opt(r.path.grid_id);
    o["checklist_id"] = checklist::PublicNumber(r.checklist_id);
    o["checklist_code"] = r.checklist_id;
    o["checklist_version"] = r.checklist_version;
    o["checklist_title"] = v.checklist_title;
    o["kind"] = r.kind;
    o["campaign_id"] = Opt(r.campaign_id);
    o["inspector_id"] = Opt(r.inspector_id);
    o["inspector_name"] = r.inspector_name;
    o["at"] = FormatRfc3339(r.at);
    o["passed"] = r.passed;
    o["failed"] = r.failed;
    o["not_applicable"] = r.not_applicable;
    o["note"] = r.note;
    o["lat"] = Opt(r.lat);
    o["lng"] = Opt(r.lng);
    o["created_at"] = FormatRfc3339(r.created_at);
    o["hazard_ids"] = Ids(v.hazard_ids);
    return o;
}

bj::object InspectionDetailJson(const services::InspectionDetail& d) {
    bj::object o = InspectionJson(d);
    bj::array items;
    items.reserve(d.items.size());
    for (const auto& view : d.items) {
        const auto& a = view.answer;
        bj::object i;
        i["position"] = a.position;
        i["item_id"] = checklist::PublicNumber(a.item_id);
        i["item_code"] = a.item_id;
        if (view.item != nullptr) ItemFields(i, *view.item);
        i["result"] = a.result;
        i["note"] = a.note;
        i["attachments"] = Ids(a.attachments);
        i["hazard_id"] = Opt(a.hazard_id);
        items.emplace_back(std::move(i));
    }
    o["items"] = std::move(items);
    return o;
}

Result<services::NewInspection> NewInspectionFromJson(const bj::object& body) {
    FieldReader in(body);
    services::NewInspection n;
    n.enterprise_id = in.Int("enterprise_id");  // an enterprise may leave out its own: the service decides
    ReadIdOrCode(in, body, "checklist_id", n.checklist_id, n.checklist_number);
    n.checklist_version = in.Int("checklist_version", {.min = 1, .max = INT32_MAX});
    n.kind = in.String("kind", {.max_len = 32}).value_or("");
    n.campaign_id = in.Int("campaign_id", {.min = 1});
    n.note = in.String("note", kNote).value_or("");
    n.lat = in.Double("lat");
    n.lng = in.Double("lng");
    const bj::value* items = body.if_contains("items");
    if (items == nullptr || items->is_null()) {
        in.AddError("items", {"必填", "is required"});
    } else if (!items->is_array()) {
        in.AddError("items", {"必须是数组", "must be an array"});
    } else if (items->get_array().size() > services::kMaxInspectionItems) {
        in.AddError("items", {"一次最多 500 项", "must have at most 500 answers"});
    } else {
        const bj::array& array = items->get_array();
        n.items.reserve(array.size());
        for (size_t i = 0; i < array.size(); ++i) {
            if (!array[i].is_object()) {
                in.AddError("items[" + std::to_string(i) + "]", {"必须是对象", "must be an object"});
                continue;
            }
            n.items.push_back(AnswerFromJson(array[i].get_object(), i, in));
        }
    }
    SG_TRY(in.Finish());
    return n;
}

Result<services::NewInspection> NewInspectionFromRequest(const Request& request) {
    SG_ASSIGN_OR_RETURN(bj::object body, ParseObject(request));
    return NewInspectionFromJson(body);
}

bj::object ImportReportJson(const services::ImportReport& r, Locale locale) {
    bj::array headers(r.headers.begin(), r.headers.end());
    bj::array rows;
    rows.reserve(r.rows.size());
    for (const auto& row : r.rows) {
        rows.emplace_back(bj::object{{"row", row.row}, {"cells", bj::array(row.cells.begin(), row.cells.end())}});
    }
    return {{"dry_run", r.dry_run},
            {"total_rows", r.total_rows},
            {"valid_rows", r.valid_rows},
            {"created", r.created},
            {"errors", Issues(r.errors, locale)},
            {"warnings", Issues(r.warnings, locale)},
            {"headers", std::move(headers)},
            {"rows", std::move(rows)}};
}

}  // namespace safegrid::http::json
