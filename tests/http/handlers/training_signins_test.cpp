#include "http/handlers/training_signins.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "http/handlers/trainings.hpp"

namespace safegrid::http {
namespace {

// The fake clock reads 2026-11-29 in China: a session held that day takes sign-ins.
class TrainingSigninsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        trainings_ = std::make_unique<services::TrainingService>(w_->store->shared(), w_->clock, *w_->audit);
        signins_ = std::make_unique<services::TrainingSigninService>(
            w_->store->shared(), w_->clock, *w_->audit, *trainings_, TimeZone{},
            services::SigninOptions{.public_url = "https://sg.example.cn", .signins_per_hour = 5});
        RegisterTrainingRoutes(router_, *trainings_);
        RegisterTrainingSigninRoutes(router_, *signins_);
    }

    int64_t Session(int64_t region) {
        return Post("/api/v1/trainings", "town",
                    R"({"title":"全员消防安全培训","kind":"fire","held_on":"2026-11-29","hours":2,"region_id":)" +
                        Id(region) + "}")
            .Int("id");
    }

    // A public call from one client address, with its headers.
    Response Public(Method method, const std::string& target, const std::string& body = "") {
        Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.client_ip = "203.0.113.7";
        if (!body.empty()) r.headers["content-type"] = "application/json";
        return Dispatch(router_, hooks_, r);
    }

    static std::string SigninBody(const std::string& name, const std::string& phone, int64_t enterprise) {
        return R"({"name":")" + name + R"(","phone":")" + phone + R"(","enterprise_id":)" + Id(enterprise) + "}";
    }

    std::unique_ptr<services::TrainingService> trainings_;
    std::unique_ptr<services::TrainingSigninService> signins_;
};

TEST_P(TrainingSigninsHttp, OpenSignInOnceAndTakeItIntoTheAttendance) {
    const std::string base = "/api/v1/trainings/" + Id(Session(w_->village1));
    auto opened = Post(base + "/signin", "village", "");
    ASSERT_EQ(opened.status, 201) << boost::json::serialize(opened.body);
    const std::string code(opened.body.at("code").as_string());
    EXPECT_EQ(opened.body.at("url").as_string(), "https://sg.example.cn/t/" + code);
    EXPECT_EQ(Post(base + "/signin", "town", "").status, 200);
    EXPECT_EQ(Post(base + "/signin", "inspector", "").status, 403);
    EXPECT_EQ(Post(base + "/signin", "other_town", "").status, 404);

    auto page = Public(Method::kGet, "/api/v1/public/trainings/" + code);
    ASSERT_EQ(page.status, 200) << page.body;
    auto session = boost::json::parse(page.body).as_object();
    EXPECT_EQ(session.at("title"), "全员消防安全培训");
    EXPECT_EQ(session.at("region_name"), "高家村");
    EXPECT_EQ(session.at("accepting"), true);
    ASSERT_EQ(session.at("enterprises").as_array().size(), 2u);
    // Only id and name: nothing else of the enterprise is public.
    EXPECT_EQ(session.at("enterprises").as_array()[0].as_object().size(), 2u);

    const std::string signins = "/api/v1/public/trainings/" + code + "/signins";
    auto first = Public(Method::kPost, signins, SigninBody("张三", "13812345678", w_->ent1a));
    ASSERT_EQ(first.status, 201) << first.body;
    auto signed_in = boost::json::parse(first.body).as_object();
    EXPECT_FALSE(signed_in.contains("phone"));
    EXPECT_EQ(signed_in.at("enterprise").at("id").as_int64(), w_->ent1a);
    auto repeat = Public(Method::kPost, signins, SigninBody("张三", "138-1234-5678", w_->ent1a));
    EXPECT_EQ(repeat.status, 200);
    EXPECT_EQ(boost::json::parse(repeat.body).at("id"), signed_in.at("id"));

    auto sheet = Get(base + "/signins", "village");
    ASSERT_EQ(sheet.status, 200);
    EXPECT_EQ(sheet.body.at("open"), true);
    EXPECT_EQ(sheet.body.at("link").at("code").as_string(), code);
    EXPECT_EQ(sheet.Int("total"), 1);
    auto group = sheet.body.at("by_enterprise").as_array().at(0);
    EXPECT_EQ(group.at("count").as_int64(), 1);
    EXPECT_TRUE(group.at("attendance").is_null());
    EXPECT_EQ(group.at("signins").as_array()[0].at("phone"), "13812345678");  // staff in scope see it whole
    EXPECT_EQ(Get(base + "/signins", "enterprise").status, 403);

    auto taken = Post(base + "/signins/attendance", "village", R"({"enterprise_id":)" + Id(w_->ent1a) + "}");
    ASSERT_EQ(taken.status, 201) << boost::json::serialize(taken.body);
    EXPECT_EQ(taken.Int("people"), 1);
    EXPECT_EQ(Post(base + "/signins/attendance", "village", R"({"enterprise_id":)" + Id(w_->ent1a) + "}").status, 200);
    EXPECT_TRUE(Post(base + "/signins/attendance", "village", R"({"enterprise_id":)" + Id(w_->ent1b) + "}")
                    .HasField("enterprise_id"));

    Request close;
    close.method = Method::kDelete;
    close.target = base + "/signin";
    close.headers["authorization"] = "Bearer village";
    EXPECT_EQ(Dispatch(router_, hooks_, close).status, 204);
    EXPECT_EQ(Public(Method::kGet, "/api/v1/public/trainings/" + code).status, 404);
    EXPECT_EQ(Get(base + "/signins", "village").body.at("link"), nullptr);
}

TEST_P(TrainingSigninsHttp, BadSigninsAre422NamingTheFieldAndTheLimitIs429WithRetryAfter) {
    const std::string base = "/api/v1/trainings/" + Id(Session(w_->village1));
    const std::string code(Post(base + "/signin", "town", "").body.at("code").as_string());
    const std::string signins = "/api/v1/public/trainings/" + code + "/signins";
    auto field = [&](const std::string& body, const char* name) {
        auto reply = Public(Method::kPost, signins, body);
        EXPECT_EQ(reply.status, 422) << body;
        EXPECT_NE(reply.body.find(std::string("\"") + name + "\""), std::string::npos) << body << " → " << reply.body;
    };
    field(SigninBody("", "13812345678", w_->ent1a), "name");
    field(SigninBody("张三", "12345", w_->ent1a), "phone");
    field(SigninBody("张三", "13812345678", w_->ent2a), "enterprise_id");
    field(R"({"name":"张三","phone":"13812345678"})", "enterprise_id");
    EXPECT_EQ(Public(Method::kPost, "/api/v1/public/trainings/ABCDEFGHJK/signins",
                     SigninBody("张三", "13812345678", w_->ent1a))
                  .status,
              404);  // the fourth the service counts (a body the transport refuses does not reach it)
    ASSERT_EQ(Public(Method::kPost, signins, SigninBody("李四", "13812345679", w_->ent1a)).status, 201);
    auto limited = Public(Method::kPost, signins, SigninBody("张三", "13812345678", w_->ent1a));
    ASSERT_EQ(limited.status, 429) << limited.body;
    bool retry_after = false;
    for (const auto& [name, value] : limited.headers)
        if (name == "Retry-After") retry_after = std::stoi(value) > 0;
    EXPECT_TRUE(retry_after);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM training_signins", {}), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, TrainingSigninsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
