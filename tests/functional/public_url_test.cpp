// `serve --public-url URL` (CONTRACT "Start-up"): the address printed on notices and posters. The real
// binary refuses a URL that is not http(s) at start-up, and with a good one the notice it serves
// prints the full link to the hazard.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace {

std::string PdfText(const std::string& pdf, const std::string& path) {
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    if (FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    std::string joined;
    for (char c : out)
        if (c != '\n' && c != '\f') joined += c;
    return joined;
}

class PublicUrl : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = "sqlite:" + dir_.File("public-url.db");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "20", "--seed", "5"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }
    test::TempDir dir_;
    std::string db_;
};

TEST_F(PublicUrl, ANonHttpUrlStopsTheStartWithItsName) {
    for (const char* bad : {"ftp://aq.kuangyan.gov.cn", "aq.kuangyan.gov.cn", "https://x.cn/?q=1"}) {
        auto run = RunSafegrid(
            {"serve", "--db", db_, "--listen", "127.0.0.1:0", "--data-dir", dir_.File("data"), "--public-url", bad});
        EXPECT_NE(run.exit_code, 0) << bad;
        EXPECT_NE(run.output.find("public_url"), std::string::npos) << bad << ": " << run.output;
    }
}

TEST_F(PublicUrl, TheNoticePrintsTheFullLinkFromIt) {
    ServerProcess server({"--db", db_, "--data-dir", dir_.File("data"), "--public-url", "https://aq.kuangyan.gov.cn/"});
    ASSERT_TRUE(server.Start()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(client.Login("town").status, 200);
    auto list = client.Get("/api/v1/hazards?status=rectifying&page_size=1");
    ASSERT_EQ(list.status, 200) << list.body;
    const boost::json::value body = list.Json();
    const auto& items = body.at("items").as_array();
    ASSERT_FALSE(items.empty());
    const int64_t id = items[0].at("id").as_int64();
    auto notice = client.Get("/api/v1/hazards/" + std::to_string(id) + "/notice.pdf");
    ASSERT_EQ(notice.status, 200) << notice.body;
    const std::string text = PdfText(notice.body, dir_.File("notice.pdf"));
    EXPECT_NE(text.find("https://aq.kuangyan.gov.cn/hazards/" + std::to_string(id)), std::string::npos) << text;
    EXPECT_NE(server.Log().find("https://aq.kuangyan.gov.cn"), std::string::npos);
}

}  // namespace
}  // namespace safegrid::testing
