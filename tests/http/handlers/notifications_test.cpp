#include "http/handlers/notifications.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"
#include "storage/repositories/notification_repository.hpp"

namespace safegrid::http {
namespace {

// The inbox behind the real request pipeline. Notifications are written straight through the
// repository (the writers are tested in tests/services); "Bearer enterprise" is user 5, "inspector" 4.
class NotificationsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        notifications_ = std::make_unique<services::NotificationService>(w_->store->shared(), w_->clock);
        RegisterNotificationRoutes(router_, *notifications_);
    }

    int64_t Add(int64_t user, const std::string& title, std::optional<int64_t> hazard = 7) {
        auto id = w_->store->db().Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
            storage::NotificationRecord n;
            n.town_id = w_->town;
            n.user_id = user;
            n.kind = "reminder";
            n.hazard_id = hazard;
            n.title = "整改期限还剩3天：" + title;
            n.title_en = "3 days left to rectify: " + title;
            n.body = "整改期限：2026-12-04";
            n.link = hazard ? "/hazards/" + std::to_string(*hazard) : "";
            n.dedupe_key = "test:" + std::to_string(++seq_);
            n.created_at = w_->clock.Now();
            SG_ASSIGN_OR_RETURN(auto made, storage::NotificationRepository(conn).Insert(n));
            return made.value_or(0);
        });
        EXPECT_TRUE(id);
        return id ? *id : 0;
    }
    // RegistryHttp::Call always asks for English; this one asks for `lang`.
    HttpReply GetIn(const std::string& target, const std::string& who, const std::string& lang) {
        Request r;
        r.method = Method::kGet;
        r.target = target;
        r.headers["authorization"] = "Bearer " + who;
        r.headers["accept-language"] = lang;
        Response response = Dispatch(router_, hooks_, r);
        HttpReply reply;
        reply.status = response.status;
        reply.body = boost::json::parse(response.body);
        return reply;
    }

    std::unique_ptr<services::NotificationService> notifications_;
    int seq_ = 0;
};

TEST_P(NotificationsHttp, PagesTheCallersOwnNewestFirst) {
    std::vector<int64_t> mine;
    for (int i = 0; i < 25; ++i) mine.push_back(Add(5, "通道" + std::to_string(i)));
    Add(4, "别人的");
    auto first = Get("/api/v1/notifications?page_size=10", "enterprise");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.Int("total"), 25);
    EXPECT_EQ(first.Int("page"), 1);
    EXPECT_EQ(first.Int("page_size"), 10);
    EXPECT_EQ(first.Int("unread"), 25);
    ASSERT_EQ(first.body.at("items").as_array().size(), 10u);
    EXPECT_EQ(first.body.at("items").at(0).at("id").as_int64(), mine.back());
    auto last = Get("/api/v1/notifications?page=3&page_size=10", "enterprise");
    ASSERT_EQ(last.status, 200);
    ASSERT_EQ(last.body.at("items").as_array().size(), 5u);
    EXPECT_EQ(last.body.at("items").at(4).at("id").as_int64(), mine.front());
    const auto& item = last.body.at("items").at(0).as_object();
    for (const char* key :
         {"id", "kind", "title", "title_zh", "title_en", "body", "link", "hazard_id", "created_at", "read_at"}) {
        EXPECT_TRUE(item.contains(key)) << key;
    }
    EXPECT_EQ(item.at("created_at"), "2026-11-29T11:31:14Z");
    EXPECT_TRUE(item.at("read_at").is_null());
    EXPECT_EQ(item.at("link"), "/hazards/7");
    EXPECT_EQ(Get("/api/v1/notifications", "inspector").Int("total"), 1);
    EXPECT_EQ(Get("/api/v1/notifications", "village").Int("total"), 0);
}

