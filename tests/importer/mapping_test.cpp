#include "importer/mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace safegrid::importer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Table Headers(std::vector<std::string> h) { return Table{std::move(h), {}, {}}; }

TEST(Mapping, ResolvesExactThenLooseMatches) {
    const Table t = Headers({"序号", "企业名称", "统一社会信用代码（18位）", "Contact Phone", "*地址"});
    ColumnMapping m;
    m.columns = {{"name", "企业名称"},
                 {"credit_code", "统一社会信用代码(18位)"},
                 {"phone", "contact  phone"},
                 {"address", "地址"}};
    auto cols = ResolveColumns(t, m, {"name", "credit_code", "phone", "address"});
    ASSERT_TRUE(cols) << cols.error().message.en;
    EXPECT_THAT(*cols, ElementsAre(1, 2, 3, 4));
}

TEST(Mapping, UnmappedFieldIsLookedUpUnderItsOwnName) {
    const Table t = Headers({"name", "ＣＲＥＤＩＴ＿ＣＯＤＥ"});  // fullwidth letters
    auto cols = ResolveColumns(t, {}, {"credit_code", "name"});
    ASSERT_TRUE(cols);
    EXPECT_THAT(*cols, ElementsAre(1, 0));
}

TEST(Mapping, ReportsEveryMissingColumnByName) {
    const Table t = Headers({"企业名称"});
    ColumnMapping m;
    m.columns = {{"name", "企业名称"}, {"credit_code", "统一社会信用代码"}, {"address", "地址"}};
    auto cols = ResolveColumns(t, m, {"name", "credit_code", "address"});
    ASSERT_FALSE(cols);
    const Error& e = cols.error();
    EXPECT_EQ(e.code, Code::kValidation);
    EXPECT_EQ(e.id, "import_missing_columns");
    EXPECT_THAT(e.message.zh, HasSubstr("统一社会信用代码、地址"));
    EXPECT_THAT(e.message.en, HasSubstr("统一社会信用代码, 地址"));
    ASSERT_EQ(e.fields.size(), 2u);
    EXPECT_THAT(e.fields.at("credit_code").zh, HasSubstr("统一社会信用代码"));
}

TEST(Mapping, DuplicateHeadersAreAmbiguous) {
    const Table t = Headers({"名称", "地址", "名称"});
    auto cols = ResolveColumns(t, {}, {"名称"});
    ASSERT_FALSE(cols);
    EXPECT_EQ(cols.error().id, "import_duplicate_columns");
    EXPECT_THAT(cols.error().fields.at("名称").en, HasSubstr("columns A, C"));
    // An exact match wins over loose ones.
    EXPECT_EQ(FindColumn(Headers({"Name", "name"}), {}, "name").value(), 1);
    EXPECT_EQ(FindColumn(Headers({"a"}), {}, "b").value(), -1);
}

TEST(Mapping, NormalisesHeaders) {
    EXPECT_EQ(NormaliseHeader(" 企业\xE3\x80\x80名称 "), "企业名称");
    EXPECT_EQ(NormaliseHeader("（ＡＢＣ）"), "(abc)");
    EXPECT_EQ(NormaliseHeader("*名称*"), "名称");
    EXPECT_EQ(NormaliseHeader("\xFF\xFE"), "\xFF\xFE");  // not UTF-8: passed through
}

TEST(Mapping, MapsValues) {
    ColumnMapping m;
    m.values["severity"] = {{"重大", "major"}, {"一般", "general"}, {"Minor", "general"}};
    EXPECT_EQ(MapValue(m, "severity", " 重大 "), "major");
    EXPECT_EQ(MapValue(m, "severity", "ｍｉｎｏｒ"), "general");
    EXPECT_EQ(MapValue(m, "severity", "未知"), "未知");
    EXPECT_EQ(MapValue(m, "other", " x "), "x");
}

}  // namespace
}  // namespace safegrid::importer
