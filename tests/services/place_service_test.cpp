#include "services/place_service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "services/hazard_world.hpp"
#include "services/public_report_service.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
using test::HazardWorld;

constexpr const char* kPublicUrl = "https://safegrid.example.cn";

// pdftotext of a PDF, lines joined (the layout may wrap the link).
std::string PdfText(const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_poster_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    if (FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    std::string joined;
    for (char c : out)
        if (c != '\n' && c != '\f') joined += c;
    return joined;
}

// The place code in the printed link ".../report?place=CODE".
std::string CodeIn(const std::string& text) {
    const std::string marker = "/report?place=";
    const size_t at = text.find(marker);
    if (at == std::string::npos) return "";
    return text.substr(at + marker.size(), kPlaceCodeLength);
}

class PlaceServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        places_ = std::make_unique<PlaceService>(w_->store().shared(), w_->r->clock, *w_->r->audit,
                                                 PlaceOptions{.public_url = kPublicUrl});
        reports_ = std::make_unique<PublicReportService>(w_->store().shared(), w_->r->clock, *w_->r->audit,
                                                         *w_->hazards, PublicReportOptions{.reports_per_hour = 5});
    }

    std::string RegionCode(const Principal& who, int64_t region) {
        auto file = places_->RegionPoster(who, region);
        EXPECT_TRUE(file) << (file ? "" : file.error().id + " " + file.error().internal);
        return file ? CodeIn(PdfText(file->bytes)) : "";
    }
    std::string EnterpriseCode(const Principal& who, int64_t enterprise) {
        auto file = places_->EnterprisePoster(who, enterprise);
        EXPECT_TRUE(file) << (file ? "" : file.error().id + " " + file.error().internal);
        return file ? CodeIn(PdfText(file->bytes)) : "";
    }
    Result<PublicReportCreated> Report(std::optional<std::string> place, const std::string& ip = "203.0.113.9") {
        NewPublicReport r;
        r.description = "村口仓库里有人住宿，电动车在楼道充电";
        r.place = std::move(place);
        return reports_->Create(r, ip);
    }

    std::unique_ptr<HazardWorld> w_;
    std::unique_ptr<PlaceService> places_;
    std::unique_ptr<PublicReportService> reports_;
};

TEST_P(PlaceServiceTest, AVillagePosterPrintsItsNameTheFullLinkAndOneStableCode) {
    auto& r = *w_->r;
    auto file = places_->RegionPoster(r.village_officer, r.village1);
    ASSERT_TRUE(file) << file.error().internal;
    EXPECT_EQ(file->content_type, "application/pdf");
    EXPECT_EQ(file->filename_utf8, "二维码海报-高家村.pdf");
    const std::string text = PdfText(file->bytes);
    for (const char* want : {"查找身边隐患", "扫码举报", "高家村", "匡堰镇",
                             "https://safegrid.example.cn/report?place=", "12350", "匡堰镇应急管理办公室"}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    }
    const std::string code = CodeIn(text);
    EXPECT_TRUE(NormalisePlaceCode(code)) << code;
    // The same code for every later poster, whoever prints it; one row, one audit entry.
    EXPECT_EQ(RegionCode(r.town_officer, r.village1), code);
    EXPECT_EQ(RegionCode(r.admin, r.village1), code);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM places WHERE region_id = ?", {r.village1}), 1);
    EXPECT_EQ(r.AuditCount("place"), 1);
    // Another place has another code.
    const std::string other = RegionCode(r.town_officer, r.village2);
    EXPECT_FALSE(other.empty());
    EXPECT_NE(other, code);
}

