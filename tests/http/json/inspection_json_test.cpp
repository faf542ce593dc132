#include "http/json/inspection_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace safegrid::http::json {
namespace {

Result<services::NewInspection> Decode(const std::string& text) {
    Request r;
    r.method = Method::kPost;
    r.headers["content-type"] = "application/json";
    r.body = text;
    return NewInspectionFromRequest(r);
}

TEST(InspectionJson, DecodesEveryField) {
    auto n = Decode(R"({"enterprise_id":3,"checklist_id":"fire-small-workshop","checklist_version":2,"kind":"campaign",
        "note":"回头看","lat":30.1,"lng":121.2,"items":[{"item_id":"FS-EVA-03","result":"fail","note":"堵塞",
        "attachments":[5,6],"severity":"major"},{"item_id":"FS-ELE-01","result":"pass"}]})");
    ASSERT_TRUE(n) << n.error().id;
    EXPECT_EQ(n->enterprise_id, 3);
    EXPECT_EQ(n->checklist_version, 2);
    EXPECT_EQ(n->kind, "campaign");
    EXPECT_EQ(n->lat, 30.1);
    ASSERT_EQ(n->items.size(), 2u);
    EXPECT_EQ(n->items[0].attachments, (std::vector<int64_t>{5, 6}));
    EXPECT_EQ(n->items[0].severity, "major");
    EXPECT_FALSE(n->items[1].severity);
}

TEST(InspectionJson, TakesIntegerIdsOrCodesForTheChecklistAndItsItems) {
    auto n = Decode(R"({"enterprise_id":3,"checklist_id":77,"items":[{"item_id":9,"result":"pass"},
        {"item_id":"FS-ELE-01","result":"pass"}]})");
    ASSERT_TRUE(n) << n.error().id;
    EXPECT_EQ(n->checklist_number, 77);
    EXPECT_TRUE(n->checklist_id.empty());
    EXPECT_EQ(n->items[0].item_number, 9);
    EXPECT_TRUE(n->items[0].item_id.empty());
    EXPECT_EQ(n->items[1].item_id, "FS-ELE-01");
    EXPECT_FALSE(n->items[1].item_number);
    for (const char* bad :
         {R"({"enterprise_id":3,"checklist_id":0,"items":[]})", R"({"enterprise_id":3,"checklist_id":1.5,"items":[]})",
          R"({"enterprise_id":3,"checklist_id":99999999999,"items":[]})"}) {
        auto r = Decode(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().fields.count("checklist_id")) << bad;
    }
}

TEST(InspectionJson, NamesNestedFieldsAndCollectsThemAll) {
    auto n = Decode(R"({"enterprise_id":"x","checklist_id":true,"items":[{"result":"pass"},"x",
        {"item_id":"A","result":1,"note":"\u0007"}]})");
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, Code::kValidation);
    for (const char* f :
         {"enterprise_id", "checklist_id", "items[0].item_id", "items[1]", "items[2].result", "items[2].note"}) {
        EXPECT_TRUE(n.error().fields.count(f)) << f;
    }
    std::string many = R"({"enterprise_id":1,"checklist_id":"x","items":[)";
    for (int i = 0; i < 501; ++i) many += std::string(i ? "," : "") + R"({"item_id":"a","result":"pass"})";
    auto big = Decode(many + "]}");
    ASSERT_FALSE(big);
    EXPECT_TRUE(big.error().fields.count("items"));
}

TEST(InspectionJson, TransportErrorsComeFirst) {
    EXPECT_EQ(Decode("[1]").error().code, Code::kMalformed);
    EXPECT_EQ(Decode("").error().code, Code::kMalformed);
    Request r;
    r.body = "{}";
    r.headers["content-type"] = "text/plain";
    EXPECT_EQ(NewInspectionFromRequest(r).error().code, Code::kUnsupportedMedia);
}

TEST(InspectionJson, ChecklistShowsTheContractFieldsAndMajorReasons) {
    checklist::Template t;
    t.id = "x";
    t.version = 3;
    t.title_zh = "表";
    checklist::Item item;
    item.id = "X-01";
    item.text = "出租方未统一协调管理";
    item.category = checklist::Category::kManagement;
    item.severity = Severity::kMajor;
    item.major_reason = Text{"判定为重大事故隐患", "a major accident hazard"};
    t.items = {item};
    const auto o = ChecklistJson(t);
    EXPECT_EQ(o.at("version").as_int64(), 3);
    const auto& i = o.at("items").at(0);
    EXPECT_EQ(i.at("id").as_int64(), checklist::PublicNumber("X-01"));
    EXPECT_EQ(i.at("code").as_string(), "X-01");
    EXPECT_EQ(o.at("id").as_int64(), checklist::PublicNumber("x"));
    EXPECT_EQ(o.at("code").as_string(), "x");
    EXPECT_EQ(i.at("category").as_string(), "management");
    EXPECT_EQ(i.at("severity").as_string(), "major");
    EXPECT_EQ(i.at("major_reason").as_string(), "判定为重大事故隐患");
}

TEST(InspectionJson, ImportReportPicksTheLanguage) {
    services::ImportReport r;
    r.dry_run = true;
    r.total_rows = 2;
    r.valid_rows = 1;
    r.errors.push_back({3, "grid", "所属网格", {"没有这个网格", "No such grid"}});
    const auto en = ImportReportJson(r, Locale::kEn);
    EXPECT_EQ(en.at("errors").at(0).at("message").as_string(), "No such grid");
    EXPECT_EQ(en.at("errors").at(0).at("row").as_int64(), 3);
    EXPECT_TRUE(en.at("warnings").as_array().empty());
    EXPECT_EQ(ImportReportJson(r, Locale::kZh).at("errors").at(0).at("message").as_string(), "没有这个网格");
}

}  // namespace
}  // namespace safegrid::http::json
