#include "services/documents/notice_pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

// Writes the PDF to a temp file and runs a poppler tool on it ("pdftotext -enc UTF-8", "pdffonts").
// Needs poppler-utils and poppler-data (the Adobe-GB1 tables behind the GBK-EUC-H CMap).
std::string Poppler(const std::string& tool, const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_notice_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    const std::string args = tool == "pdftotext" ? " -enc UTF-8 '" + path + "' - 2>&1" : " '" + path + "' 2>&1";
    if (FILE* p = popen((tool + args).c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    if (tool == "pdftotext" && out.find("Missing language pack") != std::string::npos) {
        ADD_FAILURE() << "pdftotext cannot read the Chinese fonts: install the Debian package poppler-data";
    }
    return out;
}
std::string PdfText(const std::string& pdf) { return Poppler("pdftotext", pdf); }

// pdftotext breaks lines where the layout wraps them; the tests look for text across breaks.
std::string Joined(std::string s) {
    std::string out;
    for (char c : s)
        if (c != '\n' && c != '\f') out += c;
    return out;
}

NoticeData Sample() {
    NoticeData d;
    d.notice_number = FormatNoticeNumber("匡安整改", 2026, 42);
    d.issuing_office = "匡堰镇应急管理办公室";
    d.enterprise_name = "慈溪市匡堰镇堃喆服装厂";
    d.enterprise_address = "浙江省慈溪市匡堰镇高家村工业路18号";
    d.credit_code = "91330282MA2AXXXX0K";
    d.due_at = *ParseRfc3339("2026-12-06T23:59:59+08:00");
    d.issued_at = *ParseRfc3339("2026-11-29T10:00:00+08:00");
    d.inspectors = "张三、李四";
    d.base_url = "https://safegrid.example.cn/";
    d.findings.push_back({"安全出口被成品布料堵塞", "《安全生产法》第42条；《消防法》第28条", "第42条",
                          Severity::kGeneral, "", 42, std::nullopt});
    d.findings.push_back({"出租厂房未与承租方签订安全管理协议，未统一协调管理", "《工贸企业重大事故隐患判定标准》",
                          "第三条第（一）项", Severity::kMajor,
                          "依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患", 43,
                          *ParseRfc3339("2026-12-29T23:59:59+08:00")});
    return d;
}

TEST(NoticePdf, FormatsNoticeNumbers) {
    EXPECT_EQ(FormatNoticeNumber("匡安整改", 2026, 42), "匡安整改〔2026〕第0042号");
    EXPECT_EQ(FormatNoticeNumber("匡安整改", 2026, 12345), "匡安整改〔2026〕第12345号");
    EXPECT_EQ(FormatNoticeNumber("", 2026, -1), "〔2026〕第0000号");
}

TEST(NoticePdf, ContainsTheNoticeEnterpriseFindingsDeadlineAndLinks) {
    auto pdf = RenderRectificationNotice(Sample());
    ASSERT_TRUE(pdf) << pdf.error().internal;
    ASSERT_GT(pdf->size(), 500u);
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    const std::string text = PdfText(*pdf);
    const std::string all = Joined(text);
    for (const char* want :
         {"安全隐患整改通知书", "匡安整改〔2026〕第0042号", "慈溪市匡堰镇堃喆服装厂", "91330282MA2AXXXX0K",
          "浙江省慈溪市匡堰镇高家村工业路18号", "安全出口被成品布料堵塞", "出租厂房未与承租方签订安全管理协议",
          "【重大事故隐患】", "【一般隐患】", "《安全生产法》第42条", "第三条第（一）项，判定为重大事故隐患",
          "2026年12月06日", "2026年12月29日", "https://safegrid.example.cn/hazards/42", "/hazards/43",
          "匡堰镇应急管理办公室（盖章）", "2026年11月29日", "第 1 页 共 1 页"}) {
        EXPECT_NE(all.find(want), std::string::npos) << want << "\n--- pdftotext ---\n" << text;
    }
}

TEST(NoticePdf, RendersWithoutFindings) {
    NoticeData d = Sample();
    d.findings.clear();
    d.base_url.clear();
    auto pdf = RenderRectificationNotice(d);
    ASSERT_TRUE(pdf);
    const std::string all = Joined(PdfText(*pdf));
    EXPECT_NE(all.find("未列出需要整改的隐患"), std::string::npos) << all;
    EXPECT_NE(all.find("共 0 项"), std::string::npos) << all;
}

TEST(NoticePdf, LongTextFlowsOntoMorePagesAndLinksPrintAsPaths) {
    NoticeData d = Sample();
    d.base_url.clear();
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "车间内布料、成品大量堆积在机台之间，";
    long_text += "结尾标记";
    d.findings[0].text = long_text;
    d.findings[1].text = std::string(700, 'x');  // one unbreakable Latin "word"
    for (int i = 0; i < 40; ++i)
        d.findings.push_back({"灭火器压力不足第" + std::to_string(i) + "具", "GB 50444", "", Severity::kGeneral, "",
                              100 + i, std::nullopt});
    auto pdf = RenderRectificationNotice(d);
    ASSERT_TRUE(pdf);
    const std::string text = PdfText(*pdf);
    const std::string all = Joined(text);
    EXPECT_NE(all.find("结尾标记"), std::string::npos);
    EXPECT_NE(all.find("灭火器压力不足第39具"), std::string::npos);
    EXPECT_NE(all.find("在线办理：/hazards/139"), std::string::npos);
    EXPECT_EQ(all.find("第 1 页 共 1 页"), std::string::npos);
    EXPECT_NE(all.find("第 3 页 共"), std::string::npos) << text;
}

TEST(NoticePdf, ReplacesWhatGbkCannotEncodeInsteadOfFailing) {
    NoticeData d = Sample();
    d.enterprise_name = "𠮷野家😀服装厂\xFF\xFE";  // outside GBK, emoji, invalid UTF-8
    d.findings[0].text = std::string("控制字符\x01\x02 与\t制表符\r\n换行") + "\xE4\xB8";  // truncated sequence
    d.notice_number.clear();
    d.issuing_office.clear();
    auto pdf = RenderRectificationNotice(d);
    ASSERT_TRUE(pdf) << pdf.error().internal;
    const std::string all = Joined(PdfText(*pdf));
    EXPECT_NE(all.find("?野家?服装厂??"), std::string::npos) << all;
    EXPECT_NE(all.find("换行"), std::string::npos) << all;
}

// A phone has no SimSun: every font the notice uses must travel inside the file (pdffonts "emb yes").
TEST(NoticePdf, EmbedsEveryFontAndReadsBackInChinese) {
    auto pdf = RenderRectificationNotice(Sample());
    ASSERT_TRUE(pdf) << pdf.error().internal;
    const std::string fonts = Poppler("pdffonts", *pdf);
    std::istringstream lines(fonts);
    std::string line;
    int rows = 0;
    int header = 2;  // the column names and the dashes
    while (std::getline(lines, line)) {
        if (header-- > 0 || line.empty()) continue;
        ++rows;
        // name type encoding emb sub uni object ID: "emb" is the fourth column from the right.
        std::istringstream cols(line);
        std::vector<std::string> c{std::istream_iterator<std::string>(cols), {}};
        ASSERT_GE(c.size(), 6u) << line;
        EXPECT_EQ(c[c.size() - 5], "yes") << "not embedded: " << line;
        EXPECT_EQ(c[c.size() - 4], "yes") << "not a subset: " << line;
    }
    EXPECT_GT(rows, 0) << fonts;
    EXPECT_EQ(fonts.find("SimSun"), std::string::npos) << fonts;
    EXPECT_EQ(fonts.find("Helvetica"), std::string::npos) << fonts;
    const std::string all = Joined(PdfText(*pdf));
    EXPECT_NE(all.find("慈溪市匡堰镇堃喆服装厂"), std::string::npos) << all;
    EXPECT_NE(all.find("安全出口被成品布料堵塞"), std::string::npos) << all;
    EXPECT_NE(all.find("https://safegrid.example.cn/hazards/42"), std::string::npos) << all;  // ASCII as ASCII
}

// Dark pixels of the first page rendered by poppler (pdftoppm, greyscale PGM on stdout).
int64_t Ink(const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_ink_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return -1;
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string pgm;
    if (FILE* p = popen(("pdftoppm -gray -r 100 -f 1 -l 1 '" + path + "' 2>/dev/null").c_str(), "r")) {
        std::array<char, 65536> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) pgm.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    // "P5\n<w> <h>\n255\n" then one byte per pixel.
    std::istringstream header(pgm);
    std::string magic;
    int w = 0, h = 0, max = 0;
    header >> magic >> w >> h >> max;
    if (magic != "P5" || w <= 0 || h <= 0) return -1;
    const size_t start = static_cast<size_t>(header.tellg()) + 1;
    int64_t dark = 0;
    for (size_t i = start; i < pgm.size(); ++i) dark += static_cast<unsigned char>(pgm[i]) < 128;
    return dark;
}

// 匡 is drawn in wqy-microhei from two glyphs, 匚 and 王, the second with an id above 32,767:
// libharu's own subset left it out and the page showed 匚 (tt_subset.hpp). With 王 kept, sixteen
// 匡 carry clearly more ink than sixteen 匚.
TEST(NoticePdf, CompositeCharactersKeepAllTheirParts) {
    NoticeData d = Sample();
    d.enterprise_name = "匚匚匚匚匚匚匚匚";  // printed twice: the salutation and 单位名称
    const int64_t bare = Ink(*RenderRectificationNotice(d));
    d.enterprise_name = "匡匡匡匡匡匡匡匡";
    const int64_t full = Ink(*RenderRectificationNotice(d));
    ASSERT_GT(bare, 0) << "pdftoppm (poppler-utils) is needed";
    EXPECT_GT(full - bare, 200) << "匚: " << bare << " dark pixels, 匡: " << full;
}

TEST(NoticePdf, HasSignatureLinesAndEachFindingsCurrentStatus) {
    NoticeData d = Sample();
    d.findings[0].status = HazardStatus::kSubmitted;
    d.findings[1].status = HazardStatus::kClosed;
    auto pdf = RenderRectificationNotice(d);
    ASSERT_TRUE(pdf) << pdf.error().internal;
    const std::string all = Joined(PdfText(*pdf));
    for (const char* want : {"检查人员签名", "被检查单位负责人签收", "日期：______年____月____日", "当前状态：待验收",
                             "当前状态：已销号"}) {
        EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
    }
}

TEST(NoticePdf, PrintsDatesInTheTownsTimeZone) {
    NoticeData d = Sample();
    d.issued_at = *ParseRfc3339("2026-12-05T17:30:00Z");           // 01:30 on the 6th in Shanghai
    d.findings[1].due_at = *ParseRfc3339("2026-12-20T20:00:00Z");  // the 21st in Shanghai
    EXPECT_NE(Joined(PdfText(*RenderRectificationNotice(d))).find("2026年12月06日"), std::string::npos);
    d.zone = *ParseTimeZone("UTC");
    const std::string utc = Joined(PdfText(*RenderRectificationNotice(d)));
    EXPECT_NE(utc.find("2026年12月05日"), std::string::npos) << utc;
    EXPECT_NE(utc.find("2026年12月20日"), std::string::npos) << utc;
    d.zone = TimeZone{};
    EXPECT_NE(Joined(PdfText(*RenderRectificationNotice(d))).find("2026年12月21日"), std::string::npos);
}

TEST(NoticePdf, AMissingFontIsAClearErrorNotABlankNotice) {
    NoticeData d = Sample();
    d.font_path = "/nonexistent/wqy-microhei.ttc";
    auto pdf = RenderRectificationNotice(d);
    ASSERT_FALSE(pdf);
    EXPECT_EQ(pdf.error().id, "pdf_font_missing");
    EXPECT_NE(pdf.error().internal.find("fonts-wqy-microhei"), std::string::npos) << pdf.error().internal;
    EXPECT_EQ(CheckNoticeFont(d.font_path).error().id, "pdf_font_missing");
    EXPECT_EQ(CheckNoticeFont("/etc/hostname").error().id, "pdf_font_missing");  // not a font
    EXPECT_TRUE(CheckNoticeFont(kDefaultNoticeFontPath)) << "install fonts-wqy-microhei";
}

// Each finding's link is also a QR code beside it (issue 7 point 9): poppler renders the page and
// zbarimg (zbar-tools) reads every code back as the finding's full link.
TEST(NoticePdf, EachFindingCarriesItsLinkAsAQrCode) {
    if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "zbarimg missing: install the Debian package zbar-tools (scripts/install-deps.sh)";
    }
    std::string path = (fs::temp_directory_path() / "sg_notice_qr_XXXXXX").string();
    const int fd = mkstemp(path.data());
    ASSERT_GE(fd, 0);
    close(fd);
    std::ofstream(path, std::ios::binary) << *RenderRectificationNotice(Sample());
    std::string out;
    const std::string cmd = "pdftoppm -r 150 -png -f 1 -l 1 -singlefile '" + path + "' '" + path +
                            "' >/dev/null 2>&1 && zbarimg --quiet --raw '" + path + ".png' 2>/dev/null";
    if (FILE* p = popen(cmd.c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    fs::remove(path + ".png");
    EXPECT_NE(out.find("https://safegrid.example.cn/hazards/42\n"), std::string::npos) << out;
    EXPECT_NE(out.find("https://safegrid.example.cn/hazards/43\n"), std::string::npos) << out;
}

TEST(NoticePdf, EmptyNoticeStillRenders) {
    auto pdf = RenderRectificationNotice(NoticeData{});
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace safegrid::services
