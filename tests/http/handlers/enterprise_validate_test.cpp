// POST /api/v1/enterprises/validate: the web checks a form as it is typed with the server's own
// rules; the answer is exactly what the write would answer, and nothing is written.
#include <gtest/gtest.h>

#include "http/handlers/enterprises.hpp"
#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

class EnterpriseValidateHttp : public test::RegistryHttp {
  protected:
    std::string NewBody(int64_t grid, const std::string& code, const std::string& extra = "") {
        return R"({"grid_id":)" + Id(grid) + R"(,"name":"慈溪市校验服饰厂","credit_code":")" + code +
               R"(","address":"匡堰镇","tags":["dust"])" + extra + "}";
    }
    int64_t Writes() const {
        return w_->store->QueryInt("SELECT COUNT(*) FROM enterprises") +
               w_->store->QueryInt("SELECT COUNT(*) FROM audit_log") +
               w_->store->QueryInt("SELECT COALESCE(SUM(version), 0) FROM enterprises");
    }
    static std::string WrongCheckCharacter(std::string code) {
        code[17] = code[17] == 'A' ? 'B' : 'A';
        return code;
    }
};

TEST_P(EnterpriseValidateHttp, AValidNewEnterpriseIs200WithNoFieldsAndNothingWritten) {
    const int64_t before = Writes();
    auto reply = Post("/api/v1/enterprises/validate", "town", NewBody(w_->grid1a, test::CreditCodeFor(70)));
    ASSERT_EQ(reply.status, 200) << boost::json::serialize(reply.body);
    EXPECT_EQ(reply.body, (boost::json::value{{"fields", boost::json::object{}}}));
    EXPECT_EQ(Writes(), before);
}

TEST_P(EnterpriseValidateHttp, EveryProblemAnswersExactlyAsCreateWould) {
    const std::string bad_code = NewBody(w_->grid1a, WrongCheckCharacter(test::CreditCodeFor(71)));
    const std::string duplicate = NewBody(w_->grid2a, test::CreditCodeFor(1));  // ent1a's code, same town
    const std::string foreign_grid = NewBody(w_->grid1b, test::CreditCodeFor(72));
    const std::string many = R"({"grid_id":)" + Id(w_->grid1a) + R"(,"name":"","credit_code":"123","employees":-4})";
    const std::string unreadable = R"({"grid_id":"one"})";
    struct Case {
        std::string who, body;
        int status;
    };
    for (const Case& c :
         {Case{"town", bad_code, 422}, Case{"town", duplicate, 409}, Case{"inspector", foreign_grid, 422},
          Case{"town", many, 422}, Case{"enterprise", bad_code, 403}, Case{"town", unreadable, 422}}) {
        const int64_t before = Writes();
        auto checked = Post("/api/v1/enterprises/validate", c.who, c.body);
        EXPECT_EQ(Writes(), before) << c.body;
        auto created = Post("/api/v1/enterprises", c.who, c.body);
        EXPECT_EQ(checked.status, c.status) << c.body << " " << boost::json::serialize(checked.body);
        EXPECT_EQ(checked.status, created.status) << c.body;
        EXPECT_EQ(checked.body, created.body) << c.body;
    }
    auto bad = Post("/api/v1/enterprises/validate", "town", bad_code);
    EXPECT_TRUE(bad.HasField("credit_code"));
    auto several = Post("/api/v1/enterprises/validate", "town", many);
    for (const char* f : {"name", "credit_code", "employees"}) EXPECT_TRUE(several.HasField(f)) << f;
}

TEST_P(EnterpriseValidateHttp, WithAnIdItChecksAnEditOfThatEnterprise) {
    const int64_t before = Writes();
    const std::string self = R"({"id":)" + Id(w_->ent1a) + R"(,"credit_code":")" + test::CreditCodeFor(1) + "\"}";
    EXPECT_EQ(Post("/api/v1/enterprises/validate", "town", self).status, 200);  // its own code is no duplicate
    const std::string taken = R"({"id":)" + Id(w_->ent1a) + R"(,"credit_code":")" + test::CreditCodeFor(2) + "\"}";
    auto dup = Post("/api/v1/enterprises/validate", "town", taken);
    EXPECT_EQ(dup.status, 409);
    EXPECT_EQ(dup.Code(), "already_exists");
    auto bad = Post("/api/v1/enterprises/validate", "town",
                    R"({"id":)" + Id(w_->ent1a) + R"(,"employees":-1,"version":7})");  // version is not checked
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.HasField("employees"));
    // The edit rules of PATCH: an enterprise renaming itself → 403; out of scope or junk id → 404.
    EXPECT_EQ(
        Post("/api/v1/enterprises/validate", "enterprise", R"({"id":)" + Id(w_->ent1a) + R"(,"name":"改名"})").status,
        403);
    EXPECT_EQ(
        Post("/api/v1/enterprises/validate", "enterprise", R"({"id":)" + Id(w_->ent1a) + R"(,"contact_name":"陈静"})")
            .status,
        200);
    EXPECT_EQ(Post("/api/v1/enterprises/validate", "other_town", R"({"id":)" + Id(w_->ent1a) + "}").status, 404);
    for (const char* id : {"0", "-3", "\"7\"", "1.5"}) {
        EXPECT_EQ(Post("/api/v1/enterprises/validate", "town", std::string(R"({"id":)") + id + "}").status, 404) << id;
    }
    EXPECT_EQ(Writes(), before);
    EXPECT_EQ(Post("/api/v1/enterprises/validate", "", "{}").status, 401);
    EXPECT_EQ(Post("/api/v1/enterprises/validate", "town", "[1]").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterpriseValidateHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
