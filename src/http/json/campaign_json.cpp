#include "http/json/campaign_json.hpp"

#include <boost/json.hpp>

#include "core/region/region.hpp"
#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::object Counts(const services::CampaignCounts& c) {
    return {{"in_scope", c.in_scope}, {"inspected", c.inspected}, {"hazards", c.hazards}, {"closed", c.closed}};
}

}  // namespace

bj::object CampaignJson(const services::CampaignRecord& c, const std::string& today) {
    bj::object o;
    o["id"] = c.id;
    o["town_id"] = c.town_id;
    o["name"] = c.name;
    o["starts_on"] = c.starts_on;
    o["ends_on"] = c.ends_on;
    o["scope"] = bj::object{{"region_ids", bj::value_from(c.region_ids)}, {"tags", bj::value_from(c.tags)}};
    o["categories"] = bj::value_from(c.categories);
    o["parent_id"] = c.parent_id ? bj::value(*c.parent_id) : bj::value(nullptr);
    o["open"] = c.starts_on <= today && today <= c.ends_on;
    o["status"] = today < c.starts_on ? "upcoming" : (today > c.ends_on ? "finished" : "open");
    o["version"] = c.version;
    o["created_at"] = FormatRfc3339(c.created_at);
    o["updated_at"] = FormatRfc3339(c.updated_at);
    return o;
}

bj::object CampaignDetailJson(const services::CampaignView& view, const std::string& today) {
    bj::object o = CampaignJson(view.campaign, today);
    const services::CampaignCounts total = view.progress.value_or(services::CampaignCounts{});
    bj::object progress = Counts(total);
    progress["coverage"] = total.Coverage();
    // A re-check round's progress adds recurred (CONTRACT); the by_region rows carry it for every round.
    if (view.campaign.parent_id) progress["recurred"] = total.recurred;
    o["progress"] = std::move(progress);
    bj::array by_region;
    for (const auto& row : view.by_region) {
        bj::object r = Counts(row.counts);
        if (view.campaign.parent_id) r["recurred"] = row.counts.recurred;
        r["region"] = bj::object{
            {"id", row.region_id}, {"name", row.region_name}, {"kind", std::string(RegionKindName(row.region_kind))}};
        by_region.emplace_back(std::move(r));
    }
    o["by_region"] = std::move(by_region);
    bj::array rounds;
    for (const auto& round : view.rounds) rounds.emplace_back(CampaignDetailJson(round, today));
    o["rounds"] = std::move(rounds);
    return o;
}

bj::object CampaignEnterpriseJson(const services::CampaignEnterpriseRow& e) {
    bj::object o;
    o["id"] = e.id;
    o["name"] = e.name;
    o["address"] = e.address;
    o["village_id"] = e.village_id ? bj::value(*e.village_id) : bj::value(nullptr);
    o["grid_id"] = e.grid_id ? bj::value(*e.grid_id) : bj::value(nullptr);
    o["inspected_at"] = e.inspected_at ? bj::value(FormatRfc3339(*e.inspected_at)) : bj::value(nullptr);
    return o;
}

Result<services::RecheckInput> RecheckInputFromJson(const bj::object& body) {
    FieldReader in(body);
    services::RecheckInput c;
    c.name = in.String("name", {.required = false, .max_len = services::kMaxCampaignName, .allow_empty = true});
    c.starts_on = in.String("starts_on", {.required = true, .max_len = 32, .allow_empty = true});
    c.ends_on = in.String("ends_on", {.required = true, .max_len = 32, .allow_empty = true});
    SG_TRY(in.Finish());
    return c;
}

Result<services::CampaignInput> CampaignInputFromJson(const bj::object& body, bool creating) {
    FieldReader in(body);
    services::CampaignInput c;
    c.name = in.String("name", {.required = creating, .max_len = services::kMaxCampaignName, .allow_empty = true});
    c.starts_on = in.String("starts_on", {.required = creating, .max_len = 32, .allow_empty = true});
    c.ends_on = in.String("ends_on", {.required = creating, .max_len = 32, .allow_empty = true});
    c.categories = in.StringArray("categories");
    const bj::value* scope = body.if_contains("scope");
    if (scope == nullptr || scope->is_null()) {
        if (creating) in.AddError("scope.region_ids", {"必填", "is required"});
    } else if (!scope->is_object()) {
        in.AddError("scope", {"必须是对象", "must be an object"});
    } else {
        FieldReader sub(scope->get_object());
        c.region_ids = sub.IntArray("region_ids", creating);
        c.tags = sub.StringArray("tags");
        if (auto ok = sub.Finish(); !ok) {
            for (auto& [field, why] : ok.error().fields) in.AddError("scope." + field, why);
        }
    }
    SG_TRY(in.Finish());
    return c;
}

}  // namespace safegrid::http::json
