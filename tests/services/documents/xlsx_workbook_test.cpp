#include "services/documents/xlsx_workbook.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "importer/xlsx_reader.hpp"

namespace safegrid::services::documents {
namespace {

namespace fs = std::filesystem;

// The names of our temp files now in the temp directory, to check that none is left behind.
std::set<std::string> OurTempFiles() {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("safegrid-wbtest-", 0) == 0) names.insert(name);
    }
    return names;
}

TEST(XlsxWorkbook, CellsReadBackAsWrittenWithUserTextKeptAsText) {
    auto bytes = RenderWorkbook("wbtest", [](lxw_workbook* wb) {
        lxw_error err = LXW_NO_ERROR;
        CellWriter w(workbook_add_worksheet(wb, "表一"), err);
        w.Text(0, 0, "名称");
        w.Text(0, 1, "数量");
        w.Text(1, 0, "=1+1");  // a formula typed by a user stays text
        w.Number(1, 1, 12.5);
        w.Text(2, 0, std::string("坏\x01字\xff"));  // a control character dropped, invalid UTF-8 replaced
        w.Blank(2, 1);
        return err;
    });
    ASSERT_TRUE(bytes) << bytes.error().internal;
    EXPECT_EQ(bytes->substr(0, 2), "PK");
    auto table = importer::ReadXlsx(*bytes);
    ASSERT_TRUE(table) << table.error().internal;
    EXPECT_EQ(table->headers, (std::vector<std::string>{"名称", "数量"}));
    ASSERT_EQ(table->rows.size(), 2u);
    EXPECT_EQ(table->rows[0], (std::vector<std::string>{"=1+1", "12.5"}));
    EXPECT_EQ(table->rows[1].at(0), "坏字\xEF\xBF\xBD");
    EXPECT_TRUE(OurTempFiles().empty());
}

TEST(XlsxWorkbook, AnErrorFromTheFillIsXlsxFailedAndLeavesNoTempFile) {
    auto bytes = RenderWorkbook("wbtest", [](lxw_workbook* wb) {
        lxw_error err = LXW_NO_ERROR;
        CellWriter w(workbook_add_worksheet(wb, "表一"), err);
        w.Text(0, 0, "好");
        w.Keep(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);  // the first error is kept ...
        w.Keep(LXW_ERROR_MEMORY_MALLOC_FAILED);          // ... not overwritten by a later one
        EXPECT_EQ(err, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        return err;
    });
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().id, "xlsx_failed");
    EXPECT_NE(bytes.error().internal.find("writing cells"), std::string::npos);
    EXPECT_TRUE(OurTempFiles().empty());
}

TEST(XlsxWorkbook, ACellOutsideTheSheetIsReportedNotLost) {
    auto bytes = RenderWorkbook("wbtest", [](lxw_workbook* wb) {
        lxw_error err = LXW_NO_ERROR;
        CellWriter w(workbook_add_worksheet(wb, nullptr), err);
        w.Number(LXW_ROW_MAX, 0, 1);  // one row past Excel's last
        return err;
    });
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().id, "xlsx_failed");
}

}  // namespace
}  // namespace safegrid::services::documents
