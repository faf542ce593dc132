// Every role against every registry endpoint, with ids inside and outside its scope.
// Outside scope reads as 404 (never revealing existence); a role not allowed gets 403.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

std::set<int64_t> Ids(HttpClient& client, const std::string& path) {
    std::set<int64_t> ids;
    for (int page = 1;; ++page) {
        auto r = client.Get(path + (path.find('?') == std::string::npos ? "?" : "&") +
                            "page_size=200&page=" + std::to_string(page));
        if (r.status != 200) return ids;
        const boost::json::value body = r.Json();  // Json() parses into a temporary
        const auto& items = body.at("items").as_array();
        for (const auto& item : items) ids.insert(item.at("id").as_int64());
        if (items.size() < 200) return ids;
    }
}

void CollectRegions(const boost::json::value& nodes, std::set<int64_t>& out) {
    for (const auto& n : nodes.as_array()) {
        out.insert(n.at("id").as_int64());
        CollectRegions(n.at("children"), out);
    }
}

std::set<int64_t> RegionIds(HttpClient& client) {
    std::set<int64_t> ids;
    auto r = client.Get("/api/v1/regions");
    if (r.status == 200) CollectRegions(r.Json(), ids);
    return ids;
}

class ScopeWalk : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        const std::string db = "sqlite:" + dir_->File("walk.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db, "--enterprises", "150", "--seed", "11"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
        server_ = new ServerProcess({"--db", db, "--data-dir", dir_->File("data")});
        ASSERT_TRUE(server_->Start()) << server_->Log();
    }
    static void TearDownTestSuite() {
        delete server_;
        delete dir_;
    }
    static HttpClient As(const std::string& user) {
        HttpClient c("127.0.0.1", server_->port());
        EXPECT_EQ(c.Login(user).status, 200) << user;
        return c;
    }
    static test::TempDir* dir_;
    static ServerProcess* server_;
};
test::TempDir* ScopeWalk::dir_ = nullptr;
ServerProcess* ScopeWalk::server_ = nullptr;

