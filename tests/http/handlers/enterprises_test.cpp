#include "http/handlers/enterprises.hpp"

#include <gtest/gtest.h>

#include <set>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class EnterprisesHttp : public test::RegistryHttp {
  protected:
    std::string NewBody(int64_t grid, int n, const std::string& extra = "") {
        return R"({"grid_id":)" + Id(grid) + R"(,"name":"慈溪市新建服饰厂)" + std::to_string(n) +
               R"(","credit_code":")" + test::CreditCodeFor(n) + R"(","address":"匡堰镇","tags":["dust"])" + extra +
               "}";
    }
    std::vector<int64_t> Ids(const std::string& target, const std::string& who, int64_t* total = nullptr) {
        auto reply = Get(target, who);
        EXPECT_EQ(reply.status, 200) << target << " " << boost::json::serialize(reply.body);
        std::vector<int64_t> ids;
        if (reply.status != 200) return ids;
        for (const auto& e : reply.body.at("items").as_array()) ids.push_back(e.at("id").as_int64());
        if (total) *total = reply.Int("total");
        return ids;
    }
};

TEST_P(EnterprisesHttp, ResourceHasEveryContractField) {
    auto reply = Get("/api/v1/enterprises/" + Id(w_->ent1a), "inspector");
    ASSERT_EQ(reply.status, 200);
    for (const char* key :
         {"id",      "name",        "credit_code", "grid_id",      "address",       "industry_code", "employees",
          "tags",    "lat",         "lng",         "contact_name", "contact_phone", "risk_level",    "risk_score",
          "version", "building_id", "village_id",  "town_id",      "created_at",    "updated_at"}) {
        EXPECT_TRUE(reply.body.as_object().contains(key)) << key;
    }
    EXPECT_EQ(reply.body.at("tags"), boost::json::parse(R"(["three_in_one","group_rented"])"));
    EXPECT_EQ(reply.body.at("risk_level"), "orange");
    EXPECT_EQ(reply.body.at("created_at"), "2026-11-29T11:31:14Z");
}

// Issue 12 point 5: the enterprise file names its grid and its industry; the server answers the
// names (from the GB/T 4754 table), the web keeps no copy.
TEST_P(EnterprisesHttp, ResourceNamesItsGridAndIndustry) {
    IndustryTable industries;
    ASSERT_TRUE(industries.Add("18", {"纺织服装、服饰业", "Manufacture of textile wearing apparel and clothing"}));
    ASSERT_TRUE(industries.Add("1810", {"机织服装制造", "Manufacture of woven apparel"}));
    w_->enterprises->SetIndustries(std::make_shared<const IndustryTable>(std::move(industries)));
    w_->store->Exec("UPDATE enterprises SET industry_code = 'C1810' WHERE id = ?", {w_->ent1a});
    w_->store->Exec("UPDATE enterprises SET industry_code = '9999' WHERE id = ?", {w_->ent1b});

    auto one = Get("/api/v1/enterprises/" + Id(w_->ent1a), "town");
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.body.at("grid_name"), "高家村第一网格");
    EXPECT_EQ(one.body.at("industry_name"), "机织服装制造");
    EXPECT_EQ(one.body.at("industry_name_en"), "Manufacture of woven apparel");

    auto unknown = Get("/api/v1/enterprises/" + Id(w_->ent1b), "town");
    ASSERT_EQ(unknown.status, 200);
    EXPECT_EQ(unknown.body.at("grid_name"), "高家村第二网格");
    EXPECT_TRUE(unknown.body.at("industry_name").is_null());
    EXPECT_EQ(unknown.body.at("industry_code"), "9999");

    auto page = Get("/api/v1/enterprises?page_size=50", "town");
    ASSERT_EQ(page.status, 200);
    for (const auto& item : page.body.at("items").as_array()) {
        EXPECT_TRUE(item.at("grid_name").is_string()) << boost::json::serialize(item);
        if (item.at("id").as_int64() == w_->ent1a) EXPECT_EQ(item.at("industry_name"), "机织服装制造");
    }

    auto created = Post("/api/v1/enterprises", "town", NewBody(w_->grid2a, 77, R"(,"industry_code":"1810")"));
    ASSERT_EQ(created.status, 201);
    EXPECT_EQ(created.body.at("grid_name"), "倡隆村第一网格");
    EXPECT_EQ(created.body.at("industry_name"), "机织服装制造");
}

