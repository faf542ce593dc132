#include "http/handlers/posters.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "http/handlers/evidence_http.hpp"
#include "storage/repositories/place_repository.hpp"

namespace safegrid::http {
namespace {

class PostersHttp : public test::EvidenceHttp {
  protected:
    void SetUp() override {
        EvidenceHttp::SetUp();
        if (!w_) return;
        places_ = std::make_unique<services::PlaceService>(
            w_->store->shared(), w_->clock, *w_->audit, services::PlaceOptions{.public_url = "http://10.0.0.8:8080"});
        RegisterPosterRoutes(router_, *places_, *reports_);
    }
    // The code the poster of region `id` printed (read from the store: the PDF's text is compressed).
    std::string RegionCode(int64_t id) {
        auto place =
            w_->store->db().Read([&](storage::Connection& c) { return storage::PlaceRepository(c).FindByRegion(id); });
        EXPECT_TRUE(place && *place);
        return place && *place ? (*place)->code : "";
    }
    static std::string Header(const Response& r, const std::string& name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return v;
        return "";
    }

    std::unique_ptr<services::PlaceService> places_;
};

TEST_P(PostersHttp, StaffDownloadAPosterAndACitizenReportsFromIt) {
    const Response pdf = Send(Method::kGet, "/api/v1/regions/" + Id(w_->village1) + "/poster.pdf", "village");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.content_type, "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    EXPECT_EQ(Header(pdf, "Content-Disposition").rfind("attachment; filename=\"poster-region-" + Id(w_->village1), 0),
              0u);
    const std::string code = RegionCode(w_->village1);

    auto place = Reply(Send(Method::kGet, "/api/v1/public/places/" + code, ""));
    ASSERT_EQ(place.status, 200);
    EXPECT_EQ(place.body.at("name"), "高家村");
    EXPECT_EQ(place.body.at("kind"), "village");
    EXPECT_EQ(place.body.as_object().size(), 2u);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/public/places/22222222", "").status, 404);

    auto created = PostFrom("/api/v1/public/reports", "", R"({"description":"村口仓库里住人","place":")" + code + "\"}",
                            "203.0.113.4");
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
    auto reported = Get("/api/v1/hazards?status=reported", "village");
    ASSERT_EQ(reported.Int("total"), 1);
    // The hazard's 群众举报 panel names the poster; an enterprise reader would see it too (a place, no person).
    const std::string hazard = Id(reported.body.at("items").as_array()[0].at("id").as_int64());
    auto origin = Get("/api/v1/hazards/" + hazard, "village");
    ASSERT_EQ(origin.status, 200) << boost::json::serialize(origin.body);
    EXPECT_EQ(origin.body.at("report").at("place"),
              boost::json::parse(R"({"code":")" + code + R"(","kind":"village","name":"高家村"})"));
    auto plain = PostFrom("/api/v1/public/reports", "", R"({"description":"路边堆放易燃物"})", "203.0.113.5");
    ASSERT_EQ(plain.status, 201) << boost::json::serialize(plain.body);
    int checked = 0;
    const auto all = Get("/api/v1/hazards?status=reported", "town");
    for (const auto& item : all.body.at("items").as_array()) {
        if (Id(item.at("id").as_int64()) == hazard) continue;
        EXPECT_TRUE(
            Get("/api/v1/hazards/" + Id(item.at("id").as_int64()), "town").body.at("report").at("place").is_null());
        ++checked;
    }
    EXPECT_EQ(checked, 1);
    auto unknown =
        PostFrom("/api/v1/public/reports", "", R"({"description":"另一处","place":"22222222"})", "203.0.113.4");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_TRUE(unknown.body.at("error").at("fields").as_object().contains("place"));
    EXPECT_EQ(PostFrom("/api/v1/public/reports", "", R"({"description":"另一处","place":7})", "203.0.113.4").status,
              422);
}

TEST_P(PostersHttp, OutOfScopeIs404AndNoLoginIs401) {
    EXPECT_EQ(Send(Method::kGet, "/api/v1/regions/" + Id(w_->village1) + "/poster.pdf", "").status, 401);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/regions/" + Id(w_->village2) + "/poster.pdf", "village").status, 404);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/regions/" + Id(w_->village1) + "/poster.pdf", "enterprise").status, 404);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/enterprises/" + Id(w_->ent1a) + "/poster.pdf", "enterprise").status, 200);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/enterprises/" + Id(w_->ent2a) + "/poster.pdf", "enterprise").status, 404);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/enterprises/" + Id(w_->ent_other) + "/poster.pdf", "town").status, 404);
    EXPECT_EQ(Send(Method::kGet, "/api/v1/enterprises/abc/poster.pdf", "town").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, PostersHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
