// 发现时间 is when the hazard was found, which a staff member recording it later may give
// (POST /hazards "found_at"); otherwise the moment it is recorded.
#include <gtest/gtest.h>

#include "services/hazard_world.hpp"

namespace safegrid::services {
namespace {

class HazardFoundAtTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::HazardWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    NewHazard Input(std::optional<UnixSeconds> found_at) {
        NewHazard in;
        in.enterprise_id = w_->r->ent1a;
        in.title = "安全出口堵塞";
        in.severity = "general";
        in.due_at = w_->Tomorrow();
        in.found_at = found_at;
        return in;
    }
    int64_t Hazards() { return w_->store().QueryInt("SELECT COUNT(*) FROM hazards"); }

    std::unique_ptr<test::HazardWorld> w_;
};

TEST_P(HazardFoundAtTest, AGivenFoundAtIsKeptApartFromTheRecordsCreation) {
    const UnixSeconds now = w_->r->clock.Now();
    auto created = w_->hazards->Create(w_->r->inspector, Input(now - 2 * 86400));
    ASSERT_TRUE(created) << created.error().id;
    EXPECT_EQ(created->hazard.found_at, now - 2 * 86400);
    EXPECT_EQ(created->hazard.created_at, now);
    EXPECT_EQ(w_->store().QueryInt("SELECT found_at FROM hazards WHERE id = ?", {created->hazard.id}), now - 2 * 86400);
}

TEST_P(HazardFoundAtTest, WithoutOneItIsNow) {
    auto created = w_->hazards->Create(w_->r->inspector, Input(std::nullopt));
    ASSERT_TRUE(created);
    EXPECT_EQ(created->hazard.found_at, w_->r->clock.Now());
}

TEST_P(HazardFoundAtTest, AFutureOrPre2000FoundAtIs422AndWritesNothing) {
    const int64_t before = Hazards();
    for (UnixSeconds bad : {w_->r->clock.Now() + 3600, UnixSeconds{946684799}}) {
        auto created = w_->hazards->Create(w_->r->inspector, Input(bad));
        ASSERT_FALSE(created);
        EXPECT_EQ(created.error().code, Code::kValidation);
        EXPECT_TRUE(created.error().fields.count("found_at")) << bad;
    }
    EXPECT_EQ(Hazards(), before);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardFoundAtTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
