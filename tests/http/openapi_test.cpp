#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

namespace safegrid::http {
namespace {

bool Has(const std::vector<std::pair<std::string, std::string>>& ops, const std::string& method,
         const std::string& path) {
    return std::find(ops.begin(), ops.end(), std::make_pair(method, path)) != ops.end();
}

TEST(OpenApi, DocumentParsesAndIsOpenApi3) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(OpenApiDocument(), ec);
    ASSERT_FALSE(ec) << ec.message();
    ASSERT_TRUE(doc.is_object());
    std::string version(doc.at("openapi").as_string());
    EXPECT_EQ(version.rfind("3.", 0), 0u) << version;
    EXPECT_TRUE(doc.at("info").at("title").is_string());
    EXPECT_TRUE(doc.at("paths").is_object());
    EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Error"));
}

TEST(OpenApi, EveryReferenceResolves) {
    auto doc = boost::json::parse(OpenApiDocument());
    std::vector<const boost::json::value*> stack{&doc};
    int refs = 0;
    while (!stack.empty()) {
        const boost::json::value* v = stack.back();
        stack.pop_back();
        if (v->is_array()) {
            for (const auto& item : v->as_array()) stack.push_back(&item);
        } else if (v->is_object()) {
            for (const auto& [key, child] : v->as_object()) {
                if (key == "$ref") {
                    ++refs;
                    std::string ref(child.as_string());
                    ASSERT_EQ(ref.rfind("#/components/", 0), 0u) << ref;
                    const boost::json::value* target = &doc;
                    std::string rest = ref.substr(2);
                    while (!rest.empty()) {
                        size_t slash = rest.find('/');
                        std::string part = rest.substr(0, slash);
                        rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
                        ASSERT_TRUE(target->is_object() && target->as_object().contains(part)) << ref;
                        target = &target->at(part);
                    }
                } else {
                    stack.push_back(&child);
                }
            }
        }
    }
    EXPECT_GT(refs, 50);
}

TEST(OpenApi, DescribesTheWholeContract) {
    auto ops = OpenApiOperations();
    const std::pair<const char*, const char*> expected[] = {
        {"POST", "/api/v1/auth/login"},
        {"POST", "/api/v1/auth/logout"},
        {"GET", "/api/v1/me"},
        {"GET", "/api/v1/regions"},
        {"POST", "/api/v1/regions"},
        {"GET", "/api/v1/regions/{id}"},
        {"PATCH", "/api/v1/regions/{id}"},
        {"GET", "/api/v1/buildings"},
        {"POST", "/api/v1/buildings"},
        {"GET", "/api/v1/buildings/{id}"},
        {"PATCH", "/api/v1/buildings/{id}"},
        {"GET", "/api/v1/enterprises"},
        {"POST", "/api/v1/enterprises"},
        {"GET", "/api/v1/enterprises/{id}"},
        {"PATCH", "/api/v1/enterprises/{id}"},
        {"GET", "/api/v1/hazards"},
        {"POST", "/api/v1/hazards"},
        {"GET", "/api/v1/hazards/{id}"},
        {"POST", "/api/v1/hazards/{id}/actions"},
        {"GET", "/api/v1/hazards/{id}/notice.pdf"},
        {"GET", "/api/v1/hazards/export.xlsx"},
        {"GET", "/api/v1/checklists"},
        {"GET", "/api/v1/inspections"},
        {"POST", "/api/v1/inspections"},
        {"GET", "/api/v1/inspections/{id}"},
        {"POST", "/api/v1/public/reports"},
        {"GET", "/api/v1/public/reports/{tracking_code}"},
        {"GET", "/api/v1/public/reports/{tracking_code}/reply"},
        {"PATCH", "/api/v1/hazards/{id}"},
        {"POST", "/api/v1/attachments"},
        {"GET", "/api/v1/attachments/{id}"},
        {"GET", "/api/v1/stats/overview"},
        {"GET", "/api/v1/stats/regions"},
        {"GET", "/api/v1/audit"},
        {"GET", "/api/v1/notifications"},
        {"POST", "/api/v1/notifications/{id}/read"},
        {"POST", "/api/v1/import/enterprises"},
        {"POST", "/api/v1/import/hazards"},
        {"GET", "/api/v1/import/enterprises/template.xlsx"},
        {"GET", "/api/v1/import/hazards/template.xlsx"},
        {"GET", "/api/v1/users"},
        {"POST", "/api/v1/users"},
        {"PATCH", "/api/v1/users/{id}"},
        {"POST", "/api/v1/me/password"},
        {"POST", "/api/v1/auth/logout-all"},
        {"GET", "/healthz"},
        {"GET", "/metrics"},
        {"GET", "/api/v1/openapi.json"},
        {"GET", "/api/v1/scorecards"},
        {"GET", "/api/v1/scorecards/export.xlsx"},
        {"PUT", "/api/v1/scorecards/manual"},
        {"GET", "/api/v1/trainings"},
        {"POST", "/api/v1/trainings"},
        {"GET", "/api/v1/trainings/{id}"},
        {"POST", "/api/v1/trainings/{id}/attendance"},
        {"GET", "/api/v1/stats/training"},
        {"GET", "/api/v1/enterprises/{id}/trainings"},
    };
    for (auto [method, path] : expected) EXPECT_TRUE(Has(ops, method, path)) << method << " " << path;
}

TEST(OpenApi, ComparesRoutesIgnoringParameterNames) {
    Router router;
    auto noop = [](Request&) { return Response{}; };
    router.Add(Method::kGet, "/api/v1/hazards/{hazard_id}", noop);
    router.Add(Method::kGet, "/api/v1/undocumented", noop);
    auto missing = RoutesMissingFromOpenApi(router);
    EXPECT_EQ(missing, std::vector<std::string>{"GET /api/v1/undocumented"});
    auto unserved = OpenApiOperationsMissingFromRouter(router);
    EXPECT_EQ(std::count(unserved.begin(), unserved.end(), "GET /api/v1/hazards/{id}"), 0);
    EXPECT_EQ(std::count(unserved.begin(), unserved.end(), "GET /api/v1/me"), 1);
}

}  // namespace
}  // namespace safegrid::http
