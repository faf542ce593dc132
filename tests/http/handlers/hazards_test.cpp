#include "http/handlers/hazards.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

// The registry world behind Dispatch, with the hazard routes and the hazard service on the same store.
class HazardsHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (!w_) return;
        hazards_ =
            std::make_unique<services::HazardService>(w_->store->shared(), w_->clock, *w_->audit, *w_->enterprises);
        RegisterHazardRoutes(router_, *hazards_);
    }

    std::string Due(int64_t days = 1) { return FormatRfc3339(w_->clock.Now() + days * 86400); }
    std::string NewBody(int64_t enterprise, const std::string& severity = "general", const std::string& extra = "") {
        return R"({"enterprise_id":)" + Id(enterprise) + R"(,"title":"安全出口上锁","description":"夜间锁闭",)" +
               R"("severity":")" + severity + R"(","category":"exits","due_at":")" + Due() + "\"" + extra + "}";
    }
    int64_t CreateAs(const std::string& who, int64_t enterprise, const std::string& severity = "general") {
        auto reply = Post("/api/v1/hazards", who, NewBody(enterprise, severity));
        EXPECT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
        return reply.status == 201 ? reply.Int("id") : 0;
    }
    HttpReply Act(int64_t id, const std::string& who, const std::string& body) {
        return Post("/api/v1/hazards/" + Id(id) + "/actions", who, body);
    }
    std::string Status(int64_t id) {
        return std::string(Get("/api/v1/hazards/" + Id(id), "admin").body.at("status").as_string());
    }

    std::unique_ptr<services::HazardService> hazards_;
};

TEST_P(HazardsHttp, ResourceHasEveryField) {
    const int64_t id = CreateAs("inspector", w_->ent1a);
    auto reply = Get("/api/v1/hazards/" + Id(id), "inspector");
    ASSERT_EQ(reply.status, 200);
    for (const char* key : {"id",
                            "enterprise_id",
                            "enterprise_name",
                            "town_id",
                            "village_id",
                            "grid_id",
                            "source",
                            "inspection_id",
                            "checklist_item",
                            "title",
                            "description",
                            "category",
                            "severity",
                            "major_reason",
                            "legal_basis",
                            "status",
                            "due_at",
                            "found_at",
                            "closed_at",
                            "overdue",
                            "listing_no",
                            "lat",
                            "lng",
                            "address",
                            "version",
                            "created_at",
                            "updated_at",
                            "history",
                            "allowed_actions",
                            "primary_action",
                            "return_needs_due_at",
                            "attachments"}) {
        EXPECT_TRUE(reply.body.as_object().contains(key)) << key;
    }
    EXPECT_EQ(reply.body.at("status"), "rectifying");
    EXPECT_EQ(reply.body.at("found_at"), "2026-11-29T11:31:14Z");
    EXPECT_EQ(reply.body.at("due_at"), "2026-11-30T11:31:14Z");
    EXPECT_EQ(reply.body.at("overdue"), false);
    EXPECT_EQ(reply.body.at("allowed_actions"), boost::json::parse(R"(["submit"])"));
    const auto& event = reply.body.at("history").at(0);
    for (const char* key : {"action", "from", "to", "actor_id", "actor_name", "at", "comment", "attachments",
                            "due_before", "due_after"}) {
        EXPECT_TRUE(event.as_object().contains(key)) << key;
    }
    EXPECT_EQ(event.at("action"), "create");
    EXPECT_EQ(event.at("actor_id"), w_->inspector.user_id);
}

