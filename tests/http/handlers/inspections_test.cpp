#include "http/handlers/inspections.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/checklist/checklist.hpp"
#include "http/handlers/inspection_http.hpp"

namespace safegrid::test {
namespace {

class InspectionsHttp : public InspectionHttp {
  protected:
    std::string Body(int64_t enterprise, const std::string& items, const std::string& extra = "") {
        return R"({"enterprise_id":)" + Id(enterprise) + R"(,"checklist_id":"fire-small-workshop","items":)" + items +
               extra + "}";
    }
};

TEST_P(InspectionsHttp, ChecklistsListTheTemplatesWithTheirItems) {
    auto r = Get("/api/v1/checklists", "enterprise");
    ASSERT_EQ(r.status, 200);
    ASSERT_TRUE(r.body.is_array());
    ASSERT_EQ(r.body.as_array().size(), 3u);
    std::set<int64_t> template_ids;
    for (const auto& t : r.body.as_array()) {
        // CONTRACT: ids are integers; the standard's own id is the code.
        ASSERT_TRUE(t.at("id").is_int64());
        template_ids.insert(t.at("id").as_int64());
        EXPECT_EQ(t.at("id").as_int64(), checklist::PublicNumber(t.at("code").as_string()));
        EXPECT_EQ(t.at("version").as_int64(), 1);
        EXPECT_FALSE(t.at("title").as_string().empty());
        ASSERT_FALSE(t.at("items").as_array().empty());
        for (const auto& item : t.at("items").as_array()) {
            for (const char* key : {"id", "code", "text", "finding", "finding_en", "category", "severity"})
                EXPECT_TRUE(item.as_object().contains(key)) << key;
            // The question stays the text; a fire item's finding says what a fail means.
            if (t.at("code") == "fire-small-workshop") EXPECT_NE(item.at("finding"), item.at("text"));
            EXPECT_TRUE(item.at("id").is_int64());
        }
    }
    EXPECT_EQ(template_ids.size(), 3u);
    EXPECT_EQ(Get("/api/v1/checklists", "").status, 401);
}

TEST_P(InspectionsHttp, IntegerIdsFromTheChecklistListNameTheTemplateAndItsItems) {
    auto list = Get("/api/v1/checklists", "inspector");
    ASSERT_EQ(list.status, 200);
    const boost::json::object* fire = nullptr;
    for (const auto& t : list.body.as_array())
        if (t.at("code") == "fire-small-workshop") fire = &t.as_object();
    ASSERT_NE(fire, nullptr);
    auto item_id = [&](const char* code) {
        for (const auto& item : fire->at("items").as_array())
            if (item.at("code") == code) return item.at("id").as_int64();
        ADD_FAILURE() << code;
        return int64_t{0};
    };
    const std::string body = R"({"enterprise_id":)" + Id(w_->r->ent1a) + R"(,"checklist_id":)" +
                             Id(fire->at("id").as_int64()) + R"(,"items":[{"item_id":)" + Id(item_id("FS-EVA-03")) +
                             R"(,"result":"fail","note":"堵塞"},{"item_id":)" + Id(item_id("FS-ELE-01")) +
                             R"(,"result":"pass"}]})";
    auto r = Post("/api/v1/inspections", "inspector", body);
    ASSERT_EQ(r.status, 201) << boost::json::serialize(r.body);
    EXPECT_EQ(r.body.at("checklist_id").as_int64(), fire->at("id").as_int64());
    EXPECT_EQ(r.body.at("checklist_code").as_string(), "fire-small-workshop");
    EXPECT_EQ(r.body.at("items").at(0).at("item_id").as_int64(), item_id("FS-EVA-03"));
    EXPECT_EQ(r.body.at("items").at(0).at("item_code").as_string(), "FS-EVA-03");
    auto hazard = Get("/api/v1/hazards/" + Id(r.body.at("hazard_ids").at(0).as_int64()), "inspector");
    EXPECT_EQ(hazard.body.at("checklist_item").as_string(), "FS-EVA-03");

    // A number that names no checklist, or no item of this one, is refused at its field.
    auto no_template = Post("/api/v1/inspections", "inspector",
                            R"({"enterprise_id":)" + Id(w_->r->ent1a) +
                                R"(,"checklist_id":12345,"items":[{"item_id":1,"result":"pass"}]})");
    ASSERT_EQ(no_template.status, 422);
    EXPECT_TRUE(no_template.body.at("error").at("fields").as_object().contains("checklist_id"));
    auto no_item = Post("/api/v1/inspections", "inspector",
                        R"({"enterprise_id":)" + Id(w_->r->ent1a) + R"(,"checklist_id":)" +
                            Id(fire->at("id").as_int64()) + R"(,"items":[{"item_id":12345,"result":"pass"}]})");
    ASSERT_EQ(no_item.status, 422);
    EXPECT_TRUE(no_item.body.at("error").at("fields").as_object().contains("items[0].item_id"));
    auto negative = Post("/api/v1/inspections", "inspector",
                         R"({"enterprise_id":)" + Id(w_->r->ent1a) + R"(,"checklist_id":-3,"items":[]})");
    EXPECT_EQ(negative.status, 422);
}

TEST_P(InspectionsHttp, PostOpensAHazardPerFailAndAnswers201) {
    auto r = Post("/api/v1/inspections", "inspector",
                  Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail","note":"堵塞"},
                                         {"item_id":"FS-ELE-01","result":"pass"},
                                         {"item_id":"FS-MGT-04","result":"fail"}])",
                       R"(,"lat":30.17,"lng":121.33,"note":"季度检查")"));
    ASSERT_EQ(r.status, 201) << boost::json::serialize(r.body);
    ASSERT_EQ(r.body.at("hazard_ids").as_array().size(), 2u);
    EXPECT_EQ(r.body.at("kind").as_string(), "routine");
    EXPECT_EQ(r.body.at("failed").as_int64(), 2);
    EXPECT_EQ(r.body.at("items").as_array().size(), 3u);
    EXPECT_EQ(r.body.at("items").at(0).at("text").as_string(),
              w_->checklists->Current("fire-small-workshop")->FindItem("FS-EVA-03")->text);
    EXPECT_EQ(r.body.at("items").at(0).at("finding").as_string(),
              w_->checklists->Current("fire-small-workshop")->FindItem("FS-EVA-03")->finding);
    const int64_t id = r.Int("id");
    for (const auto& h : r.body.at("hazard_ids").as_array()) {
        auto hazard = Get("/api/v1/hazards/" + Id(h.as_int64()), "inspector");
        ASSERT_EQ(hazard.status, 200);
        EXPECT_EQ(hazard.body.at("status").as_string(), "rectifying");
        EXPECT_EQ(hazard.body.at("inspection_id").as_int64(), id);
        EXPECT_TRUE(hazard.body.at("due_at").is_string());
    }
    auto one = Get("/api/v1/inspections/" + Id(id), "village");
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.body.at("hazard_ids"), r.body.at("hazard_ids"));
    auto list = Get("/api/v1/inspections?enterprise_id=" + Id(w_->r->ent1a) + "&page=1&page_size=5", "town");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Int("total"), 1);
    EXPECT_EQ(list.Int("page_size"), 5);
    EXPECT_EQ(list.body.at("items").at(0).at("id").as_int64(), id);
}