// Two officers printing the village's first poster at once print one code: the loser of the unique
// region_id reads the winner's (one row, one audit entry).
TEST_P(PlaceServiceTest, ConcurrentFirstPostersPrintOneCode) {
    auto& r = *w_->r;
    std::vector<std::string> codes(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < codes.size(); ++i) {
        threads.emplace_back([&, i] {
            auto file = places_->RegionPoster(i % 2 ? r.town_officer : r.village_officer, r.village1);
            if (file) codes[i] = CodeIn(PdfText(file->bytes));
        });
    }
    for (auto& t : threads) t.join();
    for (const std::string& code : codes) EXPECT_EQ(code, codes[0]);
    EXPECT_FALSE(codes[0].empty());
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM places"), 1);
    EXPECT_EQ(r.AuditCount("place"), 1);
}

TEST_P(PlaceServiceTest, PostersAreForStaffInScopeAndAnEnterpriseForItsOwn) {
    auto& r = *w_->r;
    for (const Principal* who : {&r.other_village_officer, &r.other_town_officer, &r.inspector, &r.enterprise_user}) {
        auto file = places_->RegionPoster(*who, r.village1);
        ASSERT_FALSE(file) << who->username;
        EXPECT_EQ(file.error().code, Code::kNotFound) << who->username;
    }
    EXPECT_EQ(places_->RegionPoster(r.town_officer, 999999).error().code, Code::kNotFound);
    EXPECT_FALSE(RegionCode(r.inspector, r.grid1a).empty());  // the inspector's own grid
    EXPECT_FALSE(EnterpriseCode(r.enterprise_user, r.ent1a).empty());
    for (const Principal* who : {&r.other_enterprise_user, &r.other_village_officer, &r.other_inspector}) {
        auto file = places_->EnterprisePoster(*who, r.ent1a);
        ASSERT_FALSE(file) << who->username;
        EXPECT_EQ(file.error().code, Code::kNotFound) << who->username;
    }
    // Nothing was drawn for the refused ones.
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM places"), 2);
}

TEST_P(PlaceServiceTest, AReportFromAVillagePosterBelongsToThatVillage) {
    auto& r = *w_->r;
    const std::string code = RegionCode(r.town_officer, r.village1);
    ASSERT_FALSE(code.empty());
    // Codes are read as people type them: any case, blanks around.
    std::string typed = " " + code + " ";
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto created = Report(typed);
    ASSERT_TRUE(created) << created.error().id;
    auto h = w_->hazards->Get(r.village_officer, created->hazard_id);
    ASSERT_TRUE(h) << "the village's officer sees it";
    EXPECT_EQ(h->hazard.path.town_id, r.town);
    EXPECT_EQ(h->hazard.path.village_id, r.village1);
    EXPECT_FALSE(h->hazard.path.grid_id);
    EXPECT_FALSE(h->hazard.enterprise_id);
    EXPECT_EQ(h->hazard.status, HazardStatus::kReported);
    HazardFilter list;
    list.status = "reported";
    auto page = w_->hazards->List(r.village_officer, list);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 1);
    EXPECT_FALSE(w_->hazards->Get(r.other_village_officer, created->hazard_id));
    EXPECT_FALSE(w_->hazards->Get(r.inspector, created->hazard_id));  // no grid: the village's to assign
    // The village officer gives it an enterprise of the village, and it moves there.
    ActionInput assign;
    assign.action = "assign";
    assign.enterprise_id = r.ent1b;
    auto assigned = w_->hazards->Act(r.village_officer, created->hazard_id, assign, {}, std::nullopt);
    ASSERT_TRUE(assigned) << assigned.error().id;
    EXPECT_EQ(assigned->hazard.path.grid_id, r.grid1b);
}

TEST_P(PlaceServiceTest, AReportFromAGridPosterIsSeenByThatGridsInspector) {
    auto& r = *w_->r;
    const std::string code = RegionCode(r.village_officer, r.grid1a);
    auto created = Report(code);
    ASSERT_TRUE(created) << created.error().id;
    auto h = w_->hazards->Get(r.inspector, created->hazard_id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->hazard.path.grid_id, r.grid1a);
    EXPECT_FALSE(w_->hazards->Get(r.other_inspector, created->hazard_id));
}