// Issue 12 point 5: the history names the person and the role, not the login; the public and the
// system have neither (the web names them).
TEST_P(HazardsHttp, HistoryNamesThePersonAndTheRole) {
    w_->store->Exec(
        "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, created_at, "
        "updated_at) VALUES (?, ?, 'x', 'inspector', ?, ?, '沈建国', 1, 1)",
        {w_->inspector.user_id, w_->inspector.username, w_->grid1a, w_->town});
    const int64_t id = CreateAs("inspector", w_->ent1a);
    auto reply = Get("/api/v1/hazards/" + Id(id), "inspector");
    ASSERT_EQ(reply.status, 200);
    const auto& event = reply.body.at("history").at(0);
    EXPECT_EQ(event.at("actor_name"), "沈建国");
    EXPECT_EQ(event.at("actor_role"), "inspector");
    EXPECT_EQ(event.at("actor_login").as_string(), w_->inspector.username);

    // An event without an actor (a public report, a job): no name, no role.
    w_->store->Exec(
        "INSERT INTO hazard_events (town_id, hazard_id, action, from_status, to_status, actor_id, actor_name, at, "
        "attachments) VALUES (?, ?, 'escalate', 'rectifying', 'rectifying', NULL, '', 2, '[]')",
        {w_->town, id});
    auto again = Get("/api/v1/hazards/" + Id(id), "inspector");
    ASSERT_EQ(again.status, 200);
    const auto& system = again.body.at("history").as_array().back();
    EXPECT_EQ(system.at("action"), "escalate");
    EXPECT_TRUE(system.at("actor_name").is_null());
    EXPECT_TRUE(system.at("actor_role").is_null());
}

TEST_P(HazardsHttp, InspectorFindsEnterpriseFixesVillageVerifies) {
    const int64_t id = CreateAs("inspector", w_->ent1a);
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"已拆除门锁"})").status, 200);
    EXPECT_EQ(Act(id, "inspector", R"({"action":"return"})").status, 422);
    // The deadline is a day away: the return must give a new one, and the answer names it.
    EXPECT_EQ(Act(id, "inspector", R"({"action":"return","comment":"仍上锁"})").status, 422);
    auto returned = Act(id, "inspector", R"({"action":"return","comment":"仍上锁","due_at":")" + Due(7) + "\"}");
    ASSERT_EQ(returned.status, 200);
    EXPECT_EQ(returned.body.at("status"), "rectifying");
    EXPECT_EQ(returned.body.at("due_at").as_string(), Due(7));
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"已更换推闩"})").status, 200);
    auto closed = Act(id, "village", R"({"action":"approve"})");
    ASSERT_EQ(closed.status, 200);
    EXPECT_EQ(closed.body.at("status"), "closed");
    EXPECT_EQ(closed.body.at("history").as_array().size(), 5u);
    EXPECT_EQ(closed.Int("version"), 5);
}

// CONTRACT.md: approve and return by the user who made the last submit → 409 same_person.
TEST_P(HazardsHttp, WhoRectifiesNeverSignsOff) {
    const int64_t id = CreateAs("inspector", w_->ent1a);
    auto found = Get("/api/v1/hazards/" + Id(id), "inspector");
    EXPECT_EQ(found.body.at("allowed_actions"), boost::json::parse(R"(["submit"])"));
    EXPECT_TRUE(found.body.at("primary_action").is_null());  // the enterprise's move
    ASSERT_EQ(Act(id, "inspector", R"({"action":"submit","comment":"当场整改"})").status, 200);
    auto own = Act(id, "inspector", R"({"action":"approve"})");
    EXPECT_EQ(own.status, 409);
    EXPECT_EQ(own.body.at("error").at("code"), "same_person");
    auto own_return = Act(id, "inspector", R"({"action":"return","comment":"x","due_at":")" + Due(7) + "\"}");
    EXPECT_EQ(own_return.status, 409);
    EXPECT_EQ(own_return.body.at("error").at("code"), "same_person");
    auto mine = Get("/api/v1/hazards/" + Id(id), "inspector");
    EXPECT_EQ(mine.body.at("allowed_actions"), boost::json::array());
    auto theirs = Get("/api/v1/hazards/" + Id(id), "village");
    EXPECT_EQ(theirs.body.at("allowed_actions"), boost::json::parse(R"(["approve","return"])"));
    EXPECT_EQ(theirs.body.at("primary_action"), "approve");
    EXPECT_EQ(theirs.body.at("return_needs_due_at"), true);
    EXPECT_EQ(Act(id, "village", R"({"action":"approve"})").status, 200);
    EXPECT_EQ(Status(id), "closed");
}