TEST_P(EnterprisesHttp, EveryRoleInAndOutOfScope) {
    struct Case {
        const char* who;
        int64_t id;
        int status;
    };
    const auto& w = *w_;
    for (const Case& c : {Case{"admin", w.ent_other, 200}, Case{"town", w.ent2a, 200}, Case{"town", w.ent_other, 404},
                          Case{"village", w.ent1b, 200}, Case{"village", w.ent2a, 404}, Case{"inspector", w.ent1a, 200},
                          Case{"inspector", w.ent1b, 404}, Case{"enterprise", w.ent1a, 200},
                          Case{"enterprise", w.ent1b, 404}, Case{"admin", 99999, 404}}) {
        EXPECT_EQ(Get("/api/v1/enterprises/" + Id(c.id), c.who).status, c.status) << c.who << " " << c.id;
        const std::string body = R"({"contact_phone":"13511112222","version":1})";
        auto patched = Patch("/api/v1/enterprises/" + Id(c.id), c.who, body);
        EXPECT_EQ(patched.status, c.status) << "PATCH " << c.who << " " << c.id;
        if (patched.status == 200) {  // put it back so the next row sees version 1 … by re-reading it
            ASSERT_EQ(patched.Int("version"), 2);
            w_->store->Exec("UPDATE enterprises SET version = 1 WHERE id = ?", {c.id});
        }
    }
}

TEST_P(EnterprisesHttp, PostCreatesForStaffOnly) {
    auto created = Post("/api/v1/enterprises", "inspector", NewBody(w_->grid1a, 50));
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    EXPECT_EQ(created.body.at("risk_level"), "orange");  // no training yet: + 18
    EXPECT_EQ(created.Int("village_id"), w_->village1);
    EXPECT_EQ(Post("/api/v1/enterprises", "enterprise", NewBody(w_->grid1a, 51)).status, 403);
    auto out = Post("/api/v1/enterprises", "inspector", NewBody(w_->grid1b, 52));
    EXPECT_EQ(out.status, 422);
    EXPECT_TRUE(out.HasField("grid_id"));
    auto dup = Post("/api/v1/enterprises", "town", NewBody(w_->grid2a, 50));
    EXPECT_EQ(dup.status, 409);
    EXPECT_EQ(dup.Code(), "already_exists");
    EXPECT_EQ(Post("/api/v1/enterprises", "town", NewBody(w_->grid2a, 53, R"(,"risk_level":"blue")")).status, 422);
}

TEST_P(EnterprisesHttp, HostileBodiesNeverGive500) {
    for (const char* body :
         {"null", "[]", "{", R"({"grid_id":"1"})", R"({"grid_id":1e400})", R"({"grid_id":-1})",
          R"({"grid_id":1,"tags":"dust"})", R"({"grid_id":1,"tags":[1]})", R"({"grid_id":1,"lat":"north"})",
          R"({"grid_id":1,"employees":1.5})", R"({"grid_id":1,"name":"\u0000"})",
          R"({"grid_id":1,"lat":1e308,"lng":0})", R"({"grid_id":1,"credit_code":"91350100M000100Y44"})",
          R"({"a":{"b":{"c":{"d":{"e":{"f":[[[[[[[[[[[[]]]]]]]]]]]]}}}}}})"}) {
        auto reply = Post("/api/v1/enterprises", "town", body);
        EXPECT_TRUE(reply.status == 400 || reply.status == 422) << body << " → " << reply.status;
    }
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM enterprises"), 4);
}

TEST_P(EnterprisesHttp, CreditCodeCheckCharacterIs422) {
    std::string body = NewBody(w_->grid2a, 60);
    const std::string code = test::CreditCodeFor(60);
    std::string wrong = code;
    wrong[17] = code[17] == 'A' ? 'B' : 'A';
    body.replace(body.find(code), code.size(), wrong);
    auto reply = Post("/api/v1/enterprises", "town", body);
    EXPECT_EQ(reply.status, 422);
    EXPECT_TRUE(reply.HasField("credit_code"));
}

