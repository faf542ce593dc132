#include "http/handlers/trainings.hpp"

#include <boost/json.hpp>

#include "core/region/region.hpp"
#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

bj::object TrainingJson(const services::TrainingRecord& t) {
    return {{"id", t.id},
            {"title", t.title},
            {"kind", t.kind},
            {"held_on", t.held_on},
            {"hours", t.hours},
            {"region_id", t.region_id},
            {"region_name", t.region_name},
            {"enterprises", t.enterprises},
            {"people", t.people},
            {"created_at", FormatRfc3339(t.created_at)}};
}

bj::object DetailJson(const services::TrainingView& view) {
    bj::object o = TrainingJson(view.training);
    bj::array attendance;
    for (const auto& a : view.attendance) attendance.emplace_back(AttendanceJson(a));
    o["attendance"] = std::move(attendance);
    return o;
}

bj::object CoverageJson(const TrainingCoverage& c) {
    return {{"enterprises", c.enterprises}, {"covered", c.covered}, {"coverage", c.Coverage()}, {"people", c.people}};
}

std::optional<std::string> NonEmptyQuery(const Request& r, const char* name) {
    auto v = r.Query(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
}

Response List(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    services::TrainingListQuery query;
    query.region_id = *region_id;
    query.kind = NonEmptyQuery(r, "kind");
    query.from = NonEmptyQuery(r, "from");
    query.to = NonEmptyQuery(r, "to");
    query.offset = page->Offset();
    query.limit = page->size;
    auto listed = trainings.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    bj::array items;
    items.reserve(listed->first.size());
    for (const auto& t : listed->first) items.emplace_back(TrainingJson(t));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    services::TrainingInput input;
    input.title = in.String("title", {.required = true, .max_len = kMaxTrainingTitle, .allow_empty = true});
    input.kind = in.String("kind", {.required = true, .max_len = 32, .allow_empty = true});
    input.held_on = in.String("held_on", {.required = true, .max_len = 32, .allow_empty = true});
    input.region_id = in.Int("region_id", {.required = true});
    input.hours = in.Double("hours", {.required = true});
    if (auto ok = in.Finish(); !ok) return Fail(ok.error(), r);
    auto created = trainings.Create(&*r.principal, input);
    if (!created) return Fail(created.error(), r);
    return Json(201, DetailJson(*created));
}

Response Get(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = trainings.Get(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, DetailJson(*view));
}

Response RecordAttendance(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    auto enterprise_id = in.Int("enterprise_id", {.required = true});
    // The range is the service's (core's) rule; here only "a whole number".
    auto people = in.Int("people", {.required = true});
    if (auto ok = in.Finish(); !ok) return Fail(ok.error(), r);
    auto recorded = trainings.RecordAttendance(&*r.principal, *id, *enterprise_id, *people);
    if (!recorded) return Fail(recorded.error(), r);
    return Json(recorded->second ? 201 : 200, AttendanceJson(recorded->first));
}

Response DeleteAttendance(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto enterprise_id = json::PathId(r, "enterprise_id");
    if (!enterprise_id) return Fail(enterprise_id.error(), r);
    if (auto done = trainings.DeleteAttendance(*r.principal, *id, *enterprise_id); !done) return Fail(done.error(), r);
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response Stats(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    auto view = trainings.Coverage(*r.principal, *region_id);
    if (!view) return Fail(view.error(), r);
    bj::object o = CoverageJson(view->total);
    o["window"] = bj::object{{"after", view->after}, {"through", view->through}};
    bj::array by_region;
    for (const auto& row : view->by_region) {
        bj::object item = CoverageJson(row.coverage);
        item["region"] = bj::object{
            {"id", row.region_id}, {"name", row.region_name}, {"kind", std::string(RegionKindName(row.region_kind))}};
        by_region.emplace_back(std::move(item));
    }
    o["by_region"] = std::move(by_region);
    return Json(200, o);
}

Response ForEnterprise(services::TrainingService& trainings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto found = trainings.ForEnterprise(*r.principal, *id);
    if (!found) return Fail(found.error(), r);
    bj::array items;
    for (const auto& row : found->items) {
        bj::object item = TrainingJson(row.training);
        item.erase("enterprises");
        item["people"] = row.people;  // this enterprise's people at the session
        items.emplace_back(std::move(item));
    }
    const auto total = static_cast<int64_t>(items.size());
    return Json(200, bj::object{{"items", std::move(items)},
                                {"total", total},
                                {"covered", found->covered},
                                {"last_held_on", found->last_held_on ? bj::value(*found->last_held_on) : nullptr}});
}

}  // namespace

boost::json::object AttendanceJson(const services::AttendanceRecord& a) {
    return {{"training_id", a.training_id},
            {"enterprise_id", a.enterprise_id},
            {"enterprise_name", a.enterprise_name},
            {"enterprise", bj::object{{"id", a.enterprise_id}, {"name", a.enterprise_name}}},
            {"people", a.people},
            {"recorded_at", FormatRfc3339(a.recorded_at)}};
}

void RegisterTrainingRoutes(Router& router, services::TrainingService& trainings) {
    router.Add(Method::kGet, "/api/v1/trainings", [&trainings](Request& r) { return List(trainings, r); });
    router.Add(Method::kPost, "/api/v1/trainings", [&trainings](Request& r) { return Create(trainings, r); });
    router.Add(Method::kGet, "/api/v1/trainings/{id}", [&trainings](Request& r) { return Get(trainings, r); });
    router.Add(Method::kPost, "/api/v1/trainings/{id}/attendance",
               [&trainings](Request& r) { return RecordAttendance(trainings, r); });
    router.Add(Method::kDelete, "/api/v1/trainings/{id}/attendance/{enterprise_id}",
               [&trainings](Request& r) { return DeleteAttendance(trainings, r); });
    router.Add(Method::kGet, "/api/v1/stats/training", [&trainings](Request& r) { return Stats(trainings, r); });
    router.Add(Method::kGet, "/api/v1/enterprises/{id}/trainings",
               [&trainings](Request& r) { return ForEnterprise(trainings, r); });
}

}  // namespace safegrid::http