TEST_P(HazardsHttp, EnterpriseSelfReportIsConfirmedThenClosed) {
    auto created = Post("/api/v1/hazards", "enterprise", NewBody(w_->ent1a));
    ASSERT_EQ(created.status, 201);
    EXPECT_EQ(created.body.at("status"), "reported");
    EXPECT_TRUE(created.body.at("due_at").is_null());
    const int64_t id = created.Int("id");
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"confirm","due_at":")" + Due() + "\"}").status, 403);
    EXPECT_EQ(Act(id, "inspector", R"({"action":"confirm"})").status, 422);
    EXPECT_EQ(Act(id, "inspector", R"({"action":"confirm","due_at":"2020-01-01T00:00:00Z"})").status, 422);
    ASSERT_EQ(Act(id, "inspector", R"({"action":"confirm","due_at":")" + Due(7) + "\"}").status, 200);
    EXPECT_EQ(Act(id, "village", R"({"action":"extend","comment":"x","due_at":")" + Due(3) + "\"}").status, 422);
    EXPECT_EQ(Act(id, "village", R"({"action":"extend","comment":"材料未到","due_at":")" + Due(10) + "\"}").status,
              200);
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"ok"})").status, 200);
    EXPECT_EQ(Act(id, "town", R"({"action":"approve"})").status, 200);
    EXPECT_EQ(Status(id), "closed");
}

TEST_P(HazardsHttp, MajorHazardIsApprovedOnlyByTheTown) {
    const int64_t id = CreateAs("village", w_->ent1a, "major");
    auto read = Get("/api/v1/hazards/" + Id(id), "town");
    EXPECT_EQ(read.body.at("listing_no"), "匡安督〔2026〕1号");
    auto supervised = Get("/api/v1/hazards?supervised=true", "town");
    EXPECT_EQ(supervised.Int("total"), 1);
    ASSERT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"已停产"})").status, 200);
    EXPECT_EQ(Act(id, "village", R"({"action":"approve"})").status, 403);
    EXPECT_EQ(Act(id, "inspector", R"({"action":"approve"})").status, 403);
    EXPECT_EQ(Act(id, "town", R"({"action":"approve"})").status, 200);
}

TEST_P(HazardsHttp, InvalidTransitionsAndRolesAnswerTheContractCodes) {
    const int64_t id = CreateAs("town", w_->ent1a);
    auto invalid = Act(id, "town", R"({"action":"approve"})");
    EXPECT_EQ(invalid.status, 409);
    EXPECT_EQ(invalid.Code(), "invalid_transition");
    EXPECT_EQ(Act(id, "town", R"({"action":"submit","comment":"x"})").status, 403);
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"submit"})").status, 422);
    auto unknown = Act(id, "town", R"({"action":"delete"})");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_TRUE(unknown.HasField("action"));
    EXPECT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"x","version":9})").Code(), "version_conflict");
    EXPECT_EQ(Call(Method::kPost, "/api/v1/hazards/" + Id(id) + "/actions", "enterprise",
                   R"({"action":"submit","comment":"x"})", {{"if-match", "1"}})
                  .status,
              200);
}

TEST_P(HazardsHttp, CreateRulesPerRole) {
    EXPECT_EQ(Post("/api/v1/hazards", "inspector", NewBody(w_->ent1b)).status, 422);
    EXPECT_EQ(Post("/api/v1/hazards", "enterprise", NewBody(w_->ent1b)).status, 422);
    auto no_due =
        Post("/api/v1/hazards", "town",
             R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"title":"t","severity":"general","category":"other"})");
    EXPECT_EQ(no_due.status, 422);
    EXPECT_TRUE(no_due.HasField("due_at"));
    auto foreign = Post("/api/v1/hazards", "town", NewBody(w_->ent1a, "general", R"(,"attachments":[77])"));
    EXPECT_EQ(foreign.status, 422);
    EXPECT_TRUE(foreign.HasField("attachments"));
    EXPECT_EQ(Post("/api/v1/hazards", "", NewBody(w_->ent1a)).status, 401);
}

