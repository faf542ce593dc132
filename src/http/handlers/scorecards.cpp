#include "http/handlers/scorecards.hpp"

#include <boost/json.hpp>

#include "http/handlers/hazard_documents.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Result<services::ScorecardQuery> QueryFrom(const Request& r) {
    services::ScorecardQuery q;
    q.period = std::string(r.Query("period").value_or(""));
    q.level = std::string(r.Query("level").value_or(""));
    SG_ASSIGN_OR_RETURN(q.region_id, json::QueryInt(r, "region_id"));
    return q;
}

Response List(services::ScorecardService& scorecards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto query = QueryFrom(r);
    if (!query) return Fail(query.error(), r);
    auto list = scorecards.List(*r.principal, *query);
    if (!list) return Fail(list.error(), r);
    return Json(200, ScorecardListJson(*list));
}

Response Export(services::ScorecardService& scorecards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto query = QueryFrom(r);
    if (!query) return Fail(query.error(), r);
    auto file = scorecards.Export(*r.principal, *query);
    if (!file) return Fail(file.error(), r);
    Response out;
    out.status = 200;
    out.content_type = std::move(file->content_type);
    out.body = std::move(file->bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(file->filename, file->filename_utf8));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

Response PutManual(services::ScorecardService& scorecards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    services::ScorecardManualInput input;
    input.period = in.String("period", {.required = true, .max_len = 7});
    input.level = in.String("level", {.required = true, .max_len = 20});
    input.region_id = in.Int("region_id");
    input.enterprise_id = in.Int("enterprise_id");
    input.code = in.String("code", {.required = true, .max_len = 20});
    input.points = in.Double("points", {.required = true});
    if (auto done = in.Finish(); !done) return Fail(done.error(), r);
    auto entry = scorecards.PutManual(&*r.principal, input);
    if (!entry) return Fail(entry.error(), r);
    bj::object o;
    o["period"] = entry->period;
    o["level"] = scorecard::LevelName(entry->level);
    o[entry->level == scorecard::Level::kVillage ? "region_id" : "enterprise_id"] = entry->subject_id;
    o["code"] = entry->code;
    o["points"] = entry->points;
    o["max"] = entry->max;
    o["entered_by"] = entry->entered_by;
    o["entered_at"] = FormatRfc3339(entry->entered_at);
    return Json(200, o);
}

}  // namespace

bj::value ScorecardListJson(const services::ScorecardList& list) {
    bj::array out;
    out.reserve(list.cards.size());
    const char* subject = list.level == scorecard::Level::kVillage ? "region" : "enterprise";
    for (const auto& card : list.cards) {
        bj::object c;
        c[subject] = bj::object{{"id", card.subject_id}, {"name", card.name}};
        c["score"] = card.score;
        c["rank"] = card.rank;
        bj::array items;
        items.reserve(card.items.size());
        for (const auto& item : card.items) {
            bj::object i;
            i["code"] = item.code;
            i["label"] = item.label;
            i["max"] = item.max;
            i["points"] = item.points;
            i["figure"] = item.figure;
            i["manual"] = item.manual;
            i["value"] = item.value ? bj::value(*item.value) : bj::value(nullptr);
            items.emplace_back(std::move(i));
        }
        c["items"] = std::move(items);
        out.emplace_back(std::move(c));
    }
    return out;
}

void RegisterScorecardRoutes(Router& router, services::ScorecardService& scorecards) {
    router.Add(Method::kGet, "/api/v1/scorecards", [&scorecards](Request& r) { return List(scorecards, r); });
    router.Add(Method::kGet, "/api/v1/scorecards/export.xlsx",
               [&scorecards](Request& r) { return Export(scorecards, r); });
    router.Add(Method::kPut, "/api/v1/scorecards/manual",
               [&scorecards](Request& r) { return PutManual(scorecards, r); });
}

}  // namespace safegrid::http