TEST_F(ScopeWalk, EachRoleSeesExactlyItsPartAndOutsideIsNotFound) {
    auto admin = As("admin");
    const auto all_enterprises = Ids(admin, "/api/v1/enterprises");
    const auto all_buildings = Ids(admin, "/api/v1/buildings");
    const auto all_regions = RegionIds(admin);
    ASSERT_EQ(all_enterprises.size(), 150u);
    const auto all_trainings = Ids(admin, "/api/v1/trainings");
    ASSERT_GT(all_trainings.size(), 5u) << "seed-demo writes a year of training";
    const auto all_hazards = Ids(admin, "/api/v1/hazards");
    const auto all_inspections = Ids(admin, "/api/v1/inspections");
    ASSERT_GT(all_hazards.size(), 100u) << "seed-demo writes a history";
    ASSERT_GT(all_inspections.size(), 10u);

    struct Expect {
        const char* user;
        size_t min_enterprises, max_enterprises;
    };
    for (const Expect& e : {Expect{"town", 150, 150}, Expect{"village1", 1, 149}, Expect{"inspector1", 1, 149},
                            Expect{"enterprise1", 1, 1}}) {
        SCOPED_TRACE(e.user);
        auto client = As(e.user);
        const auto mine = Ids(client, "/api/v1/enterprises");
        EXPECT_GE(mine.size(), e.min_enterprises);
        EXPECT_LE(mine.size(), e.max_enterprises);
        for (int64_t id : all_enterprises) {
            const int status = client.Get("/api/v1/enterprises/" + std::to_string(id)).status;
            EXPECT_EQ(status, mine.count(id) ? 200 : 404) << "enterprise " << id;
        }
        // The training tab of an enterprise file follows the file's scope; sessions follow the list.
        for (int64_t id : all_enterprises) {
            const int status = client.Get("/api/v1/enterprises/" + std::to_string(id) + "/trainings").status;
            EXPECT_EQ(status, mine.count(id) ? 200 : 404) << "trainings of enterprise " << id;
        }
        if (std::string(e.user) == "enterprise1") {
            EXPECT_EQ(client.Get("/api/v1/trainings").status, 403);
            EXPECT_EQ(client.Get("/api/v1/stats/training").status, 403);
        } else {
            const auto my_trainings = Ids(client, "/api/v1/trainings");
            EXPECT_FALSE(my_trainings.empty());
            for (int64_t id : all_trainings) {
                const int status = client.Get("/api/v1/trainings/" + std::to_string(id)).status;
                EXPECT_EQ(status, my_trainings.count(id) ? 200 : 404) << "training " << id;
            }
        }
        // Writing outside scope is as invisible as reading.
        for (int64_t id : all_enterprises) {
            if (mine.count(id)) continue;
            auto r =
                client.Patch("/api/v1/enterprises/" + std::to_string(id), {{"contact_name", "越权"}, {"version", 1}});
            EXPECT_EQ(r.status, 404) << "patch enterprise " << id;
            break;
        }
        const auto my_buildings = Ids(client, "/api/v1/buildings");
        for (int64_t id : all_buildings) {
            const int status = client.Get("/api/v1/buildings/" + std::to_string(id)).status;
            if (std::string(e.user) == "enterprise1") {
                EXPECT_TRUE(status == 404 || status == 403 || status == 200) << status;
            } else {
                EXPECT_EQ(status, my_buildings.count(id) ? 200 : 404) << "building " << id;
            }
        }
        const auto my_regions = RegionIds(client);
        for (int64_t id : all_regions) {
            const int status = client.Get("/api/v1/regions/" + std::to_string(id)).status;
            if (!my_regions.count(id)) {
                EXPECT_EQ(status, 404) << "region " << id;
            }
        }
        // Hazards, their documents and actions, inspections and statistics follow the same scope.
        const auto my_hazards = Ids(client, "/api/v1/hazards");
        const auto my_inspections = Ids(client, "/api/v1/inspections");
        EXPECT_LE(my_hazards.size(), all_hazards.size());
        int checked = 0;
        for (int64_t id : all_hazards) {
            if (++checked > 400) break;  // enough of both kinds; the lists themselves are compared below
            const std::string path = "/api/v1/hazards/" + std::to_string(id);
            EXPECT_EQ(client.Get(path).status, my_hazards.count(id) ? 200 : 404) << "hazard " << id;
            if (!my_hazards.count(id)) {
                EXPECT_EQ(client.Get(path + "/notice.pdf").status, 404) << "notice " << id;
                auto act = client.Post(path + "/actions", {{"action", "reject"}, {"comment", "越权"}});
                EXPECT_EQ(act.status, 404) << "action on hazard " << id;
            }
        }
        for (int64_t id : my_hazards) EXPECT_TRUE(all_hazards.count(id)) << "hazard " << id << " unknown to admin";
        for (int64_t id : all_inspections) {
            const int status = client.Get("/api/v1/inspections/" + std::to_string(id)).status;
            EXPECT_EQ(status, my_inspections.count(id) ? 200 : 404) << "inspection " << id;
        }
        for (int64_t id : all_regions) {
            const int status = client.Get("/api/v1/stats/overview?region_id=" + std::to_string(id)).status;
            if (!my_regions.count(id)) EXPECT_EQ(status, 404) << "stats of region " << id;
        }
        // Users and the audit log belong to town and admin.
        const bool office = std::string(e.user) == "town";
        EXPECT_EQ(client.Get("/api/v1/audit").status, office ? 200 : 403);
        EXPECT_EQ(client.Get("/api/v1/users").status, office ? 200 : 403);
        // Creating regions is for town and admin.
        auto created = client.Post("/api/v1/regions", {{"name", "新网格"}, {"kind", "grid"}, {"parent_id", 2}});
        if (!office) {
            EXPECT_TRUE(created.status == 403 || created.status == 404) << created.status;
        }
    }
}

TEST_F(ScopeWalk, NoLoginMeansUnauthenticatedEverywhereButPublicEndpoints) {
    HttpClient anonymous("127.0.0.1", server_->port());
    for (const char* path :
         {"/api/v1/me", "/api/v1/regions", "/api/v1/enterprises", "/api/v1/enterprises/1", "/api/v1/buildings",
          "/api/v1/users", "/api/v1/audit", "/api/v1/hazards", "/api/v1/hazards/1", "/api/v1/hazards/1/notice.pdf",
          "/api/v1/hazards/export.xlsx", "/api/v1/inspections", "/api/v1/checklists", "/api/v1/stats/overview",
          "/api/v1/stats/regions", "/api/v1/notifications", "/api/v1/attachments/1"}) {
        EXPECT_EQ(anonymous.Get(path).status, 401) << path;
    }
    EXPECT_EQ(anonymous.Get("/healthz").status, 200);
    anonymous.SetToken("not-a-real-token");
    EXPECT_EQ(anonymous.Get("/api/v1/me").status, 401);
}

}  // namespace
}  // namespace safegrid::testing
