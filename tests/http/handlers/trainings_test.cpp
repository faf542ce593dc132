#include "http/handlers/trainings.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

// The fake clock reads 2026-11-29 in China.
class TrainingsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        trainings_ = std::make_unique<services::TrainingService>(w_->store->shared(), w_->clock, *w_->audit);
        RegisterTrainingRoutes(router_, *trainings_);
    }

    std::string Body(int64_t region, const std::string& extra = R"("kind":"fire","held_on":"2026-11-20","hours":2)") {
        return R"({"title":"全员消防安全培训","region_id":)" + Id(region) + "," + extra + "}";
    }

    std::unique_ptr<services::TrainingService> trainings_;
};

TEST_P(TrainingsHttp, CreateReadListWithTheContractsCodes) {
    auto created = Post("/api/v1/trainings", "village", Body(w_->village1));
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    EXPECT_EQ(created.body.at("kind"), "fire");
    EXPECT_EQ(created.body.at("held_on"), "2026-11-20");
    EXPECT_EQ(created.body.at("hours").as_double(), 2.0);
    EXPECT_EQ(created.body.at("region_name"), "高家村");
    EXPECT_TRUE(created.body.at("attendance").as_array().empty());
    const std::string path = "/api/v1/trainings/" + Id(created.Int("id"));

    EXPECT_EQ(Post("/api/v1/trainings", "town", Body(w_->village2)).status, 201);
    EXPECT_EQ(Post("/api/v1/trainings", "admin", Body(w_->other_village)).status, 201);
    EXPECT_EQ(Post("/api/v1/trainings", "village", Body(w_->village2)).status, 404);
    EXPECT_EQ(Post("/api/v1/trainings", "inspector", Body(w_->grid1a)).status, 403);
    EXPECT_EQ(Post("/api/v1/trainings", "enterprise", Body(w_->grid1a)).status, 403);

    EXPECT_EQ(Get(path, "inspector").status, 200);
    EXPECT_EQ(Get(path, "other_town").status, 404);
    EXPECT_EQ(Get("/api/v1/trainings/999999", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/trainings", "enterprise").status, 403);
    auto listed = Get("/api/v1/trainings?page_size=1", "town");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.Int("total"), 2);
    EXPECT_EQ(listed.body.at("items").as_array().size(), 1u);
    EXPECT_EQ(Get("/api/v1/trainings?kind=drill", "town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/trainings?region_id=" + Id(w_->village1), "town").Int("total"), 1);
    EXPECT_EQ(Get("/api/v1/trainings?region_id=" + Id(w_->village2), "village").status, 404);
    EXPECT_TRUE(Get("/api/v1/trainings?from=soon", "town").HasField("from"));
    EXPECT_TRUE(Get("/api/v1/trainings?kind=talk", "town").HasField("kind"));
}

TEST_P(TrainingsHttp, BadBodiesAre422NamingTheField) {
    auto field = [&](const std::string& body, const char* name) {
        auto reply = Post("/api/v1/trainings", "town", body);
        EXPECT_EQ(reply.status, 422) << body;
        EXPECT_TRUE(reply.HasField(name)) << body << " → " << boost::json::serialize(reply.body);
    };
    field(Body(w_->village1, R"("kind":"lecture","held_on":"2026-11-20","hours":2)"), "kind");
    field(Body(w_->village1, R"("kind":"fire","held_on":"2026-11-31","hours":2)"), "held_on");
    field(Body(w_->village1, R"("kind":"fire","held_on":"2026-11-20","hours":-1)"), "hours");
    field(Body(w_->village1, R"("kind":"fire","held_on":"2026-11-20","hours":"two")"), "hours");
    field(Body(w_->village1, R"("kind":"fire","held_on":"2026-11-20")"), "hours");
    field(R"({"title":"x","kind":"fire","held_on":"2026-11-20","hours":1})", "region_id");
    EXPECT_EQ(Get("/api/v1/trainings", "town").Int("total"), 0);
}

TEST_P(TrainingsHttp, AttendanceIs201Then200AndCoverageMoves) {
    const int64_t id = Post("/api/v1/trainings", "village", Body(w_->village1)).Int("id");
    const std::string attendance = "/api/v1/trainings/" + Id(id) + "/attendance";
    auto before = Get("/api/v1/stats/training", "town");
    ASSERT_EQ(before.status, 200) << boost::json::serialize(before.body);
    EXPECT_EQ(before.Int("enterprises"), 3);
    EXPECT_EQ(before.Int("covered"), 0);
    EXPECT_EQ(before.body.at("coverage").as_double(), 0.0);

    auto first = Post(attendance, "village", R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"people":12})");
    ASSERT_EQ(first.status, 201) << boost::json::serialize(first.body);
    EXPECT_EQ(first.body.at("enterprise").at("name"), "慈溪市宏达服饰有限公司");
    EXPECT_EQ(first.Int("people"), 12);
    auto replaced = Post(attendance, "village", R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"people":9})");
    EXPECT_EQ(replaced.status, 200);
    EXPECT_EQ(replaced.Int("people"), 9);

    auto bad = [&](const std::string& body, const char* name) {
        auto reply = Post(attendance, "village", body);
        EXPECT_EQ(reply.status, 422) << body;
        EXPECT_TRUE(reply.HasField(name)) << body << " → " << boost::json::serialize(reply.body);
    };
    bad(R"({"enterprise_id":)" + Id(w_->ent2a) + R"(,"people":3})", "enterprise_id");
    bad(R"({"enterprise_id":)" + Id(w_->ent1b) + R"(,"people":-3})", "people");
    bad(R"({"enterprise_id":)" + Id(w_->ent1b) + R"(,"people":2.5})", "people");
    bad(R"({"enterprise_id":)" + Id(w_->ent1b) + R"(,"people":"3"})", "people");

    auto after = Get("/api/v1/stats/training", "town");
    EXPECT_EQ(after.Int("covered"), 1);
    EXPECT_EQ(after.Int("people"), 9);
    EXPECT_NEAR(after.body.at("coverage").as_double(), 1.0 / 3.0, 1e-9);
    const auto& by_region = after.body.at("by_region").as_array();
    ASSERT_EQ(by_region.size(), 2u);
    EXPECT_EQ(by_region[0].at("region").at("name"), "高家村");
    EXPECT_EQ(by_region[0].at("coverage").as_double(), 0.5);
    EXPECT_EQ(Get("/api/v1/stats/training?region_id=" + Id(w_->village2), "village").status, 404);
    EXPECT_EQ(Get("/api/v1/stats/training", "enterprise").status, 403);

    auto detail = Get("/api/v1/trainings/" + Id(id), "town");
    ASSERT_EQ(detail.body.at("attendance").as_array().size(), 1u);
    EXPECT_EQ(detail.body.at("attendance").at(0).at("enterprise_id").as_int64(), w_->ent1a);
    EXPECT_EQ(detail.Int("people"), 9);

    auto file = Get("/api/v1/enterprises/" + Id(w_->ent1a) + "/trainings", "enterprise");
    ASSERT_EQ(file.status, 200) << boost::json::serialize(file.body);
    EXPECT_EQ(file.body.at("covered"), true);
    EXPECT_EQ(file.body.at("items").at(0).at("people").as_int64(), 9);
    EXPECT_EQ(Get("/api/v1/enterprises/" + Id(w_->ent1a) + "/trainings", "other_enterprise").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, TrainingsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
