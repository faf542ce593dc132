// A stale edit of a registry record (409 version_conflict) names who changed it and what, and
// carries the record as stored now; the stale edit itself is never applied (issue 7 point 4).
#include "http/stale_edit_response.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class StaleEditHttp : public test::RegistryHttp {
  protected:
    // The town officer as a person: the answer shows the display name, not the login.
    void NameTheTownOfficer() {
        w_->store->Exec(
            "INSERT INTO users (id, username, password_hash, role, region_id, town_id, display_name, created_at, "
            "updated_at) VALUES (?, ?, 'x', 'town', ?, ?, '沈建国', 1, 1)",
            {w_->town_officer.user_id, w_->town_officer.username, w_->town, w_->town});
    }
    static const boost::json::object& ErrorOf(const HttpReply& reply) { return reply.body.at("error").as_object(); }
};

TEST_P(StaleEditHttp, EnterpriseConflictCarriesTheCurrentRecordAndWhoChangedWhat) {
    NameTheTownOfficer();
    const std::string path = "/api/v1/enterprises/" + Id(w_->ent1a);
    auto first = Patch(path, "town", R"({"contact_phone":"13811112222","version":1})");
    ASSERT_EQ(first.status, 200) << boost::json::serialize(first.body);
    auto second = Patch(path, "village", R"({"address":"匡堰镇高家村8号","version":1})");
    ASSERT_EQ(second.status, 409);
    const auto& error = ErrorOf(second);
    EXPECT_EQ(error.at("code"), "version_conflict");
    EXPECT_TRUE(error.at("message").is_string());
    EXPECT_TRUE(error.at("fields").as_object().empty());  // the contract's shape holds
    const auto& current = error.at("current").as_object();
    EXPECT_EQ(current.at("id").as_int64(), w_->ent1a);
    EXPECT_EQ(current.at("version").as_int64(), 2);
    EXPECT_EQ(current.at("contact_phone"), "13811112222");
    EXPECT_EQ(current.at("grid_name"), "高家村第一网格");  // as GET shows it
    const auto& change = error.at("last_change").as_object();
    EXPECT_EQ(change.at("actor_name"), "沈建国");
    EXPECT_EQ(change.at("actor_id").as_int64(), w_->town_officer.user_id);
    EXPECT_EQ(change.at("action"), "update");
    EXPECT_TRUE(change.at("at").is_string());
    const auto& changes = change.at("changes").as_array();
    ASSERT_EQ(changes.size(), 1u) << boost::json::serialize(changes);
    EXPECT_EQ(changes[0].at("field"), "contact_phone");
    EXPECT_EQ(changes[0].at("after"), "13811112222");
    EXPECT_TRUE(changes[0].at("before").is_string());
    // Nothing of the stale edit was written.
    auto now = Get(path, "town");
    EXPECT_EQ(now.Int("version"), 2);
    EXPECT_NE(now.body.at("address"), "匡堰镇高家村8号");
    EXPECT_EQ(w_->AuditCount("enterprise"), 5);  // 4 creates + the first edit
}

TEST_P(StaleEditHttp, RegionConflictNamesTheFlattenedFieldsAndTheLogin) {
    const std::string path = "/api/v1/regions/" + Id(w_->grid1a);
    auto first = Patch(path, "admin", R"({"responsible":{"name":"赵敏","phone":"13700001111"},"version":1})");
    ASSERT_EQ(first.status, 200) << boost::json::serialize(first.body);
    auto second = Patch(path, "town", R"({"name":"一号网格","version":1})");
    ASSERT_EQ(second.status, 409);
    const auto& error = ErrorOf(second);
    EXPECT_EQ(error.at("code"), "version_conflict");
    EXPECT_EQ(error.at("current").at("version").as_int64(), 2);
    EXPECT_EQ(error.at("current").at("responsible").at("name"), "赵敏");
    EXPECT_EQ(error.at("current").at("name"), "高家村第一网格");
    const auto& change = error.at("last_change").as_object();
    EXPECT_EQ(change.at("actor_name").as_string(), w_->admin.username);  // no users row: the login it recorded
    std::vector<std::string> fields;
    for (const auto& c : change.at("changes").as_array()) fields.emplace_back(c.at("field").as_string());
    EXPECT_EQ(fields, (std::vector<std::string>{"responsible_name", "responsible_phone"}));
    EXPECT_EQ(Get(path, "town").body.at("name"), "高家村第一网格");
}

TEST_P(StaleEditHttp, BuildingConflictNamesWhoChangedThePeopleSleepingThere) {
    NameTheTownOfficer();
    auto created = Post("/api/v1/buildings", "town",
                        R"({"grid_id":)" + Id(w_->grid1a) + R"(,"name":"高家厂房1幢","landlord_name":"王房东"})");
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    const std::string path = "/api/v1/buildings/" + std::to_string(created.Int("id"));
    auto first = Patch(path, "town", R"({"people_sleeping":12,"version":1})");
    ASSERT_EQ(first.status, 200) << boost::json::serialize(first.body);
    auto second = Patch(path, "village", R"({"floors":3,"version":1})");
    ASSERT_EQ(second.status, 409);
    const auto& error = ErrorOf(second);
    EXPECT_EQ(error.at("code"), "version_conflict");
    EXPECT_EQ(error.at("current").at("people_sleeping").as_int64(), 12);
    EXPECT_TRUE(error.at("current").at("warnings").is_array());  // as GET shows it
    const auto& change = error.at("last_change").as_object();
    EXPECT_EQ(change.at("actor_name"), "沈建国");
    const auto& changes = change.at("changes").as_array();
    ASSERT_EQ(changes.size(), 1u) << boost::json::serialize(changes);
    EXPECT_EQ(changes[0].at("field"), "people_sleeping");
    EXPECT_TRUE(Get(path, "town").body.at("floors").is_null());  // the stale edit wrote nothing
}

TEST_P(StaleEditHttp, OtherErrorsKeepThePlainShape) {
    // Out of scope stays 404 and a stale edit by someone who cannot see the record learns nothing.
    auto out = Patch("/api/v1/enterprises/" + Id(w_->ent1a), "other_town", R"({"name":"x","version":9})");
    EXPECT_EQ(out.status, 404);
    EXPECT_FALSE(ErrorOf(out).contains("current"));
    auto invalid = Patch("/api/v1/regions/" + Id(w_->grid1a), "town", R"({"name":"","version":1})");
    EXPECT_EQ(invalid.status, 422);
    EXPECT_FALSE(ErrorOf(invalid).contains("last_change"));
}

INSTANTIATE_TEST_SUITE_P(Stores, StaleEditHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
