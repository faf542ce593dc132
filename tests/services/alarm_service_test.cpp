#include "services/alarm_service.hpp"

#include <gtest/gtest.h>

#include "services/alarm_world.hpp"

namespace safegrid::services {
namespace {

using alarm::AlarmAction;
using test::AlarmWorld;

class AlarmServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = AlarmWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        ASSERT_TRUE(w_->Send(w_->detector, "1", w_->Fire()));
        w_->Drain();
        fire_ = w_->LastAlarm();
        w_->r->clock.Advance(10);
        ASSERT_TRUE(w_->Send(w_->other_detector, "1", w_->Event("fault")));
        w_->Drain();
        fault_ = w_->LastAlarm();
        ASSERT_NE(fire_, fault_);
    }

    std::vector<int64_t> Ids(const Principal& who, AlarmListQuery q = {}) {
        auto page = w_->alarms->List(who, q);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        std::vector<int64_t> out;
        if (page)
            for (const auto& v : page->first) out.push_back(v.alarm.id);
        return out;
    }

    std::unique_ptr<AlarmWorld> w_;
    int64_t fire_ = 0, fault_ = 0;
};

TEST_P(AlarmServiceTest, ListsAreScopedNewestFirstAndFiltered) {
    EXPECT_EQ(Ids(w_->r->town_officer), (std::vector<int64_t>{fault_, fire_}));
    EXPECT_EQ(Ids(w_->r->admin), (std::vector<int64_t>{fault_, fire_}));
    EXPECT_EQ(Ids(w_->r->village_officer), std::vector<int64_t>{fire_});
    EXPECT_EQ(Ids(w_->r->inspector), std::vector<int64_t>{fire_});
    EXPECT_EQ(Ids(w_->r->enterprise_user), std::vector<int64_t>{fire_});
    EXPECT_TRUE(Ids(w_->r->other_inspector).empty());
    EXPECT_TRUE(Ids(w_->r->other_enterprise_user).empty());
    EXPECT_TRUE(Ids(w_->r->other_town_officer).empty());

    EXPECT_EQ(Ids(w_->r->town_officer, {.kind = "fault"}), std::vector<int64_t>{fault_});
    EXPECT_EQ(Ids(w_->r->town_officer, {.status = "active", .enterprise_id = w_->r->ent1a}),
              std::vector<int64_t>{fire_});
    EXPECT_EQ(Ids(w_->r->town_officer, {.device_id = w_->other_detector}), std::vector<int64_t>{fault_});
    EXPECT_TRUE(Ids(w_->r->town_officer, {.status = "resolved"}).empty());

    auto bad = w_->alarms->List(w_->r->town_officer, {.status = "open", .kind = "smoke"});
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().fields.contains("status"));
    EXPECT_TRUE(bad.error().fields.contains("kind"));
    auto outside = w_->alarms->List(w_->r->inspector, {.enterprise_id = w_->r->ent2a});
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, Code::kNotFound);
    auto other_device = w_->alarms->List(w_->r->enterprise_user, {.device_id = w_->other_detector});
    ASSERT_FALSE(other_device);
    EXPECT_EQ(other_device.error().code, Code::kNotFound);

    auto got = w_->alarms->Get(w_->r->inspector, fault_);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, Code::kNotFound);
}

