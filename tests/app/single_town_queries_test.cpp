// Issue 11 point 5: the province runs on Citus with every table distributed by town_id
// (docs/scale.md). A query then stays on one shard only when it names one town. This test logs
// every statement the services run while the demo users (town, village, inspector, enterprise) use
// every GET of the API and the hazard closed loop, in a store of TWO towns, and checks that each
// statement touching a distributed table filters `town_id = ?` bound to the caller's town (INSERTs
// carry the column). The admin and cross-town statistics are the allowed exception and are not
// driven here. What still misses the property is listed in kKnownExceptions with its reason; the
// doc lists the same.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <regex>
#include <set>

#include "app/application.hpp"
#include "app/logged_app.hpp"
#include "app/system_clock.hpp"
#include "app/table_classes.hpp"
#include "core/time.hpp"
#include "http/handlers/auth.hpp"
#include "http/openapi.hpp"
#include "http/server.hpp"
#include "services/registry_world.hpp"
#include "services/seed/demo_alarms.hpp"
#include "services/seed/demo_campaigns.hpp"
#include "services/seed/demo_devices.hpp"
#include "services/seed/demo_history.hpp"
#include "services/seed/demo_scorecards.hpp"
#include "services/seed/demo_signins.hpp"
#include "services/seed/demo_stations.hpp"
#include "services/seed/demo_training.hpp"
#include "services/seed/seed_demo.hpp"
#include "support/sql_log.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace safegrid::test {
namespace {

// Statements that still reach more than one town's shard, each with why (docs/scale.md, "Known
// exceptions", lists the same). Each is a pattern over the lower-cased statement text.
struct KnownException {
    const char* pattern;
    const char* reason;
};
// Before issue 11's townfilter work the walk left one town's shard in 200 of its statements, in five
// kinds (a row by its own id, child rows by their parent's id, one enterprise's figures, the inbox,
// the plan's grids); passing the caller's town (storage::TownLimit) and migration 0031 left this one.
const std::vector<KnownException> kKnownExceptions = {
    {R"(^select [a-z_, ]+ from enterprises where id = \?$)",
     "an enterprise re-read by id inside a hazard write (the risk refresh EnterpriseService::RefreshRisk, and "
     "the new hazard's path in the insert path shared with the bulk import), after the caller's scope check: "
     "neither takes the town yet"},
};

// GETs that are not one town's daily work: health, metrics, the public pages (no caller),
// the event stream (blocks), and spreadsheets/PDFs built from the same queries as their lists.
bool Skipped(const std::string& path) {
    static const std::set<std::string> skip = {"/healthz", "/metrics", "/api/v1/events", "/api/v1/openapi.json"};
    if (skip.count(path)) return true;
    if (path.rfind("/api/v1/public/", 0) == 0) return true;
    return path.find(".pdf") != std::string::npos || path.find(".xlsx") != std::string::npos;
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The tables a statement names after FROM, JOIN, INTO or UPDATE.
std::set<std::string> TablesOf(const std::string& sql) {
    static const std::regex table(R"(\b(?:from|join|into|update)\s+([a-z_][a-z0-9_]*))");
    std::set<std::string> out;
    for (std::sregex_iterator it(sql.begin(), sql.end(), table), end; it != end; ++it) out.insert((*it)[1].str());
    return out;
}

// The index of the parameter a `?` at byte `pos` binds.
size_t ParamIndexAt(const std::string& sql, size_t pos) {
    return static_cast<size_t>(std::count(sql.begin(), sql.begin() + static_cast<std::ptrdiff_t>(pos), '?'));
}

bool BoundTo(const storage::Value& v, int64_t town) {
    const auto* i = std::get_if<int64_t>(&v);
    return i && *i == town;
}

// Empty when the statement keeps to `town`'s shard; else why not.
std::string Check(const LoggedStatement& st, int64_t town) {
    const std::string sql = Lower(st.sql);
    bool distributed = false;
    for (const std::string& t : TablesOf(sql)) {
        auto it = TableClasses().find(t);
        if (it != TableClasses().end() &&
            (it->second.cls == TableClass::kDistributed || it->second.cls == TableClass::kChild))
            distributed = true;
    }
    if (!distributed) return {};
    static const std::regex filter(R"(\btown_id\s*(?:=|in\s*\()\s*\?)");
    for (std::sregex_iterator it(sql.begin(), sql.end(), filter), end; it != end; ++it) {
        const size_t q = static_cast<size_t>(it->position()) + it->length() - 1;
        const size_t i = ParamIndexAt(sql, q);
        if (i < st.params.size() && BoundTo(st.params[i], town)) return {};
    }
    // An INSERT ... VALUES names the column; its value is the parameter in the same place.
    static const std::regex insert(R"(^\s*insert\s+into\s+[a-z_0-9]+\s*\(([^)]*)\)\s*values\s*\(([^)]*)\))");
    std::smatch m;
    if (std::regex_search(sql, m, insert)) {
        std::vector<std::string> cols;
        std::string col;
        for (char c : m[1].str() + ",") {
            if (c == ',') {
                cols.push_back(col);
                col.clear();
            } else if (!std::isspace(static_cast<unsigned char>(c))) {
                col.push_back(c);
            }
        }
        // The VALUES list up to the first ')': enough, town_id leads every column list.
        std::vector<std::string> values(1);
        for (char c : m[2].str()) {
            if (c == ',')
                values.emplace_back();
            else if (!std::isspace(static_cast<unsigned char>(c)))
                values.back().push_back(c);
        }
        size_t param = ParamIndexAt(sql, static_cast<size_t>(m.position(2)));
        for (size_t c = 0; c < cols.size() && c < values.size(); ++c) {
            if (cols[c] == "town_id") {
                if (values[c] != "?") return "INSERT with town_id not a plain parameter";
                if (param < st.params.size() && BoundTo(st.params[param], town)) return {};
                return "INSERT carries another town";
            }
            param += static_cast<size_t>(std::count(values[c].begin(), values[c].end(), '?'));
        }
        return "INSERT without town_id";
    }
    return "no town_id = ? bound to the caller's town";
}

class SingleTownQueries : public LoggedApp {
  protected:
    void Seed() override {
        namespace seed = services::seed;
        auto villages =
            seed::ReadKuangyanVillages(app::DataDir() + "/regions/cn_divisions_kuangyan_330282110_2023.csv");
        ASSERT_TRUE(villages);
        villages->resize(2);  // two villages are enough, and keep the ASan run short
        seed::SeedDeps deps{*s_->db, *s_->regions, *s_->buildings, *s_->enterprises, *s_->users};
        auto town = seed::SeedDemoTown(deps, *villages, 12, 7);
        ASSERT_TRUE(town) << town.error().internal;
        town_ = *town;
        seed::HistoryDeps history{*s_->db, *s_->hazards, clock_, s_->checklists->List(), DeadlinePolicy{}};
        ASSERT_TRUE(seed::SeedDemoHistory(history, town_, 60, 7));
        ASSERT_TRUE(seed::SeedDemoCampaigns(*s_->db, *s_->campaigns, *s_->hazards, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoStations(*s_->db, *s_->stations, town_));
        ASSERT_TRUE(seed::SeedDemoDevices(*s_->db, *s_->devices, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoAlarms(s_->db, *s_->device_inbox, *s_->live_events, *s_->alarms, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoScorecards(*s_->db, *s_->scorecards, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoTraining(*s_->db, *s_->trainings, clock_, town_));
        ASSERT_TRUE(seed::SeedDemoSignins(*s_->trainings, *s_->training_signins, clock_, town_));
        // The second town, so a missing town filter could return or change its rows.
        auto region = [&](const std::string& name, const char* kind, std::optional<int64_t> parent) {
            services::NewRegion r;
            r.name = name;
            r.kind = kind;
            r.parent_id = parent;
            r.responsible = {"负责人", "13900000000", std::nullopt};
            auto made = s_->regions->Create(nullptr, r);
            EXPECT_TRUE(made) << (made ? "" : made.error().internal);
            return made ? made->id : 0;
        };
        const int64_t other = region("观海卫镇", "town", std::nullopt);
        const int64_t grid = region("卫东村第一网格", "grid", region("卫东村", "village", other));
        services::EnterpriseInput in;
        in.grid_id = grid;
        in.name = "卫东服装厂";
        in.credit_code = CreditCodeFor(990001);
        in.address = "浙江省慈溪市观海卫镇卫东村1号";
        in.contact_name = "李娜";
        in.contact_phone = "13800000001";
        ASSERT_TRUE(s_->enterprises->Create(nullptr, in));
        ASSERT_NE(other, town_.town_id);
    }

    struct Reply {
        int status = 0;
        boost::json::value body;
    };
    Reply Call(http::Method method, const std::string& target, const std::string& token, const std::string& body = "") {
        http::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.headers["authorization"] = "Bearer " + token;
        if (!body.empty()) r.headers["content-type"] = "application/json";
        http::Response response = http::Dispatch(router_, hooks_, r);
        EXPECT_LT(response.status, 500) << target << ": " << response.body;
        boost::system::error_code ec;
        Reply reply{response.status, boost::json::parse(response.body, ec)};
        return reply;
    }

    std::string Login(const std::string& user) {
        auto login = s_->auth->Login(user, services::seed::kDemoPassword, "127.0.0.1");
        EXPECT_TRUE(login) << user;
        return login ? login->token : std::string();
    }

    // Every GET of the API as `user`; ids in paths come from the first row of the list above them.
    void WalkGets(const std::string& user) {
        const std::string token = Login(user);
        std::map<std::string, boost::json::value> lists;
        for (const auto& operation : http::OpenApiOperations()) {
            const std::string& path = operation.second;
            if (operation.first != "GET" || Skipped(path)) continue;
            std::string target = path;
            if (const size_t brace = path.find("/{"); brace != std::string::npos) {
                if (path.find("{", brace + 2) != std::string::npos || path.find("{id}") == std::string::npos) continue;
                const auto list = lists.find(path.substr(0, brace));
                if (list == lists.end()) continue;
                const boost::json::value& b = list->second;
                const boost::json::value* first = nullptr;
                if (b.is_object() && b.as_object().contains("items") && !b.at("items").as_array().empty())
                    first = &b.at("items").as_array().front();
                else if (b.is_array() && !b.as_array().empty())
                    first = &b.as_array().front();
                if (!first || !first->is_object() || !first->as_object().contains("id")) continue;
                target.replace(path.find("{id}"), 4, std::to_string(first->at("id").as_int64()));
            }
            Drive(user, "GET " + target, [&] {
                auto reply = Call(http::Method::kGet, target, token);
                if (reply.status == 200) lists[path] = reply.body;
            });
        }
    }

    // The hazard closed loop in one grid: inspector finds, enterprise submits, inspector approves.
    void WalkHazardLoop() {
        const std::string inspector = Login("inspector1"), owner = Login("enterprise1");
        int64_t id = 0;
        Drive("inspector1", "POST /api/v1/hazards", [&] {
            const std::string body = R"({"enterprise_id":)" + std::to_string(town_.enterprise1_id) +
                                     R"(,"title":"安全出口上锁","description":"夜间锁闭","severity":"general",)"
                                     R"("category":"exits","due_at":")" +
                                     FormatRfc3339(clock_.Now() + 7 * 86400) + "\"}";
            auto reply = Call(http::Method::kPost, "/api/v1/hazards", inspector, body);
            ASSERT_EQ(reply.status, 201) << boost::json::serialize(reply.body);
            id = reply.body.at("id").as_int64();
        });
        ASSERT_NE(id, 0);
        const std::string actions = "/api/v1/hazards/" + std::to_string(id) + "/actions";
        Drive("enterprise1", "POST submit", [&] {
            EXPECT_EQ(Call(http::Method::kPost, actions, owner, R"({"action":"submit","comment":"已整改"})").status,
                      200);
        });
        Drive("inspector1", "POST approve",
              [&] { EXPECT_EQ(Call(http::Method::kPost, actions, inspector, R"({"action":"approve"})").status, 200); });
        Drive("enterprise1", "POST read-all",
              [&] { EXPECT_LT(Call(http::Method::kPost, "/api/v1/notifications/read-all", owner).status, 300); });
    }

    // Runs one request with the log on and checks what it ran.
    template <class F>
    void Drive(const std::string& user, const std::string& what, F&& request) {
        log_->SetRecording(true);
        request();
        log_->SetRecording(false);
        for (const LoggedStatement& st : log_->Take()) {
            ++checked_;
            std::string why = Check(st, town_.town_id);
            if (why.empty()) continue;
            ++violations_;
            // Counted under the first kind that matches, so the per-kind figures add up.
            bool known = false;
            for (size_t k = 0; k < kKnownExceptions.size() && !known; ++k) {
                known = std::regex_search(Lower(st.sql), std::regex(kKnownExceptions[k].pattern));
                if (known) ++per_kind_[k];
                // SINGLE_TOWN_DUMP=1 lists them, to see what is left of each kind.
                if (known && std::getenv("SINGLE_TOWN_DUMP"))
                    std::cout << "[ known " << k << " ] " << what << " as " << user << ": " << st.sql << "\n";
            }
            if (known) continue;
            std::string params;
            for (const auto& v : st.params) params += ValueText(v) + " ";
            unexplained_.insert(what + " as " + user + ": " + why + "\n    " + st.sql + "\n    [" + params + "]");
        }
    }

    int checked_ = 0, violations_ = 0;
    std::map<size_t, int> per_kind_;  // index into kKnownExceptions → statements
    std::set<std::string> unexplained_;
};

TEST_P(SingleTownQueries, EveryStatementOfATownUserNamesTheirTown) {
    for (const char* user : {"town", "village1", "inspector1", "enterprise1"}) WalkGets(user);
    WalkHazardLoop();
    // Guards against a walk that ran nothing: the lists alone run hundreds of statements.
    EXPECT_GT(checked_, 200);
    std::cout << "[ SingleTownQueries ] " << checked_ << " statements, " << violations_
              << " off one town's shard (known exceptions included)\n";
    for (const auto& [k, n] : per_kind_)
        std::cout << "[ SingleTownQueries ]   " << n << " × " << kKnownExceptions[k].reason << "\n";
    std::string all;
    for (const std::string& v : unexplained_) all += v + "\n";
    EXPECT_TRUE(unexplained_.empty()) << unexplained_.size() << " statements leave the caller's town:\n" << all;
}

INSTANTIATE_TEST_SUITE_P(Stores, SingleTownQueries, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
