// The county's read-only rule (issue 11 point 4, docs/county.md) lives in the services, not in
// http/dispatch (which no longer checks it): this walks EVERY write operation of openapi.json as the
// demo `county` login, through the real routes and services on both stores, and checks that each
// answers 403 `forbidden` and that no statement the request ran changed a row (the SQL is logged).
// A write route added later is walked too; if its service forgets RequireWriter, this fails.
// The exceptions are listed below, each with why: the county's own account, and the public routes
// (they take no session: a county login there is an anonymous visitor like anyone else).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/application.hpp"
#include "app/logged_app.hpp"
#include "app/system_clock.hpp"
#include "core/time.hpp"
#include "http/handlers/auth.hpp"
#include "http/openapi.hpp"
#include "http/server.hpp"
#include "services/seed/demo_campaigns.hpp"
#include "services/seed/demo_devices.hpp"
#include "services/seed/demo_history.hpp"
#include "services/seed/demo_stations.hpp"
#include "services/seed/demo_training.hpp"
#include "services/seed/seed_demo.hpp"
#include "support/sql_log.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace safegrid::test {
namespace {

// Writes a read-only role keeps: its own account and inbox. Checked to NOT answer 403.
const std::set<std::string> kOwnAccount = {
    "POST /api/v1/me/password",
    "POST /api/v1/auth/logout",
    "POST /api/v1/auth/logout-all",
    "POST /api/v1/notifications/read-all",
    "POST /api/v1/notifications/{id}/read",
};

bool Public(const std::string& path) { return path.rfind("/api/v1/public/", 0) == 0 || path == "/api/v1/auth/login"; }

http::Method MethodOf(const std::string& name) {
    if (name == "POST") return http::Method::kPost;
    if (name == "PUT") return http::Method::kPut;
    if (name == "PATCH") return http::Method::kPatch;
    if (name == "DELETE") return http::Method::kDelete;
    return http::Method::kGet;
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A statement that changes rows. Reads (SELECT, WITH ... SELECT), locks and transaction control pass.
bool Writes(const std::string& statement) {
    std::string sql = Lower(statement);
    sql.erase(0, sql.find_first_not_of(" \t\r\n("));
    for (const char* verb : {"insert", "update", "delete", "replace", "merge", "truncate", "create", "drop", "alter"}) {
        if (sql.rfind(verb, 0) == 0) return true;
    }
    return sql.rfind("with", 0) == 0 &&
           (sql.find(" insert ") != std::string::npos || sql.find(" update ") != std::string::npos ||
            sql.find(" delete ") != std::string::npos);
}

class ReadOnlyWalk : public LoggedApp {
  protected:
    // The county 慈溪市 over the demo town, with every kind of row a write route names.
    void Seed() override {
        namespace seed = services::seed;
        auto villages =
            seed::ReadKuangyanVillages(app::DataDir() + "/regions/cn_divisions_kuangyan_330282110_2023.csv");
        ASSERT_TRUE(villages);
        villages->resize(2);
        seed::SeedDeps deps{*s_->db, *s_->regions, *s_->buildings, *s_->enterprises, *s_->users};
        auto county = seed::SeedDemoCounty(deps);
        ASSERT_TRUE(county) << county.error().internal;
        seed::TownPlacement first;
        first.county_id = *county;
        auto town = seed::SeedDemoTownIn(deps, *villages, 8, 7, first);
        ASSERT_TRUE(town) << town.error().internal;
        town_ = *town;
        ASSERT_TRUE(seed::SeedDemoCountyUser(deps, *county));
        seed::HistoryDeps history{*s_->db, *s_->hazards, clock_, s_->checklists->List(), DeadlinePolicy{}};
        ASSERT_TRUE(seed::SeedDemoHistory(history, town_, 20, 7));
        ASSERT_TRUE(seed::SeedDemoCampaigns(*s_->db, *s_->campaigns, *s_->hazards, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoStations(*s_->db, *s_->stations, town_));
        ASSERT_TRUE(seed::SeedDemoDevices(*s_->db, *s_->devices, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoTraining(*s_->db, *s_->trainings, clock_, town_));
    }

    struct Reply {
        int status = 0;
        boost::json::value body;
    };
    Reply Call(http::Method method, const std::string& target, const std::string& body = "",
               const std::string& content_type = "application/json") {
        http::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.headers["authorization"] = "Bearer " + token_;
        if (!body.empty()) r.headers["content-type"] = content_type;
        http::Response response = http::Dispatch(router_, hooks_, r);
        EXPECT_LT(response.status, 500) << target << ": " << response.body;
        boost::system::error_code ec;
        return {response.status, boost::json::parse(response.body, ec)};
    }

    // The first id the county sees in the list above `path`'s first parameter (0 when none).
    int64_t FirstId(const std::string& list) {
        auto reply = Call(http::Method::kGet, list);
        if (reply.status != 200) return 0;
        const boost::json::value& b = reply.body;
        const boost::json::value* first = nullptr;
        if (b.is_object() && b.as_object().contains("items") && !b.at("items").as_array().empty())
            first = &b.at("items").as_array().front();
        else if (b.is_array() && !b.as_array().empty())
            first = &b.as_array().front();
        if (!first || !first->is_object() || !first->as_object().contains("id")) return 0;
        return first->at("id").as_int64();
    }

    // The path with real ids of the county's towns in its parameters, so a service that skipped
    // the rule would find its row and write.
    std::string Target(const std::string& path) {
        std::string target = path;
        if (size_t at = target.find("{enterprise_id}"); at != std::string::npos)
            target.replace(at, 15, std::to_string(town_.enterprise1_id));
        if (size_t at = target.find("{id}"); at != std::string::npos) {
            const std::string list = path.substr(0, path.find("/{"));
            int64_t id = FirstId(list);
            target.replace(at, 4, std::to_string(id != 0 ? id : town_.town_id));
        }
        return target;
    }

    // A body of the operation's request schema with its fields filled in plausibly, so the
    // handler passes the request on to its service (which must refuse before it validates).
    boost::json::value Sample(const boost::json::value& schema, const std::string& name, int depth = 0) {
        const boost::json::object& s = Resolve(schema);
        if (depth > 4) return nullptr;
        if (s.contains("allOf")) {
            boost::json::object merged;
            for (const auto& part : s.at("allOf").as_array()) {
                auto v = Sample(part, name, depth + 1);
                if (v.is_object())
                    for (const auto& [k, x] : v.as_object()) merged[k] = x;
            }
            return merged;
        }
        for (const char* alternatives : {"oneOf", "anyOf"}) {
            if (s.contains(alternatives)) return Sample(s.at(alternatives).as_array().front(), name, depth + 1);
        }
        if (s.contains("enum")) return s.at("enum").as_array().front();
        const std::string type = s.contains("type") ? std::string(s.at("type").as_string()) : "object";
        if (type == "object") {
            boost::json::object out;
            // Every property, not only the required ones: handlers check presence (422) before the
            // service sees the request, and the schemas leave some of what they check unlisted.
            if (s.contains("properties")) {
                for (const auto& [key, property] : s.at("properties").as_object()) {
                    if (Resolve(property).contains("readOnly")) continue;
                    out[key] = Sample(property, std::string(key), depth + 1);
                }
            }
            return out;
        }
        if (type == "array") return boost::json::array{};
        if (type == "boolean") return false;
        if (type == "integer" || type == "number") {
            if (name == "enterprise_id" || name == "duplicate_of") return town_.enterprise1_id;
            if (name.size() > 3 && name.ends_with("_id")) return town_.inspector1_grid_id;
            return 1;
        }
        const std::string format = s.contains("format") ? std::string(s.at("format").as_string()) : "";
        if (format == "date") return "2026-12-01";
        if (format == "date-time") return "2026-12-20T00:00:00Z";
        if (name == "period") return "2026-11";
        return "只读检查";
    }

    const boost::json::object& Resolve(const boost::json::value& schema) {
        const boost::json::object* s = &schema.as_object();
        while (s->contains("$ref")) {
            std::string ref(s->at("$ref").as_string());
            s = &spec_.at("components").at("schemas").at(ref.substr(ref.rfind('/') + 1)).as_object();
        }
        return *s;
    }

    // The request body and its type for the operation, from openapi.json.
    std::pair<std::string, std::string> BodyOf(const std::string& method, const std::string& path) {
        const auto& op = spec_.at("paths").at(path).at(Lower(method)).as_object();
        if (!op.contains("requestBody")) return {"", ""};
        const auto& content = op.at("requestBody").at("content").as_object();
        const auto& [type, media] = *content.begin();
        if (type == "application/json") return {boost::json::serialize(Sample(media.at("schema"), "")), type};
        if (type == "text/csv") return {"名称,统一社会信用代码\n只读检查,91330282MA2XXXXXX1\n", type};
        return {std::string("%PDF-1.4\n%%EOF\n"), std::string(type)};
    }

    int64_t AuditRows() { return store_->QueryInt("SELECT COUNT(*) FROM audit_log"); }

    std::string token_;
    boost::json::value spec_ = boost::json::parse(http::OpenApiDocument());
};

TEST_P(ReadOnlyWalk, EveryWriteRouteRefusesTheCountyInItsServiceAndWritesNothing) {
    auto login = s_->auth->Login("county", services::seed::kDemoPassword, "127.0.0.1");
    ASSERT_TRUE(login);
    token_ = login->token;
    ASSERT_GT(FirstId("/api/v1/hazards"), 0) << "the county sees its town's hazards";
    // The app learns from the server that this login writes nothing (it offers no write button).
    EXPECT_EQ(Call(http::Method::kGet, "/api/v1/me").body.at("read_only"), true);
    const int64_t audit_before = AuditRows();
    int walked = 0;
    for (const auto& [method, path] : http::OpenApiOperations()) {
        if (method == "GET" || method == "HEAD" || Public(path) || kOwnAccount.count(method + " " + path)) continue;
        SCOPED_TRACE(method + " " + path);
        const std::string target = Target(path);
        const auto [body, type] = BodyOf(method, path);
        log_->SetRecording(true);
        auto reply = Call(MethodOf(method), target, body, type);
        log_->SetRecording(false);
        ++walked;
        EXPECT_EQ(reply.status, 403) << target << " " << body << " → " << boost::json::serialize(reply.body);
        if (reply.status == 403) EXPECT_EQ(reply.body.at("error").at("code").as_string(), "forbidden");
        for (const LoggedStatement& st : log_->Take()) EXPECT_FALSE(Writes(st.sql)) << st.sql;
    }
    // 43 write operations today: 4 public ones and 5 of the caller's own account are not walked.
    EXPECT_GE(walked, 34) << "the walk covers every write operation of openapi.json";
    EXPECT_EQ(AuditRows(), audit_before);

    // Its own account and inbox stay its own.
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/notifications/read-all").status, 200);
    auto password = Call(http::Method::kPost, "/api/v1/me/password", R"({"old":"wrong-password","new":"x"})");
    EXPECT_NE(password.status, 403) << boost::json::serialize(password.body);
    EXPECT_NE(password.status, 200);
    EXPECT_EQ(Call(http::Method::kPost, "/api/v1/auth/logout-all").status, 204);
}

TEST_P(ReadOnlyWalk, TheSameWritesByTheTownOfficerAreNotRefused) {
    // Guards the walk against a rule that refuses everyone: the town officer's requests get past
    // the permission check (any answer but 403 `forbidden` on the routes it owns).
    auto login = s_->auth->Login("town", services::seed::kDemoPassword, "127.0.0.1");
    ASSERT_TRUE(login);
    token_ = login->token;
    EXPECT_EQ(Call(http::Method::kGet, "/api/v1/me").body.at("read_only"), false);
    auto hazard =
        Call(http::Method::kPost, "/api/v1/hazards",
             R"({"enterprise_id":)" + std::to_string(town_.enterprise1_id) +
                 R"(,"title":"消防通道堵塞","description":"杂物","severity":"general","category":"exits","due_at":")" +
                 FormatRfc3339(clock_.Now() + 7 * 86400) + "\"}");
    EXPECT_EQ(hazard.status, 201) << boost::json::serialize(hazard.body);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReadOnlyWalk, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