TEST_P(AlarmServiceTest, TheEnterpriseAcknowledgesAndStaffClose) {
    auto mine = w_->alarms->Get(w_->r->enterprise_user, fire_);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->allowed_actions, std::vector<AlarmAction>{AlarmAction::kAcknowledge});
    auto forbidden = w_->alarms->Act(w_->r->enterprise_user, fire_, "resolve", std::nullopt, std::nullopt);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, Code::kForbidden);

    w_->r->clock.Advance(5);
    auto ack = w_->alarms->Act(w_->r->enterprise_user, fire_, "acknowledge", std::nullopt, int64_t{1});
    ASSERT_TRUE(ack) << ack.error().id;
    EXPECT_EQ(ack->alarm.status, "acknowledged");
    EXPECT_EQ(ack->alarm.acknowledged_by, w_->r->enterprise_user.user_id);
    EXPECT_EQ(ack->alarm.acknowledged_at, w_->r->clock.Now());
    EXPECT_EQ(ack->alarm.version, 2);
    EXPECT_TRUE(ack->allowed_actions.empty());

    auto stale = w_->alarms->Act(w_->r->inspector, fire_, "resolve", std::nullopt, int64_t{1});
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, Code::kConflict);
    auto twice = w_->alarms->Act(w_->r->inspector, fire_, "acknowledge", std::nullopt, std::nullopt);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().id, "invalid_transition");
    auto unknown = w_->alarms->Act(w_->r->inspector, fire_, "close", std::nullopt, std::nullopt);
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(unknown.error().fields.contains("action"));
    auto outside = w_->alarms->Act(w_->r->other_inspector, fire_, "resolve", std::nullopt, std::nullopt);
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, Code::kNotFound);

    auto falsed = w_->alarms->Act(w_->r->inspector, fire_, "false_alarm", "  烤鱼油烟  ", std::nullopt);
    ASSERT_TRUE(falsed) << falsed.error().id;
    EXPECT_EQ(falsed->alarm.status, "false_alarm");
    EXPECT_EQ(falsed->alarm.closed_at, w_->r->clock.Now());
    auto after = w_->alarms->Act(w_->r->town_officer, fire_, "resolve", std::nullopt, std::nullopt);
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().id, "invalid_transition");

    EXPECT_EQ(w_->r->AuditCount("alarm"), 2);
    EXPECT_EQ(w_->Events("alarm.updated"), 2);
    // The device still reports the fire: a person's false alarm does not bring a new alarm with the next frame.
    ASSERT_TRUE(w_->Send(w_->detector, "2", w_->Fire()));
    w_->Drain();
    EXPECT_EQ(w_->Count("device_id = ?", {w_->detector}), 1);
}

TEST_P(AlarmServiceTest, ConvertOpensAHazardFromTheDeviceOnTheEnterpriseAndLinksIt) {
    auto converted = w_->alarms->Act(w_->r->village_officer, fire_, "convert", "请尽快检查", std::nullopt);
    ASSERT_TRUE(converted) << converted.error().id << " " << converted.error().internal;
    EXPECT_EQ(converted->alarm.status, "resolved");
    ASSERT_TRUE(converted->alarm.hazard_id);
    auto hazard = w_->hazards->Get(w_->r->inspector, *converted->alarm.hazard_id);
    ASSERT_TRUE(hazard) << hazard.error().id;
    EXPECT_EQ(hazard->hazard.source, "device");
    EXPECT_EQ(hazard->hazard.enterprise_id, w_->r->ent1a);
    EXPECT_EQ(hazard->hazard.path.grid_id, w_->r->grid1a);
    EXPECT_NE(hazard->hazard.description.find("SMK-1"), std::string::npos);
    EXPECT_NE(hazard->hazard.description.find("请尽快检查"), std::string::npos);
    EXPECT_EQ(w_->r->AuditCount("alarm"), 1);

    auto enterprise = w_->alarms->Act(w_->r->enterprise_user, fire_, "convert", std::nullopt, std::nullopt);
    ASSERT_FALSE(enterprise);
    EXPECT_EQ(enterprise.error().id, "invalid_transition");
    auto other_enterprise_convert =
        w_->alarms->Act(w_->r->town_officer, fault_, "convert", std::string(600, 'x'), std::nullopt);
    ASSERT_FALSE(other_enterprise_convert);
    EXPECT_TRUE(other_enterprise_convert.error().fields.contains("note"));
    EXPECT_EQ(w_->r->store->QueryInt("SELECT COUNT(*) FROM hazards"), 1);  // no partial write
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
