#include "http/handlers/regions.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class RegionsHttp : public test::RegistryHttp {};

TEST_P(RegionsHttp, TreeHasTheContractShape) {
    auto reply = Get("/api/v1/regions", "town");
    ASSERT_EQ(reply.status, 200);
    ASSERT_TRUE(reply.body.is_array());
    ASSERT_EQ(reply.body.as_array().size(), 1u);
    const auto& town = reply.body.as_array()[0].as_object();
    for (const char* key : {"id", "name", "kind", "code", "parent_id", "children", "responsible", "version"}) {
        EXPECT_TRUE(town.contains(key)) << key;
    }
    EXPECT_EQ(town.at("kind"), "town");
    EXPECT_TRUE(town.at("parent_id").is_null());
    EXPECT_EQ(town.at("responsible").at("name"), "负责人匡堰镇");
    EXPECT_TRUE(town.at("responsible").at("user_id").is_null());
    const auto& village = town.at("children").as_array()[0].as_object();
    EXPECT_EQ(village.at("kind"), "village");
    EXPECT_EQ(village.at("parent_id").as_int64(), w_->town);
    EXPECT_EQ(village.at("children").as_array()[0].at("kind"), "grid");
}

TEST_P(RegionsHttp, TreeRootsPerRole) {
    auto roots = [&](const std::string& who) {
        std::vector<int64_t> ids;
        auto reply = Get("/api/v1/regions", who);
        EXPECT_EQ(reply.status, 200);
        for (const auto& n : reply.body.as_array()) ids.push_back(n.at("id").as_int64());
        return ids;
    };
    EXPECT_EQ(roots("admin"), (std::vector<int64_t>{w_->town, w_->other_town}));
    EXPECT_EQ(roots("town"), (std::vector<int64_t>{w_->town}));
    EXPECT_EQ(roots("village"), (std::vector<int64_t>{w_->village1}));
    EXPECT_EQ(roots("inspector"), (std::vector<int64_t>{w_->grid1a}));
    EXPECT_EQ(roots("enterprise"), (std::vector<int64_t>{w_->grid1a}));
    EXPECT_EQ(Get("/api/v1/regions", "").status, 401);
}