TEST_P(NotificationsHttp, TitleFollowsTheRequestLanguage) {
    Add(5, "配电箱");
    auto zh = GetIn("/api/v1/notifications", "enterprise", "zh-CN");
    auto en = GetIn("/api/v1/notifications", "enterprise", "en");
    ASSERT_EQ(zh.status, 200);
    ASSERT_EQ(en.status, 200);
    EXPECT_EQ(zh.body.at("items").at(0).at("title"), "整改期限还剩3天：配电箱");
    EXPECT_EQ(en.body.at("items").at(0).at("title"), "3 days left to rectify: 配电箱");
    EXPECT_EQ(en.body.at("items").at(0).at("title_zh"), "整改期限还剩3天：配电箱");
    EXPECT_EQ(zh.body.at("items").at(0).at("title_en"), "3 days left to rectify: 配电箱");
}

TEST_P(NotificationsHttp, MarkReadThenUnreadFilterAndReadAll) {
    const int64_t a = Add(5, "一");
    Add(5, "二");
    Add(5, "三", std::nullopt);
    auto read = Post("/api/v1/notifications/" + Id(a) + "/read", "enterprise", "");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.Int("id"), a);
    EXPECT_EQ(read.body.at("read_at"), "2026-11-29T11:31:14Z");
    w_->clock.Advance(60);
    auto again = Post("/api/v1/notifications/" + Id(a) + "/read", "enterprise", "");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.body.at("read_at"), "2026-11-29T11:31:14Z");
    auto unread = Get("/api/v1/notifications?unread=true", "enterprise");
    ASSERT_EQ(unread.status, 200);
    EXPECT_EQ(unread.Int("total"), 2);
    EXPECT_EQ(unread.Int("unread"), 2);
    for (const auto& item : unread.body.at("items").as_array()) EXPECT_NE(item.at("id").as_int64(), a);
    EXPECT_EQ(Get("/api/v1/notifications?unread=false", "enterprise").Int("total"), 3);
    auto all = Post("/api/v1/notifications/read-all", "enterprise", "");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.Int("updated"), 2);
    EXPECT_EQ(Post("/api/v1/notifications/read-all", "enterprise", "").Int("updated"), 0);
    EXPECT_EQ(Get("/api/v1/notifications?unread=true", "enterprise").Int("total"), 0);
}

TEST_P(NotificationsHttp, SomeoneElsesOrAMissingNotificationIsNotFound) {
    const int64_t theirs = Add(4, "巡查员的");
    for (const std::string& id : {Id(theirs), std::string("999999"), std::string("0"), std::string("-1"),
                                  std::string("abc"), std::string("1.5")}) {
        auto reply = Post("/api/v1/notifications/" + id + "/read", "enterprise", "");
        EXPECT_EQ(reply.status, 404) << id;
        EXPECT_EQ(reply.Code(), "not_found") << id;
    }
    // Read-all never touches another user's inbox.
    Post("/api/v1/notifications/read-all", "enterprise", "");
    auto still = Get("/api/v1/notifications?unread=true", "inspector");
    EXPECT_EQ(still.Int("total"), 1);
}

TEST_P(NotificationsHttp, NotLoggedInIs401) {
    Add(5, "一");
    EXPECT_EQ(Get("/api/v1/notifications", "").status, 401);
    EXPECT_EQ(Post("/api/v1/notifications/1/read", "", "").status, 401);
    EXPECT_EQ(Post("/api/v1/notifications/read-all", "", "").status, 401);
    EXPECT_EQ(Get("/api/v1/notifications", "nobody").status, 401);
}

TEST_P(NotificationsHttp, BadParametersAre422FieldByField) {
    auto reply = Get("/api/v1/notifications?page=0&page_size=500&unread=maybe", "enterprise");
    EXPECT_EQ(reply.status, 422);
    EXPECT_TRUE(reply.HasField("page"));
    EXPECT_TRUE(reply.HasField("page_size"));
    EXPECT_TRUE(reply.HasField("unread"));
    EXPECT_EQ(Get("/api/v1/notifications?page=abc", "enterprise").status, 422);
    EXPECT_EQ(Get("/api/v1/notifications?page=1000000001", "enterprise").status, 422);
    // Past the end: an empty page, not an error.
    Add(5, "一");
    auto beyond = Get("/api/v1/notifications?page=5", "enterprise");
    EXPECT_EQ(beyond.status, 200);
    EXPECT_TRUE(beyond.body.at("items").as_array().empty());
    EXPECT_EQ(beyond.Int("total"), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, NotificationsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