TEST_P(HazardsHttp, TwoRequestsOnTheSameVersionOneWinsOne409) {
    const int64_t id = CreateAs("inspector", w_->ent1a);
    ASSERT_EQ(Act(id, "enterprise", R"({"action":"submit","comment":"done"})").status, 200);
    std::atomic<int> ok{0}, conflict{0};
    auto run = [&](const char* who, const char* body) {
        const int status = Act(id, who, body).status;
        if (status == 200) ++ok;
        if (status == 409) ++conflict;
    };
    std::thread a(run, "inspector", R"({"action":"approve","version":2})");
    std::thread b(run, "village", R"({"action":"return","comment":"no","due_at":"2030-01-01T00:00:00Z","version":2})");
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflict.load(), 1);
}

TEST_P(HazardsHttp, EveryRoleInAndOutOfScope) {
    const int64_t h1a = CreateAs("inspector", w_->ent1a);
    const int64_t h1b = CreateAs("village", w_->ent1b);
    const int64_t h2a = CreateAs("town", w_->ent2a);
    const int64_t hother = CreateAs("admin", w_->ent_other);
    struct Case {
        const char* who;
        int64_t id;
        int status;
    };
    for (const Case& c :
         {Case{"admin", hother, 200}, Case{"town", h2a, 200}, Case{"town", hother, 404}, Case{"village", h1b, 200},
          Case{"village", h2a, 404}, Case{"inspector", h1a, 200}, Case{"inspector", h1b, 404},
          Case{"enterprise", h1a, 200}, Case{"enterprise", h1b, 404}, Case{"other_town", h1a, 404},
          Case{"other_village", h2a, 200}, Case{"other_inspector", h1b, 200}, Case{"other_enterprise", h1a, 404},
          Case{"admin", 999999, 404}}) {
        EXPECT_EQ(Get("/api/v1/hazards/" + Id(c.id), c.who).status, c.status) << c.who << " " << c.id;
        if (c.status == 404) {
            EXPECT_EQ(Act(c.id, c.who, R"({"action":"approve"})").status, 404) << c.who;
            EXPECT_EQ(Post("/api/v1/hazards/" + Id(c.id) + "/link", c.who, R"({"duplicate_of":1})").status, 404);
        }
    }
    EXPECT_EQ(Get("/api/v1/hazards?region_id=" + Id(w_->other_town), "town").status, 404);
    EXPECT_EQ(Get("/api/v1/hazards?region_id=" + Id(w_->village1), "town").Int("total"), 2);
}

TEST_P(HazardsHttp, QueryParametersAreValidated) {
    for (const char* q : {"status=opened", "status=open,closed", "status=rectifying,", "sort=title", "sort=due",
                          "q="
                          "0123456789012345678901234567890123456789012345678901234567890123456789"
                          "0123456789012345678901234567890",
                          "severity=huge", "category=x", "overdue=maybe", "supervised=2", "enterprise_id=abc",
                          "region_id=x", "page=0", "page_size=201"}) {
        auto reply = Get(std::string("/api/v1/hazards?") + q, "town");
        EXPECT_EQ(reply.status, 422) << q;
        const std::string name(q, std::string(q).find('='));
        EXPECT_TRUE(reply.HasField(name.c_str())) << q;
    }
    CreateAs("town", w_->ent1a);
    auto page = Get("/api/v1/hazards?status=rectifying&severity=general&page=1&page_size=5", "town");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.Int("total"), 1);
    EXPECT_EQ(page.Int("page_size"), 5);
    EXPECT_EQ(page.body.at("items").at(0).at("enterprise_name"), "慈溪市宏达服饰有限公司");
}