TEST_P(RegionsHttp, GetAnswers404OutsideScopeAndForJunkIds) {
    EXPECT_EQ(Get("/api/v1/regions/" + Id(w_->grid1b), "village").status, 200);
    EXPECT_EQ(Get("/api/v1/regions/" + Id(w_->grid1b), "inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/regions/" + Id(w_->other_town), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/regions/" + Id(w_->village1), "enterprise").status, 404);
    for (const char* junk : {"0", "-1", "abc", "1.0", "99999999999999999999"}) {
        EXPECT_EQ(Get(std::string("/api/v1/regions/") + junk, "admin").status, 404) << junk;
    }
}

TEST_P(RegionsHttp, PostCreates201WithTheResource) {
    auto reply = Post("/api/v1/regions", "town",
                      R"({"name":"新建村","kind":"village","parent_id":)" + Id(w_->town) +
                          R"(,"code":"330282110210","responsible":{"name":"李强","phone":"13700000000"}})");
    ASSERT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.body.at("kind"), "village");
    EXPECT_EQ(reply.body.at("parent_id").as_int64(), w_->town);
    EXPECT_EQ(reply.body.at("village_id").as_int64(), reply.Int("id"));
    EXPECT_EQ(reply.body.at("responsible").at("phone"), "13700000000");
    EXPECT_EQ(reply.Int("version"), 1);
}

TEST_P(RegionsHttp, PostRejectsRolesAndBadInput) {
    const std::string grid = R"({"name":"格","kind":"grid","parent_id":)" + Id(w_->village1) + "}";
    EXPECT_EQ(Post("/api/v1/regions", "village", grid).status, 403);
    EXPECT_EQ(Post("/api/v1/regions", "inspector", grid).status, 403);
    EXPECT_EQ(Post("/api/v1/regions", "enterprise", grid).status, 403);
    EXPECT_EQ(Post("/api/v1/regions", "other_town", grid).HasField("parent_id"), true);
    EXPECT_EQ(Post("/api/v1/regions", "town", R"({"name":"镇","kind":"town"})").status, 403);
    auto bad = Post("/api/v1/regions", "admin", R"({"name":"","kind":"city","code":7,"responsible":"x"})");
    EXPECT_EQ(bad.status, 422);
    for (const char* f : {"code", "responsible"}) EXPECT_TRUE(bad.HasField(f)) << f;  // types first
    auto rules = Post("/api/v1/regions", "admin", R"({"name":"","kind":"city"})");
    EXPECT_EQ(rules.status, 422);
    for (const char* f : {"name", "kind"}) EXPECT_TRUE(rules.HasField(f)) << f;
    EXPECT_EQ(Post("/api/v1/regions", "admin", "{not json").status, 400);
    EXPECT_EQ(Post("/api/v1/regions", "admin", "[1]").status, 400);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/regions", "admin", "{}", {{"content-type", "text/plain"}}).status, 415);
    auto nested = Post("/api/v1/regions", "admin", R"({"name":"镇","kind":"town","responsible":{"user_id":"x"}})");
    EXPECT_TRUE(nested.HasField("responsible.user_id"));
}

TEST_P(RegionsHttp, PatchNeedsAVersionAndAcceptsEveryIfMatchForm) {
    const std::string path = "/api/v1/regions/" + Id(w_->village1);
    auto missing = Patch(path, "town", R"({"name":"高家村"})");
    EXPECT_EQ(missing.status, 422);
    EXPECT_TRUE(missing.HasField("version"));
    EXPECT_EQ(Patch(path, "town", R"({"name":"高家村"})", {{"if-match", "abc"}}).status, 422);
    EXPECT_EQ(Patch(path, "town", R"({"name":"高家村","version":2})", {{"if-match", "1"}}).status, 422);
    EXPECT_EQ(Patch(path, "town", R"({"name":"高家村","version":"1"})").status, 422);
    EXPECT_EQ(Patch(path, "town", R"({"name":"A"})", {{"if-match", "1"}}).Int("version"), 2);
    EXPECT_EQ(Patch(path, "town", R"({"name":"B"})", {{"if-match", "\"2\""}}).Int("version"), 3);
    EXPECT_EQ(Patch(path, "town", R"({"name":"C"})", {{"if-match", "W/\"3\""}}).Int("version"), 4);
    auto ok = Patch(path, "town", R"({"name":"D","version":4})");
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body.at("name"), "D");
    EXPECT_EQ(ok.body.at("kind"), "village");  // the whole resource
    auto stale = Patch(path, "town", R"({"name":"E","version":4})");
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.Code(), "version_conflict");
}

TEST_P(RegionsHttp, PatchRolesAndScope) {
    const std::string body = R"({"responsible":{"name":"赵敏"},"version":1})";
    EXPECT_EQ(Patch("/api/v1/regions/" + Id(w_->village1), "village", body).status, 403);
    EXPECT_EQ(Patch("/api/v1/regions/" + Id(w_->grid1a), "inspector", body).status, 403);
    EXPECT_EQ(Patch("/api/v1/regions/" + Id(w_->grid1a), "enterprise", body).status, 403);
    EXPECT_EQ(Patch("/api/v1/regions/" + Id(w_->grid1a), "other_town", body).status, 404);
    EXPECT_EQ(Patch("/api/v1/regions/" + Id(w_->grid1a), "town", R"({"kind":"village","version":1})").status, 422);
    auto ok = Patch("/api/v1/regions/" + Id(w_->grid1a), "admin", body);
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body.at("responsible").at("name"), "赵敏");
    EXPECT_EQ(ok.body.at("responsible").at("phone"), "13900000000");  // untouched
}

INSTANTIATE_TEST_SUITE_P(Stores, RegionsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
