#include "services/documents/hazard_xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "importer/xlsx_reader.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kHeaders = {"编号", "企业", "统一社会信用代码", "村/网格",  "隐患描述", "类别",
                                           "等级", "状态", "发现日期",         "整改期限", "是否逾期", "销号日期"};

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

std::vector<HazardRow> Sample() {
    HazardRow overdue;
    overdue.id = 42;
    overdue.enterprise_name = "慈溪市匡堰镇堃喆服装厂";
    overdue.credit_code = "91330282MA2AXXXX0K";
    overdue.region = "高家村 / 第一网格";
    overdue.description = "安全出口被成品布料堵塞";
    overdue.category = "exits";
    overdue.severity = Severity::kMajor;
    overdue.status = HazardStatus::kRectifying;
    overdue.found_at = At("2026-11-29T01:00:00Z");
    overdue.due_at = At("2026-12-06T23:59:59+08:00");
    overdue.overdue = true;

    HazardRow closed;
    closed.id = 43;
    closed.enterprise_name = "匡堰镇某针织厂";
    closed.region = "倡隆村";
    closed.description = "灭火器压力不足";
    closed.category = "extinguisher";
    closed.status = HazardStatus::kClosed;
    closed.found_at = At("2026-11-28T16:30:00Z");  // 00:30 on the 29th in China
    closed.due_at = At("2026-12-05T23:59:59+08:00");
    closed.closed_at = At("2026-12-01T09:00:00+08:00");

    HazardRow report;  // a public report: no enterprise, no deadline yet, a free-text category
    report.id = 44;
    report.description = "路边仓库夜间有人住宿";
    report.category = "群众举报";
    report.found_at = At("2026-11-30T08:00:00+08:00");
    return {overdue, closed, report};
}