TEST_P(InspectionsHttp, BadBodiesNameTheField) {
    struct Case {
        std::string body;
        const char* field;
    };
    const Case cases[] = {
        {Body(w_->r->ent1a, R"([{"item_id":7,"result":"fail"}])"), "items[0].item_id"},
        {Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"},{"item_id":"FS-ELE-01","result":"meh"}])"),
         "items[1].result"},
        {Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"},{"item_id":"NOPE-01","result":"pass"}])"),
         "items[1].item_id"},
        {Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"},{"item_id":"FS-EVA-03","result":"pass"}])"),
         "items[1].item_id"},
        {Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail","attachments":"x"}])"), "items[0].attachments"},
        {Body(w_->r->ent1a, R"([1])"), "items[0]"},
        {Body(w_->r->ent1a, R"({})"), "items"},
        {Body(w_->r->ent1a, R"([])"), "items"},
        {R"({"enterprise_id":"x","checklist_id":"fire-small-workshop","items":[{"item_id":"FS-EVA-03","result":"pass"}]})",
         "enterprise_id"},
        {R"({"enterprise_id":1,"checklist_id":"nope","items":[{"item_id":"FS-EVA-03","result":"pass"}]})",
         "checklist_id"},
        {Body(w_->r->ent1b, R"([{"item_id":"FS-EVA-03","result":"fail"}])"),
         "enterprise_id"},  // not the inspector's grid
        {Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"}])", R"(,"lat":91,"lng":0)"), "lat"},
    };
    for (const auto& c : cases) {
        auto r = Post("/api/v1/inspections", "inspector", c.body);
        EXPECT_EQ(r.status, 422) << c.body;
        EXPECT_TRUE(r.HasField(c.field)) << c.field << " in " << boost::json::serialize(r.body);
    }
    EXPECT_EQ(Post("/api/v1/inspections", "inspector", "{not json").status, 400);
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/inspections", "inspector", Body(w_->r->ent1a, "[]"),
                   {{"content-type", "text/plain"}})
                  .status,
              415);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM inspections"), 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
}

TEST_P(InspectionsHttp, RolesAndScope) {
    const std::string routine =
        Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"}])", R"(,"kind":"routine")");
    EXPECT_EQ(Post("/api/v1/inspections", "enterprise", routine).status, 403);
    auto self =
        Post("/api/v1/inspections", "enterprise", Body(w_->r->ent1a, R"([{"item_id":"FS-EVA-03","result":"fail"}])"));
    ASSERT_EQ(self.status, 201);
    EXPECT_EQ(self.body.at("kind").as_string(), "self_check");
    auto hazard = Get("/api/v1/hazards/" + Id(self.body.at("hazard_ids").at(0).as_int64()), "enterprise");
    EXPECT_EQ(hazard.body.at("status").as_string(), "reported");
    const std::string id = Id(self.Int("id"));
    EXPECT_EQ(Get("/api/v1/inspections/" + id, "other_inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/inspections/" + id, "other_town").status, 404);
    EXPECT_EQ(Get("/api/v1/inspections/" + id, "inspector").status, 200);
    EXPECT_EQ(Get("/api/v1/inspections/abc", "admin").status, 404);
    EXPECT_EQ(Get("/api/v1/inspections?region_id=" + Id(w_->r->village2), "inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/inspections?region_id=0", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/inspections?page_size=500", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/inspections?enterprise_id=x", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/inspections", "other_town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/inspections", "").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Stores, InspectionsHttp, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
