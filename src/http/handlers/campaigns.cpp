#include "http/handlers/campaigns.hpp"

#include <boost/json/array.hpp>

#include "http/handlers/hazard_documents.hpp"
#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/campaign_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response List(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto enterprise_id = json::QueryInt(r, "enterprise_id");
    if (!enterprise_id) return Fail(enterprise_id.error(), r);
    services::CampaignListQuery query;
    if (auto open_on = r.Query("open_on"); open_on && !open_on->empty()) query.open_on = std::string(*open_on);
    query.enterprise_id = *enterprise_id;
    query.offset = page->Offset();
    query.limit = page->size;
    auto listed = campaigns.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    const std::string today = campaigns.Today();
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& c : listed->first) items.emplace_back(json::CampaignJson(c, today));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::CampaignInputFromJson(*body, true);
    if (!input) return Fail(input.error(), r);
    auto created = campaigns.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::CampaignDetailJson(*created, campaigns.Today()));
}

Response Get(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    bool by_grid = false;
    if (auto by = r.Query("by"); by && !by->empty()) {
        if (*by != "grid" && *by != "village") {
            return Fail(Invalid("by", {"应为 village 或 grid", "Must be village or grid"}).value(), r);
        }
        by_grid = *by == "grid";
    }
    auto view = campaigns.Get(*r.principal, *id, by_grid);
    if (!view) return Fail(view.error(), r);
    return Json(200, json::CampaignDetailJson(*view, campaigns.Today()));
}

Response Recheck(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::RecheckInputFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto created = campaigns.Recheck(&*r.principal, *id, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::CampaignDetailJson(*created, campaigns.Today()));
}

Response Enterprises(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto inspected = json::QueryBool(r, "inspected");
    if (!inspected) return Fail(inspected.error(), r);
    auto listed = campaigns.Enterprises(*r.principal, *id, inspected->value_or(false), page->Offset(), page->size);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& e : listed->first) items.emplace_back(json::CampaignEnterpriseJson(e));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Export(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto bytes = campaigns.ExportXlsx(*r.principal, *id);
    if (!bytes) return Fail(bytes.error(), r);
    Response out;
    out.status = 200;
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.body = std::move(*bytes);
    const std::string stem = "campaign-" + std::to_string(*id);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(stem + ".xlsx", "专项整治-" + stem + ".xlsx"));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

Response Patch(services::CampaignService& campaigns, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::CampaignInputFromJson(*body, false);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = campaigns.Update(*r.principal, *id, *version, *patch);
    if (!updated) return Fail(updated.error(), r);
    return Json(200, json::CampaignDetailJson(*updated, campaigns.Today()));
}

}  // namespace

void RegisterCampaignRoutes(Router& router, services::CampaignService& campaigns) {
    router.Add(Method::kGet, "/api/v1/campaigns", [&campaigns](Request& r) { return List(campaigns, r); });
    router.Add(Method::kPost, "/api/v1/campaigns", [&campaigns](Request& r) { return Create(campaigns, r); });
    router.Add(Method::kGet, "/api/v1/campaigns/{id}", [&campaigns](Request& r) { return Get(campaigns, r); });
    router.Add(Method::kPatch, "/api/v1/campaigns/{id}", [&campaigns](Request& r) { return Patch(campaigns, r); });
    router.Add(Method::kPost, "/api/v1/campaigns/{id}/recheck",
               [&campaigns](Request& r) { return Recheck(campaigns, r); });
    router.Add(Method::kGet, "/api/v1/campaigns/{id}/enterprises",
               [&campaigns](Request& r) { return Enterprises(campaigns, r); });
    router.Add(Method::kGet, "/api/v1/campaigns/{id}/export.xlsx",
               [&campaigns](Request& r) { return Export(campaigns, r); });
}

}  // namespace safegrid::http
