#include "http/handlers/reports.hpp"

#include <boost/json.hpp>

#include "http/handlers/hazard_documents.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Result<services::MonthlyReportQuery> QueryFrom(const Request& r) {
    services::MonthlyReportQuery q;
    q.period = std::string(r.Query("period").value_or(""));
    SG_ASSIGN_OR_RETURN(q.region_id, json::QueryInt(r, "region_id"));
    return q;
}

Response File(services::DocumentFile file) {
    Response out;
    out.status = 200;
    out.content_type = std::move(file.content_type);
    out.body = std::move(file.bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(file.filename, file.filename_utf8));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

template <class Fn>
Response Document(Request& r, Fn fn) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto query = QueryFrom(r);
    if (!query) return Fail(query.error(), r);
    auto file = fn(*r.principal, *query);
    if (!file) return Fail(file.error(), r);
    return File(std::move(*file));
}

bj::value Opt(const std::optional<UnixSeconds>& t) { return t ? bj::value(FormatRfc3339(*t)) : bj::value(nullptr); }

}  // namespace

bj::value MonthlyReportJson(const services::MonthlyReport& r) {
    bj::object o;
    o["period"] = r.period.Text();
    o["region"] = bj::object{{"id", r.region.id}, {"name", r.region.name}, {"kind", RegionKindName(r.region.kind)}};
    o["as_of"] = r.as_of_day;
    o["generated_at"] = FormatRfc3339(r.generated_at);
    o["hazards"] = bj::object{{"found", r.found},
                              {"closed", r.closed},
                              {"overdue", r.overdue},
                              {"majors_found", r.majors_found},
                              {"majors_open", r.majors_open}};
    bj::array places;
    for (const auto& p : r.by_place) {
        places.push_back(bj::object{{"region_id", p.region_id},
                                    {"name", p.name},
                                    {"found", p.found},
                                    {"closed", p.closed},
                                    {"overdue", p.overdue}});
    }
    o["by_region"] = std::move(places);
    bj::array majors;
    for (const auto& m : r.majors) {
        majors.push_back(bj::object{{"id", m.id},
                                    {"title", m.title},
                                    {"enterprise", m.enterprise_name},
                                    {"village", m.village_name},
                                    {"status", m.status},
                                    {"found_at", FormatRfc3339(m.found_at)},
                                    {"due_at", Opt(m.due_at)},
                                    {"closed_at", Opt(m.closed_at)},
                                    {"listed", m.listing_no.has_value()},
                                    {"listing_no", m.listing_no ? bj::value(*m.listing_no) : bj::value(nullptr)},
                                    {"listed_at", Opt(m.listed_at)}});
    }
    o["majors"] = std::move(majors);
    bj::array campaigns;
    for (const auto& c : r.campaigns) {
        campaigns.push_back(bj::object{{"id", c.id},
                                       {"name", c.name},
                                       {"starts_on", c.starts_on},
                                       {"ends_on", c.ends_on},
                                       {"recheck", c.recheck},
                                       {"progress", bj::object{{"in_scope", c.progress.in_scope},
                                                               {"inspected", c.progress.inspected},
                                                               {"hazards", c.progress.hazards},
                                                               {"closed", c.progress.closed},
                                                               {"coverage", c.progress.Coverage()}}}});
    }
    o["campaigns"] = std::move(campaigns);
    o["training"] = bj::object{
        {"enterprises", r.training.enterprises}, {"covered", r.training.covered}, {"coverage", r.training.Coverage()},
        {"people", r.training.people},           {"after", r.training_after},     {"through", r.as_of_day}};
    bj::array stations;
    for (const auto& s : r.stations) {
        stations.push_back(bj::object{{"id", s.id},
                                      {"name", s.name},
                                      {"kind", s.kind},
                                      {"missing", s.missing},
                                      {"expiring", s.expiring},
                                      {"expired", s.expired}});
    }
    o["stations"] = std::move(stations);
    bj::array ranking;
    for (const auto& k : r.ranking) {
        ranking.push_back(bj::object{{"id", k.id}, {"name", k.name}, {"score", k.score}, {"rank", k.rank}});
    }
    o["ranking"] = bj::object{{"level", r.ranking_level}, {"items", std::move(ranking)}};
    bj::array trend;
    for (const auto& t : r.trend)
        trend.push_back(bj::object{{"month", t.month}, {"found", t.found}, {"closed", t.closed}});
    o["trend"] = std::move(trend);
    return o;
}

void RegisterReportRoutes(Router& router, services::MonthlyReportService& reports) {
    router.Add(Method::kGet, "/api/v1/reports/monthly", [&reports](Request& r) {
        if (!r.principal) return Fail(Unauthenticated().value(), r);
        auto query = QueryFrom(r);
        if (!query) return Fail(query.error(), r);
        auto report = reports.Build(*r.principal, *query);
        if (!report) return Fail(report.error(), r);
        return Json(200, MonthlyReportJson(*report));
    });
    router.Add(Method::kGet, "/api/v1/reports/monthly.pdf", [&reports](Request& r) {
        return Document(r,
                        [&](const Principal& p, const services::MonthlyReportQuery& q) { return reports.Pdf(p, q); });
    });
    router.Add(Method::kGet, "/api/v1/reports/monthly.xlsx", [&reports](Request& r) {
        return Document(r,
                        [&](const Principal& p, const services::MonthlyReportQuery& q) { return reports.Xlsx(p, q); });
    });
    router.Add(Method::kGet, "/api/v1/reports", [&reports](Request& r) {
        if (!r.principal) return Fail(Unauthenticated().value(), r);
        auto list = reports.ListStored(*r.principal);
        if (!list) return Fail(list.error(), r);
        bj::array items;
        for (const auto& s : *list) {
            items.push_back(bj::object{{"id", s.id},
                                       {"town", bj::object{{"id", s.town_id}, {"name", s.town_name}}},
                                       {"period", s.period},
                                       {"generated_at", FormatRfc3339(s.generated_at)},
                                       {"size", s.size},
                                       {"url", "/api/v1/reports/" + std::to_string(s.id) + "/report.pdf"}});
        }
        return Json(200, bj::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/reports/{id}/report.pdf", [&reports](Request& r) {
        if (!r.principal) return Fail(Unauthenticated().value(), r);
        auto id = json::PathId(r);
        if (!id) return Fail(id.error(), r);
        auto file = reports.StoredPdf(*r.principal, *id);
        if (!file) return Fail(file.error(), r);
        return File(std::move(*file));
    });
}

}  // namespace safegrid::http