// The workbook's parts as text, for structure the importer does not report (styles, panes).
std::string UnzipPart(const std::string& xlsx, const std::string& part) {
    std::string path = (fs::temp_directory_path() / "sg_xlsx_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "";
    close(fd);
    std::ofstream(path, std::ios::binary) << xlsx;
    std::string out;
    if (FILE* p = popen(("unzip -p '" + path + "' '" + part + "' 2>/dev/null").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    return out;
}

TEST(HazardWorkbook, ReadsBackWithChineseHeadersAndRealDates) {
    auto xlsx = RenderHazardWorkbook(Sample());
    ASSERT_TRUE(xlsx) << xlsx.error().internal;
    ASSERT_GT(xlsx->size(), 100u);
    EXPECT_EQ(xlsx->substr(0, 2), "PK");
    auto table = importer::ReadXlsx(*xlsx);
    ASSERT_TRUE(table) << table.error().internal;
    EXPECT_EQ(table->headers, kHeaders);
    ASSERT_EQ(table->rows.size(), 3u);
    EXPECT_EQ(table->rows[0], (std::vector<std::string>{"42", "慈溪市匡堰镇堃喆服装厂", "91330282MA2AXXXX0K",
                                                        "高家村 / 第一网格", "安全出口被成品布料堵塞", "安全出口",
                                                        "重大隐患", "整改中", "2026-11-29", "2026-12-06", "是", ""}));
    EXPECT_EQ(table->rows[1],
              (std::vector<std::string>{"43", "匡堰镇某针织厂", "", "倡隆村", "灭火器压力不足", "消防器材", "一般隐患",
                                        "已销号", "2026-11-29", "2026-12-05", "否", "2026-12-01"}));
    EXPECT_EQ(table->rows[2], (std::vector<std::string>{"44", "（未指派）", "", "", "路边仓库夜间有人住宿", "群众举报",
                                                        "一般隐患", "待确认", "2026-11-30", "", "否", ""}));
}

TEST(HazardWorkbook, DatesAreTheCalendarDaysOfTheConfiguredZone) {
    // found 2026-11-28T16:30Z is the 29th in Shanghai but the 28th in UTC.
    auto utc = importer::ReadXlsx(*RenderHazardWorkbook(Sample(), *ParseTimeZone("UTC")));
    ASSERT_TRUE(utc);
    EXPECT_EQ(utc->rows[1].at(8), "2026-11-28");
    EXPECT_EQ(utc->rows[1].at(9), "2026-12-05");  // 23:59:59+08:00 is 15:59:59Z
    auto shanghai = importer::ReadXlsx(*RenderHazardWorkbook(Sample(), *ParseTimeZone("Asia/Shanghai")));
    ASSERT_TRUE(shanghai);
    EXPECT_EQ(shanghai->rows[1].at(8), "2026-11-29");
}

TEST(HazardWorkbook, HasAFrozenHeaderAnAutofilterAndHighlightedOverdueRows) {
    auto xlsx = RenderHazardWorkbook(Sample());
    ASSERT_TRUE(xlsx);
    const std::string sheet = UnzipPart(*xlsx, "xl/worksheets/sheet1.xml");
    ASSERT_FALSE(sheet.empty()) << "unzip failed";
    EXPECT_NE(sheet.find("<autoFilter ref=\"A1:L4\""), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos);
    EXPECT_NE(sheet.find("<col "), std::string::npos);  // column widths
    const std::string styles = UnzipPart(*xlsx, "xl/styles.xml");
    EXPECT_NE(styles.find("FFFFC7CE"), std::string::npos);  // the overdue fill
    EXPECT_NE(styles.find("yyyy-mm-dd"), std::string::npos);
    const std::string workbook = UnzipPart(*xlsx, "xl/workbook.xml");
    EXPECT_NE(workbook.find("隐患台账"), std::string::npos);
}

TEST(HazardWorkbook, EmptyLedgerHasOnlyTheHeader) {
    auto xlsx = RenderHazardWorkbook({});
    ASSERT_TRUE(xlsx);
    auto table = importer::ReadXlsx(*xlsx);
    ASSERT_TRUE(table) << table.error().internal;
    EXPECT_EQ(table->headers, kHeaders);
    EXPECT_TRUE(table->rows.empty());
}

TEST(HazardWorkbook, OddTextIsCleanedNotFatal) {
    std::vector<HazardRow> rows = Sample();
    rows[0].description = std::string("坏\xFF字节\x01\x02控制符") + "\xE4\xB8";
    rows[1].description = std::string(100000, 'x');
    rows[2].enterprise_name = "=HYPERLINK(\"http://evil\")";  // stays text: never written as a formula
    rows[2].found_at = -5000000000;                           // before 1900: shown as text, not lost
    auto xlsx = RenderHazardWorkbook(rows);
    ASSERT_TRUE(xlsx) << xlsx.error().internal;
    auto table = importer::ReadXlsx(*xlsx);
    ASSERT_TRUE(table) << table.error().internal;
    ASSERT_EQ(table->rows.size(), 3u);
    EXPECT_EQ(table->rows[0][4], "坏\xEF\xBF\xBD字节控制符\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(table->rows[1][4].size(), 16383u);
    EXPECT_EQ(table->rows[2][1], "=HYPERLINK(\"http://evil\")");
    EXPECT_EQ(table->rows[2][8].substr(0, 4), "1811");
    const std::string sheet = UnzipPart(*xlsx, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);
}

// Puts TMPDIR back as it was when the test ends, however it ends.
class TmpDirRestorer {
  public:
    TmpDirRestorer() {
        if (const char* v = std::getenv("TMPDIR")) saved_ = v;
    }
    ~TmpDirRestorer() {
        if (saved_) {
            ::setenv("TMPDIR", saved_->c_str(), 1);
        } else {
            ::unsetenv("TMPDIR");
        }
    }
    TmpDirRestorer(const TmpDirRestorer&) = delete;
    TmpDirRestorer& operator=(const TmpDirRestorer&) = delete;

  private:
    std::optional<std::string> saved_;
};

TEST(HazardWorkbook, LeavesNoTempFilesBehind) {
    // A private TMPDIR: other tests running in parallel write workbooks to the shared /tmp.
    const fs::path private_tmp = fs::temp_directory_path() / ("safegrid-xlsx-test-" + std::to_string(::getpid()));
    fs::create_directories(private_tmp);
    const TmpDirRestorer restore_tmpdir;  // later tests in this process need a TMPDIR that exists
    ASSERT_EQ(::setenv("TMPDIR", private_tmp.c_str(), 1), 0);
    ASSERT_EQ(fs::temp_directory_path(), private_tmp);
    ASSERT_TRUE(RenderHazardWorkbook(Sample()));
    EXPECT_TRUE(fs::is_empty(private_tmp));
    fs::remove_all(private_tmp);
}

}  // namespace
}  // namespace safegrid::services
