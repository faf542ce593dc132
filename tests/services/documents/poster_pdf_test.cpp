#include "services/documents/poster_pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

// Writes `pdf` to a temp file and runs `command` with {} replaced by its path; stdout.
std::string WithPdf(const std::string& command, const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_poster_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string cmd = command;
    for (size_t at; (at = cmd.find("{}")) != std::string::npos;) cmd.replace(at, 2, "'" + path + "'");
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    fs::remove(path + ".png");
    return out;
}

std::string Joined(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != '\n' && c != '\f') out += c;
    return out;
}

PosterData Sample() {
    PosterData d;
    d.place_name = "高家村";
    d.place_detail = "匡堰镇";
    d.url = "https://safegrid.example.cn/report?place=K7MNP2QX";
    d.issuing_office = "匡堰镇应急管理办公室";
    return d;
}

TEST(PosterPdf, PrintsTheTitlePlaceLinkAndHotlinesInChinese) {
    auto pdf = RenderReportPoster(Sample());
    ASSERT_TRUE(pdf) << pdf.error().internal;
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    const std::string text = Joined(WithPdf("pdftotext -enc UTF-8 {} - 2>/dev/null", *pdf));
    for (const char* want :
         {"查找身边隐患", "扫码举报", "高家村", "匡堰镇", "https://safegrid.example.cn/report?place=K7MNP2QX", "119",
          "12350", "查询码", "匡堰镇应急管理办公室"}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    }
    // One A4 page.
    const std::string info = WithPdf("pdfinfo {} 2>/dev/null", *pdf);
    std::istringstream fields(info.substr(std::min(info.find("Pages:"), info.size())));
    std::string label;
    int pages = 0;
    fields >> label >> pages;
    EXPECT_EQ(pages, 1) << info;
    EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
}

TEST(PosterPdf, EmbedsItsFont) {
    auto pdf = RenderReportPoster(Sample());
    ASSERT_TRUE(pdf);
    const std::string fonts = WithPdf("pdffonts {} 2>&1", *pdf);
    std::istringstream lines(fonts);
    std::string line;
    int rows = 0;
    int header = 2;
    while (std::getline(lines, line)) {
        if (header-- > 0 || line.empty()) continue;
        ++rows;
        std::istringstream cols(line);
        std::vector<std::string> c{std::istream_iterator<std::string>(cols), {}};
        ASSERT_GE(c.size(), 6u) << line;
        EXPECT_EQ(c[c.size() - 5], "yes") << "not embedded: " << line;
    }
    EXPECT_GT(rows, 0) << fonts;
}

// The squares drawn into the PDF are a QR code a phone reads: poppler renders the page, zbarimg
// (zbar-tools) decodes it, and the link comes back whole.
TEST(PosterPdf, TheQrCodeReadsBackAsTheLink) {
    if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "zbarimg missing: install the Debian package zbar-tools (scripts/install-deps.sh)";
    }
    PosterData d = Sample();
    d.url = "http://192.168.10.2:8080/report?place=ZX9KM3PQ";
    auto pdf = RenderReportPoster(d);
    ASSERT_TRUE(pdf);
    const std::string decoded = WithPdf(
        "pdftoppm -r 100 -png -singlefile {} {} >/dev/null 2>&1 && zbarimg --quiet --raw {}.png 2>/dev/null", *pdf);
    EXPECT_EQ(decoded, d.url + "\n");
}

TEST(PosterPdf, OddNamesPrintAndATooLongLinkIsAnError) {
    PosterData d = Sample();
    d.place_name = "𠮷野家😀服装厂";  // outside GBK
    d.place_detail.clear();
    d.issuing_office.clear();
    auto pdf = RenderReportPoster(d);
    ASSERT_TRUE(pdf) << pdf.error().internal;
    EXPECT_NE(Joined(WithPdf("pdftotext -enc UTF-8 {} - 2>/dev/null", *pdf)).find("?野家?服装厂"), std::string::npos);
    d.url = "https://x.cn/report?place=" + std::string(4000, 'A');
    auto too_long = RenderReportPoster(d);
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, Code::kValidation);
    d = Sample();
    d.font_path = "/nonexistent/font.ttc";
    EXPECT_EQ(RenderReportPoster(d).error().id, "pdf_font_missing");
}

}  // namespace
}  // namespace safegrid::services
