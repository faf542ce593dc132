// POST /api/v1/hazards "found_at": when the hazard was found, kept apart from when it was recorded.
#include <gtest/gtest.h>

#include "http/handlers/hazards.hpp"
#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class HazardFoundAtHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        hazards_ =
            std::make_unique<services::HazardService>(w_->store->shared(), w_->clock, *w_->audit, *w_->enterprises);
        RegisterHazardRoutes(router_, *hazards_);
    }
    HttpReply Create(const std::string& found_at) {
        return Post("/api/v1/hazards", "inspector",
                    R"({"enterprise_id":)" + Id(w_->ent1a) +
                        R"(,"title":"安全出口上锁","severity":"general","due_at":")" +
                        FormatRfc3339(w_->clock.Now() + 86400) + R"(","found_at":")" + found_at + "\"}");
    }

    std::unique_ptr<services::HazardService> hazards_;
};

TEST_P(HazardFoundAtHttp, FoundAtIsKeptAndShownApartFromCreatedAt) {
    const std::string two_days_ago = FormatRfc3339(w_->clock.Now() - 2 * 86400);
    auto reply = Create(two_days_ago);
    ASSERT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.body.at("found_at").as_string(), two_days_ago);
    EXPECT_EQ(reply.body.at("created_at").as_string(), FormatRfc3339(w_->clock.Now()));
    auto read = Get("/api/v1/hazards/" + Id(reply.Int("id")), "inspector");
    EXPECT_EQ(read.body.at("found_at").as_string(), two_days_ago);
}

TEST_P(HazardFoundAtHttp, AFutureOldOrUnreadableFoundAtIs422) {
    for (const std::string& bad :
         {FormatRfc3339(w_->clock.Now() + 3600), std::string("1999-12-31T23:59:59Z"), std::string("yesterday")}) {
        auto reply = Create(bad);
        EXPECT_EQ(reply.status, 422) << bad;
        EXPECT_TRUE(reply.body.at("error").at("fields").as_object().contains("found_at")) << bad;
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardFoundAtHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