TEST_P(EnterprisesHttp, ListFiltersAndPages) {
    const auto& w = *w_;
    EXPECT_EQ(Ids("/api/v1/enterprises", "village"), (std::vector<int64_t>{w.ent1a, w.ent1b}));
    EXPECT_EQ(Ids("/api/v1/enterprises?region_id=" + Id(w.grid1b), "town"), (std::vector<int64_t>{w.ent1b}));
    EXPECT_EQ(Ids("/api/v1/enterprises?region_id=", "inspector"), (std::vector<int64_t>{w.ent1a}));
    EXPECT_EQ(Ids("/api/v1/enterprises?q=%E5%AE%8F%E8%BE%BE", "admin"), (std::vector<int64_t>{w.ent1a}));  // 宏达
    EXPECT_EQ(Ids("/api/v1/enterprises?q=" + std::string("%E6%B0%B8%E7%9B%9B%E9%92%88%E7%BB%87"), "admin"),
              (std::vector<int64_t>{w.ent2a}));  // 永盛针织
    EXPECT_EQ(Ids("/api/v1/enterprises?tag=dust", "admin"), (std::vector<int64_t>{w.ent2a}));
    // ent1b: 42 + 21 + 18 (untrained) = 81, the town's one yellow enterprise.
    EXPECT_EQ(Ids("/api/v1/enterprises?risk_level=yellow&region_id=" + Id(w.town), "admin"),
              (std::vector<int64_t>{w.ent1b}));
    int64_t total = 0;
    EXPECT_EQ(Ids("/api/v1/enterprises?page=2&page_size=1", "town", &total), (std::vector<int64_t>{w.ent1b}));
    EXPECT_EQ(total, 3);
    auto page = Get("/api/v1/enterprises?page=2&page_size=1", "town");
    EXPECT_EQ(page.Int("page"), 2);
    EXPECT_EQ(page.Int("page_size"), 1);
    EXPECT_EQ(Get("/api/v1/enterprises?region_id=" + Id(w.other_grid), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/enterprises?region_id=" + Id(w.grid1b), "inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/enterprises?region_id=0", "admin").status, 404);
    for (const char* bad : {"region_id=x", "tag=fire", "risk_level=green", "page=0", "page_size=201", "page=a"}) {
        EXPECT_EQ(Get(std::string("/api/v1/enterprises?") + bad, "admin").status, 422) << bad;
    }
}

TEST_P(EnterprisesHttp, PatchRulesOverHttp) {
    const std::string path = "/api/v1/enterprises/" + Id(w_->ent1a);
    auto missing = Patch(path, "town", R"({"employees":3})");
    EXPECT_EQ(missing.status, 422);
    EXPECT_TRUE(missing.HasField("version"));
    EXPECT_EQ(Patch(path, "enterprise", R"({"name":"改名","version":1})").status, 403);
    EXPECT_EQ(Patch(path, "town", R"({"risk_level":"blue","version":1})").status, 422);
    auto ok = Patch(path, "enterprise", R"({"contact_name":"陈静","employees":null})", {{"if-match", "1"}});
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.body.at("contact_name"), "陈静");
    EXPECT_TRUE(ok.body.at("employees").is_null());
    EXPECT_EQ(ok.body.at("name"), "慈溪市宏达服饰有限公司");
    EXPECT_EQ(Patch(path, "town", R"({"tags":[],"version":1})").status, 409);
    auto regraded = Patch(path, "town", R"({"tags":[],"version":2})");
    ASSERT_EQ(regraded.status, 200);
    EXPECT_EQ(regraded.body.at("risk_level"), "yellow");  // 42 + 21 + 18 untrained
    EXPECT_EQ(w_->AuditCount("enterprise"), 6);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterprisesHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http

namespace safegrid::http {
namespace {

using RiskHttp = EnterprisesHttp;

std::set<std::string> Keys(const boost::json::value& v) {
    std::set<std::string> out;
    for (const auto& kv : v.as_object()) out.insert(std::string(kv.key()));
    return out;
}

TEST_P(RiskHttp, RiskHasExactlyTheContractShape) {
    auto reply = Get("/api/v1/enterprises/" + Id(w_->ent1a) + "/risk", "inspector");
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    EXPECT_EQ(Keys(reply.body), (std::set<std::string>{"level", "score", "method", "factors", "computed_at",
                                                       "last_inspected_at", "next_inspection_due", "history"}));
    EXPECT_EQ(reply.body.at("method"), "LEC");
    EXPECT_TRUE(reply.body.at("last_inspected_at").is_null());
    EXPECT_EQ(reply.body.at("computed_at"), "2026-11-29T11:31:14Z");
    int64_t sum = 0;
    std::set<std::string> codes;
    for (const auto& f : reply.body.at("factors").as_array()) {
        EXPECT_EQ(Keys(f), (std::set<std::string>{"code", "label", "value", "points"}));
        sum += f.at("points").as_int64();
        codes.insert(std::string(f.at("code").as_string()));
    }
    EXPECT_EQ(sum, reply.Int("score"));
    // ent1a: no industry code, no head count, three_in_one and group_rented, no training.
    EXPECT_EQ(codes, (std::set<std::string>{"industry_unknown", "employees_unknown", "three_in_one", "group_rented",
                                            "no_recent_training"}));
    EXPECT_EQ(reply.Int("score"), 42 + 21 + 150 + 42 + 18);
    EXPECT_EQ(reply.body.at("level"), "orange");
    const auto& first = reply.body.at("factors").as_array().front();
    EXPECT_EQ(first.at("label"), "Industry unknown (counted as medium)");  // Accept-Language: en
    EXPECT_TRUE(first.at("value").is_null());
    const auto& history = reply.body.at("history").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(Keys(history[0]), (std::set<std::string>{"level", "score", "at", "reason"}));
    EXPECT_EQ(history[0].at("reason"), "enterprise.create");
    auto enterprise = Get("/api/v1/enterprises/" + Id(w_->ent1a), "inspector");
    EXPECT_EQ(enterprise.body.at("risk_score"), reply.body.at("score"));
    EXPECT_EQ(enterprise.body.at("risk_level"), reply.body.at("level"));
}

TEST_P(RiskHttp, RiskOutsideScopeIs404) {
    const std::string path = "/api/v1/enterprises/" + Id(w_->ent1a) + "/risk";
    for (const char* who : {"other_town", "other_village", "other_inspector", "other_enterprise"}) {
        EXPECT_EQ(Get(path, who).status, 404) << who;
    }
    EXPECT_EQ(Get(path, "enterprise").status, 200);
    EXPECT_EQ(Get("/api/v1/enterprises/999999/risk", "admin").status, 404);
    EXPECT_EQ(Get("/api/v1/enterprises/x/risk", "admin").status, 404);
    EXPECT_EQ(Get(path, "").status, 401);
}

TEST_P(RiskHttp, DueListsTheEnterprisesDueInScope) {
    std::vector<int64_t> all{w_->ent1a, w_->ent1b, w_->ent2a};  // none inspected yet
    EXPECT_EQ(Ids("/api/v1/enterprises?due=true", "town"), all);
    EXPECT_EQ(Ids("/api/v1/enterprises?due=true", "inspector"), (std::vector<int64_t>{w_->ent1a}));
    EXPECT_EQ(Ids("/api/v1/enterprises?due=false", "town"), all);
    w_->store->Exec("UPDATE enterprises SET inspection_due_at = ? WHERE id = ?",
                    {w_->clock.Now() + 86400, w_->ent1b});  // inspected: due tomorrow
    int64_t total = 0;
    EXPECT_EQ(Ids("/api/v1/enterprises?due=true", "town", &total), (std::vector<int64_t>{w_->ent1a, w_->ent2a}));
    EXPECT_EQ(total, 2);
    EXPECT_EQ(Get("/api/v1/enterprises?due=maybe", "town").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Stores, RiskHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