TEST_P(HazardsHttp, StatusListsKeywordAndDeadlineOrder) {
    const int64_t first = CreateAs("town", w_->ent1a);
    const int64_t second = CreateAs("town", w_->ent1b);
    auto ids = [&](const std::string& query) {
        auto reply = Get("/api/v1/hazards?" + query, "town");
        EXPECT_EQ(reply.status, 200) << query << " " << boost::json::serialize(reply.body);
        std::vector<int64_t> out;
        if (reply.status != 200) return out;
        for (const auto& item : reply.body.at("items").as_array()) out.push_back(item.at("id").as_int64());
        EXPECT_EQ(reply.Int("total"), static_cast<int64_t>(out.size())) << query;
        return out;
    };
    EXPECT_EQ(ids("status=open"), (std::vector<int64_t>{second, first}));
    EXPECT_EQ(ids("status=reported,rectifying,submitted"), (std::vector<int64_t>{second, first}));
    EXPECT_EQ(ids("status=reported%2Crectifying"), (std::vector<int64_t>{second, first}));
    EXPECT_EQ(ids("status=closed,rejected"), std::vector<int64_t>{});
    EXPECT_EQ(ids("sort=created_at"), (std::vector<int64_t>{first, second}));
    EXPECT_EQ(ids("sort=-created_at"), (std::vector<int64_t>{second, first}));
    EXPECT_EQ(ids("sort=due_at&overdue=true"), std::vector<int64_t>{});
    EXPECT_EQ(ids("q=%E9%94%A6%E7%BB%A3"), (std::vector<int64_t>{second}));  // 锦绣: the enterprise's name
    EXPECT_EQ(ids("q=100%25"), std::vector<int64_t>{});                      // '%' is a character
    auto reply = Get("/api/v1/hazards?q=%E9%94%A6%E7%BB%A3", "town");
    EXPECT_EQ(reply.body.at("items").at(0).at("enterprise_name"), "慈溪市匡堰锦绣制衣厂");
}

TEST_P(HazardsHttp, LinkMarksADuplicate) {
    const int64_t original = CreateAs("town", w_->ent1a);
    const int64_t dup = CreateAs("enterprise", w_->ent1a);
    EXPECT_EQ(Post("/api/v1/hazards/" + Id(dup) + "/link", "town", R"({})").status, 422);
    EXPECT_EQ(
        Post("/api/v1/hazards/" + Id(dup) + "/link", "enterprise", R"({"duplicate_of":)" + Id(original) + "}").status,
        403);
    auto linked = Post("/api/v1/hazards/" + Id(dup) + "/link", "village", R"({"duplicate_of":)" + Id(original) + "}");
    ASSERT_EQ(linked.status, 200);
    EXPECT_EQ(linked.body.at("status"), "rejected");
    EXPECT_EQ(linked.Int("duplicate_of"), original);
}

TEST_P(HazardsHttp, HostileBodiesNeverGive500) {
    const int64_t id = CreateAs("town", w_->ent1a);
    for (const char* body : {"", "null", "[]", "{", R"({"action":1})", R"({"action":"submit","attachments":"x"})",
                             R"({"action":"confirm","due_at":"tomorrow"})", R"({"action":"assign","enterprise_id":-5})",
                             R"({"action":"assign","enterprise_id":1e40})", R"({"action":"confirm","severity":"x"})",
                             R"({"action":"submit","comment":"\u0000"})", R"({"action":"extend","version":"abc"})",
                             R"({"action":"submit","attachments":[-1,0]})"}) {
        auto reply = Act(id, "town", body);
        EXPECT_TRUE(reply.status == 400 || reply.status == 403 || reply.status == 409 || reply.status == 415 ||
                    reply.status == 422)
            << body << " → " << reply.status;
    }
    for (const char* body : {R"({"enterprise_id":"1"})", R"({"enterprise_id":1,"title":"x","severity":"general",
                             "due_at":"2030-01-01","lat":"north"})",
                             R"({"enterprise_id":9223372036854775807,"title":"x","severity":"general"})"}) {
        auto reply = Post("/api/v1/hazards", "town", body);
        EXPECT_TRUE(reply.status == 400 || reply.status == 422) << body << " → " << reply.status;
    }
    EXPECT_EQ(Get("/api/v1/hazards/abc", "town").status, 404);
    EXPECT_EQ(Get("/api/v1/hazards/-1", "town").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardsHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
