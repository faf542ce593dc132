#include "http/handlers/alarms.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "services/alarm_world.hpp"

namespace safegrid::http {
namespace {

// The contract's alarm lines over HTTP: keys, codes, scope and the action answers.
class AlarmsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        a_ = test::AlarmWorld::On(*w_);
        ASSERT_TRUE(a_);
        RegisterAlarmRoutes(router_, *a_->alarms);
        ASSERT_TRUE(a_->Send(a_->detector, "1", a_->Fire()));
        a_->Drain();
        fire_ = a_->LastAlarm();
    }

    HttpReply Act(const std::string& who, const std::string& body, int64_t id = 0,
                  std::map<std::string, std::string> headers = {}) {
        return Call(Method::kPost, "/api/v1/alarms/" + Id(id ? id : fire_) + "/actions", who, body, std::move(headers));
    }

    std::unique_ptr<test::AlarmWorld> a_;
    int64_t fire_ = 0;
};

TEST_P(AlarmsHttp, ListAndReadCarryTheAlarmKeys) {
    auto list = Get("/api/v1/alarms?status=active&kind=fire&enterprise_id=" + Id(w_->ent1a), "inspector");
    ASSERT_EQ(list.status, 200);
    for (const char* key : {"items", "total", "page", "page_size"}) EXPECT_TRUE(list.body.as_object().contains(key));
    EXPECT_EQ(list.Int("total"), 1);
    const auto& item = list.body.at("items").at(0).as_object();
    for (const char* key :
         {"id", "device_id", "enterprise_id", "enterprise_name", "device_serial", "device_kind", "kind", "status",
          "raised_at", "cleared_at", "source", "escalation_level", "acknowledged_at", "acknowledged_by", "closed_at",
          "hazard_id", "allowed_actions", "version"}) {
        EXPECT_TRUE(item.contains(key)) << key;
    }
    EXPECT_EQ(item.at("kind"), "fire");
    EXPECT_EQ(item.at("status"), "active");
    EXPECT_TRUE(item.at("cleared_at").is_null());
    EXPECT_TRUE(item.at("hazard_id").is_null());
    EXPECT_EQ(item.at("source").at("protocol"), "mqtt");
    EXPECT_EQ(item.at("device_serial"), "SMK-1");
    EXPECT_EQ(item.at("allowed_actions"), (boost::json::array{"acknowledge", "false_alarm", "resolve", "convert"}));
    EXPECT_TRUE(item.at("raised_at").as_string().ends_with("Z"));

    auto one = Get("/api/v1/alarms/" + Id(fire_), "enterprise");
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.body.at("allowed_actions"), (boost::json::array{"acknowledge"}));
    EXPECT_EQ(Get("/api/v1/alarms/" + Id(fire_), "other_enterprise").status, 404);
    EXPECT_EQ(Get("/api/v1/alarms/" + Id(fire_), "other_inspector").status, 404);
    EXPECT_EQ(Get("/api/v1/alarms/999999", "admin").status, 404);
    EXPECT_EQ(Get("/api/v1/alarms", "other_town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/alarms", "").status, 401);
    EXPECT_EQ(Get("/api/v1/alarms/" + Id(fire_), "").status, 401);
    auto bad = Get("/api/v1/alarms?status=open", "town");
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.HasField("status"));
    EXPECT_TRUE(Get("/api/v1/alarms?kind=smoke", "town").HasField("kind"));
    EXPECT_EQ(Get("/api/v1/alarms?enterprise_id=" + Id(w_->ent_other), "town").status, 404);
}

TEST_P(AlarmsHttp, ActionsAnswerTheWholeAlarmOrTheContractError) {
    EXPECT_EQ(Act("", R"({"action":"acknowledge"})").status, 401);
    auto unknown = Act("town", R"({"action":"close"})");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_TRUE(unknown.HasField("action"));
    auto missing = Act("town", R"({"note":"x"})");
    EXPECT_EQ(missing.status, 422);
    EXPECT_TRUE(missing.HasField("action"));
    EXPECT_EQ(Act("other_inspector", R"({"action":"acknowledge"})").status, 404);
    EXPECT_EQ(Act("enterprise", R"({"action":"resolve"})").status, 403);

    auto ack = Act("enterprise", R"({"action":"acknowledge"})", 0, {{"if-match", "1"}});
    ASSERT_EQ(ack.status, 200) << boost::json::serialize(ack.body);
    EXPECT_EQ(ack.body.at("status"), "acknowledged");
    EXPECT_EQ(ack.Int("acknowledged_by"), w_->enterprise_user.user_id);
    EXPECT_EQ(ack.Int("version"), 2);
    EXPECT_EQ(Act("town", R"({"action":"resolve"})", 0, {{"if-match", "1"}}).status, 409);
    auto again = Act("town", R"({"action":"acknowledge"})");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.Code(), "invalid_transition");

    auto converted = Act("inspector", R"({"action":"convert","note":"复查烟感","version":2})");
    ASSERT_EQ(converted.status, 200) << boost::json::serialize(converted.body);
    EXPECT_EQ(converted.body.at("status"), "resolved");
    EXPECT_GT(converted.Int("hazard_id"), 0);
    EXPECT_EQ(converted.body.at("allowed_actions"), boost::json::array{});
    EXPECT_FALSE(converted.body.at("closed_at").is_null());
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM hazards WHERE source = 'device' AND id = ?",
                                  {converted.Int("hazard_id")}),
              1);
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
