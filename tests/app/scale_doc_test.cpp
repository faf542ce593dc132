// docs/scale.md lists every table of the schema with how it sits on Citus. The list is generated
// from tests/app/table_classes.hpp, and this test fails (printing the block to paste) when the doc,
// the classification or the migrated schema of either store disagree.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/table_classes.hpp"
#include "support/source_tree.hpp"
#include "support/test_store.hpp"

namespace safegrid::test {
namespace {

class ScaleDoc : public ::testing::TestWithParam<Backend> {};

TEST_P(ScaleDoc, EveryTableOfTheStoreHasAClass) {
    auto store = TestStore::Open(GetParam());
    if (!store) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    const std::string sql = GetParam() == Backend::kSqlite
                                ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                                : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                  "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1";
    auto rows = store->db().Read([&](storage::Connection& c) { return c.Query(sql); });
    ASSERT_TRUE(rows) << rows.error().internal;
    ASSERT_GT(rows->rows.size(), 40u);
    for (const auto& row : rows->rows) {
        const std::string name = row.Text(0);
        EXPECT_TRUE(TableClasses().count(name)) << name << " has no class in tests/app/table_classes.hpp "
                                                << "(and so no row in docs/scale.md)";
        if (GetParam() == Backend::kPostgres && TableClasses().count(name)) {
            EXPECT_NE(TableClasses().at(name).cls, TableClass::kSqliteOnly) << name;
        }
    }
}

// "distributed" means the table has the shard key: a table classed so without town_id would be
// distributed by a column it does not have (0031 gave the child tables theirs).
TEST_P(ScaleDoc, EveryDistributedTableHasTownId) {
    auto store = TestStore::Open(GetParam());
    if (!store) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    const std::string sql = GetParam() == Backend::kSqlite
                                ? "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'town_id'"
                                : "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
                                  "current_schema() AND table_name = ? AND column_name = 'town_id'";
    int distributed = 0;
    for (const auto& [name, info] : TableClasses()) {
        if (info.cls != TableClass::kDistributed) continue;
        ++distributed;
        const std::vector<storage::Value> params = {name};
        auto rows = store->db().Read([&](storage::Connection& c) { return c.Query(sql, params); });
        ASSERT_TRUE(rows) << rows.error().internal;
        EXPECT_EQ(rows->rows.front().Int(0), 1) << name << " is classed distributed but has no town_id";
    }
    EXPECT_GT(distributed, 40);
}

TEST(ScaleDocText, ListsTheGeneratedTables) {
    std::ifstream in(SourceTreeDir() / "docs" / "scale.md");
    ASSERT_TRUE(in) << "docs/scale.md is missing";
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::string begin = "<!-- tables:begin (generated: tests/app/table_classes.hpp) -->\n";
    const std::string end = "<!-- tables:end -->";
    const size_t b = doc.find(begin), e = doc.find(end);
    ASSERT_NE(b, std::string::npos) << "docs/scale.md lacks the marker " << begin;
    ASSERT_NE(e, std::string::npos);
    EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), TablesMarkdown())
        << "docs/scale.md's table block is out of date; put this between the markers:\n"
        << TablesMarkdown();
}

INSTANTIATE_TEST_SUITE_P(Stores, ScaleDoc, AllBackends(), BackendName);

}  // namespace
}  // namespace safegrid::test