TEST_P(PlaceServiceTest, AReportFromAnEnterprisePosterIsAsIfAssigned) {
    auto& r = *w_->r;
    const std::string code = EnterpriseCode(r.inspector, r.ent1a);
    auto created = Report(code);
    ASSERT_TRUE(created) << created.error().id;
    auto h = w_->hazards->Get(r.inspector, created->hazard_id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->hazard.enterprise_id, r.ent1a);
    EXPECT_EQ(h->hazard.path.grid_id, r.grid1a);
    EXPECT_EQ(h->hazard.status, HazardStatus::kReported);
    EXPECT_TRUE(w_->hazards->Get(r.enterprise_user, created->hazard_id));
    EXPECT_FALSE(w_->hazards->Get(r.other_enterprise_user, created->hazard_id));
}

TEST_P(PlaceServiceTest, AnUnknownOrMalformedPlaceIs422AndWritesNothing) {
    auto& r = *w_->r;
    const std::string code = RegionCode(r.town_officer, r.village1);
    std::string unknown = code == "22222222" ? "33333333" : "22222222";
    for (const std::string& bad : {unknown, std::string("ABC"), std::string(""), std::string("0OIL1XYZ"), code + "2"}) {
        auto created = Report(bad);
        ASSERT_FALSE(created) << bad;
        EXPECT_EQ(created.error().code, Code::kValidation) << bad;
        EXPECT_TRUE(created.error().fields.count("place")) << bad;
    }
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM hazards"), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM public_reports"), 0);
    // Every attempt counted against the address: the limit (5 an hour here) still holds.
    auto limited = Report(code);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, Code::kRateLimited);
    EXPECT_TRUE(Report(code, "198.51.100.7"));
}

TEST_P(PlaceServiceTest, ThePublicLookUpNamesThePlaceAndIsLimited) {
    auto& r = *w_->r;
    const std::string village = RegionCode(r.town_officer, r.village1);
    const std::string enterprise = EnterpriseCode(r.town_officer, r.ent1a);
    auto place = reports_->Place(village, "203.0.113.1");
    ASSERT_TRUE(place);
    EXPECT_EQ(place->name, "高家村");
    EXPECT_EQ(place->kind, "village");
    place = reports_->Place(enterprise, "203.0.113.1");
    ASSERT_TRUE(place);
    EXPECT_EQ(place->name, "慈溪市宏达服饰有限公司");
    EXPECT_EQ(place->kind, "enterprise");
    EXPECT_EQ(reports_->Place("22222222", "203.0.113.1").error().code, Code::kNotFound);
    EXPECT_EQ(reports_->Place("not a code", "203.0.113.1").error().code, Code::kNotFound);
    PublicReportService tight(w_->store().shared(), r.clock, *r.audit, *w_->hazards,
                              PublicReportOptions{.lookups_per_hour = 2});
    EXPECT_TRUE(tight.Place(village, "203.0.113.2"));
    EXPECT_TRUE(tight.Place(village, "203.0.113.2"));
    EXPECT_EQ(tight.Place(village, "203.0.113.2").error().code, Code::kRateLimited);
}

TEST(PlaceCodes, AreEightCharactersPeopleCanReadAndLinksAreWhole) {
    const std::string code = NewPlaceCode();
    EXPECT_EQ(code.size(), kPlaceCodeLength);
    EXPECT_EQ(NormalisePlaceCode(code), code);
    EXPECT_NE(NewPlaceCode(), code);
    EXPECT_FALSE(NormalisePlaceCode("ABCDEFG0"));  // 0 is not in the alphabet
    EXPECT_EQ(PlaceReportLink("http://10.0.0.5:8080/", "K7MNP2QX"), "http://10.0.0.5:8080/report?place=K7MNP2QX");
}

INSTANTIATE_TEST_SUITE_P(Stores, PlaceServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
